"""Writes for the soak: inserts, patches and deletes sites through the API until the deadline, and reports
the statuses it got as JSON. Usage: soak_writer.py BASE_URL TOKEN SECONDS"""
import http.client
import json
import sys
import time
import urllib.parse
from collections import Counter

base, token, seconds = sys.argv[1], sys.argv[2], float(sys.argv[3])
url = urllib.parse.urlparse(base)
conn = http.client.HTTPConnection(url.hostname, url.port, timeout=30)
headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/geo+json"}
statuses = Counter()
deadline = time.time() + seconds
i = 0
while time.time() < deadline:
    i += 1
    body = json.dumps({"type": "Feature", "geometry": {"type": "Point", "coordinates": [120.62 + (i % 100) * 0.001, 31.31]},
                       "properties": {"name": f"soak {i}", "category": "school", "capacity": i % 3000}})
    conn.request("POST", "/collections/sites/items", body, headers)
    r = conn.getresponse(); data = r.read(); statuses[r.status] += 1
    if r.status != 201:
        continue
    fid = json.loads(data)["id"]
    conn.request("PATCH", f"/collections/sites/items/{fid}", json.dumps({"type": "Feature", "properties": {"capacity": 1}}), headers)
    r = conn.getresponse(); r.read(); statuses[r.status] += 1
    if i % 2 == 0:
        conn.request("DELETE", f"/collections/sites/items/{fid}", None, headers)
        r = conn.getresponse(); r.read(); statuses[r.status] += 1
print(json.dumps({"writes": sum(statuses.values()), "statuses": statuses}))
