#!/usr/bin/env bash
# Soak (TARGETS.md, load): SOAK_SECONDS (default 600) of mixed reads at saturation (wrk: tiles of every layer
# and items over 1 km² boxes) and writes (insert, patch, delete) against a release riskmap on the city demo.
# Samples the server's RSS and open file descriptors every 30 s; reports non-2xx/3xx answers.
#   Benchmarks/http/soak.sh [city|suzhou]
set -euo pipefail
cd "$(dirname "$0")/../.."
source scripts/env.sh
command -v wrk >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; }
swift build -c release --product riskmap 2>&1 | grep -E "error" || true
bin=.build/release/riskmap
scale=${1:-city}
seconds=${SOAK_SECONDS:-600}
dir=${BENCH_DIR:-/tmp/riskmap-bench}
mkdir -p "$dir"
db="$dir/soak-$scale.sqlite"
rm -f "$db" "$db-wal" "$db-shm"
"$bin" demo --scale "$scale" --db "$db" >/dev/null 2>&1
token=$("$bin" token create --name soak --role editor --db "$db" 2>/dev/null)
echo "{\"accessLog\": false, \"workers\": 2, \"tileCacheMB\": ${SOAK_CACHE_MB:-256}}" > "$dir/soak.json"
"$bin" serve --db "$db" --port 0 --config "$dir/soak.json" > "$dir/soak-serve.log" 2>&1 &
pid=$!
for _ in $(seq 100); do grep -q "serving" "$dir/soak-serve.log" && break; sleep 0.1; done
port=$(sed -n 's/.*:\([0-9]*\)\/$/\1/p' "$dir/soak-serve.log" | head -1)
python3 - > "$dir/soak.lua" <<'PY'
import math, random
random.seed(3)
paths = []
for i in range(2000):
    lon = 120.62 + random.gauss(0, 0.05); lat = 31.31 + random.gauss(0, 0.04)
    if i % 3 == 0:
        paths.append(f'"/collections/risks/items?limit=100&bbox={lon-0.005:.5f},{lat-0.0045:.5f},{lon+0.005:.5f},{lat+0.0045:.5f}"')
    else:
        z = random.choice([11, 12, 13, 14, 15]); n = 2 ** z
        x = int((lon + 180) / 360 * n)
        y = int((1 - math.log(math.tan(math.radians(lat)) + 1 / math.cos(math.radians(lat))) / math.pi) / 2 * n)
        paths.append(f'"/tiles/areas,grid,roads,pipelines,sites,resources,risk_sources,risks,reports/{z}/{x}/{y}.mvt"')
print("local paths = {" + ",".join(paths) + "}")
print("local i = 0")
print("request = function() i = i + 1; return wrk.format('GET', paths[(i % #paths) + 1]) end")
PY
echo "reproduce: SOAK_SECONDS=$seconds Benchmarks/http/soak.sh $scale   ($(date -u +%F), $(nproc) cores)"
sample() { echo "t=$1 rss_kb=$(awk '/VmRSS/{print $2}' /proc/$pid/status) anon_kb=$(awk '/RssAnon/{print $2}' /proc/$pid/status) fds=$(ls /proc/$pid/fd | wc -l)"; }
sample 0s
wrk -t2 -c32 -d"${seconds}s" --latency -s "$dir/soak.lua" "http://127.0.0.1:$port" > "$dir/soak-wrk.log" &
wrkpid=$!
python3 Benchmarks/http/soak_writer.py "http://127.0.0.1:$port" "$token" "$seconds" > "$dir/soak-writer.log" &
writerpid=$!
for t in $(seq 30 30 "$seconds"); do sleep 30; sample "${t}s"; done
wait "$wrkpid" "$writerpid"
sleep 2
sample end
grep -E "Requests/sec|Non-2xx|50%|99%|Socket errors" "$dir/soak-wrk.log" || true
cat "$dir/soak-writer.log"
kill "$pid"; wait "$pid" 2>/dev/null || true
