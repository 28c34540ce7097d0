"""Tiles end to end, as a client sees them (driven by Benchmarks/http/tiles-e2e.sh).

    python3 Benchmarks/http/tiles_e2e.py list  --pg DSN --layers L --out TILES.txt [--zooms 8-16] [--per-zoom 60]
    python3 Benchmarks/http/tiles_e2e.py run   --tiles TILES.txt --layers L --cold HOST:PORT --cached HOST:PORT
                                               --pg DSN --pg-func NAME [--passes 3] [--label TEXT] [--json OUT]
    python3 Benchmarks/http/tiles_e2e.py hammer --tiles TILES.txt --layers L --cold HOST:PORT --seconds 20

What is timed on each side (one persistent connection each, this one client thread, one request at a time):
  riskmap: GET /tiles/{layers}/{z}/{x}/{y}.mvt over HTTP/1.1 keep-alive, no Accept-Encoding (identity bytes), from
           the first byte sent to the last body byte read (Content-Length); 204 (empty tile) counts as 0 bytes.
           "cold" is a server started with tileCacheMB 0 (nothing is ever cached, every request renders);
           "cached" is a server with the default cache whose untimed warm-up pass filled it (every timed request a hit).
  PostGIS: SELECT {pg-func}(z, x, y) through libpq (psycopg 3, binary results, server-side prepared statement),
           from execute to the bytea in hand.
The three are alternated tile by tile within each pass, so drift on this shared machine hits all of them alike.
Features per layer are counted by walking the MVT protobuf of each side's warm-up answer.
"""
import argparse
import itertools
import json
import math
import socket
import statistics
import sys
import time

sys.path.insert(0, __file__.rsplit("/", 3)[0] + "/Benchmarks/peers")
from postgis_tiles import layer_counts  # noqa: E402


class Client:
    """A minimal HTTP/1.1 keep-alive client: one connection, Content-Length bodies only."""

    def __init__(self, hostport):
        host, port = hostport.rsplit(":", 1)
        self.host = hostport
        self.sock = socket.create_connection((host, int(port)))
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.buf = b""

    def get(self, path):
        self.sock.sendall(f"GET {path} HTTP/1.1\r\nHost: {self.host}\r\n\r\n".encode())
        while b"\r\n\r\n" not in self.buf:
            chunk = self.sock.recv(65536)
            if not chunk:
                raise ConnectionError("server closed the connection")
            self.buf += chunk
        head, _, rest = self.buf.partition(b"\r\n\r\n")
        lines = head.split(b"\r\n")
        status = int(lines[0].split()[1])
        length = 0
        for line in lines[1:]:
            k, _, v = line.partition(b":")
            if k.strip().lower() == b"content-length":
                length = int(v.strip())
            elif k.strip().lower() == b"transfer-encoding":
                raise ValueError("chunked answers are not expected for tiles")
        while len(rest) < length:
            chunk = self.sock.recv(max(65536, length - len(rest)))
            if not chunk:
                raise ConnectionError("server closed the connection mid-body")
            rest += chunk
        self.buf = rest[length:]
        return status, rest[:length]


def tile_path(layers, t):
    return f"/tiles/{layers}/{t[0]}/{t[1]}/{t[2]}.mvt"


def read_tiles(path):
    return [tuple(map(int, line.split())) for line in open(path) if line.strip()]


def pct(xs, p):
    xs = sorted(xs)
    if not xs:
        return float("nan")
    k = (len(xs) - 1) * p
    lo, hi = math.floor(k), math.ceil(k)
    return xs[lo] + (xs[hi] - xs[lo]) * (k - lo)


def fmt(ms):
    return f"{ms:.3g}" if ms < 100 else f"{ms:.0f}"


def cmd_list(a):
    """Per zoom, up to --per-zoom distinct tiles in first-seen order of a sample of the composite's features
    (about 4,000 points spread over the layers by fid), so tiles are dense where the data is."""
    import psycopg
    z0, z1 = map(int, a.zooms.split("-"))
    points = []
    with psycopg.connect(a.pg, autocommit=True) as conn:
        for layer in a.layers.split(","):
            n = conn.execute(f"SELECT count(*) FROM {layer}").fetchone()[0]
            if n == 0:
                continue
            step = max(1, n // 4000)
            rows = conn.execute(f"SELECT ST_X(p), ST_Y(p) FROM (SELECT fid, ST_PointOnSurface(geom) AS p FROM {layer} "
                                f"WHERE geom IS NOT NULL AND NOT ST_IsEmpty(geom) AND fid % {step} = 0) s ORDER BY fid").fetchall()
            points.append(rows)
    # Interleave the layers so each gets its share of the tiles.
    mixed = [p for group in itertools.zip_longest(*points) for p in group if p is not None]
    out = []
    for z in range(z0, z1 + 1):
        n = 2 ** z
        seen = []
        seen_set = set()
        for lon, lat in mixed:
            if len(seen) >= a.per_zoom:
                break
            lat = max(min(lat, 85.0511), -85.0511)
            x = min(n - 1, int((lon + 180) / 360 * n))
            y = min(n - 1, int((1 - math.asinh(math.tan(math.radians(lat))) / math.pi) / 2 * n))
            if (x, y) not in seen_set:
                seen_set.add((x, y))
                seen.append((z, x, y))
        out += seen
    with open(a.out, "w") as f:
        for t in out:
            f.write("%d %d %d\n" % t)
    print(f"{len(out)} tiles ({a.zooms}) for {a.layers} in {a.out}", file=sys.stderr)


def cmd_run(a):
    import psycopg
    tiles = read_tiles(a.tiles)
    cold, cached = Client(a.cold), Client(a.cached)
    conn = psycopg.connect(a.pg, autocommit=True)
    cur = conn.cursor(binary=True)
    query = f"SELECT {a.pg_func}(%s, %s, %s)"
    sides = ("cold", "cached", "pg")
    ms = {s: {t: [] for t in tiles} for s in sides}
    body = {s: {} for s in sides}
    status = {}
    for p in range(a.passes + 1):
        timed = p > 0
        # Rotate who goes first each pass, so none always follows the same neighbour.
        order = sides[p % 3:] + sides[:p % 3]
        for t in tiles:
            path = tile_path(a.layers, t)
            for s in order:
                t0 = time.perf_counter()
                if s == "pg":
                    cur.execute(query, t, prepare=True)
                    data = bytes(cur.fetchone()[0] or b"")
                else:
                    code, data = (cold if s == "cold" else cached).get(path)
                    if code not in (200, 204):
                        raise SystemExit(f"{s}: {path} answered {code}: {data[:200]!r}")
                    status[(s, t)] = code
                dt = (time.perf_counter() - t0) * 1000
                if timed:
                    ms[s][t].append(dt)
                else:
                    body[s][t] = data
    conn.close()
    counts = {s: {t: layer_counts(body[s][t]) for t in tiles} for s in sides}
    zooms = sorted({t[0] for t in tiles})
    layers = a.layers.split(",")
    print(f"\n### {a.label}: composite `{a.layers}`, {len(tiles)} tiles, {a.passes} timed passes\n")
    print("| z | tiles | riskmap cold p50 / p99 ms | PostGIS p50 / p99 ms | **PostGIS ÷ riskmap cold (p50)** "
          "| riskmap cached p50 / p99 ms | KB/tile riskmap / PostGIS | features riskmap / PostGIS | tiles with other counts |")
    print("|---|---|---|---|---|---|---|---|---|")
    summary = []
    for z in zooms:
        zt = [t for t in tiles if t[0] == z]
        row = {"z": z, "tiles": len(zt)}
        for s in sides:
            xs = [x for t in zt for x in ms[s][t]]
            row[s] = (pct(xs, 0.5), pct(xs, 0.99))
        kb = {s: sum(len(body[s][t]) for t in zt) / len(zt) / 1024 for s in ("cold", "pg")}
        feats = {s: sum(sum(counts[s][t].values()) for t in zt) for s in ("cold", "pg")}
        differ = [t for t in zt if counts["cold"][t] != counts["pg"][t]]
        per_layer = []
        for l in layers:
            r = sum(counts["cold"][t].get(l, 0) for t in zt)
            g = sum(counts["pg"][t].get(l, 0) for t in zt)
            per_layer.append(f"{l} {r:,}" + ("" if r == g else f"≠{g:,}"))
        row.update(kb=kb, feats=feats, differ=len(differ), per_layer=per_layer)
        summary.append(row)
        ratio = row["pg"][0] / row["cold"][0]
        print(f"| {z} | {len(zt)} | {fmt(row['cold'][0])} / {fmt(row['cold'][1])} | {fmt(row['pg'][0])} / {fmt(row['pg'][1])} "
              f"| **{ratio:.2f}×** | {fmt(row['cached'][0])} / {fmt(row['cached'][1])} | {kb['cold']:.1f} / {kb['pg']:.1f} "
              f"| {feats['cold']:,} / {feats['pg']:,} | {len(differ)} |")
    print("\nFeatures per layer, riskmap (≠PostGIS where they differ): " +
          "; ".join(f"z{r['z']}: " + ", ".join(r["per_layer"]) for r in summary))
    diffs = [(t, counts["cold"][t], counts["pg"][t]) for t in tiles if counts["cold"][t] != counts["pg"][t]]
    if diffs:
        print(f"\nFirst tiles whose counts differ (of {len(diffs)}): " +
              "; ".join(f"{t[0]}/{t[1]}/{t[2]} riskmap {dict(sorted(r.items()))} PostGIS {dict(sorted(g.items()))}"
                        for t, r, g in diffs[:4]))
    if a.json:
        with open(a.json, "w") as f:
            json.dump({"label": a.label, "layers": a.layers, "rows": summary,
                       "samples": {s: {"%d/%d/%d" % t: v for t, v in ms[s].items()} for s in sides}}, f)


def cmd_hammer(a):
    """Cold tiles for --seconds on one connection (what the profile records)."""
    tiles = read_tiles(a.tiles)
    c = Client(a.cold)
    end = time.time() + a.seconds
    n = 0
    lat = []
    while time.time() < end:
        for t in tiles:
            t0 = time.perf_counter()
            code, _ = c.get(tile_path(a.layers, t))
            lat.append((time.perf_counter() - t0) * 1000)
            n += 1
            if time.time() >= end:
                break
    print(f"{n} requests in {a.seconds} s ({n / a.seconds:.0f}/s), p50 {pct(lat, .5):.3f} ms, p99 {pct(lat, .99):.3f} ms",
          file=sys.stderr)


def main():
    ap = argparse.ArgumentParser()
    sub = ap.add_subparsers(dest="cmd", required=True)
    l = sub.add_parser("list")
    l.add_argument("--pg", required=True)
    l.add_argument("--layers", required=True)
    l.add_argument("--out", required=True)
    l.add_argument("--zooms", default="8-16")
    l.add_argument("--per-zoom", type=int, default=60)
    r = sub.add_parser("run")
    r.add_argument("--tiles", required=True)
    r.add_argument("--layers", required=True)
    r.add_argument("--cold", required=True)
    r.add_argument("--cached", required=True)
    r.add_argument("--pg", required=True)
    r.add_argument("--pg-func", required=True)
    r.add_argument("--passes", type=int, default=3)
    r.add_argument("--label", default="")
    r.add_argument("--json")
    h = sub.add_parser("hammer")
    h.add_argument("--tiles", required=True)
    h.add_argument("--layers", required=True)
    h.add_argument("--cold", required=True)
    h.add_argument("--seconds", type=float, default=20)
    a = ap.parse_args()
    {"list": cmd_list, "run": cmd_run, "hammer": cmd_hammer}[a.cmd](a)


if __name__ == "__main__":
    main()
