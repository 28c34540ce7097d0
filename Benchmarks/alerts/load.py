"""The alert load test's client side (see run.sh): listeners, a tile reader and the poster, Python's standard
library only. Usage: load.py BASE EDITOR_TOKEN REPORTS CLIENTS"""
import http.client
import json
import statistics
import sys
import threading
import time
import urllib.parse

base, token, reports, clients = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
host, port = urllib.parse.urlparse(base).hostname, urllib.parse.urlparse(base).port



def get_json(path):
    c = http.client.HTTPConnection(host, port, timeout=30)
    c.request("GET", path)
    return json.loads(c.getresponse().read())


sites = [f["geometry"]["coordinates"] for f in get_json("/collections/sites/items?limit=500")["features"] if f["geometry"]["type"] == "Point"][:200]
source = get_json("/collections/risk_sources/items?limit=1")["features"][0]["id"]
tiles = [f"/tiles/risk_sources,risks,sites/{z}/{x}/{y}.mvt" for z, x, y in [(12, 3430, 1667), (13, 6861, 3335), (11, 1715, 833), (14, 13723, 6671)]]

received = [[] for _ in range(clients)]     # per client: (alert id, cause id, time received)
ready = threading.Barrier(clients + 1)
stop = threading.Event()
failures = []


def listen(n):
    c = http.client.HTTPConnection(host, port, timeout=120)
    c.request("GET", "/alerts/stream")
    r = c.getresponse()
    if r.status != 200:
        failures.append(f"stream {n}: {r.status}")
    ready.wait()
    event = {}
    while not stop.is_set():
        line = r.fp.readline()
        if not line:
            break
        line = line.decode().rstrip("\n")
        if line.startswith("id: "):
            event["id"] = int(line[4:])
        elif line.startswith("data: "):
            event["data"] = json.loads(line[6:])
        elif line == "" and "id" in event:
            received[n].append((event["id"], event["data"]["properties"]["cause_id"], time.monotonic()))
            event = {}


def read_tiles():
    c = http.client.HTTPConnection(host, port, timeout=30)
    i = 0
    while not stop.is_set():
        c.request("GET", tiles[i % len(tiles)])
        r = c.getresponse()
        r.read()
        if r.status not in (200, 204):
            failures.append(f"tile {r.status}")
        i += 1
    reads.append(i)


reads = []
threads = [threading.Thread(target=listen, args=(n,), daemon=True) for n in range(clients)]
for t in threads:
    t.start()
ready.wait()
tile_thread = threading.Thread(target=read_tiles, daemon=True)
tile_thread.start()

posted = {}         # report id -> time its 201 arrived
post_ms = []
c = http.client.HTTPConnection(host, port, timeout=30)
start = time.monotonic()
for i in range(reports):
    lon, lat = sites[i % len(sites)]
    body = json.dumps({"type": "Feature", "geometry": {"type": "Point", "coordinates": [lon + 0.0005, lat]},
                       "properties": {"reporter": "bench", "source_id": source, "activity": "hot_work", "level": "major",
                                      "impact_radius_m": 200, "valid_from": "2020-01-01T00:00:00Z", "valid_to": "2099-01-01T00:00:00Z"}})
    t0 = time.monotonic()
    c.request("POST", "/collections/reports/items", body, {"Content-Type": "application/geo+json", "Authorization": f"Bearer {token}"})
    r = c.getresponse()
    answer = r.read()
    t1 = time.monotonic()
    if r.status != 201:
        failures.append(f"post {r.status}: {answer[:200]!r}")
        continue
    posted[json.loads(answer)["id"]] = t1
    post_ms.append((t1 - t0) * 1000)
elapsed = time.monotonic() - start
deadline = time.monotonic() + 10
while time.monotonic() < deadline and any(len(r) < len(posted) for r in received):
    time.sleep(0.05)
stop.set()
time.sleep(0.2)

latencies = []
complete = in_order = 0
for n in range(clients):
    ids = [a for a, _, _ in received[n]]
    causes = [cause for _, cause, _ in received[n]]
    if sorted(causes) == sorted(posted) and len(set(ids)) == len(ids):
        complete += 1
    if ids == sorted(ids):
        in_order += 1
    latencies += [(t - posted[cause]) * 1000 for _, cause, t in received[n] if cause in posted]


def pct(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(p * len(values)))] if values else float("nan")


print(f"{len(posted)} reports posted in {elapsed:.1f} s ({len(posted) / elapsed:.0f}/s), post p50 {pct(post_ms, .5):.1f} ms, p99 {pct(post_ms, .99):.1f} ms; "
      f"{sum(reads)} tiles read meanwhile")
print(f"{clients} clients: {complete} received every alert exactly once, {in_order} in order; failures: {len(failures)} {failures[:3]}")
print(f"alert latency from the 201 to each client ({len(latencies)} deliveries): p50 {pct(latencies, .5):.1f} ms, "
      f"p99 {pct(latencies, .99):.1f} ms, max {max(latencies) if latencies else float('nan'):.1f} ms")
sys.exit(0 if complete == clients and in_order == clients and not failures else 1)
