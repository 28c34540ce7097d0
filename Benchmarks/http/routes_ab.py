"""Client of Benchmarks/http/routes-ab.sh: POST /routes to several riskmap servers, alternating request by request
(which server goes first alternates too), one keep-alive HTTP/1.1 connection each (TCP_NODELAY), on the pairs of
graph-export's PAIRS-ZONES.csv: unconstrained, then with the pair's 50 circles closed, as pgrouting_routes.py sends
them. Each request is timed from its first byte to the answer's last (Content-Length read exactly); the handler's
time is the answer's Server-Timing; the server's CPU per request is read from /proc/PID/stat around each mode.

    python3 routes_ab.py PAIRS-ZONES.csv ROUNDS URL@PID [URL@PID ...]
"""
import csv
import json
import os
import socket
import statistics
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "peers"))
from route_body import body  # noqa: E402

pairs_path, rounds, targets = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
urls = [t.split("@")[0] for t in targets]
pids = [int(t.split("@")[1]) for t in targets]
tick_ms = 1000 / os.sysconf("SC_CLK_TCK")


def cpu_ms(pid):
    """The process's user and system time so far."""
    fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) * tick_ms


class Client:
    def __init__(self, url):
        host, port = url.split("//")[1].rstrip("/").split(":")
        self.host = f"{host}:{port}"
        self.sock = socket.create_connection((host, int(port)))
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.buf = b""

    def send(self, body):
        """(round trip ms, handler ms, answer bytes) of one POST /routes."""
        request = (f"POST /routes HTTP/1.1\r\nHost: {self.host}\r\nContent-Type: application/json\r\n"
                   f"Content-Length: {len(body)}\r\n\r\n").encode() + body
        t0 = time.perf_counter()
        self.sock.sendall(request)
        while b"\r\n\r\n" not in self.buf:
            self.buf += self.sock.recv(1 << 20)
        head, self.buf = self.buf.split(b"\r\n\r\n", 1)
        lines = head.decode("latin-1").split("\r\n")
        headers = {k.strip().lower(): v.strip() for k, v in (line.split(":", 1) for line in lines[1:])}
        length = int(headers["content-length"])
        while len(self.buf) < length:
            self.buf += self.sock.recv(1 << 20)
        answer, self.buf = self.buf[:length], self.buf[length:]
        ms = (time.perf_counter() - t0) * 1000
        assert lines[0].split()[1] == "200", answer[:300]
        return ms, float(headers["server-timing"].split("dur=")[1].split(";")[0]), answer


def pct(v, q):
    v = sorted(v)
    return v[min(len(v) - 1, int(q * len(v)))]


clients = [Client(u) for u in urls]
pairs = list(csv.DictReader(open(pairs_path)))
for mode in ["unconstrained", "50 closed circles"]:
    bodies = [body(p, mode != "unconstrained") for p in pairs]
    answers = [[None] * len(bodies) for _ in clients]
    for c in clients:
        for b in bodies[:10]:
            c.send(b)
    trips, handler = [[] for _ in clients], [[] for _ in clients]
    cpu0 = [cpu_ms(pid) for pid in pids]
    for r in range(rounds):
        for i, b in enumerate(bodies):
            for k in (range(len(clients)) if (i + r) % 2 == 0 else reversed(range(len(clients)))):
                ms, server, answer = clients[k].send(b)
                trips[k].append(ms)
                handler[k].append(server)
                answers[k][i] = answer
    cpu1 = [cpu_ms(pid) for pid in pids]
    same = sum(1 for i in range(len(bodies)) if all(json.loads(a[i])["features"] == json.loads(answers[0][i])["features"] for a in answers))
    for k, u in enumerate(urls):
        print(f"| {mode} | {u} | {statistics.median(trips[k]):.3f} / {pct(trips[k], 0.99):.2f} ms | "
              f"{statistics.median(handler[k]):.3f} / {pct(handler[k], 0.99):.2f} ms | {(cpu1[k] - cpu0[k]) / len(trips[k]):.3f} ms | "
              f"{statistics.mean(len(a) for a in answers[k]):.0f} B |")
    print(f"({len(trips[0])} requests each; {same} of {len(bodies)} answers' features the same on every server)")
