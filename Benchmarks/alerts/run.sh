#!/usr/bin/env bash
# Alert delivery under load (issue 18), by hand, not in CI: a release riskmap serves the city demo; 50 clients
# listen on /alerts/stream while a reader asks for tiles and 1,000 reports near crowded sites are posted one after
# another. Every client must receive every alert exactly once, in order, and no request may fail; it prints the
# latency from each report's 201 to each client's receipt (p50, p99, max) and the posts' own latency.
#
#   Benchmarks/alerts/run.sh [reports] [clients]      (default 1000 50)
set -euo pipefail
cd "$(dirname "$0")/../.."
source scripts/env.sh
reports=${1:-1000}
clients=${2:-50}
dir=${ALERTS_BENCH_DIR:-/tmp/riskmap-alerts-bench}
echo "reproduce: Benchmarks/alerts/run.sh $reports $clients"
swift build -c release --product riskmap 2>&1 | grep -vE "^\[[0-9]+/[0-9]+\]" || [ "${PIPESTATUS[0]}" -eq 0 ]
bin=$PWD/.build/release/riskmap
rm -rf "$dir" && mkdir -p "$dir"
db=$dir/riskmap.sqlite
"$bin" demo --scale city --seed 1 --db "$db" > "$dir/setup.log" 2>&1
editor=$("$bin" token create --name bench --role editor --db "$db" 2>> "$dir/setup.log")
echo '{"accessLog": false, "workers": 4}' > "$dir/config.json"
"$bin" serve --db "$db" --host 127.0.0.1 --port 0 --config "$dir/config.json" > "$dir/serve.out" 2> "$dir/serve.log" &
pid=$!
trap 'kill -TERM $pid 2>/dev/null; wait $pid 2>/dev/null || true' EXIT
for _ in $(seq 100); do grep -q "serving" "$dir/serve.out" 2>/dev/null && break; sleep 0.1; done
port=$(sed -n 's#^riskmap serving .* on http://127\.0\.0\.1:\([0-9]*\)/.*#\1#p' "$dir/serve.out" | head -1)
echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg); $(date -u '+%F %H:%M') UTC; server http://127.0.0.1:$port/"
python3 Benchmarks/alerts/load.py "http://127.0.0.1:$port" "$editor" "$reports" "$clients"
