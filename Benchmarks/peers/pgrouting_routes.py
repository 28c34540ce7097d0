"""pgRouting side of Benchmarks/peers/pgrouting.sh: routes the pairs of PAIRS.csv with pgr_dijkstra (directed, cost
and reverse_cost in metres, the edges SQL read per call as pgRouting is used) through libpq, and compares each
length with riskmap's. Prints one JSON object.

    python3 Benchmarks/peers/pgrouting_routes.py DSN PAIRS.csv
"""
import csv
import json
import statistics
import sys
import time

import psycopg

dsn, pairs_path = sys.argv[1], sys.argv[2]
pg = psycopg.connect(dsn, autocommit=True)
sql = ("SELECT coalesce(max(agg_cost), -1) FROM pgr_dijkstra("
       "'SELECT id, source, target, cost, reverse_cost FROM edges', %s::bigint, %s::bigint, true)")
pairs = list(csv.DictReader(open(pairs_path)))
pg.execute(sql, (int(pairs[0]["source"]), int(pairs[0]["target"]))).fetchone()  # warm
ms, rows, off = [], [], []
for p in pairs:
    t0 = time.perf_counter()
    (length,) = pg.execute(sql, (int(p["source"]), int(p["target"])), prepare=True).fetchone()
    ms.append((time.perf_counter() - t0) * 1000)
    ours = float(p["riskmap_m"])
    rel = abs(length - ours) / max(length, 1e-9) if length >= 0 else float("inf")
    rows.append(rel)
    if rel > 0.001:
        off.append({"source": p["source"], "target": p["target"], "riskmap_m": ours, "pgrouting_m": length})
r_ms = [float(p["riskmap_ms"]) for p in pairs]


def pct(v, q):
    v = sorted(v)
    return round(v[min(len(v) - 1, int(q * len(v)))], 3)


print(json.dumps({
    "pairs": len(pairs), "within_0.1%": sum(1 for r in rows if r <= 0.001), "largest_difference": max(rows),
    "examples_off": off[:5],
    "riskmap_in_process_ms": {"p50": pct(r_ms, 0.5), "p99": pct(r_ms, 0.99)},
    "pgrouting_libpq_ms": {"p50": pct(ms, 0.5), "p99": pct(ms, 0.99)},
    "ratio_p50": round(statistics.median(ms) / statistics.median(r_ms), 1),
}))
