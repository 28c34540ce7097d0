"""pgRouting side of Benchmarks/peers/pgrouting.sh: routes the pairs of PAIRS.csv with pgr_dijkstra (directed, cost
and reverse_cost in metres, the edges SQL read per call as pgRouting is used) through libpq, and compares each
length with riskmap's; then the pairs of PAIRS-ZONES.csv with the roads riskmap's closed circles shut left out in
the edges SQL. Prints one JSON object.

    python3 Benchmarks/peers/pgrouting_routes.py DSN PAIRS.csv PAIRS-ZONES.csv
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
# The closed roads go into the edges SQL as an array literal, as a caller of pgRouting would write them.
zoned_sql = ("SELECT coalesce(max(agg_cost), -1) FROM pgr_dijkstra("
             "'SELECT id, source, target, cost, reverse_cost FROM edges WHERE NOT (id = ANY(''' || %s::text || '''::int[]))', "
             "%s::bigint, %s::bigint, true)")


def pct(v, q):
    v = sorted(v)
    return round(v[min(len(v) - 1, int(q * len(v)))], 3)


def run(path, zoned):
    pairs = list(csv.DictReader(open(path)))
    ms, rel, off = [], [], []
    for p in pairs:
        args = (int(p["source"]), int(p["target"]))
        if zoned:
            args = ("{" + ",".join(p["closed"].split()) + "}",) + args
        t0 = time.perf_counter()
        (length,) = pg.execute(zoned_sql if zoned else sql, args).fetchone()
        ms.append((time.perf_counter() - t0) * 1000)
        ours = float(p["riskmap_m"])
        same = (length < 0 and ours < 0) or (length >= 0 and ours >= 0 and abs(length - ours) <= 0.001 * max(length, 1e-9))
        rel.append(0 if length < 0 or ours < 0 else abs(length - ours) / max(length, 1e-9))
        if not same:
            off.append({"source": p["source"], "target": p["target"], "riskmap_m": ours, "pgrouting_m": length})
    r_ms = [float(p["riskmap_ms"]) for p in pairs]
    return {
        "pairs": len(pairs), "same_length": len(pairs) - len(off), "no_route": sum(1 for p in pairs if float(p["riskmap_m"]) < 0),
        "largest_difference": max(rel), "examples_off": off[:5],
        "riskmap_in_process_ms": {"p50": pct(r_ms, 0.5), "p99": pct(r_ms, 0.99)},
        "pgrouting_libpq_ms": {"p50": pct(ms, 0.5), "p99": pct(ms, 0.99)},
        "ratio_p50": round(statistics.median(ms) / statistics.median(r_ms), 1),
    }


first = next(csv.DictReader(open(pairs_path)))
pg.execute(sql, (int(first["source"]), int(first["target"]))).fetchone()  # warm
print(json.dumps({"unconstrained": run(pairs_path, False), "50 closed circles": run(sys.argv[3], True)}))
