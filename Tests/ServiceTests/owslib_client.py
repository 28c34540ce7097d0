"""Reads riskmap's OGC API – Features with OWSLib, an independent client, and prints what it saw as JSON.

Usage: python3 owslib_client.py BASE_URL
"""
import json
import sys

from owslib.ogcapi.features import Features

base = sys.argv[1]
api = Features(base)
collections = api.collections()["collections"]
risks = api.collection("risks")
page = api.collection_items("risks", limit=25)
filtered = api.collection_items("risks", limit=1000, level="major")
boxed = api.collection_items("sites", bbox=[120.61, 31.30, 120.63, 31.32], limit=1000)
one = api.collection_item("sites", "3")
queryables = api.collection_queryables("risks")
schema = api.collection_schema("sites")
cql = api.collection_items("risks", limit=1000, filter="level = 'major' AND impact_radius_m >= 500", **{"filter-lang": "cql2-text"})
print(json.dumps({
    "conformance": api.conformance()["conformsTo"],
    "collections": [c["id"] for c in collections],
    "risks_title": risks["title"],
    "page_returned": page["numberReturned"],
    "page_matched": page["numberMatched"],
    "page_first_id": page["features"][0]["id"],
    "major": len(filtered["features"]),
    "major_levels": sorted({f["properties"]["level"] for f in filtered["features"]}),
    "boxed": len(boxed["features"]),
    "one_id": one["id"],
    "queryables": sorted(queryables["properties"]),
    "level_enum": queryables["properties"]["level"].get("enum"),
    "schema_valid_from": schema["properties"]["properties"]["properties"]["valid_from"],
    "cql_matched": cql["numberMatched"],
    "cql_rows": sorted({(f["properties"]["level"], f["properties"]["impact_radius_m"] >= 500) for f in cql["features"]}),
}))
