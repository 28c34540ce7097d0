#!/usr/bin/env python3
"""Hostile-client suite for riskmap (issue 11): replays each attack against a running server on loopback and
prints, per probe, what the server answered, a PASS/FAIL verdict against the hardened answer, and whether a
well-behaved client kept its latency (p50/p99 of /health and of a cached tile while the attack ran).

Python standard library only. Normally started by Benchmarks/hostile/run.sh, which builds riskmap, makes the
demo database and its tokens, starts the servers and passes everything here:

  hostile.py --port P --pid PID --log SERVER_STDERR --db DB --bin RISKMAP --tokens tokens.json
             [--closed-port P2] [--fd-port P3 --fd-pid PID3 --fd-log LOG3] [--seconds 5] [--only 2a,9e] [--json OUT]

Every loop is bounded in count and time; every socket goes to 127.0.0.0/8 only.
"""
import argparse
import http.client
import json
import math
import os
import resource
import select
import selectors
import socket
import subprocess
import sys
import threading
import time
import urllib.parse

HOST = "127.0.0.1"
MiB = 1024 * 1024

# The well-behaved client's bar, applied to every probe: p99 of /health and of the cached tile while the attack
# runs, and no failed or timed-out request.
GOOD_CLIENT = {"p99_ms": 250, "failures": 0, "timeout_s": 5.0, "pause_s": 0.02}

# The composite the MapLibre style (tiles/style.json) asks for.
STYLE_COMPOSITE = "areas,grid,roads,pipelines,sites,resources,risk_sources,risks,reports"

# One row per probe: the threat (what an attacker or an unlucky user does) next to the answer a hardened server
# gives. `expect` holds the numbers the verdict is checked against. Rows are in issue order; RUN_ORDER below
# runs the two probes that break the server for everything after them (on an unfixed binary) last.
PROBES = [
    {"id": "1", "item": 1, "name": "cli-commit-then-write",
     "threat": "POST a site (editor), `riskmap token create` on the same file (another process commits), POST again",
     "expected": "201 both times; /health says \"writer\":\"ready\" (was: 2nd POST 500 'database is locked')",
     "expect": {"status": [201, 201], "writer": "ready"}},
    {"id": "2a", "item": 2, "name": "tile-empty-quadrant-cold",
     "threat": "cold /tiles/sites/1/0/0.mvt over an empty quadrant (was 4.4 s of CPU)",
     "expected": "200/204 within 2 s, or a quick 503",
     "expect": {"status": [200, 204, 503], "max_s": 2.0, "client_timeout_s": 10}},
    {"id": "2b", "item": 2, "name": "tile-low-zoom-composites",
     "threat": "a write (evicts), then concurrent cold low-zoom composites (z0 all-layers was 42 s; 6 of them timed /health out)",
     "expected": "each 200/204 within 3 s or a clear 503; the good client keeps its latency",
     "expect": {"status": [200, 204, 503], "max_s": 3.0, "client_timeout_s": 10,
                "tiles": ["/tiles/risks,sites,roads,areas,pipelines/0/0/0.mvt",
                          "/tiles/risks,sites,roads,areas,pipelines/1/1/0.mvt",
                          "/tiles/risks,sites,roads,areas,pipelines/1/0/0.mvt",
                          "/tiles/risks,sites,roads,areas,pipelines/2/3/1.mvt"]}},
    {"id": "2c", "item": 2, "name": "tile-layer-list-canonical",
     "threat": "after a write: risks,sites then sites,risks; risks then risks,risks (z8 over the city)",
     "expected": "the reordered and the repeated list are cache hits of the first (no new render)",
     "expect": {"tile_a": "/tiles/risks,sites/8/213/104.mvt", "tile_a2": "/tiles/sites,risks/8/213/104.mvt",
                "tile_b": "/tiles/risks/8/213/104.mvt", "tile_b2": "/tiles/risks,risks/8/213/104.mvt",
                "new_renders": 0}},
    {"id": "2d", "item": 2, "name": "style-composite-z0-z3",
     "threat": f"the style's own composite {STYLE_COMPOSITE} at z0..z3 over the city (was 400)",
     "expected": "200/204 at every zoom, each within 3 s",
     "expect": {"status": [200, 204], "max_s": 3.0, "zooms": [0, 1, 2, 3], "lon": 120.62, "lat": 31.31}},
    {"id": "3", "item": 3, "name": "enterprise-cross-source",
     "threat": "enterprise token of source A renames, re-assigns (to A) and deletes a risk of source B; token of B moves its own risk to A",
     "expected": "403 each; the risks unchanged (was 200, 200, 204)",
     "expect": {"status": [403, 403, 403, 403]}},
    {"id": "4a", "item": 4, "name": "slow-16MiB-bodies-unauth",
     "threat": "60 unauthenticated clients declare Content-Length 16 MiB on POST /collections/sites/items and send slowly",
     "expected": "401 right after the head, before the body; server RSS grows < 64 MiB (was +900 MiB)",
     "expect": {"clients": 60, "status": 401, "max_rss_growth_mib": 64, "body_bytes": 16 * MiB}},
    {"id": "4b", "item": 4, "name": "expect-100-continue-unauth",
     "threat": "10 unauthenticated clients send Expect: 100-continue with Content-Length 16 MiB",
     "expected": "401 instead of 100 Continue",
     "expect": {"clients": 10, "status": 401}},
    {"id": "4c", "item": 4, "name": "unread-large-answers",
     "threat": "300 clients request /collections/roads/items?limit=10000 (~4.5 MB) and never read",
     "expected": "server RSS bounded: grows < 400 MiB (response budget 256 MiB; was +1.2 GiB)",
     "expect": {"clients": 300, "path": "/collections/roads/items?limit=10000", "max_rss_growth_mib": 400, "hold_max_s": 30}},
    {"id": "5", "item": 5, "name": "fd-exhaustion",
     "threat": "a server under `ulimit -n 256`; 400 connections each sending GET /health, all held open",
     "expected": "every client answered (some 503) or closed at once, none hangs; server CPU < 30% of a core",
     "expect": {"clients": 400, "answer_timeout_s": 3.0, "hung": 0, "min_503": 1, "max_cpu_pct": 30}},
    {"id": "6", "item": 6, "name": "world-polygon-then-import",
     "threat": "POST a site whose polygon covers nearly the whole world, then a small POST /imports",
     "expected": "400 naming the bound (extent); the import still 200 (was 201, then imports 500)",
     "expect": {"status": [400, 200], "detail_any": ["extent", "bound", "outside"]}},
    {"id": "7", "item": 7, "name": "host-header-echo",
     "threat": "Host: evil.example on /style.json, /tiles/risks.json and / (a cache in front would serve it to all)",
     "expected": "200 each and evil.example nowhere in the answer",
     "expect": {"paths": ["/style.json", "/tiles/risks.json", "/?f=json"], "host": "evil.example"}},
    {"id": "8", "item": 8, "name": "log-forgery",
     "threat": "GET /a%0a127.0.0.1%20%22GET%20/x%22%20200 (and a forged 'auth: rejected' line); an enterprise POST to sites (403)",
     "expected": "no forged line in the server log; the 403 refusal logged (auth: forbidden)",
     "expect": {"forged": 0, "forbidden_logged": True}},
    {"id": "9a", "item": 9, "name": "chunk-size-line-2000",
     "threat": "chunked POST (editor) whose 2,000-byte chunk-size line (size;pad=aaa…) arrives in one packet",
     "expected": "400",
     "expect": {"status": 400, "size_line_bytes": 2000}},
    {"id": "9b", "item": 9, "name": "q-1000-terms",
     "threat": "GET /collections/sites/items?q= with 1,000 comma-separated terms",
     "expected": "400 (was 500)",
     "expect": {"status": 400, "terms": 1000}},
    {"id": "9c", "item": 9, "name": "imports-bad-params",
     "threat": "POST /imports (admin) with crs=bogus, crs=+init=/etc/passwd:x, mode=upsert&key=nope",
     "expected": "400 each, never 500 (PROJ never handed a path)",
     "expect": {"status": [400, 400, 400]}},
    {"id": "9d", "item": 9, "name": "silent-connection",
     "threat": "a connection that never sends a byte",
     "expected": "closed within the 10 s header timeout (<= 12 s), not the 60 s idle timeout",
     "expect": {"max_s": 12.0, "give_up_s": 20.0}},
    {"id": "9e", "item": 9, "name": "bare-LF-request",
     "threat": "GET /health with bare LF line ends",
     "expected": "400 at once (< 1 s), not 408 after 10 s",
     "expect": {"status": 400, "max_s": 1.0, "give_up_s": 15.0}},
    {"id": "9f", "item": 9, "name": "token-brute-force",
     "threat": "100 requests with wrong bearer tokens from one address (127.0.0.2)",
     "expected": "429 once past the limit (authFailuresPerMinute, default 20)",
     "expect": {"attempts": 100, "limit": 20, "source": "127.0.0.2"}},
    {"id": "9g", "item": 9, "name": "anonymous-reads-off",
     "threat": "server with {\"anonymousReads\": false}: /metrics, /openapi.json, /style.json without a token",
     "expected": "401 each; /health 200",
     "expect": {"paths": {"/metrics": 401, "/openapi.json": 401, "/style.json": 401, "/health": 200}}},
    {"id": "9h", "item": 9, "name": "duplicate-json-key",
     "threat": "POST a site whose properties name \"name\" twice",
     "expected": "400",
     "expect": {"status": 400}},
    {"id": "9i", "item": 9, "name": "nul-in-text",
     "threat": "POST a site whose name holds a NUL character (\\u0000)",
     "expected": "400",
     "expect": {"status": 400}},
    {"id": "10", "item": 10, "name": "report-window-reversed",
     "threat": "POST a temporary report whose valid_to precedes its valid_from",
     "expected": "400 (was 201, drawn forever)",
     "expect": {"status": 400}},
    {"id": "11a", "item": 17, "name": "route-ring-polygon-20k",
     "threat": "POST /routes whose obstacle is a 20,000-vertex thin ring round the whole city (inside every limit, holding no road)",
     "expected": "200 within 2 s (was 5.9 s of CPU on the city demo, 33 s on the Rhein-Neckar roads)",
     "expect": {"status": 200, "max_s": 2.0, "vertices": 9990, "lon": 120.62, "lat": 31.31, "rx": 0.17, "ry": 0.15}},
    {"id": "11b", "item": 17, "name": "route-body-5MiB",
     "threat": "POST /routes with a 5 MiB FeatureCollection of circles (parsed, ~50x its size in memory)",
     "expected": "413 before it is parsed; server RSS grows < 64 MiB (a 10 MB body took +490 MiB)",
     "expect": {"status": 413, "max_rss_growth_mib": 64, "circles": 42000}},
    {"id": "11c", "item": 17, "name": "concurrent-isochrones",
     "threat": "16 clients each asking twice GET /isochrone with ten times of ~60 minutes from the city centre",
     "expected": "each 200 or a quick 503 + Retry-After; /health keeps its latency (was: /health queued for seconds)",
     "expect": {"status": [200, 503], "clients": 16, "each": 2,
                "path": "/isochrone?from=120.62,31.31&minutes=" + ",".join(f"{60 - i * 0.001:.3f}" for i in range(10))}},
]

# Run order: item 6 (a world polygon breaks every later import on an unfixed server) and item 1 (a CLI commit
# breaks every later HTTP write) go last, so on an unfixed binary they do not turn the other probes into 500s.
RUN_ORDER = ["2a", "2b", "2c", "2d", "3", "4a", "4b", "4c", "5", "7", "8", "9a", "9b", "9c", "9d", "9e", "9f",
             "9g", "9h", "9i", "10", "11a", "11b", "11c", "6", "1"]

# Where the probes' own writes go: inside the demo city (small and city scales), outside the good client's tile.
WRITE_LON, WRITE_LAT = 120.65, 31.28


# ---------------------------------------------------------------------------------------------- plumbing

def now():
    return time.monotonic()


def request(port, method, path, body=None, headers=None, timeout=10.0, source=None):
    """One request on a fresh connection. Returns (status or None, headers dict (lower-case), body, seconds, error)."""
    if isinstance(body, str):
        body = body.encode()
    t0 = now()
    conn = http.client.HTTPConnection(HOST, port, timeout=timeout, source_address=(source, 0) if source else None)
    try:
        conn.request(method, path, body=body, headers=headers or {})
        r = conn.getresponse()
        data = r.read()
        return r.status, {k.lower(): v for k, v in r.getheaders()}, data, now() - t0, None
    except Exception as e:  # timeouts, resets: the answer is the error
        return None, {}, b"", now() - t0, type(e).__name__
    finally:
        conn.close()


def detail(body):
    try:
        return json.loads(body).get("detail", "")
    except Exception:
        return body[:80].decode("utf-8", "replace")


def auth(token):
    return {"Authorization": f"Bearer {token}", "Content-Type": "application/geo+json"}


def site_feature(name="hostile probe", lon=WRITE_LON, lat=WRITE_LAT):
    return {"type": "Feature", "properties": {"name": name, "category": "school"},
            "geometry": {"type": "Point", "coordinates": [lon, lat]}}


def read_response(sock, deadline):
    """Reads one HTTP response from a raw socket until `deadline`. Returns (status, headers, body) or raises."""
    buf = b""
    while b"\r\n\r\n" not in buf:
        sock.settimeout(max(0.01, deadline - now()))
        chunk = sock.recv(65536)
        if not chunk:
            if buf:
                break
            raise ConnectionError("closed")
        buf += chunk
    head, _, rest = buf.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1])
    headers = {}
    for line in lines[1:]:
        k, _, v = line.partition(":")
        headers[k.strip().lower()] = v.strip()
    if status == 100:
        return status, headers, rest
    length = int(headers.get("content-length", "0") or 0)
    while len(rest) < length and now() < deadline:
        sock.settimeout(max(0.01, deadline - now()))
        chunk = sock.recv(65536)
        if not chunk:
            break
        rest += chunk
    return status, headers, rest


def raw_exchange(port, data, give_up_s):
    """Sends raw bytes at once, times the first answer (or the close). Returns (status or 'closed'/'open', seconds)."""
    s = socket.create_connection((HOST, port), timeout=5)
    t0 = now()
    try:
        if data:
            s.sendall(data)
        try:
            status, _, body = read_response(s, t0 + give_up_s)
            return status, now() - t0, body
        except ConnectionError:
            return "closed", now() - t0, b""
        except (socket.timeout, TimeoutError):
            return "open", now() - t0, b""
        except OSError as e:
            return type(e).__name__, now() - t0, b""
    finally:
        s.close()


def rss_mib(pid):
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return float("nan")


def cpu_seconds(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


class RSSSampler:
    """Samples a process's RSS every 50 ms while running; before, peak and after."""

    def __init__(self, pid):
        self.pid, self.peak, self.stop_flag = pid, 0.0, threading.Event()
        self.before = rss_mib(pid)
        self.thread = threading.Thread(target=self.run, daemon=True)
        self.thread.start()

    def run(self):
        while not self.stop_flag.wait(0.05):
            self.peak = max(self.peak, rss_mib(self.pid))

    def stop(self):
        self.stop_flag.set()
        self.thread.join(2)
        self.peak = max(self.peak, self.before)
        return self

    def text(self, after):
        return f"RSS {self.before:.0f}->{self.peak:.0f} MiB peak, {after:.0f} after"


def percentile(values, p):
    if not values:
        return None
    v = sorted(values)
    return v[max(0, math.ceil(p * len(v)) - 1)]


class GoodClient:
    """A well-behaved client: one keep-alive connection alternating GET /health and GET of a cached tile, with a
    short pause between requests, each request bounded by a timeout. Records every latency; a non-200 or an error
    is a failure (a timed-out request counts with the time it waited)."""

    def __init__(self, port, tile):
        self.port, self.tile = port, tile
        self.samples = {"health": [], "tile": []}
        self.failures = {"health": 0, "tile": 0}
        self.stop_flag = threading.Event()
        self.conn = None
        self.first_failure = None
        self.thread = threading.Thread(target=self.run, daemon=True)

    def one(self, kind, path):
        t0 = now()
        try:
            if self.conn is None:
                self.conn = http.client.HTTPConnection(HOST, self.port, timeout=GOOD_CLIENT["timeout_s"])
            self.conn.request("GET", path, headers={"Accept-Encoding": "gzip"})
            r = self.conn.getresponse()
            body = r.read()
            ok = r.status == 200
            if not ok and self.first_failure is None:
                self.first_failure = f"{path} {r.status}" + (f" '{detail(body)[:60]}'" if r.getheader("Content-Encoding") != "gzip" else "")
            if r.getheader("Connection", "").lower() == "close":
                self.conn.close()
                self.conn = None
        except Exception as ex:
            ok = False
            if self.first_failure is None:
                self.first_failure = f"{path} {type(ex).__name__}"
            if self.conn is not None:
                self.conn.close()
            self.conn = None
        self.samples[kind].append(now() - t0)
        if not ok:
            self.failures[kind] += 1

    def run(self):
        while not self.stop_flag.is_set():
            self.one("health", "/health")
            if self.stop_flag.is_set():
                break
            self.one("tile", self.tile)
            self.stop_flag.wait(GOOD_CLIENT["pause_s"])

    def start(self):
        self.thread.start()
        return self

    def stop(self):
        self.stop_flag.set()
        self.thread.join(GOOD_CLIENT["timeout_s"] * 2 + 1)
        if self.conn is not None:
            self.conn.close()
        out = {}
        for kind in ("health", "tile"):
            s = self.samples[kind]
            out[kind] = {"n": len(s), "failed": self.failures[kind],
                         "p50_ms": round(percentile(s, 0.5) * 1000, 1) if s else None,
                         "p99_ms": round(percentile(s, 0.99) * 1000, 1) if s else None}
        out["first_failure"] = self.first_failure
        failed = out["health"]["failed"] + out["tile"]["failed"]
        worst = max((out[k]["p99_ms"] or 0) for k in ("health", "tile"))
        out["kept"] = failed <= GOOD_CLIENT["failures"] and worst <= GOOD_CLIENT["p99_ms"] and \
            out["health"]["n"] > 0 and out["tile"]["n"] > 0
        return out


def wait_quiet(port, pid, max_s=120.0):
    """After a probe: waits (bounded) until /health answers in under 200 ms and the server uses under 25% of a core
    over half a second, so one probe's left-over work does not count against the next. Returns the seconds waited."""
    t0 = now()
    while now() - t0 < max_s:
        c0 = cpu_seconds(pid) if pid else 0
        status, _, _, secs, _ = request(port, "GET", "/health", timeout=2)
        time.sleep(0.5)
        busy = (cpu_seconds(pid) - c0) / max(0.5, secs + 0.5) if pid else 0
        if status == 200 and secs < 0.2 and busy < 0.25:
            return now() - t0
    return now() - t0


# ---------------------------------------------------------------------------------------------- probes
# Each takes (ctx, expect) and returns (answer text, answer matches the expectation, extra figures dict).

def probe_cli_commit(ctx, e):
    tok = ctx.tokens["editor"]
    s1, _, b1, _, _ = request(ctx.port, "POST", "/collections/sites/items", json.dumps(site_feature("hostile 1a")), auth(tok))
    cli = subprocess.run([ctx.bin, "token", "create", "--name", "hostile-cli-commit", "--role", "viewer", "--db", ctx.db],
                         capture_output=True, timeout=60)
    s2, _, b2, _, _ = request(ctx.port, "POST", "/collections/sites/items", json.dumps(site_feature("hostile 1b")), auth(tok))
    hs, _, hb, _, _ = request(ctx.port, "GET", "/health", timeout=5)
    try:
        writer = json.loads(hb).get("writer", "(none)")
    except Exception:
        writer = "(unreadable)"
    for s, b in ((s1, b1), (s2, b2)):
        if s == 201:
            ctx.delete("sites", json.loads(b)["id"])
    answer = f"POST {s1}; CLI exit {cli.returncode}; POST {s2}" + (f" ({detail(b2)[:60]})" if s2 != 201 else "") + \
        f"; /health {hs} writer={writer}"
    return answer, [s1, s2] == e["status"] and writer == e["writer"], {}


def probe_tile_empty(ctx, e):
    s, _, _, secs, err = request(ctx.port, "GET", "/tiles/sites/1/0/0.mvt", timeout=e["client_timeout_s"])
    ok = s in e["status"] and secs <= e["max_s"]
    return f"{s or err} in {secs:.2f} s", ok, {"seconds": round(secs, 3)}


def probe_tile_composites(ctx, e):
    fid = ctx.create_site("hostile 2b evict")
    results = [None] * len(e["tiles"])
    sampler = RSSSampler(ctx.pid)

    def fetch(i, path):
        s, _, _, secs, err = request(ctx.port, "GET", path, timeout=e["client_timeout_s"])
        results[i] = (s or err, secs)

    threads = [threading.Thread(target=fetch, args=(i, p), daemon=True) for i, p in enumerate(e["tiles"])]
    for t in threads:
        t.start()
    for t in threads:
        t.join(e["client_timeout_s"] + 5)
    sampler.stop()
    ctx.delete("sites", fid)
    ok = all(r is not None and r[0] in e["status"] and r[1] <= e["max_s"] for r in results)
    answer = "write " + ("201" if fid else "failed") + "; " + ", ".join(
        f"{p.split('/')[-3]}/{p.split('/')[-2]}/{p.split('/')[-1].split('.')[0]}: {r[0]} {r[1]:.1f}s" if r else f"{p}: no answer"
        for p, r in zip(e["tiles"], results)) + f"; {sampler.text(rss_mib(ctx.pid))}"
    return answer, ok, {"tiles": [{"path": p, "status": r[0], "seconds": round(r[1], 3)} if r else None
                                  for p, r in zip(e["tiles"], results)]}


def tile_misses(ctx):
    s, _, b, _, _ = request(ctx.port, "GET", "/metrics", timeout=10)
    if s != 200:
        return None
    for line in b.decode().splitlines():
        if line.startswith("riskmap_tile_cache_misses_total "):
            return float(line.split()[1])
    return None


def probe_tile_canonical(ctx, e):
    fid = ctx.create_site("hostile 2c evict")
    parts, renders = [], 0
    for first, second in ((e["tile_a"], e["tile_a2"]), (e["tile_b"], e["tile_b2"])):
        s1, _, b1, t1, _ = request(ctx.port, "GET", first, timeout=30)
        m0 = tile_misses(ctx)
        s2, _, b2, t2, _ = request(ctx.port, "GET", second, timeout=30)
        m1 = tile_misses(ctx)
        drawn = None if m0 is None or m1 is None else int(m1 - m0)
        if drawn is None:  # no metric: a second render takes at least a third of the first
            drawn = 1 if t2 > t1 / 3 else 0
        renders += drawn
        name = lambda p: p.split("/")[2]
        parts.append(f"{name(first)} {s1} {t1 * 1000:.0f} ms -> {name(second)} {s2} {t2 * 1000:.0f} ms "
                     f"({'new render' if drawn else 'cache hit'}{', same bytes' if b1 == b2 else ', other bytes'})")
    ctx.delete("sites", fid)
    return "; ".join(parts), renders == e["new_renders"], {}


def tile_xy(lon, lat, z):
    n = 2 ** z
    x = int((lon + 180) / 360 * n)
    y = int((1 - math.log(math.tan(math.radians(lat)) + 1 / math.cos(math.radians(lat))) / math.pi) / 2 * n)
    return x, y


def probe_style_composite(ctx, e):
    parts, ok = [], True
    for z in e["zooms"]:
        x, y = tile_xy(e["lon"], e["lat"], z)
        s, _, b, secs, err = request(ctx.port, "GET", f"/tiles/{STYLE_COMPOSITE}/{z}/{x}/{y}.mvt", timeout=15)
        ok &= s in e["status"] and secs <= e["max_s"]
        parts.append(f"z{z} {s or err} {secs:.2f}s")
    return ", ".join(parts), ok, {}


def probe_enterprise(ctx, e):
    a, b = ctx.tokens["source_a"], ctx.tokens["source_b"]
    ta, tb = ctx.tokens["enterprise_a"], ctx.tokens["enterprise_b"]

    def risks_of(source):
        s, _, body, _, _ = request(ctx.port, "GET", f"/collections/risks/items?source_id={source}&limit=2&sortby=name")
        return json.loads(body)["features"] if s == 200 else []

    rb = risks_of(b)
    if len(rb) < 2:
        return f"no two risks of source {b} to work on", False, {}
    victim, own = rb[0], rb[1]
    path = lambda f: f"/collections/risks/items/{f['id']}"
    statuses = [
        request(ctx.port, "PATCH", path(victim), json.dumps({"type": "Feature", "properties": {"name": "renamed by A"}}), auth(ta))[0],
        request(ctx.port, "PATCH", path(victim), json.dumps({"type": "Feature", "properties": {"source_id": a}}), auth(ta))[0],
        request(ctx.port, "DELETE", path(victim), None, auth(ta))[0],
        request(ctx.port, "PATCH", path(own), json.dumps({"type": "Feature", "properties": {"source_id": a}}), auth(tb))[0],
    ]
    changed = []
    for f in (victim, own):
        s, _, body, _, _ = request(ctx.port, "GET", path(f))
        if s != 200:
            changed.append(f"risk {f['id']} {s}")
            continue
        now_props = json.loads(body)["properties"]
        for k in ("name", "source_id"):
            if now_props.get(k) != f["properties"].get(k):
                changed.append(f"risk {f['id']} {k}")
    answer = f"A on B's risk {victim['id']}: rename {statuses[0]}, re-assign {statuses[1]}, delete {statuses[2]}; " \
             f"B moves its risk {own['id']} to A: {statuses[3]}; " + ("changed: " + ", ".join(changed) if changed else "nothing changed")
    return answer, statuses == e["status"] and not changed, {"statuses": statuses}


def probe_slow_bodies(ctx, e):
    n, size = e["clients"], e["body_bytes"]
    head = (f"POST /collections/sites/items HTTP/1.1\r\nHost: {HOST}\r\nContent-Type: application/geo+json\r\n"
            f"Content-Length: {size}\r\n\r\n").encode()
    piece = b" " * (256 * 1024)
    send_window = max(1.0, ctx.seconds * 0.8)          # each body is spread over most of the attack
    rate = size / send_window
    stop_at = now() + ctx.seconds + 3
    results = [None] * n

    def client(i):
        sent, answer = 0, None
        try:
            s = socket.create_connection((HOST, ctx.port), timeout=5)
        except OSError as ex:
            results[i] = (type(ex).__name__, 0)
            return
        try:
            s.sendall(head)
            t0 = now()
            while sent < size and now() < stop_at:
                r, _, _ = select.select([s], [], [], 0)
                if r:
                    break
                try:
                    s.settimeout(2)
                    s.sendall(piece[: min(len(piece), size - sent)])
                    sent += min(len(piece), size - sent)
                except OSError:
                    break
                delay = t0 + sent / rate - now()
                if delay > 0:
                    time.sleep(min(delay, 1.0))
            try:
                status, _, _ = read_response(s, now() + 3)
                answer = status
            except Exception as ex:
                answer = "closed" if isinstance(ex, ConnectionError) else type(ex).__name__
        finally:
            s.close()
        results[i] = (answer, sent)

    sampler = RSSSampler(ctx.pid)
    threads = [threading.Thread(target=client, args=(i,), daemon=True) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(max(0.1, stop_at + 5 - now()))
    sampler.stop()
    time.sleep(1)
    after = rss_mib(ctx.pid)
    answers = {}
    early = 0
    for r in results:
        key = r[0] if r else "no result"
        answers[key] = answers.get(key, 0) + 1
        if r and r[0] == e["status"] and r[1] < size:
            early += 1
    growth = sampler.peak - sampler.before
    ok = early == n and growth < e["max_rss_growth_mib"]
    answer = (f"{', '.join(f'{v}x {k}' for k, v in sorted(answers.items(), key=str))}; {early}/{n} refused before the whole body; "
              f"{sampler.text(after)}")
    return answer, ok, {"rss_before_mib": round(sampler.before), "rss_peak_mib": round(sampler.peak), "rss_after_mib": round(after)}


def probe_expect_continue(ctx, e):
    answers = {}
    for _ in range(e["clients"]):
        data = (f"POST /collections/sites/items HTTP/1.1\r\nHost: {HOST}\r\nContent-Type: application/geo+json\r\n"
                f"Content-Length: {16 * MiB}\r\nExpect: 100-continue\r\n\r\n").encode()
        status, secs, _ = raw_exchange(ctx.port, data, 3.0)
        answers[status] = answers.get(status, 0) + 1
    ok = answers.get(e["status"], 0) == e["clients"]
    return ", ".join(f"{v}x {k}" for k, v in answers.items()), ok, {}


def open_many(port, n, payload, rcvbuf=None, timeout=2.0):
    """Opens n non-blocking connections at once and sends `payload` on each. Returns the connected sockets and
    how many failed to connect within `timeout`."""
    sel = selectors.DefaultSelector()
    socks, failed = [], 0
    for _ in range(n):
        s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        if rcvbuf:
            s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, rcvbuf)
        s.setblocking(False)
        s.connect_ex((HOST, port))
        sel.register(s, selectors.EVENT_WRITE)
        socks.append(s)
    pending, deadline, connected = set(socks), now() + timeout, []
    while pending and now() < deadline:
        for key, _ in sel.select(timeout=max(0.01, deadline - now())):
            s = key.fileobj
            sel.unregister(s)
            pending.discard(s)
            if s.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR) == 0:
                try:
                    s.send(payload)
                    connected.append(s)
                    continue
                except OSError:
                    pass
            failed += 1
            s.close()
    for s in pending:
        sel.unregister(s)
        s.close()
        failed += 1
    sel.close()
    return connected, failed


def close_all(socks):
    for s in socks:
        try:
            s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")  # reset, no lingering
        except OSError:
            pass
        s.close()


def probe_unread_answers(ctx, e):
    payload = f"GET {e['path']} HTTP/1.1\r\nHost: {HOST}\r\n\r\n".encode()
    sampler = RSSSampler(ctx.pid)
    socks, failed = open_many(ctx.port, e["clients"], payload, rcvbuf=4096)
    # Hold for the attack's length, and longer (up to hold_max_s) while the server's memory still grows: a slow
    # server would otherwise look frugal only because it had not written most answers yet.
    t0, last_peak, last_growth = now(), 0.0, now()
    while now() - t0 < e["hold_max_s"]:
        time.sleep(0.5)
        if sampler.peak > last_peak + 8:
            last_peak, last_growth = sampler.peak, now()
        if now() - t0 >= ctx.seconds and now() - last_growth >= 2.0:
            break
    held = now() - t0
    sampler.stop()
    close_all(socks)
    time.sleep(1)
    after = rss_mib(ctx.pid)
    growth = sampler.peak - sampler.before
    answer = f"{len(socks)} connected, {failed} failed to connect, held {held:.0f} s; {sampler.text(after)} (+{growth:.0f} MiB)"
    return answer, growth < e["max_rss_growth_mib"], {"rss_before_mib": round(sampler.before), "rss_peak_mib": round(sampler.peak),
                                                       "rss_after_mib": round(after)}


def probe_fd_exhaustion(ctx, e):
    port, pid = ctx.fd_port, ctx.fd_pid
    payload = f"GET /health HTTP/1.1\r\nHost: {HOST}\r\n\r\n".encode()
    rss_before = rss_mib(pid)
    c0, t0 = cpu_seconds(pid), now()
    socks, failed = open_many(port, e["clients"], payload, timeout=2.0)
    # Collect the first answer of every connection, all at once, within answer_timeout_s.
    sel = selectors.DefaultSelector()
    bufs = {}
    for s in socks:
        sel.register(s, selectors.EVENT_READ)
        bufs[s] = b""
    outcome = {}
    deadline = now() + e["answer_timeout_s"]
    while bufs and now() < deadline:
        for key, _ in sel.select(timeout=max(0.01, deadline - now())):
            s = key.fileobj
            try:
                chunk = s.recv(4096)
            except OSError:
                chunk = b""
            if not chunk:
                outcome[s] = "closed" if not bufs[s] else bufs[s].split(b" ", 2)[1].decode()
            else:
                bufs[s] += chunk
                if b"\r\n" in bufs[s]:
                    outcome[s] = bufs[s].split(b" ", 2)[1].decode()
            if s in outcome:
                sel.unregister(s)
                del bufs[s]
    hung = len(bufs)
    # Hold every connection (answered or not) for the rest of the attack and measure the server's CPU meanwhile.
    c1, t1 = cpu_seconds(pid), now()
    time.sleep(max(1.0, ctx.seconds - (t1 - t0)))
    cpu_pct = (cpu_seconds(pid) - c1) / (now() - t1) * 100
    sel.close()
    close_all(socks)
    counts = {}
    for v in outcome.values():
        counts[v] = counts.get(v, 0) + 1
    n503 = counts.get("503", 0)
    ok = hung <= e["hung"] and n503 >= e["min_503"] and cpu_pct <= e["max_cpu_pct"]
    answer = (", ".join(f"{v}x {k}" for k, v in sorted(counts.items())) + f", {hung} hung (no answer in {e['answer_timeout_s']:.0f} s)"
              + (f", {failed} failed to connect" if failed else "") + f"; server CPU {cpu_pct:.0f}% while held"
              + f"; RSS {rss_before:.0f}->{rss_mib(pid):.0f} MiB")
    return answer, ok, {"answers": counts, "hung": hung, "cpu_pct": round(cpu_pct, 1)}


def probe_world_polygon(ctx, e):
    world = {"type": "Feature", "properties": {"name": "hostile world", "category": "stadium"},
             "geometry": {"type": "Polygon", "coordinates": [[[-179, -85], [179, -85], [179, 85], [-179, 85], [-179, -85]]]}}
    s1, _, b1, _, _ = request(ctx.port, "POST", "/collections/sites/items", json.dumps(world), auth(ctx.tokens["editor"]))
    fc = {"type": "FeatureCollection", "features": [site_feature("hostile 6 import")]}
    s2, _, b2, _, _ = request(ctx.port, "POST", "/imports?layer=sites&format=geojson", json.dumps(fc),
                              {"Authorization": f"Bearer {ctx.tokens['admin']}", "Content-Type": "application/geo+json"}, timeout=60)
    if s1 == 201:
        ctx.delete("sites", json.loads(b1)["id"])
    d1 = detail(b1) if s1 != 201 else ""
    named = any(w in d1.lower() for w in e["detail_any"])
    answer = f"world polygon {s1}" + (f" '{d1[:70]}'" if d1 else "") + f"; import {s2}" + (f" '{detail(b2)[:60]}'" if s2 != 200 else "")
    return answer, [s1, s2] == e["status"] and named, {}


def probe_host(ctx, e):
    parts, ok = [], True
    for path in e["paths"]:
        s, h, b, _, err = request(ctx.port, "GET", path, headers={"Host": e["host"], "Accept": "application/json"})
        echoed = e["host"].encode() in b or e["host"] in h.get("location", "")
        ok &= s == 200 and not echoed
        parts.append(f"{path} {s or err} {'ECHOED' if echoed else 'clean'}")
    return ", ".join(parts), ok, {}


def log_size(path):
    try:
        return os.path.getsize(path)
    except OSError:
        return 0


def read_log_from(path, offset):
    with open(path, "rb") as f:
        f.seek(offset)
        return f.read().decode("utf-8", "replace")


def probe_log_forgery(ctx, e):
    start = log_size(ctx.log)
    s1 = request(ctx.port, "GET", "/a%0a127.0.0.1%20%22GET%20/x%22%20200")[0]
    s2 = request(ctx.port, "GET", "/a%0aauth:%20rejected%20bearer%20token%20from%20127.0.0.9%20for%20GET%20/y")[0]
    s3 = request(ctx.port, "POST", "/collections/sites/items", json.dumps(site_feature("hostile 8")), auth(ctx.tokens["enterprise_a"]))[0]
    time.sleep(0.5)
    lines = read_log_from(ctx.log, start).splitlines()
    forged = [l for l in lines if l.startswith('127.0.0.1 "GET /x"') or l.startswith("auth: rejected bearer token from 127.0.0.9")]
    refusal = [l for l in lines if "forbidden" in l.lower() and not l.startswith("127.0.0.1:")]
    access403 = [l for l in lines if '"POST /collections/sites/items" 403' in l]
    ok = len(forged) == e["forged"] and bool(refusal) == e["forbidden_logged"]
    answer = (f"forging requests {s1}/{s2}: {len(forged)} forged line(s); enterprise POST sites {s3}: "
              f"{'refusal logged' if refusal else 'no refusal line'} ({len(access403)} access line)")
    return answer, ok, {"forged_lines": forged[:4]}


def probe_chunk_line(ctx, e):
    body = json.dumps(site_feature("hostile 9a")).encode()
    size = format(len(body), "x") + ";pad="  # a chunk extension makes the line long (not the digits, which have their own limit)
    size_line = (size + "a" * (e["size_line_bytes"] - len(size))).encode()
    data = (f"POST /collections/sites/items HTTP/1.1\r\nHost: {HOST}\r\nAuthorization: Bearer {ctx.tokens['editor']}\r\n"
            f"Content-Type: application/geo+json\r\nTransfer-Encoding: chunked\r\n\r\n").encode() + size_line + b"\r\n" + body + b"\r\n0\r\n\r\n"
    status, secs, resp = raw_exchange(ctx.port, data, 5.0)
    if status == 201:
        try:
            ctx.delete("sites", json.loads(resp)["id"])
        except Exception:
            pass
    return f"{status} in {secs:.2f} s" + (f" '{detail(resp)[:60]}'" if status not in (201,) and resp else ""), status == e["status"], {}


def probe_q_terms(ctx, e):
    q = ",".join(f"t{i}" for i in range(e["terms"]))
    s, _, b, secs, err = request(ctx.port, "GET", f"/collections/sites/items?q={q}")
    return f"{s or err} in {secs:.2f} s" + (f" '{detail(b)[:60]}'" if s != 200 else ""), s == e["status"], {}


def probe_imports(ctx, e):
    fc = json.dumps({"type": "FeatureCollection", "features": [site_feature("hostile 9c")]})
    hdr = {"Authorization": f"Bearer {ctx.tokens['admin']}", "Content-Type": "application/geo+json"}
    qs = ["layer=sites&format=geojson&crs=bogus",
          "layer=sites&format=geojson&crs=" + urllib.parse.quote("+init=/etc/passwd:x", safe=""),
          "layer=sites&format=geojson&mode=upsert&key=nope"]
    statuses = [request(ctx.port, "POST", "/imports?" + q, fc, hdr, timeout=30)[0] for q in qs]
    return f"crs=bogus {statuses[0]}, crs=+init=/etc/passwd:x {statuses[1]}, key=nope {statuses[2]}", statuses == e["status"], {}


def probe_silent(ctx, e):
    status, secs, _ = raw_exchange(ctx.port, b"", e["give_up_s"])
    if status == "open":
        return f"still open after {secs:.0f} s (gave up)", False, {"seconds": round(secs, 2)}
    return f"{status} after {secs:.1f} s", secs <= e["max_s"], {"seconds": round(secs, 2)}


def probe_bare_lf(ctx, e):
    status, secs, _ = raw_exchange(ctx.port, f"GET /health HTTP/1.1\nHost: {HOST}\n\n".encode(), e["give_up_s"])
    return f"{status} after {secs:.2f} s", status == e["status"] and secs <= e["max_s"], {"seconds": round(secs, 2)}


def probe_token_brute(ctx, e):
    start = log_size(ctx.log)
    statuses = []
    deadline = now() + 60
    for i in range(e["attempts"]):
        if now() > deadline:
            break
        statuses.append(request(ctx.port, "POST", "/collections/sites/items", json.dumps(site_feature("hostile 9f")),
                                auth(f"not-a-token-{i:04d}"), timeout=5, source=e["source"])[0])
    first429 = next((i + 1 for i, s in enumerate(statuses) if s == 429), None)
    counts = {}
    for s in statuses:
        counts[s] = counts.get(s, 0) + 1
    time.sleep(0.3)
    logged = sum(1 for l in read_log_from(ctx.log, start).splitlines() if l.startswith("auth:") and e["source"] in l)
    ok = first429 is not None and first429 <= e["limit"] + 1
    answer = ", ".join(f"{v}x {k}" for k, v in sorted(counts.items(), key=str)) + \
        (f"; first 429 at attempt {first429}" if first429 else "; never 429") + f"; {logged} auth log lines"
    return answer, ok, {"first_429": first429}


def probe_anon_off(ctx, e):
    parts, ok = [], True
    for path, want in e["paths"].items():
        s = request(ctx.closed_port, "GET", path)[0]
        ok &= s == want
        parts.append(f"{path} {s}")
    return ", ".join(parts), ok, {}


def post_site_raw(ctx, raw, e):
    s, _, b, _, _ = request(ctx.port, "POST", "/collections/sites/items", raw, auth(ctx.tokens["editor"]))
    if s == 201:
        ctx.delete("sites", json.loads(b)["id"])
    return f"{s}" + (f" '{detail(b)[:60]}'" if s != 201 else " (accepted)"), s == e["status"], {}


def probe_dup_key(ctx, e):
    raw = ('{"type":"Feature","properties":{"name":"hostile 9h","category":"school","name":"other name"},'
           f'"geometry":{{"type":"Point","coordinates":[{WRITE_LON},{WRITE_LAT}]}}}}')
    return post_site_raw(ctx, raw, e)


def probe_nul(ctx, e):
    raw = ('{"type":"Feature","properties":{"name":"hostile\\u0000 9i","category":"school"},'
           f'"geometry":{{"type":"Point","coordinates":[{WRITE_LON},{WRITE_LAT}]}}}}')
    return post_site_raw(ctx, raw, e)


def probe_report_window(ctx, e):
    report = {"type": "Feature", "properties": {"reporter": "hostile 10", "source_id": ctx.tokens["source_a"], "activity": "hot_work",
                                                "level": "general", "valid_from": "2026-12-10T08:00:00Z",
                                                "valid_to": "2026-12-01T08:00:00Z", "status": "submitted"},
              "geometry": {"type": "Point", "coordinates": [WRITE_LON, WRITE_LAT]}}
    s, _, b, _, _ = request(ctx.port, "POST", "/collections/reports/items", json.dumps(report), auth(ctx.tokens["editor"]))
    if s == 201:
        ctx.delete("reports", json.loads(b)["id"])
    return f"{s}" + (f" '{detail(b)[:60]}'" if s != 201 else " (accepted)"), s == e["status"], {}


def ring(lon, lat, rx, ry, n):
    points = [[lon + rx * math.cos(2 * math.pi * i / n), lat + ry * math.sin(2 * math.pi * i / n)] for i in range(n)]
    return points + [points[0]]


def road_points(port, lon, lat, half):
    """The vertices of the roads in a box about (lon, lat), so waypoints lie on a road at every demo scale."""
    bbox = f"{lon - half},{lat - half},{lon + half},{lat + half}"
    s, _, b, _, _ = request(port, "GET", f"/collections/roads/items?bbox={bbox}&limit=1000", timeout=30)
    points = []
    for f in (json.loads(b).get("features", []) if s == 200 else []):
        points += f["geometry"]["coordinates"]
    return points


def probe_route_ring(ctx, e):
    near = road_points(ctx.port, e["lon"], e["lat"], 0.08)
    def nearest(x, y):
        return min(near, key=lambda c: (c[0] - x) ** 2 + (c[1] - y) ** 2) if near else [x, y]
    waypoints = {"type": "MultiPoint", "coordinates": [nearest(e["lon"] - 0.05, e["lat"]), nearest(e["lon"] + 0.05, e["lat"])]}
    request(ctx.port, "POST", "/routes", json.dumps({"waypoints": waypoints}), timeout=60)  # builds the network
    outer, inner = ring(e["lon"], e["lat"], e["rx"], e["ry"], e["vertices"]), ring(e["lon"], e["lat"], e["rx"] * 0.9999, e["ry"] * 0.9999, e["vertices"])
    body = json.dumps({"waypoints": waypoints, "obstacles": {"type": "Polygon", "coordinates": [outer, inner]}})
    s, _, b, secs, err = request(ctx.port, "POST", "/routes", body, timeout=120)
    return f"{s or err} in {secs:.2f} s" + (f" '{detail(b)[:60]}'" if s != 200 else ""), s == e["status"] and secs <= e["max_s"], {"seconds": round(secs, 2)}


def probe_route_body(ctx, e):
    circle = {"type": "Feature", "geometry": {"type": "Point", "coordinates": [120.62, 31.31]}, "properties": {"radius": 10}}
    body = json.dumps({"waypoints": {"type": "MultiPoint", "coordinates": [[120.57, 31.31], [120.67, 31.31]]},
                       "obstacles": {"type": "FeatureCollection", "features": [circle] * e["circles"]}})
    sampler = RSSSampler(ctx.pid)
    before = sampler.before
    s, _, b, secs, err = request(ctx.port, "POST", "/routes", body, {"Content-Type": "application/json"}, timeout=30)
    sampler.stop()
    growth = sampler.peak - before
    return (f"{s or err} in {secs:.2f} s '{detail(b)[:50]}' ({len(body) / MiB:.1f} MiB); RSS {before:.0f}->{sampler.peak:.0f} MiB peak",
            s == e["status"] and growth < e["max_rss_growth_mib"], {"rss_growth_mib": round(growth, 1)})


def probe_isochrones(ctx, e):
    statuses, lock = {}, threading.Lock()

    def client():
        for _ in range(e["each"]):
            s, h, _, secs, err = request(ctx.port, "GET", e["path"], timeout=60)
            key = s if s != 503 or h.get("retry-after") else "503 without Retry-After"
            with lock:
                statuses[key or err] = statuses.get(key or err, 0) + 1
    threads = [threading.Thread(target=client) for _ in range(e["clients"])]
    t0 = now()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    answer = ", ".join(f"{n}x {k}" for k, n in sorted(statuses.items(), key=str)) + f" in {now() - t0:.1f} s"
    return answer, all(k in e["status"] for k in statuses), {"statuses": {str(k): n for k, n in statuses.items()}}


RUNNERS = {"1": probe_cli_commit, "2a": probe_tile_empty, "2b": probe_tile_composites, "2c": probe_tile_canonical,
           "2d": probe_style_composite, "3": probe_enterprise, "4a": probe_slow_bodies, "4b": probe_expect_continue,
           "4c": probe_unread_answers, "5": probe_fd_exhaustion, "6": probe_world_polygon, "7": probe_host,
           "8": probe_log_forgery, "9a": probe_chunk_line, "9b": probe_q_terms, "9c": probe_imports, "9d": probe_silent,
           "9e": probe_bare_lf, "9f": probe_token_brute, "9g": probe_anon_off, "9h": probe_dup_key, "9i": probe_nul,
           "10": probe_report_window, "11a": probe_route_ring, "11b": probe_route_body, "11c": probe_isochrones}


# ---------------------------------------------------------------------------------------------- driver

class Context:
    def __init__(self, a):
        self.port, self.pid, self.log, self.db, self.bin = a.port, a.pid, a.log, a.db, a.bin
        self.closed_port, self.fd_port, self.fd_pid = a.closed_port, a.fd_port, a.fd_pid
        self.seconds, self.tile = a.seconds, a.tile
        with open(a.tokens) as f:
            self.tokens = json.load(f)

    def create_site(self, name):
        s, _, b, _, _ = request(self.port, "POST", "/collections/sites/items", json.dumps(site_feature(name)), auth(self.tokens["editor"]))
        return json.loads(b)["id"] if s == 201 else None

    def delete(self, layer, fid):
        if fid is not None:
            request(self.port, "DELETE", f"/collections/{layer}/items/{fid}", None, auth(self.tokens["editor"]))


def fmt_ms(v):
    return "-" if v is None else (f"{v:.0f}" if v >= 10 else f"{v:.1f}")


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--port", type=int, required=True)
    p.add_argument("--pid", type=int, required=True, help="the server's process id (RSS and CPU from /proc)")
    p.add_argument("--log", required=True, help="the file the server's stderr (access log) goes to")
    p.add_argument("--db", required=True)
    p.add_argument("--bin", required=True, help="the riskmap binary (probe 1 runs its CLI on --db)")
    p.add_argument("--tokens", required=True, help="JSON: editor, admin, enterprise_a, enterprise_b, source_a, source_b")
    p.add_argument("--closed-port", type=int, help="a server with anonymousReads false (probe 9g)")
    p.add_argument("--fd-port", type=int, help="a server started under ulimit -n 256 (probe 5)")
    p.add_argument("--fd-pid", type=int)
    p.add_argument("--seconds", type=float, default=5.0, help="length of the timed attacks (4a, 4c, 5); default 5")
    p.add_argument("--tile", default="/tiles/risks/13/6840/3345.mvt", help="the good client's cached tile")
    p.add_argument("--only", help="comma-separated probe ids to run (default all)")
    p.add_argument("--json", help="write the results here")
    a = p.parse_args()

    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < 4096:
        resource.setrlimit(resource.RLIMIT_NOFILE, (min(4096, hard), hard))
    ctx = Context(a)
    table = {row["id"]: row for row in PROBES}
    wanted = a.only.split(",") if a.only else RUN_ORDER
    unknown = [w for w in wanted if w not in table]
    if unknown:
        sys.exit(f"unknown probe id(s): {', '.join(unknown)}")
    started = now()
    results = {}
    print(f"hostile suite against 127.0.0.1:{a.port} (pid {a.pid}); good client: /health and {a.tile}, "
          f"bar p99 <= {GOOD_CLIENT['p99_ms']} ms and {GOOD_CLIENT['failures']} failures", flush=True)
    for pid_id in [r for r in RUN_ORDER if r in wanted]:
        row = table[pid_id]
        if pid_id == "5" and not (a.fd_port and a.fd_pid):
            results[pid_id] = {"answer": "skipped (no --fd-port)", "verdict": "SKIP", "good": None}
            print(f"[{pid_id:>2}] {row['name']:<28} SKIP  no server under a low ulimit -n", flush=True)
            continue
        if pid_id == "9g" and not a.closed_port:
            results[pid_id] = {"answer": "skipped (no --closed-port)", "verdict": "SKIP", "good": None}
            print(f"[{pid_id:>2}] {row['name']:<28} SKIP  no server with anonymousReads false", flush=True)
            continue
        port, pid = (a.fd_port, a.fd_pid) if pid_id == "5" else (a.port, a.pid)
        for _ in range(2):  # warm the good client's tile
            request(port, "GET", a.tile, headers={"Accept-Encoding": "gzip"}, timeout=30)
        good = GoodClient(port, a.tile).start()
        t0 = now()
        time.sleep(0.3)  # a few samples before the attack starts
        try:
            answer, ok, extra = RUNNERS[pid_id](ctx, row["expect"])
        except Exception as ex:  # a probe that breaks is a failed probe, not a failed suite
            answer, ok, extra = f"probe error: {type(ex).__name__}: {ex}", False, {}
        while now() - t0 < 1.0:  # at least a second of good-client samples per probe
            time.sleep(0.05)
        stats = good.stop()
        duration = now() - t0
        quiet = wait_quiet(port, pid)
        if quiet > 1.5:
            answer += f"; server busy {quiet:.0f} s after"
        verdict = "PASS" if ok and stats["kept"] else "FAIL"
        why = "" if verdict == "PASS" else (" (answer)" if not ok else "") + (" (latency)" if not stats["kept"] else "")
        results[pid_id] = {"item": row["item"], "name": row["name"], "threat": row["threat"], "expected": row["expected"],
                           "answer": answer, "answer_ok": ok, "verdict": verdict, "good": stats, "seconds": round(duration, 1),
                           **extra}
        h, t = stats["health"], stats["tile"]
        print(f"[{pid_id:>2}] {row['name']:<28} {verdict}{why}  {answer}\n"
              f"      good client: /health p50 {fmt_ms(h['p50_ms'])} p99 {fmt_ms(h['p99_ms'])} ms, tile p50 {fmt_ms(t['p50_ms'])} "
              f"p99 {fmt_ms(t['p99_ms'])} ms, failed {h['failed'] + t['failed']}/{h['n'] + t['n']}"
              + (f" (first: {stats['first_failure']})" if stats["first_failure"] else "") + f"  ({duration:.1f} s)", flush=True)

    elapsed = now() - started
    print(f"\nSummary ({elapsed:.0f} s; good-client bar: p99 <= {GOOD_CLIENT['p99_ms']} ms, no failures)\n")
    print("| id | probe | expected | answer | verdict | /health p50/p99 ms | tile p50/p99 ms | good failed |")
    print("|---|---|---|---|---|---|---|---|")
    for row in PROBES:
        r = results.get(row["id"])
        if r is None:
            continue
        g = r.get("good")
        if g:
            hs = f"{fmt_ms(g['health']['p50_ms'])}/{fmt_ms(g['health']['p99_ms'])}"
            ts = f"{fmt_ms(g['tile']['p50_ms'])}/{fmt_ms(g['tile']['p99_ms'])}"
            gf = f"{g['health']['failed'] + g['tile']['failed']}/{g['health']['n'] + g['tile']['n']}"
        else:
            hs = ts = gf = "-"
        answer = r["answer"].replace("|", "/")
        print(f"| {row['id']} | {row['name']} | {row['expected']} | {answer} | {r['verdict']} | {hs} | {ts} | {gf} |")
    passed = sum(1 for r in results.values() if r["verdict"] == "PASS")
    failed = sum(1 for r in results.values() if r["verdict"] == "FAIL")
    print(f"\n{passed} PASS, {failed} FAIL, {len(results) - passed - failed} SKIP in {elapsed:.0f} s")
    if a.json:
        with open(a.json, "w") as f:
            json.dump({"seconds": round(elapsed, 1), "good_client": GOOD_CLIENT, "results": results}, f, indent=1, ensure_ascii=False)
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
