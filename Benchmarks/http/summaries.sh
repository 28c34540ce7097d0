#!/usr/bin/env bash
# The viewer's start-up summaries over HTTP: /areas?level=district, /areas/2/summary, /collections, and
# /areas?level=district revalidated (If-None-Match with its ETag: a 304), each timed N times with curl.
#   Benchmarks/http/summaries.sh [city|suzhou ...]      (default: city suzhou; N=${N:-50})
# Builds a release riskmap (or times $BIN, e.g. a build of an older commit), makes the demo databases under
# $BENCH_DIR (default /tmp/riskmap-bench) unless there, serves each on a free port with 2 workers and prints
# p50/p90 per endpoint in ms. What is timed is curl's time_total: one client round trip over loopback on a new
# connection (no keep-alive), the body not compressed, after one untimed request per endpoint.
set -euo pipefail
cd "$(dirname "$0")/../.."
source scripts/env.sh
if [ -z "${BIN:-}" ]; then swift build -c release --product riskmap 2>&1 | grep -E "error" || true; fi
bin=${BIN:-.build/release/riskmap}
dir=${BENCH_DIR:-/tmp/riskmap-bench}
n=${N:-50}
mkdir -p "$dir"
scales=("$@"); [ ${#scales[@]} -gt 0 ] || scales=(city suzhou)
echo "reproduce: Benchmarks/http/summaries.sh ${scales[*]}   (N=$n, $(date -u +%F), $(nproc) cores)"
for scale in "${scales[@]}"; do
  db="$dir/demo-$scale.sqlite"
  [ -f "$db" ] || { "$bin" demo --scale "$scale" --db "$db" >/dev/null 2>&1; "$bin" grid rebuild --db "$db" >/dev/null 2>&1; }
  log="$dir/summaries-serve-$scale.log"
  echo '{"accessLog": false}' > "$dir/summaries.json"
  "$bin" serve --db "$db" --port 0 --workers 2 --config "$dir/summaries.json" > "$log" 2>&1 &
  pid=$!
  for _ in $(seq 600); do grep -q "serving" "$log" && break; sleep 0.1; done
  base="http://127.0.0.1:$(sed -n 's/.*:\([0-9]*\)\/$/\1/p' "$log" | head -1)"
  echo "== $scale ($(grep -o 'built in .*' "$log" || true))"
  tag=$(curl -s -D - -o /dev/null "$base/areas?level=district" | tr -d '\r' | sed -n 's/^[Ee][Tt][Aa][Gg]: //p')
  for endpoint in "/areas?level=district" "/areas/2/summary" "/collections" "304 /areas?level=district"; do
    path=${endpoint#304 }
    header=(); [ "$path" = "$endpoint" ] || header=(-H "If-None-Match: $tag")
    curl -s -o /dev/null "${header[@]}" "$base$path"
    for _ in $(seq "$n"); do curl -s -o /dev/null -w '%{http_code} %{time_total}\n' "${header[@]}" "$base$path"; done |
      python3 -c '
import sys
rows = [l.split() for l in sys.stdin]
ms = sorted(float(t) * 1000 for _, t in rows)
p = lambda q: ms[min(len(ms) - 1, int(q * len(ms)))]
print(f"  {sys.argv[1]:<30} status {rows[0][0]}  p50 {p(0.5):8.2f} ms  p90 {p(0.9):8.2f} ms  (n={len(ms)})")' "$endpoint"
  done
  kill "$pid"; wait "$pid" 2>/dev/null || true
done
