#!/usr/bin/env bash
# Routes against pgRouting (issue 17), by hand, not in CI: the same road graph (riskmap's own edges and lengths,
# exported by `riskmap-bench graph-export`) loaded into pgRouting; 200 random node pairs routed by both, shortest
# path by length: the lengths must agree within 0.1%, and each side's time is reported: pgRouting as a libpq round
# trip of `pgr_dijkstra` with its edges SQL, as it is used, the graph read per call; riskmap as a client sees it too,
# a release `riskmap serve` (a copy of the database, access log off, 2 workers) asked `POST /routes` over one
# keep-alive connection, alternating with pgRouting pair by pair; and riskmap in process, labelled.
#   Benchmarks/peers/pgrouting.sh [scale|DB.sqlite] [PORT]   (suzhou's demo by default, or a riskmap database such as
#                                                            an OpenStreetMap import; default port 55432)
set -euo pipefail
cd "$(dirname "$0")/../.."
source scripts/env.sh
scale=${1:-suzhou}
port=${2:-55432}
echo "reproduce: Benchmarks/peers/pgrouting.sh $scale $port"
dpkg -s postgresql-15-pgrouting >/dev/null 2>&1 || { apt-get update -qq; DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql-15-pgrouting >/dev/null; }
python3 -c "import psycopg" 2>/dev/null || python3 -m pip install --quiet --disable-pip-version-check "psycopg[binary]" 2>&1 \
  | grep -v "Running pip as the 'root' user" || true
for product in riskmap-bench riskmap; do
  swift build -c release --product $product 2>&1 | grep -vE "^\[[0-9]+/[0-9]+\]" || [ "${PIPESTATUS[0]}" -eq 0 ]
done
dir=${BENCH_DIR:-/tmp/riskmap-bench}
mkdir -p "$dir"
if [ -f "$scale" ]; then source_db=$scale; export_args=(--db "$scale" --scales suzhou); else source_db=$dir/demo-$scale.sqlite; export_args=(--scales "$scale"); fi
.build/release/riskmap-bench graph-export "${export_args[@]}" --dir "$dir" | tail -1
# A PostgreSQL cluster as postgis.sh makes it (started if needed), with pgRouting in its own database.
PG_DB=riskmap_routing PG_LAYERS=roads Benchmarks/peers/postgis.sh "$source_db" "$port" > /tmp/riskmap-pgrouting-pg.log
psql=(psql -h 127.0.0.1 -p "$port" -U postgres -d riskmap_routing -q -v ON_ERROR_STOP=1)
"${psql[@]}" -c "CREATE EXTENSION IF NOT EXISTS pgrouting; DROP TABLE IF EXISTS edges;
  CREATE TABLE edges (id integer PRIMARY KEY, source integer, target integer, cost double precision, reverse_cost double precision)"
"${psql[@]}" -c "\\copy edges FROM '$dir/edges.csv' WITH (FORMAT csv, HEADER true)"
"${psql[@]}" -c "CREATE INDEX ON edges (source)" -c "CREATE INDEX ON edges (target)" -c "VACUUM ANALYZE edges"
# riskmap serves a copy, so the file the graph came from is never written.
cp "$source_db" "$dir/pgrouting-serve.sqlite"
echo '{"accessLog": false, "workers": 2}' > "$dir/pgrouting-serve.json"
.build/release/riskmap serve --db "$dir/pgrouting-serve.sqlite" --host 127.0.0.1 --port 0 --config "$dir/pgrouting-serve.json" \
  > "$dir/pgrouting-serve.out" 2> "$dir/pgrouting-serve.log" &
pid=$!
trap 'kill -TERM $pid 2>/dev/null; wait $pid 2>/dev/null || true; rm -f "$dir"/pgrouting-serve.sqlite*' EXIT
for _ in $(seq 300); do grep -q "serving" "$dir/pgrouting-serve.out" 2>/dev/null && break; sleep 0.1; done
serve_port=$(sed -n 's#^riskmap serving .* on http://127\.0\.0\.1:\([0-9]*\)/.*#\1#p' "$dir/pgrouting-serve.out" | head -1)
echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg); $(date -u '+%F %H:%M') UTC"
python3 Benchmarks/peers/pgrouting_routes.py "host=127.0.0.1 port=$port user=postgres dbname=riskmap_routing" "$dir/pairs.csv" "$dir/pairs-zones.csv" \
  "http://127.0.0.1:$serve_port"
