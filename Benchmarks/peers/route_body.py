"""The POST /routes body the route benchmarks send for one row of graph-export's pairs CSV: the pair's two nodes as
a MultiPoint, `preference` shortest and, when `zoned`, the row's circles (`lon:lat:radius`) as closed obstacles
(Points with a radius)."""
import json


def body(p, zoned):
    point = lambda s: [float(v) for v in s.split(":")]
    q = {"waypoints": {"type": "MultiPoint", "coordinates": [point(p["from"]), point(p["to"])]}, "preference": "shortest"}
    if zoned:
        q["obstacles"] = {"type": "FeatureCollection", "features": [
            {"type": "Feature", "geometry": {"type": "Point", "coordinates": c[:2]}, "properties": {"radius": c[2]}}
            for c in (point(s) for s in p["circles"].split())]}
    return json.dumps(q, separators=(",", ":")).encode()
