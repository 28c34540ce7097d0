#!/usr/bin/env bash
# PostGIS peer for the tile benchmark (never run by CI or scripts/test.sh).
#   Benchmarks/peers/postgis.sh DB.sqlite [PORT]        (default port 55432)
# Installs PostgreSQL 15 + PostGIS 3 and GDAL from Debian if missing, starts a throwaway cluster under
# /tmp/riskmap-pg on 127.0.0.1:PORT (trust auth, loopback only), and loads riskmap's SpatiaLite file into
# database "riskmap" with ogr2ogr: risks, sites and pipelines, geometry in EPSG:4326 as riskmap keeps it, a
# GiST index on each, the attribute columns the riskmap tile layers carry. Defines
#   riskmap_tile(z, x, y) → bytea
# the composite risks+sites+pipelines tile with ST_AsMVT/ST_AsMVTGeom (extent 4096, buffer 64, clip on),
# layers in riskmap's order, features selected by the tile envelope grown by the buffer. Idempotent: a
# second run reuses the cluster and reloads the tables. Stop with:
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
"${psql[@]}" -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = 'riskmap'" | grep -q 1 \
  || "${psql[@]}" -d postgres -c "CREATE DATABASE riskmap"
"${psql[@]}" -d riskmap -c "CREATE EXTENSION IF NOT EXISTS postgis"

pg="PG:host=127.0.0.1 port=$port user=postgres dbname=riskmap"
declare -A columns=(
  [risks]="fid, name, level, source_id, impact_radius_m, place, valid_from, valid_to"
  [sites]="fid, name, category, capacity, protection_class"
  [pipelines]="fid, name, kind, diameter_mm, maop_mpa, medium"
)
for t in risks sites pipelines; do
  # -sql keeps exactly the tile layer's attributes; the fid column becomes the primary key.
  ogr2ogr -f PostgreSQL "$pg" "$db" -overwrite -nln "$t" \
    -sql "SELECT ${columns[$t]}, geom FROM $t WHERE geom IS NOT NULL" -dialect SQLite \
    -lco GEOMETRY_NAME=geom -lco FID=ogc_fid -lco SPATIAL_INDEX=GIST -a_srs EPSG:4326 --config PG_USE_COPY YES
done
"${psql[@]}" -d riskmap <<'SQL'
VACUUM ANALYZE risks; VACUUM ANALYZE sites; VACUUM ANALYZE pipelines;
-- The composite tile. Geometry is stored in lon/lat as in riskmap's file, so each feature is transformed to
-- Web Mercator here, as Martin and pg_tileserv do for a 4326 table.
CREATE OR REPLACE FUNCTION riskmap_tile(z integer, x integer, y integer) RETURNS bytea
LANGUAGE sql STABLE PARALLEL SAFE AS $$
  WITH b AS (SELECT ST_TileEnvelope(z, x, y) AS env,
                    ST_Transform(ST_TileEnvelope(z, x, y, margin => 64.0 / 4096), 4326) AS q)
  SELECT coalesce((SELECT ST_AsMVT(t, 'risks', 4096, 'g', 'fid') FROM (
            SELECT fid, name, level, source_id, impact_radius_m, place, valid_from, valid_to,
                   ST_AsMVTGeom(ST_Transform(r.geom, 3857), b.env, 4096, 64, true) AS g
            FROM risks r, b WHERE r.geom && b.q) t WHERE g IS NOT NULL), '')
      || coalesce((SELECT ST_AsMVT(t, 'sites', 4096, 'g', 'fid') FROM (
            SELECT fid, name, category, capacity, protection_class,
                   ST_AsMVTGeom(ST_Transform(s.geom, 3857), b.env, 4096, 64, true) AS g
            FROM sites s, b WHERE s.geom && b.q) t WHERE g IS NOT NULL), '')
      || coalesce((SELECT ST_AsMVT(t, 'pipelines', 4096, 'g', 'fid') FROM (
            SELECT fid, name, kind, diameter_mm, maop_mpa, medium,
                   ST_AsMVTGeom(ST_Transform(p.geom, 3857), b.env, 4096, 64, true) AS g
            FROM pipelines p, b WHERE p.geom && b.q) t WHERE g IS NOT NULL), '')
$$;
SQL
echo "PostGIS ready: host=127.0.0.1 port=$port user=postgres dbname=riskmap"
"${psql[@]}" -d riskmap -tAc "SELECT 'risks ' || count(*) FROM risks UNION ALL SELECT 'sites ' || count(*) FROM sites UNION ALL SELECT 'pipelines ' || count(*) FROM pipelines"
