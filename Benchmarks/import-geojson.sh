#!/usr/bin/env bash
# Import speed (TARGETS.md: 100k GeoJSON features in ≤ 5 s, faster than ogr2ogr): the 100,000 risks of the
# suzhou-scale demo city exported as GeoJSON, imported by `riskmap import` into a database holding their
# enterprises, and by `ogr2ogr -f SQLite -dsco SPATIALITE=YES` into a new SpatiaLite file, in the same run.
# Usage: Benchmarks/import-geojson.sh [scale] [runs]   (scale: suzhou by default; city for a quick run)
# RISKMAP_BIN=path uses a release binary already built instead of building one.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
scale=${1:-suzhou}
runs=${2:-3}
echo "reproduce: Benchmarks/import-geojson.sh $scale $runs"
bin=${RISKMAP_BIN:-}
if [ -z "$bin" ]; then
  swift build -c release --product riskmap 2>&1 | grep -vE "^\[[0-9]+/[0-9]+\]" || [ "${PIPESTATUS[0]}" -eq 0 ]
  bin=.build/release/riskmap
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$bin" demo --scale "$scale" --seed 1 --db "$work/demo.sqlite" >/dev/null 2>&1
"$bin" export risk_sources --format geojson --out "$work/sources.geojson" --db "$work/demo.sqlite" >/dev/null 2>&1
"$bin" export risks --format geojson --out "$work/risks.geojson" --db "$work/demo.sqlite" >/dev/null 2>&1
features=$(grep -c '^{"type":"Feature",' "$work/risks.geojson")
echo "file: $(du -h "$work/risks.geojson" | cut -f1), $features features; $(nproc) cores; $(date -u +%F)"
"$bin" init --db "$work/base.sqlite" >/dev/null
"$bin" import risk_sources "$work/sources.geojson" --db "$work/base.sqlite" >/dev/null 2>&1

seconds() { local s e; s=$(date +%s.%N); "$@" >/dev/null 2>&1; e=$(date +%s.%N); echo "$e - $s" | bc; }
for i in $(seq "$runs"); do
  cp "$work/base.sqlite" "$work/run.sqlite"
  r=$(seconds "$bin" import risks "$work/risks.geojson" --db "$work/run.sqlite")
  rm -f "$work/ogr.sqlite"
  o=$(seconds ogr2ogr -f SQLite -dsco SPATIALITE=YES "$work/ogr.sqlite" "$work/risks.geojson")
  printf 'run %d: riskmap import %.2f s, ogr2ogr %.2f s, ratio %.2f\n' "$i" "$r" "$o" "$(echo "$o / $r" | bc -l)"
done
