"""Edit to fresh tile: PATCH a risk's level through the API, then GET the grid+risks tile over it, and time the
pair (keep-alive connection, loopback). Checks that the tile shows the change every time.

Usage: edit_to_tile.py BASE_URL TOKEN [ROUNDS]
"""
import gzip
import http.client
import json
import math
import statistics
import sys
import time
import urllib.parse

import mapbox_vector_tile

base, token = sys.argv[1], sys.argv[2]
rounds = int(sys.argv[3]) if len(sys.argv) > 3 else 200
url = urllib.parse.urlparse(base)
conn = http.client.HTTPConnection(url.hostname, url.port)


def request(method, path, body=None, headers=None):
    conn.request(method, path, body=body, headers=headers or {})
    r = conn.getresponse()
    data = r.read()
    if r.getheader("Content-Encoding") == "gzip":
        data = gzip.decompress(data)
    return r.status, data


status, data = request("GET", "/collections/risks/items?limit=50&level=significant")
risks = json.loads(data)["features"]
samples = []
for i in range(rounds):
    risk = risks[i % len(risks)]
    lon, lat = risk["geometry"]["coordinates"]
    z = 14
    n = 2 ** z
    x = int((lon + 180) / 360 * n)
    y = int((1 - math.log(math.tan(math.radians(lat)) + 1 / math.cos(math.radians(lat))) / math.pi) / 2 * n)
    level = "major" if i % 2 == 0 else "significant"
    t0 = time.perf_counter()
    s1, _ = request("PATCH", f"/collections/risks/items/{risk['id']}",
                    json.dumps({"type": "Feature", "properties": {"level": level}}),
                    {"Authorization": f"Bearer {token}", "Content-Type": "application/geo+json"})
    s2, tile = request("GET", f"/tiles/grid,risks/{z}/{x}/{y}.mvt", headers={"Accept-Encoding": "gzip"})
    samples.append(time.perf_counter() - t0)
    assert s1 == 200 and s2 == 200, (s1, s2)
    got = [f for f in mapbox_vector_tile.decode(tile)["risks"]["features"] if f["id"] == risk["id"]]
    assert got and got[0]["properties"]["level"] == level, "stale tile"
samples.sort()
print(json.dumps({"rounds": rounds, "p50_ms": statistics.median(samples) * 1000,
                  "p99_ms": samples[min(len(samples) - 1, int(len(samples) * 0.99))] * 1000,
                  "max_ms": samples[-1] * 1000}))
