#!/usr/bin/env bash
# Tiles end to end, like for like: riskmap over HTTP keep-alive against PostGIS ST_AsMVT over libpq, the same
# tiles, the same layers and attributes, alternated tile by tile in one run (Benchmarks/http/tiles_e2e.py says
# exactly what is timed on each side). Never run by CI or scripts/test.sh.
#   Benchmarks/http/tiles-e2e.sh [suzhou] [malta] [gencity] [--passes N] [--per-zoom N] [--inproc] [--wrk]
# Datasets (prepared once under $E2E_DIR, default /tmp/riskmap-e2e, and reused):
#   suzhou   a copy of the suzhou demo (`riskmap demo --scale suzhou --seed 1`; copied from /tmp/riskmap-bench
#            when it is there, never modified); composites risks,sites,pipelines and pipelines
#   malta    the Malta OSM extract imported with `riskmap import osm`; it fills roads, sites, risk_sources and
#            resources (no risks, no pipelines); composites roads,sites,risk_sources and roads
#   gencity  Benchmarks/data/gen_city.py --seed 1 imported with `riskmap import`: clustered risks, curvy
#            pipelines of ~65 vertices; composites risks,sites,pipelines and pipelines
# Per dataset and composite: a tile list z8–z16 (up to --per-zoom tiles a zoom, 60 by default, where the data is),
# one untimed warm-up pass and --passes timed passes (3), riskmap with the tile cache off (tileCacheMB 0: every
# request renders) and on (the default 256 MB; the warm-up pass fills it, so timed requests are hits).
# --inproc adds riskmap-bench's in-process cold-render table for the suzhou demo (its own z10–16 tile list).
# --wrk adds Benchmarks/http/tiles.sh (cached tiles, riskmap against nginx with wrk) on the suzhou copy, once with
# riskmap's default configuration (its access log off, as nginx's).
# Installs what it needs if missing: PostgreSQL 15 + PostGIS 3 and GDAL (Benchmarks/peers/postgis.sh), psycopg 3
# (pip), and builds the release binary.
set -euo pipefail
cd "$(dirname "$0")/../.."
source scripts/env.sh
datasets=() passes=3 per_zoom=60 inproc=0 wrk=0
while [ $# -gt 0 ]; do
  case $1 in
    --passes) passes=$2; shift 2 ;;
    --per-zoom) per_zoom=$2; shift 2 ;;
    --inproc) inproc=1; shift ;;
    --wrk) wrk=1; shift ;;
    suzhou|malta|gencity) datasets+=("$1"); shift ;;
    *) echo "usage: $0 [suzhou] [malta] [gencity] [--passes N] [--per-zoom N] [--inproc] [--wrk]" >&2; exit 2 ;;
  esac
done
[ ${#datasets[@]} -gt 0 ] || datasets=(suzhou malta gencity)
dir=${E2E_DIR:-/tmp/riskmap-e2e}
mkdir -p "$dir/log"
port_pg=${PG_PORT:-55432}

python3 -c "import psycopg" 2>/dev/null || python3 -m pip install --quiet --disable-pip-version-check "psycopg[binary]" 2>&1 \
  | grep -v "Running pip as the 'root' user" || true
scratch=${SCRATCH:-.build}
swift build -c release --scratch-path "$scratch" --product riskmap 2>&1 | grep -E "error|warning: unre" || true
bin=$scratch/release/riskmap

prepare() {  # prepare DATASET: the database file, built once
  local db="$dir/$1.sqlite"
  [ -f "$db" ] && return
  case $1 in
    suzhou)
      if [ -f /tmp/riskmap-bench/demo-suzhou.sqlite ] && [ ! -s /tmp/riskmap-bench/demo-suzhou.sqlite-wal ]; then
        cp /tmp/riskmap-bench/demo-suzhou.sqlite "$db.tmp"
      else
        "$bin" demo --scale suzhou --seed 1 --db "$db.tmp" > "$dir/log/demo.log" 2>&1
      fi ;;
    malta)
      "$bin" init --db "$db.tmp" > "$dir/log/malta-import.log"
      "$bin" import osm ../shared/data/osm/malta-2016-11-09.osm.pbf --db "$db.tmp" >> "$dir/log/malta-import.log" 2>&1 ;;
    gencity)
      python3 Benchmarks/data/gen_city.py "$dir/gencity-geojson" --seed 1
      "$bin" init --db "$db.tmp" > "$dir/log/gencity-import.log"
      for l in risk_sources risks sites pipelines; do
        "$bin" import "$l" "$dir/gencity-geojson/$l.geojson" --db "$db.tmp" >> "$dir/log/gencity-import.log" 2>&1
      done ;;
  esac
  mv "$db.tmp" "$db"
}

serve() {  # serve DB CONFIG-JSON LOG: starts riskmap; its port lands in $port, its pid in $served
  echo "$2" > "$3.json"
  "$bin" serve --db "$1" --port 0 --workers 2 --config "$3.json" > "$3" 2>&1 &
  served="$served $!"
  for _ in $(seq 600); do grep -q "serving" "$3" && break; sleep 0.1; done
  port=$(sed -n 's/.*:\([0-9]*\)\/$/\1/p' "$3" | head -1)
  [ -n "$port" ] || { cat "$3" >&2; exit 1; }
}
served=""
trap 'for p in $served; do kill $p 2>/dev/null || true; done' EXIT

echo "# Tiles end to end — $(date -u '+%F %H:%M UTC'), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), commit $(git rev-parse --short HEAD)"
echo "reproduce: Benchmarks/http/tiles-e2e.sh ${datasets[*]} --passes $passes --per-zoom $per_zoom$([ $inproc = 1 ] && echo ' --inproc')$([ $wrk = 1 ] && echo ' --wrk')"
for ds in "${datasets[@]}"; do
  prepare "$ds"
  db="$dir/$ds.sqlite"
  case $ds in
    malta) load=roads,sites,risk_sources composites="roads,sites,risk_sources roads" ;;
    *) load=risks,sites,pipelines composites="risks,sites,pipelines pipelines" ;;
  esac
  PG_DB="riskmap_$ds" PG_LAYERS=$load PG_COMPOSITES="$composites" \
    bash Benchmarks/peers/postgis.sh "$db" "$port_pg" > "$dir/log/postgis-$ds.log" 2>&1 \
    || { cat "$dir/log/postgis-$ds.log" >&2; exit 1; }
  dsn="host=127.0.0.1 port=$port_pg user=postgres dbname=riskmap_$ds"
  serve "$db" '{"accessLog": false, "tileCacheMB": 0}' "$dir/log/serve-$ds-cold.log"; cold=$port
  serve "$db" '{"accessLog": false}' "$dir/log/serve-$ds-cached.log"; cached=$port
  echo
  echo "## $ds ($("$bin" stats --db "$db" | awk 'NR>1 && $2>0 && NF==2 {printf "%s%s %s", sep, $1, $2; sep=", "}'))"
  grep -h "tile sources" "$dir/log/serve-$ds-cold.log" || true
  for c in $composites; do
    list="$dir/tiles-$ds-${c//,/_}.txt"
    [ -f "$list" ] || python3 Benchmarks/http/tiles_e2e.py list --pg "$dsn" --layers "$c" --out "$list" --per-zoom "$per_zoom"
    python3 Benchmarks/http/tiles_e2e.py run --tiles "$list" --layers "$c" --cold "127.0.0.1:$cold" --cached "127.0.0.1:$cached" \
      --pg "$dsn" --pg-func "riskmap_tile_${c//,/_}" --passes "$passes" --label "$ds" --json "$dir/result-$ds-${c//,/_}.json"
  done
  for p in $served; do kill "$p" 2>/dev/null || true; done
  served=""
done

if [ $inproc = 1 ]; then
  # riskmap-bench reads demo-suzhou.sqlite from --dir; give it its own copy.
  mkdir -p "$dir/inproc"
  [ -f "$dir/inproc/demo-suzhou.sqlite" ] || { prepare suzhou; cp "$dir/suzhou.sqlite" "$dir/inproc/demo-suzhou.sqlite"; }
  swift build -c release --scratch-path "$scratch" --product riskmap-bench 2>&1 | grep -E "error|warning: unre" || true
  echo
  echo "## In process (riskmap-bench tiles: TileRenderer.render only, no HTTP, its own z10–16 tile list; PostGIS column over libpq)"
  "$scratch/release/riskmap-bench" tiles --scales suzhou --dir "$dir/inproc" \
    --postgis "host=127.0.0.1 port=$port_pg user=postgres dbname=riskmap_suzhou" | grep -E "^\||^tile"
fi

if [ $wrk = 1 ]; then
  prepare suzhou
  mkdir -p "$dir/wrk"
  [ -f "$dir/wrk/demo-suzhou.sqlite" ] || cp "$dir/suzhou.sqlite" "$dir/wrk/demo-suzhou.sqlite"
  [ -f "$dir/wrk/tiles-suzhou.txt" ] || awk '$1 >= 10' "$dir/tiles-suzhou-risks_sites_pipelines.txt" > "$dir/wrk/tiles-suzhou.txt"
  echo
  echo "## Cached tiles, riskmap against nginx (Benchmarks/http/tiles.sh), riskmap's default configuration (access log off)"
  BENCH_DIR="$dir/wrk" NGINX_PORT=18481 bash Benchmarks/http/tiles.sh
fi
