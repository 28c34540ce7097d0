#!/usr/bin/env bash
# PostGIS peer for the tile benchmarks (never run by CI or scripts/test.sh).
#   Benchmarks/peers/postgis.sh DB.sqlite [PORT]        (default port 55432)
# Installs PostgreSQL 15 + PostGIS 3 and GDAL from Debian if missing, starts a throwaway cluster under
# /tmp/riskmap-pg on 127.0.0.1:PORT (trust auth, loopback only), and loads riskmap's SpatiaLite file into
# database "riskmap" with ogr2ogr: by default risks, sites and pipelines, geometry in EPSG:4326 as riskmap keeps
# it, a GiST index on each, exactly the attribute columns the riskmap tile layers carry (Sources/Tiles/TileLayers.swift).
# Defines
#   riskmap_tile(z, x, y) → bytea
# the composite risks+sites+pipelines tile with ST_AsMVT/ST_AsMVTGeom (extent 4096, buffer 64, clip on),
# layers in riskmap's drawing order, features selected by the tile envelope grown by the buffer, and, like
# riskmap, only features whose time window (valid_from/valid_to) holds now and roads/areas from their class's zoom.
# Environment (all optional), used by Benchmarks/http/tiles-e2e.sh:
#   PG_DB=NAME                 database to load into (default riskmap), one per dataset
#   PG_LAYERS=a,b,...          tables to load (any of areas, roads, pipelines, sites, resources, risk_sources, risks,
#                              reports; default risks,sites,pipelines)
#   PG_COMPOSITES="a,b c ..."  also define riskmap_tile_a_b(z, x, y) for each composite (layers from PG_LAYERS)
# Idempotent: a second run reuses the cluster, and reloads the tables only when the file or PG_LAYERS changed.
# Stop with:
#   su postgres -c "/usr/lib/postgresql/15/bin/pg_ctl -D /tmp/riskmap-pg/data stop"
set -euo pipefail
db=${1:?usage: postgis.sh DB.sqlite [PORT]}
port=${2:-55432}
root=/tmp/riskmap-pg
bin=/usr/lib/postgresql/15/bin

if ! dpkg -s postgresql-15-postgis-3 gdal-bin >/dev/null 2>&1; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql-15-postgis-3 gdal-bin >/dev/null
fi

mkdir -p "$root"
chown postgres: "$root"
if [ ! -f "$root/data/PG_VERSION" ]; then
  su postgres -c "$bin/initdb -D $root/data -A trust -U postgres --no-sync" >/dev/null
fi
if ! su postgres -c "$bin/pg_ctl -D $root/data status" >/dev/null 2>&1; then
  # Settings for a read-only benchmark on a small shared machine: no parallel workers (riskmap renders a
  # tile on one thread too), enough shared buffers to hold the three tables.
  su postgres -c "$bin/pg_ctl -D $root/data -l $root/log -w start -o \"-p $port -k $root -c listen_addresses=127.0.0.1 \
    -c shared_buffers=512MB -c max_parallel_workers_per_gather=0 -c jit=off -c fsync=off\"" >/dev/null
fi
psql=(psql -h 127.0.0.1 -p "$port" -U postgres -v ON_ERROR_STOP=1 -q)
dbname=${PG_DB:-riskmap}
load_layers=${PG_LAYERS:-risks,sites,pipelines}
"${psql[@]}" -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '$dbname'" | grep -q 1 \
  || "${psql[@]}" -d postgres -c "CREATE DATABASE $dbname"
"${psql[@]}" -d "$dbname" -c "CREATE EXTENSION IF NOT EXISTS postgis"

# The attributes of each tile layer (TileLayer.all), in riskmap's drawing order.
order=(areas roads pipelines sites resources risk_sources risks reports)
declare -A columns=(
  [areas]="fid, name, level, code"
  [roads]="fid, name, class, oneway, speed_kmh"
  [pipelines]="fid, name, kind, diameter_mm, maop_mpa, medium"
  [sites]="fid, name, category, capacity, protection_class"
  [resources]="fid, name, kind, capacity"
  [risk_sources]="fid, name, sector, colour, hazard_grade, risk_count, credit_code"
  [risks]="fid, name, level, source_id, impact_radius_m, place, valid_from, valid_to"
  [reports]="fid, reporter, activity, level, impact_radius_m, valid_from, valid_to, status"
)
# Below a layer's full-attributes zoom riskmap's tiles carry only what the style uses (TileLayer.lowZoomAttributes,
# fullAttributesZoom: docs/VECTOR-TILES.md); PostGIS's carry the same at each zoom.
declare -A low_columns=(
  [areas]="level" [roads]="class" [pipelines]="kind" [sites]="protection_class" [resources]="kind"
  [risk_sources]="colour, sector" [risks]="level" [reports]="level"
)
declare -A full_zoom=([roads]=14)
# Per-feature conditions riskmap applies before drawing: time windows (at = now) and a minimum zoom by class.
declare -A condition=(
  [areas]="(CASE level WHEN 'city' THEN 0 WHEN 'district' THEN 0 WHEN 'park' THEN 0 ELSE 9 END) <= z"
  [roads]="z >= 5 AND (CASE class WHEN 'motorway' THEN 5 WHEN 'trunk' THEN 5 WHEN 'primary' THEN 9 WHEN 'secondary' THEN 11 WHEN 'tertiary' THEN 11 ELSE 13 END) <= z"
  [sites]="(valid_from IS NULL OR valid_from::timestamptz <= now()) AND (valid_to IS NULL OR valid_to::timestamptz > now())"
  [risks]="(valid_from IS NULL OR valid_from::timestamptz <= now()) AND (valid_to IS NULL OR valid_to::timestamptz > now())"
  [reports]="(valid_from IS NULL OR valid_from::timestamptz <= now()) AND (valid_to IS NULL OR valid_to::timestamptz > now())"
)
# sites' time window columns are not tile attributes, but riskmap still filters by them.
declare -A extra=([sites]=", valid_from, valid_to")

stamp="$(readlink -f "$db") $(stat -c %Y "$db") $load_layers"
loaded=$("${psql[@]}" -d "$dbname" -tAc "SELECT stamp FROM riskmap_loaded" 2>/dev/null || true)
if [ "$loaded" != "$stamp" ]; then
  pg="PG:host=127.0.0.1 port=$port user=postgres dbname=$dbname"
  for t in ${load_layers//,/ }; do
    [ -n "${columns[$t]:-}" ] || { echo "postgis.sh: unknown layer $t" >&2; exit 1; }
    # -sql keeps exactly the tile layer's attributes; the fid column becomes the primary key.
    ogr2ogr -f PostgreSQL "$pg" "$db" -overwrite -nln "$t" \
      -sql "SELECT ${columns[$t]}${extra[$t]:-}, geom FROM $t WHERE geom IS NOT NULL" -dialect SQLite \
      -lco GEOMETRY_NAME=geom -lco FID=ogc_fid -lco SPATIAL_INDEX=GIST -a_srs EPSG:4326 --config PG_USE_COPY YES
    "${psql[@]}" -d "$dbname" -c "VACUUM ANALYZE $t"
  done
  "${psql[@]}" -d "$dbname" -c "DROP TABLE IF EXISTS riskmap_loaded; CREATE TABLE riskmap_loaded AS SELECT '$stamp'::text AS stamp"
fi

# One SQL function per composite. Geometry is stored in lon/lat as in riskmap's file, so each feature is
# transformed to Web Mercator here, as Martin and pg_tileserv do for a 4326 table.
define() {  # define FUNCTION a,b,c
  local name=$1 sql="" t
  for t in "${order[@]}"; do
    [[ ",$2," == *",$t,"* ]] || continue
    local cols=${columns[$t]#fid, } lows=${low_columns[$t]} zfull=${full_zoom[$t]:-12} cond=${condition[$t]:-true}
    [ -n "$sql" ] && sql+=$'\n      || '
    local layer_sql="" c
    for c in "$cols" "$lows"; do
      layer_sql+="(SELECT ST_AsMVT(t, '$t', 4096, 'g', 'fid') FROM (
            SELECT fid, $c, ST_AsMVTGeom(ST_Transform(l.geom, 3857), b.env, 4096, 64, true) AS g
            FROM $t l, b WHERE l.geom && b.q AND $cond) t WHERE g IS NOT NULL)"
      [ "$c" = "$cols" ] && layer_sql+=" ELSE "
    done
    sql+="coalesce(CASE WHEN z >= $zfull THEN ${layer_sql} END, '')"
  done
  "${psql[@]}" -d "$dbname" <<SQL
CREATE OR REPLACE FUNCTION $name(z integer, x integer, y integer) RETURNS bytea
LANGUAGE sql STABLE PARALLEL SAFE AS \$\$
  WITH b AS (SELECT ST_TileEnvelope(z, x, y) AS env,
                    ST_Transform(ST_TileEnvelope(z, x, y, margin => 64.0 / 4096), 4326) AS q)
  SELECT $sql
\$\$;
SQL
}
has() { [[ ",$load_layers," == *",$1,"* ]]; }
if has risks && has sites && has pipelines; then define riskmap_tile risks,sites,pipelines; fi
for c in ${PG_COMPOSITES:-}; do define "riskmap_tile_${c//,/_}" "$c"; done
echo "PostGIS ready: host=127.0.0.1 port=$port user=postgres dbname=$dbname"
for t in ${load_layers//,/ }; do echo "$t $("${psql[@]}" -d "$dbname" -tAc "SELECT count(*) FROM $t")"; done
