#!/usr/bin/env python3
"""Decodes an MVT file with the PyPI package mapbox-vector-tile and prints JSON for the Swift tests.

An independent reading of riskmap's tiles: geometry comes from mapbox-vector-tile's decoder (y down, tile
units); value types and raw command streams come from its protobuf bindings; winding and command-stream
rules of MVT 2.1 are checked here, so the Swift encoder is never judged by its own code.

Usage: decode_mvt.py TILE.mvt   (exit 3 when mapbox-vector-tile is not installed)
"""
import json
import sys

try:
    import mapbox_vector_tile
    from mapbox_vector_tile.Mapbox import vector_tile_pb2
except ImportError as error:
    print(f"decode_mvt.py needs the PyPI package mapbox-vector-tile "
          f"(pip install -r scripts/requirements-test.txt): {error}", file=sys.stderr)
    sys.exit(3)

GEOM_TYPES = {0: "UNKNOWN", 1: "POINT", 2: "LINESTRING", 3: "POLYGON"}


def zigzag_decode(n):
    return (n >> 1) ^ -(n & 1)


def twice_area(ring):
    """Shoelace sum over a closed ring; positive is clockwise on screen with y down."""
    return sum(ring[i][0] * ring[i + 1][1] - ring[i + 1][0] * ring[i][1] for i in range(len(ring) - 1))


def command_errors(geometry, geom_type):
    """Breaks of the MVT 2.1 command-stream rules (section 4.3) in one feature's raw geometry."""
    errors = []
    i = 0
    x = y = 0
    ring_length = 0
    while i < len(geometry):
        command, count = geometry[i] & 7, geometry[i] >> 3
        i += 1
        if command not in (1, 2, 7):
            errors.append(f"unknown command {command}")
            break
        if command == 7:
            if count != 1:
                errors.append(f"ClosePath with count {count}")
            if geom_type != 3:
                errors.append("ClosePath outside a polygon")
            elif ring_length < 3:
                errors.append(f"ring closed after {ring_length} points")
            continue
        if count == 0:
            errors.append("command with count 0")
        if command == 1 and geom_type in (2, 3) and count != 1:
            errors.append(f"MoveTo with count {count} in a line or polygon")
        if command == 2 and geom_type == 1:
            errors.append("LineTo in a point feature")
        for _ in range(count):
            if i + 1 >= len(geometry):
                errors.append("truncated parameters")
                return errors
            dx, dy = zigzag_decode(geometry[i]), zigzag_decode(geometry[i + 1])
            i += 2
            if command == 2 and dx == 0 and dy == 0:
                errors.append(f"zero-length LineTo at ({x}, {y})")
            x += dx
            y += dy
        ring_length = 1 if command == 1 else ring_length + count
    return errors


def main():
    with open(sys.argv[1], "rb") as f:
        data = f.read()
    raw = vector_tile_pb2.tile()
    raw.ParseFromString(data)
    decoded = mapbox_vector_tile.decode(data, default_options={"y_coord_down": True, "geojson": False})
    layers = []
    for raw_layer in raw.layers:
        layer = decoded[raw_layer.name]
        features = []
        for raw_feature, feature in zip(raw_layer.features, layer["features"]):
            geometry = feature["geometry"]
            polygons = []
            if geometry["type"] == "Polygon":
                polygons = [geometry["coordinates"]]
            elif geometry["type"] == "MultiPolygon":
                polygons = geometry["coordinates"]
            value_types = {}
            for k, v in zip(raw_feature.tags[::2], raw_feature.tags[1::2]):
                value_types[raw_layer.keys[k]] = raw_layer.values[v].ListFields()[0][0].name
            features.append({
                "id": raw_feature.id if raw_feature.HasField("id") else None,
                "type": GEOM_TYPES[raw_feature.type],
                "properties": feature["properties"],
                "value_types": value_types,
                "geometry": geometry,
                "ring_areas": [[twice_area(ring) / 2 for ring in polygon] for polygon in polygons],
                "command_errors": command_errors(list(raw_feature.geometry), raw_feature.type),
            })
        layers.append({
            "name": raw_layer.name,
            "version": raw_layer.version,
            "extent": raw_layer.extent,
            "keys": list(raw_layer.keys),
            "value_count": len(raw_layer.values),
            "features": features,
        })
    json.dump({"layers": layers}, sys.stdout)


if __name__ == "__main__":
    main()
