"""A generated city for the tile benchmarks, with what riskmap's demo does not make: lines with realistic vertex
counts (curvy pipelines averaging ~60 vertices) and risks clustered round their enterprises.

    python3 Benchmarks/data/gen_city.py OUT_DIR [--seed 1] [--scale 1.0]

Writes GeoJSON FeatureCollections OUT_DIR/{risk_sources,risks,sites,pipelines}.geojson (scale 1: 8,000 risk
sources in 40 industrial clusters, 40,000 risks, 5,000 sites, 1,500 pipelines) around 114.30 E, 30.60 N, every
required field of docs/DATA-MODEL.md filled. Deterministic for a seed. Import in that order into an empty
database (risks name their sources by fid 1…N, which an empty database gives the sources in file order):

    for l in risk_sources risks sites pipelines; do riskmap import $l OUT_DIR/$l.geojson --db city.sqlite; done
"""
import argparse
import json
import math
import os
import random

LON0, LAT0 = 114.30, 30.60
M_LAT = 1 / 111_320.0
M_LON = 1 / (111_320.0 * math.cos(math.radians(LAT0)))

SECTORS = ["hazardous_chemicals", "dust_explosion", "metallurgy", "confined_space", "gas", "construction",
           "transport", "ammonia_refrigeration", "industry_trade"]
LEVELS = [("major", 3), ("significant", 12), ("general", 40), ("low", 45)]
CATEGORIES = ["school", "kindergarten", "hospital", "elderly_care", "mall", "market", "religious", "stadium",
              "station", "hotel"]
KINDS = [("gas_transmission", 15), ("city_gas", 45), ("oil", 10), ("product_oil", 15), ("chemical", 15)]
MEDIUM = {"gas_transmission": "natural gas", "city_gas": "natural gas", "oil": "crude oil",
          "product_oil": "diesel", "chemical": "ethylene"}


def pick(rng, weighted):
    return rng.choices([v for v, _ in weighted], weights=[w for _, w in weighted])[0]


def lonlat(x, y):
    """Metres east/north of the centre to lon/lat, 7 decimals."""
    return [round(LON0 + x * M_LON, 7), round(LAT0 + y * M_LAT, 7)]


def write(path, features):
    with open(path, "w") as f:
        f.write('{"type":"FeatureCollection","features":[\n')
        for i, feat in enumerate(features):
            f.write(("," if i else "") + json.dumps(feat, ensure_ascii=False, separators=(",", ":")) + "\n")
        f.write("]}\n")


def point(x, y, props):
    return {"type": "Feature", "geometry": {"type": "Point", "coordinates": lonlat(x, y)}, "properties": props}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--scale", type=float, default=1.0)
    a = ap.parse_args()
    rng = random.Random(a.seed)
    os.makedirs(a.out, exist_ok=True)
    n_sources, n_risks = int(8000 * a.scale), int(40000 * a.scale)
    n_sites, n_pipes = int(5000 * a.scale), int(1500 * a.scale)
    half = 20_000  # the city spans 40 km

    # Industrial clusters: a few big parks near the centre, more small ones outside.
    clusters = [(rng.gauss(0, half / 2), rng.gauss(0, half / 2), rng.uniform(300, 2500), rng.paretovariate(1.2))
                for _ in range(40)]
    weights = [c[3] for c in clusters]
    sources = []
    for i in range(n_sources):
        cx, cy, r, _ = rng.choices(clusters, weights=weights)[0]
        x, y = rng.gauss(cx, r), rng.gauss(cy, r)
        props = {"name": f"Enterprise {i + 1}", "sector": rng.choice(SECTORS),
                 "credit_code": "91420100%010d" % rng.randrange(10 ** 10)}
        if rng.random() < 0.08:
            props["hazard_grade"] = rng.randint(1, 4)
        sources.append((x, y, point(x, y, props)))
    write(f"{a.out}/risk_sources.geojson", [s[2] for s in sources])

    risks = []
    for i in range(n_risks):
        sid = rng.randrange(n_sources)
        x, y, _ = sources[sid]
        level = pick(rng, LEVELS)
        risks.append(point(rng.gauss(x, 60), rng.gauss(y, 60), {
            "source_id": sid + 1, "name": f"Risk {i + 1}", "level": level,
            "place": rng.choice(["tank farm", "warehouse", "workshop", "loading bay", "boiler room", "pipe rack"]),
            "impact_radius_m": {"major": 1000, "significant": 500, "general": 200, "low": 50}[level]}))
    write(f"{a.out}/risks.geojson", risks)

    sites = []
    for i in range(n_sites):
        x, y = (rng.gauss(0, half / 2.5), rng.gauss(0, half / 2.5)) if rng.random() < 0.7 else \
            (rng.uniform(-half, half), rng.uniform(-half, half))
        cat = rng.choice(CATEGORIES)
        sites.append(point(x, y, {"name": f"{cat.replace('_', ' ').title()} {i + 1}", "category": cat,
                                  "capacity": rng.choice([200, 500, 1000, 3000, 10000])}))
    write(f"{a.out}/sites.geojson", sites)

    # Pipelines: a random walk whose heading turns smoothly, 25–150 vertices (mean ~65), 40–160 m apart.
    pipes = []
    total_vertices = 0
    for i in range(n_pipes):
        kind = pick(rng, KINDS)
        x, y = rng.uniform(-half, half), rng.uniform(-half, half)
        heading = rng.uniform(0, 2 * math.pi)
        turn = 0.0
        n = max(25, min(150, int(rng.gauss(65, 25))))
        coords = [lonlat(x, y)]
        for _ in range(n - 1):
            turn = 0.8 * turn + rng.gauss(0, 0.08)
            heading += turn
            step = rng.uniform(40, 160)
            x, y = x + step * math.cos(heading), y + step * math.sin(heading)
            coords.append(lonlat(x, y))
        total_vertices += n
        pipes.append({"type": "Feature", "geometry": {"type": "LineString", "coordinates": coords}, "properties": {
            "name": f"Pipeline {i + 1}", "kind": kind,
            "diameter_mm": rng.choice([100, 150, 200, 300, 500, 700, 1000]),
            "maop_mpa": rng.choice([0.4, 1.6, 4.0, 6.3, 10.0]), "medium": MEDIUM[kind]}})
    write(f"{a.out}/pipelines.geojson", pipes)
    print(f"{n_sources} risk sources, {n_risks} risks, {n_sites} sites, {n_pipes} pipelines "
          f"({total_vertices / max(1, n_pipes):.1f} vertices per line on average) in {a.out}")


if __name__ == "__main__":
    main()
