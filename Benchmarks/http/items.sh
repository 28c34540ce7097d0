#!/usr/bin/env bash
# GeoJSON items over HTTP: 1 km² boxes (limit 100) on the risks and sites layers, with wrk.
#   Benchmarks/http/items.sh [city|suzhou ...]      (default: city suzhou)
# Builds a release riskmap, makes the demo databases under $BENCH_DIR (default /tmp/riskmap-bench), serves
# each on a free port and prints wrk's latency distribution and requests/s.
set -euo pipefail
cd "$(dirname "$0")/../.."
source scripts/env.sh
command -v wrk >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; }
swift build -c release --product riskmap 2>&1 | grep -E "error|warning: unre" || true
bin=.build/release/riskmap
dir=${BENCH_DIR:-/tmp/riskmap-bench}
mkdir -p "$dir"
scales=("$@"); [ ${#scales[@]} -gt 0 ] || scales=(city suzhou)
echo "reproduce: Benchmarks/http/items.sh ${scales[*]}   ($(date -u +%F), $(nproc) cores)"
for scale in "${scales[@]}"; do
  db="$dir/demo-$scale.sqlite"
  [ -f "$db" ] || "$bin" demo --scale "$scale" --db "$db" >/dev/null 2>&1
  half=$(case $scale in small) echo 4000;; city) echo 15000;; *) echo 40000;; esac)
  lua="$dir/items-$scale.lua"
  # 500 fixed boxes of 1 km², spread like the features (denser near the centre).
  python3 - "$half" > "$lua" <<'PY'
import math, random, sys
half = float(sys.argv[1]); random.seed(7)
lat0, lon0 = 31.31, 120.62
dlat = 1000 / 111132; dlon = 1000 / (111320 * math.cos(math.radians(lat0)))
paths = []
for i in range(500):
    x = max(-0.95, min(0.95, random.gauss(0, 0.3))) * half; y = max(-0.95, min(0.95, random.gauss(0, 0.3))) * half
    lon = lon0 + x / (111320 * math.cos(math.radians(lat0))); lat = lat0 + y / 111132
    layer = "risks" if i % 2 == 0 else "sites"
    paths.append(f'"/collections/{layer}/items?limit=100&bbox={lon-dlon/2:.6f},{lat-dlat/2:.6f},{lon+dlon/2:.6f},{lat+dlat/2:.6f}"')
print("local paths = {" + ",".join(paths) + "}")
print("local i = 0")
print("request = function() i = i + 1; return wrk.format('GET', paths[(i % #paths) + 1]) end")
PY
  log="$dir/serve-$scale.log"
  "$bin" serve --db "$db" --port 0 --workers 2 --config <(echo '{"accessLog": false}') > "$log" 2>&1 &
  pid=$!
  for _ in $(seq 50); do grep -q "serving" "$log" && break; sleep 0.1; done
  port=$(sed -n 's/.*:\([0-9]*\)\/$/\1/p' "$log" | head -1)
  wrk -t1 -c1 -d2s -s "$lua" "http://127.0.0.1:$port" >/dev/null   # warm-up
  echo "== $scale: one connection (latency of a lone client)"
  wrk -t1 -c1 -d10s --latency -s "$lua" "http://127.0.0.1:$port" | grep -E "50%|90%|99%|Requests/sec"
  echo "== $scale: 16 connections (throughput)"
  wrk -t2 -c16 -d10s --latency -s "$lua" "http://127.0.0.1:$port" | grep -E "50%|90%|99%|Requests/sec|Non-2xx"
  kill "$pid"; wait "$pid" 2>/dev/null || true
done
