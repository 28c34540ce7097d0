#!/usr/bin/env bash
# Nearby hazards against PostGIS's KNN (issue 16), by hand, not in CI: a release riskmap serves DB.sqlite, PostGIS
# (Benchmarks/peers/postgis.sh) holds the same five hazard layers, and postgis_nearby.py asks both for the hazards
# within 2 km (nearest 50) of the same random points, alternating, comparing the answers.
#   Benchmarks/peers/nearby.sh DB.sqlite [POINTS]      (default 200)
set -euo pipefail
cd "$(dirname "$0")/../.."
source scripts/env.sh
db=${1:?usage: nearby.sh DB.sqlite [POINTS]}
points=${2:-200}
echo "reproduce: Benchmarks/peers/nearby.sh $db $points"
swift build -c release --product riskmap 2>&1 | grep -vE "^\[[0-9]+/[0-9]+\]" || [ "${PIPESTATUS[0]}" -eq 0 ]
PG_DB=riskmap_nearby PG_LAYERS=risk_sources,risks,pipelines,reports,sites Benchmarks/peers/postgis.sh "$db" > /tmp/riskmap-nearby-pg.log
dir=$(mktemp -d)
trap 'kill -TERM $pid 2>/dev/null; wait $pid 2>/dev/null || true; rm -rf "$dir"' EXIT
echo '{"accessLog": false, "workers": 2}' > "$dir/config.json"
.build/release/riskmap serve --db "$db" --host 127.0.0.1 --port 0 --config "$dir/config.json" > "$dir/serve.out" 2> "$dir/serve.log" &
pid=$!
for _ in $(seq 300); do grep -q "serving" "$dir/serve.out" 2>/dev/null && break; sleep 0.1; done
port=$(sed -n 's#^riskmap serving .* on http://127\.0\.0\.1:\([0-9]*\)/.*#\1#p' "$dir/serve.out" | head -1)
echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg); $(date -u '+%F %H:%M') UTC"
python3 Benchmarks/peers/postgis_nearby.py "host=127.0.0.1 port=55432 user=postgres dbname=riskmap_nearby" "http://127.0.0.1:$port" "$points"
