"""pgRouting side of Benchmarks/peers/pgrouting.sh: routes the pairs of PAIRS.csv with pgr_dijkstra (directed, cost
and reverse_cost in metres, the edges SQL read per call as pgRouting is used) through libpq, and compares each
length with riskmap's; then the pairs of PAIRS-ZONES.csv with the roads riskmap's closed circles shut left out in
the edges SQL. With RISKMAP_URL, riskmap is also asked as a client asks it, alternating with pgRouting pair by pair
(which side goes first alternates too): `POST /routes` with the pair's nodes as waypoints, `preference` shortest and
the same circles as closed obstacles (Points with a radius), over one keep-alive HTTP/1.1 connection (TCP_NODELAY),
timed from the request's first byte to the answer's last (Content-Length read exactly); the answer is decoded
after the clock stops and its length compared too, and riskmap's own time taken from its Server-Timing header.
Prints one JSON object.

    python3 Benchmarks/peers/pgrouting_routes.py DSN PAIRS.csv PAIRS-ZONES.csv [RISKMAP_URL]
"""
import csv
import json
import socket
import statistics
import sys
import time
import urllib.parse

import psycopg
from route_body import body

dsn, pairs_path, zones_path = sys.argv[1], sys.argv[2], sys.argv[3]
url = urllib.parse.urlparse(sys.argv[4]) if len(sys.argv) > 4 else None
pg = psycopg.connect(dsn, autocommit=True)
sql = ("SELECT coalesce(max(agg_cost), -1) FROM pgr_dijkstra("
       "'SELECT id, source, target, cost, reverse_cost FROM edges', %s::bigint, %s::bigint, true)")
# The closed roads go into the edges SQL as an array literal, as a caller of pgRouting would write them.
zoned_sql = ("SELECT coalesce(max(agg_cost), -1) FROM pgr_dijkstra("
             "'SELECT id, source, target, cost, reverse_cost FROM edges WHERE NOT (id = ANY(''' || %s::text || '''::int[]))', "
             "%s::bigint, %s::bigint, true)")


class Riskmap:
    """One persistent HTTP/1.1 connection to riskmap serve."""

    def __init__(self, host, port):
        self.host = f"{host}:{port}"
        self.sock = socket.create_connection((host, port))
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.buf = b""

    def request(self, body):
        """The bytes of one POST /routes."""
        return (f"POST /routes HTTP/1.1\r\nHost: {self.host}\r\nContent-Type: application/json\r\n"
                f"Content-Length: {len(body)}\r\n\r\n").encode() + body

    def send(self, request):
        """Sends a request and reads its answer: (status, headers, body)."""
        self.sock.sendall(request)
        while b"\r\n\r\n" not in self.buf:
            self.buf += self.recv()
        head, self.buf = self.buf.split(b"\r\n\r\n", 1)
        lines = head.decode("latin-1").split("\r\n")
        headers = {k.strip().lower(): v.strip() for k, v in (line.split(":", 1) for line in lines[1:])}
        length = int(headers["content-length"])
        while len(self.buf) < length:
            self.buf += self.recv()
        body, self.buf = self.buf[:length], self.buf[length:]
        return int(lines[0].split()[1]), headers, body

    def recv(self):
        # 64 KiB at a time: recv(1 << 20) made Python allocate 1 MiB per read, a cost only riskmap's side paid.
        chunk = self.sock.recv(1 << 16)
        if not chunk:
            raise ConnectionError("riskmap closed the connection")
        return chunk


def pct(v, q):
    v = sorted(v)
    return round(v[min(len(v) - 1, int(q * len(v)))], 3)


def agree(a, b):
    return (a < 0 and b < 0) or (a >= 0 and b >= 0 and abs(a - b) <= 0.001 * max(a, 1e-9))


def run(path, zoned, rm):
    pairs = list(csv.DictReader(open(path)))
    ms, http_ms, server_ms, rel, off, http_off = [], [], [], [], [], []
    for i, p in enumerate(pairs):
        args = (int(p["source"]), int(p["target"]))
        if zoned:
            args = ("{" + ",".join(p["closed"].split()) + "}",) + args

        def pgrouting():
            t0 = time.perf_counter()
            (length,) = pg.execute(zoned_sql if zoned else sql, args).fetchone()
            ms.append((time.perf_counter() - t0) * 1000)
            return length

        def riskmap():
            request = rm.request(body(p, zoned))
            t0 = time.perf_counter()
            status, headers, answer = rm.send(request)
            http_ms.append((time.perf_counter() - t0) * 1000)
            assert status == 200, answer[:300]
            timing = headers.get("server-timing", "")
            if "dur=" in timing:
                server_ms.append(float(timing.split("dur=")[1].split(";")[0]))
            a = json.loads(answer)
            return a["features"][0]["properties"]["length_m"] if a["status"] == "ok" else -1

        sides = [pgrouting] if rm is None else [riskmap, pgrouting] if i % 2 == 0 else [pgrouting, riskmap]
        got = {f.__name__: f() for f in sides}
        length = got["pgrouting"]
        ours = float(p["riskmap_m"])
        rel.append(0 if length < 0 or ours < 0 else abs(length - ours) / max(length, 1e-9))
        if not agree(length, ours):
            off.append({"source": p["source"], "target": p["target"], "riskmap_m": ours, "pgrouting_m": length})
        # The answer rounds its length to 0.1 m.
        if rm is not None and not agree(length, got["riskmap"]):
            http_off.append({"source": p["source"], "target": p["target"], "riskmap_http_m": got["riskmap"], "pgrouting_m": length})
    r_ms = [float(p["riskmap_ms"]) for p in pairs]
    out = {
        "pairs": len(pairs), "same_length": len(pairs) - len(off), "no_route": sum(1 for p in pairs if float(p["riskmap_m"]) < 0),
        "largest_difference": max(rel), "examples_off": off[:5],
        "riskmap_in_process_ms": {"p50": pct(r_ms, 0.5), "p99": pct(r_ms, 0.99)},
        "pgrouting_libpq_ms": {"p50": pct(ms, 0.5), "p99": pct(ms, 0.99)},
        "ratio_p50_in_process": round(statistics.median(ms) / statistics.median(r_ms), 1),
    }
    if rm is not None:
        out.update({
            "riskmap_http_same_length": len(pairs) - len(http_off), "riskmap_http_examples_off": http_off[:5],
            "riskmap_http_ms": {"p50": pct(http_ms, 0.5), "p99": pct(http_ms, 0.99)},
            "riskmap_server_timing_ms": {"p50": pct(server_ms, 0.5), "p99": pct(server_ms, 0.99)} if server_ms else None,
            "ratio_p50_client_to_client": round(statistics.median(ms) / statistics.median(http_ms), 1),
            "ratio_p99_client_to_client": round(pct(ms, 0.99) / pct(http_ms, 0.99), 1),
        })
    return out


rm = Riskmap(url.hostname, url.port) if url else None
# Warm both: the server builds its road network on the first route.
for p in list(csv.DictReader(open(zones_path)))[:5]:
    pg.execute(sql, (int(p["source"]), int(p["target"]))).fetchone()
    if rm:
        rm.send(rm.request(body(p, True)))
print(json.dumps({"unconstrained": run(pairs_path, False, rm), "50 closed circles": run(zones_path, True, rm)}))
