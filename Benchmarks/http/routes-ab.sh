#!/usr/bin/env bash
# POST /routes of two riskmap binaries side by side (issue 17: the route handler's own time): each serves a copy of
# the same database (access log off, 2 workers); one Python client alternates request by request between them on
# graph-export's 200 pairs, unconstrained and with 50 closed circles (Benchmarks/http/routes_ab.py), so a busy
# machine slows both alike. Prints per binary the round trip, the handler's Server-Timing and the server's CPU per
# request, p50 / p99. Also prints this tree's in-process figures for the same requests (graph-export's table).
#   Benchmarks/http/routes-ab.sh OLD_BINARY NEW_BINARY [DB.sqlite] [ROUNDS]   (default /tmp/riskmap-bench/rhein.sqlite, 5)
set -euo pipefail
cd "$(dirname "$0")/../.."
source scripts/env.sh
old=$1 new=$2 db=${3:-/tmp/riskmap-bench/rhein.sqlite} rounds=${4:-5}
echo "reproduce: Benchmarks/http/routes-ab.sh $*   ($(date -u '+%F %H:%M') UTC, $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg))"
swift build -c release --product riskmap-bench 2>&1 | grep -E "error" || true
dir=${BENCH_DIR:-/tmp/riskmap-bench}/routes-ab
mkdir -p "$dir"
cp "$db" "$dir/export.sqlite"
.build/release/riskmap-bench graph-export --db "$dir/export.sqlite" --scales suzhou --dir "$dir" | tail -4
echo '{"accessLog": false, "workers": 2}' > "$dir/serve.json"
pids=() targets=()
trap 'for p in "${pids[@]}"; do kill -TERM "$p" 2>/dev/null || true; done; rm -f "$dir"/serve-*.sqlite*' EXIT
for side in old new; do
  bin=$([ $side = old ] && echo "$old" || echo "$new")
  cp "$db" "$dir/serve-$side.sqlite"
  "$bin" serve --db "$dir/serve-$side.sqlite" --host 127.0.0.1 --port 0 --config "$dir/serve.json" > "$dir/$side.out" 2> "$dir/$side.log" &
  pids+=($!)
  for _ in $(seq 300); do grep -q "serving" "$dir/$side.out" 2>/dev/null && break; sleep 0.1; done
  port=$(sed -n 's#^riskmap serving .* on http://127\.0\.0\.1:\([0-9]*\)/.*#\1#p' "$dir/$side.out" | head -1)
  targets+=("http://127.0.0.1:$port/@${pids[-1]}")
done
echo "old: $old → ${targets[0]%@*}; new: $new → ${targets[1]%@*}"
echo "| requests | server | round trip p50 / p99 | handler p50 / p99 | server CPU per request | answer |"
echo "|---|---|---|---|---|---|"
python3 Benchmarks/http/routes_ab.py "$dir/pairs-zones.csv" "$rounds" "${targets[@]}"
