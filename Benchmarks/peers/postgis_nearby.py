"""Nearby hazards, riskmap against PostGIS's KNN (issue 16), both as a client sees them.

    python3 Benchmarks/peers/postgis_nearby.py DSN RISKMAP_URL POINTS

For POINTS random points over the data's extent (seeded), the hazards within 2 km, nearest 50, of the five hazard
layers (risk sources, risks, pipelines, active reports, active crowded sites):
- riskmap: GET /analysis/nearby?lon=&lat=&radius=2000&limit=50 over one keep-alive connection, timed to the last
  byte of the answer (its GeoJSON decoded after the clock stops);
- PostGIS: one prepared query per point, each layer `ST_DWithin(geom::geography, p, 2000) ORDER BY
  geom::geography <-> p LIMIT 50` on a GiST index of geom::geography, the five merged by distance, LIMIT 50,
  through libpq (psycopg 3), timed to the last row fetched; and the same query's own execution time (EXPLAIN
  ANALYZE) on a sample, against riskmap's own (its Server-Timing header) in the same run.
Both answers are compared: the same (layer, fid) pairs, distances within 0.5 m. Prints one JSON object.
"""
import http.client
import json
import random
import statistics
import sys
import time
import urllib.parse

import psycopg

LAYERS = ["risk_sources", "risks", "pipelines", "reports", "sites"]
WINDOWED = {"risks", "reports", "sites"}


def main():
    dsn, url, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
    pg = psycopg.connect(dsn, autocommit=True)
    for t in LAYERS:
        pg.execute(f"CREATE INDEX IF NOT EXISTS {t}_geog ON {t} USING GIST ((geom::geography))")
        pg.execute(f"ANALYZE {t}")
    box = pg.execute("SELECT ST_XMin(e), ST_YMin(e), ST_XMax(e), ST_YMax(e) FROM (SELECT ST_Extent(geom) AS e FROM risk_sources) q").fetchone()
    parts = []
    for t in LAYERS:
        active = " AND (valid_from IS NULL OR valid_from::timestamptz <= now()) AND (valid_to IS NULL OR valid_to::timestamptz > now())" if t in WINDOWED else ""
        parts.append(f"(SELECT '{t}' AS layer, fid, ST_Distance(geom::geography, p.g) AS d FROM {t}, p "
                     f"WHERE ST_DWithin(geom::geography, p.g, 2000){active} ORDER BY geom::geography <-> p.g LIMIT 50)")
    sql = ("WITH p AS (SELECT ST_SetSRID(ST_MakePoint(%s, %s), 4326)::geography AS g) SELECT layer, fid, d FROM ("
           + " UNION ALL ".join(parts) + ") u ORDER BY d, layer, fid LIMIT 50")
    rnd = random.Random(16)
    # Points where the hazards are: near random enterprises, so that most searches find something.
    anchors = pg.execute("SELECT ST_X(geom), ST_Y(geom) FROM risk_sources WHERE GeometryType(geom) = 'POINT' ORDER BY fid").fetchall()
    points = []
    for _ in range(n):
        x, y = anchors[rnd.randrange(len(anchors))]
        points.append((x + rnd.uniform(-0.01, 0.01), y + rnd.uniform(-0.01, 0.01)))

    parsed = urllib.parse.urlparse(url)
    conn = http.client.HTTPConnection(parsed.hostname, parsed.port)

    server_ms = []

    # Timed: the request and every byte or row of the answer received; the answers are decoded after. riskmap's own
    # time for the answer comes back in its Server-Timing header.
    def riskmap(p):
        conn.request("GET", f"/analysis/nearby?lon={p[0]}&lat={p[1]}&radius=2000&limit=50&layers={','.join(LAYERS)}")
        r = conn.getresponse()
        body = r.read()
        assert r.status == 200, body[:200]
        timing = r.getheader("Server-Timing") or ""
        if "dur=" in timing:
            server_ms.append(float(timing.split("dur=")[1].split(";")[0]))
        return body

    def postgis(p):
        return pg.execute(sql, p, prepare=True).fetchall()

    def decode(name, answer):
        if name == "r":
            return [(f["properties"]["layer"], f["properties"]["fid"], f["properties"]["distance_m"]) for f in json.loads(answer)["features"]]
        return [(layer, fid, d) for layer, fid, d in answer]

    for p in points[:10]:  # warm both
        riskmap(p)
        postgis(p)
    server_ms.clear()
    r_ms, p_ms, mismatches, compared, found = [], [], [], 0, 0
    for i, p in enumerate(points):
        # Alternate which side goes first.
        sides = [("r", riskmap), ("p", postgis)] if i % 2 == 0 else [("p", postgis), ("r", riskmap)]
        got = {}
        for name, f in sides:
            t0 = time.perf_counter()
            answer = f(p)
            (r_ms if name == "r" else p_ms).append((time.perf_counter() - t0) * 1000)
            got[name] = decode(name, answer)
        found += len(got["r"])
        # The same hazards: pairs within the 50th distance of both (ties at the cut may differ), distances within 0.5 m.
        cut = min(got["r"][-1][2] if got["r"] else 0, got["p"][-1][2] if got["p"] else 0) - 0.5
        a = {(l, f): d for l, f, d in got["r"] if d < cut}
        b = {(l, f): d for l, f, d in got["p"] if d < cut}
        compared += len(a)
        if set(a) != set(b) or any(abs(a[k] - b[k]) > 0.5 for k in a):
            mismatches.append({"point": p, "only_riskmap": sorted(set(a) - set(b))[:5], "only_postgis": sorted(set(b) - set(a))[:5]})
    server = []
    for p in points[: min(50, n)]:
        plan = pg.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + sql, p).fetchone()[0]
        server.append(plan[0]["Execution Time"])

    def pct(v, q):
        v = sorted(v)
        return round(v[min(len(v) - 1, int(q * len(v)))], 2)

    print(json.dumps({
        "points": n, "hazards_found_per_point": round(found / n, 1), "pairs_compared": compared, "mismatches": len(mismatches),
        "mismatch_examples": mismatches[:3],
        "riskmap_http_ms": {"p50": round(statistics.median(r_ms), 2), "p99": pct(r_ms, 0.99)},
        "postgis_libpq_ms": {"p50": round(statistics.median(p_ms), 2), "p99": pct(p_ms, 0.99)},
        "postgis_execution_ms": {"p50": round(statistics.median(server), 2), "p99": pct(server, 0.99)},
        "riskmap_server_timing_ms": {"p50": round(statistics.median(server_ms), 3), "p99": pct(server_ms, 0.99)} if server_ms else None,
        "ratio_client_p50": round(statistics.median(p_ms) / statistics.median(r_ms), 1),
        "ratio_server_p50": round(statistics.median(server) / statistics.median(server_ms), 1) if server_ms else None,
    }, ensure_ascii=False))


main()
