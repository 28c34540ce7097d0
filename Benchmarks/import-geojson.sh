#!/usr/bin/env bash
# Import speed (TARGETS.md: 100k GeoJSON features in ≤ 5 s, faster than ogr2ogr) on a file riskmap did not write:
# the 100,000 risks of the suzhou-scale demo city exported as CSV, rewritten by GDAL (`ogr2ogr -f GeoJSON`, RFC 7946,
# GDAL's own formatting) with another key order, properties riskmap does not know, numbers as strings and null
# properties. `riskmap import risks` (with a mapping naming the known properties) loads it into a database holding
# their enterprises; `ogr2ogr -f SQLite -dsco SPATIALITE=YES` loads the same file into a new SpatiaLite file;
# the two alternate in the same run. Each is timed as a whole process (wall clock), with its peak RSS.
# Usage: Benchmarks/import-geojson.sh [scale] [runs]   (scale: suzhou by default; city for a quick run)
# RISKMAP_BIN=path uses a release binary already built instead of building one.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
scale=${1:-suzhou}
runs=${2:-5}
echo "reproduce: Benchmarks/import-geojson.sh $scale $runs"
command -v /usr/bin/time >/dev/null || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq time >/dev/null
bin=${RISKMAP_BIN:-}
if [ -z "$bin" ]; then
  swift build -c release --product riskmap 2>&1 | grep -vE "^\[[0-9]+/[0-9]+\]" || [ "${PIPESTATUS[0]}" -eq 0 ]
  bin=.build/release/riskmap
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$bin" demo --scale "$scale" --seed 1 --db "$work/demo.sqlite" >/dev/null 2>&1
"$bin" export risk_sources --format geojson --out "$work/sources.geojson" --db "$work/demo.sqlite" >/dev/null 2>&1
"$bin" export risks --format csv --out "$work/risks.csv" --db "$work/demo.sqlite" >/dev/null 2>&1
# GDAL writes the GeoJSON. Key order differs from riskmap's; every 7th radius and every 5th source id are text;
# `part` is null in every 3rd feature; `survey_id`, `inspector` and `checked` are unknown to riskmap.
ogr2ogr -f GeoJSON -lco RFC7946=YES -lco WRITE_NAME=NO -oo GEOM_POSSIBLE_NAMES=wkt -oo KEEP_GEOM_COLUMNS=NO \
  -oo AUTODETECT_TYPE=YES -nln risks -dialect SQLite -sql "
  SELECT geometry, level, name, fid AS survey_id,
    CASE WHEN fid % 7 = 0 THEN CAST(impact_radius_m AS TEXT) ELSE CAST(impact_radius_m AS REAL) END AS impact_radius_m,
    CASE WHEN fid % 3 = 0 THEN NULL ELSE part END AS part, place, measures,
    CASE WHEN fid % 5 = 0 THEN CAST(source_id AS TEXT) ELSE CAST(source_id AS INTEGER) END AS source_id,
    'inspector ' || (fid % 97) AS inspector, fid % 2 = 0 AS checked,
    responsible, phone, valid_from, valid_to, reported_on
  FROM risks" "$work/risks.geojson" "$work/risks.csv" 2>/dev/null
cat > "$work/mapping.json" <<'EOF'
{"layer": "risks", "fields": {"source_id": "source_id", "name": "name", "level": "level", "place": "place",
 "part": "part", "measures": "measures", "responsible": "responsible", "phone": "phone",
 "impact_radius_m": "impact_radius_m", "valid_from": "valid_from", "valid_to": "valid_to",
 "reported_on": "reported_on"}}
EOF
features=$(grep -c '"type": "Feature"' "$work/risks.geojson")
echo "file: $(du -h "$work/risks.geojson" | cut -f1), $features features, written by $(ogr2ogr --version | cut -d, -f1)"
echo "first feature: $(grep -m1 '"type": "Feature"' "$work/risks.geojson" | cut -c1-400)"
echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg) (shared: other builds may run); $(date -u '+%F %H:%M') UTC"
"$bin" init --db "$work/base.sqlite" >/dev/null
"$bin" import risk_sources "$work/sources.geojson" --db "$work/base.sqlite" >/dev/null 2>&1

# Prints "seconds max-RSS-KB" of one run of the command; fails if the command does.
measure() { /usr/bin/time -f '%e %M' -o "$work/time" "$@" >/dev/null 2>"$work/err" || { cat "$work/err" >&2; return 1; }; cat "$work/time"; }
median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
: > "$work/r"; : > "$work/o"
for i in $(seq "$runs"); do
  cp "$work/base.sqlite" "$work/run.sqlite"
  read -r rs rk < <(measure "$bin" import risks "$work/risks.geojson" --mapping "$work/mapping.json" --db "$work/run.sqlite")
  rm -f "$work/ogr.sqlite"
  read -r os ok < <(measure ogr2ogr -f SQLite -dsco SPATIALITE=YES "$work/ogr.sqlite" "$work/risks.geojson")
  echo "$rs $rk" >> "$work/r"; echo "$os $ok" >> "$work/o"
  printf 'run %d: riskmap import %.2f s (%d KB), ogr2ogr %.2f s (%d KB), ratio %.2f\n' "$i" "$rs" "$rk" "$os" "$ok" "$(echo "$os / $rs" | bc -l)"
done
imported=$(sqlite3 "$work/run.sqlite" "SELECT count(*) FROM risks" 2>/dev/null || echo "?")
rm=$(cut -d' ' -f1 "$work/r" | median); om=$(cut -d' ' -f1 "$work/o" | median)
printf 'median: riskmap import %.2f s, ogr2ogr %.2f s, ogr2ogr/riskmap %.2f; max RSS riskmap %d KB, ogr2ogr %d KB; %s risks imported\n' \
  "$rm" "$om" "$(echo "$om / $rm" | bc -l)" "$(cut -d' ' -f2 "$work/r" | sort -n | tail -1)" \
  "$(cut -d' ' -f2 "$work/o" | sort -n | tail -1)" "$imported"
