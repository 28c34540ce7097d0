"""PostGIS side of `riskmap-bench tiles`: times riskmap_tile(z, x, y) (see postgis.sh) through libpq.

    python3 Benchmarks/peers/postgis_tiles.py DSN TILES.txt PASSES

TILES.txt holds "z x y" lines. One untimed pass warms the caches, then PASSES timed passes; each sample is the
wall time of one prepared query, bytes received (binary mode, no hex decoding). Prints one JSON object per
tile: z, x, y, ms (the samples), bytes, and features per layer, counted by walking the MVT protobuf, so the
caller can check that both servers drew the same features. Needs psycopg 3 (pip install "psycopg[binary]").
"""
import json
import sys
import time

import psycopg


def varint(b, i):
    v = s = 0
    while True:
        c = b[i]
        i += 1
        v |= (c & 0x7F) << s
        s += 7
        if c < 0x80:
            return v, i


def fields(b):
    """(field number, wire type, value or bytes) of one protobuf message."""
    i = 0
    while i < len(b):
        key, i = varint(b, i)
        f, t = key >> 3, key & 7
        if t == 0:
            v, i = varint(b, i)
        elif t == 2:
            n, i = varint(b, i)
            v, i = b[i:i + n], i + n
        elif t == 1:
            v, i = b[i:i + 8], i + 8
        elif t == 5:
            v, i = b[i:i + 4], i + 4
        else:
            raise ValueError(f"wire type {t}")
        yield f, t, v


def layer_counts(tile):
    counts = {}
    for f, _, layer in fields(tile):
        if f != 3:
            continue
        name, n = None, 0
        for lf, _, v in fields(layer):
            if lf == 1:
                name = bytes(v).decode()
            elif lf == 2:
                n += 1
        counts[name] = counts.get(name, 0) + n
    return counts


def main():
    dsn, path, passes = sys.argv[1], sys.argv[2], int(sys.argv[3])
    tiles = [tuple(map(int, line.split())) for line in open(path) if line.strip()]
    samples = {t: [] for t in tiles}
    body = {}
    with psycopg.connect(dsn, autocommit=True) as conn:
        cur = conn.cursor(binary=True)
        query = "SELECT riskmap_tile(%s, %s, %s)"
        for timed in [False] + [True] * passes:
            for t in tiles:
                t0 = time.perf_counter()
                cur.execute(query, t, prepare=True)
                data = cur.fetchone()[0]
                dt = time.perf_counter() - t0
                if timed:
                    samples[t].append(dt * 1000)
                else:
                    body[t] = bytes(data)
    for t in tiles:
        print(json.dumps({"z": t[0], "x": t[1], "y": t[2], "ms": samples[t], "bytes": len(body[t]),
                          "features": layer_counts(body[t])}))


if __name__ == "__main__":
    main()
