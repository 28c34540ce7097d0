#!/usr/bin/env bash
# Edit to fresh tile over HTTP: PATCH a risk, then GET the grid+risks tile over it, 200 times (checking the tile
# shows the edit each time).   Benchmarks/http/edit-to-tile.sh [city|suzhou ...]   (default: suzhou)
set -euo pipefail
cd "$(dirname "$0")/../.."
source scripts/env.sh
swift build -c release --product riskmap 2>&1 | grep -E "error" || true
bin=.build/release/riskmap
dir=${BENCH_DIR:-/tmp/riskmap-bench}
mkdir -p "$dir"
scales=("$@"); [ ${#scales[@]} -gt 0 ] || scales=(suzhou)
echo "reproduce: Benchmarks/http/edit-to-tile.sh ${scales[*]}   ($(date -u +%F), $(nproc) cores)"
for scale in "${scales[@]}"; do
  db="$dir/edit-$scale.sqlite"
  rm -f "$db" "$db-wal" "$db-shm"
  "$bin" demo --scale "$scale" --db "$db" >/dev/null 2>&1
  token=$("$bin" token create --name bench --role editor --db "$db" 2>/dev/null)
  log="$dir/edit-serve-$scale.log"
  echo '{"accessLog": false}' > "$dir/edit.json"
  "$bin" serve --db "$db" --port 0 --workers 2 --config "$dir/edit.json" > "$log" 2>&1 &
  pid=$!
  for _ in $(seq 100); do grep -q "serving" "$log" && break; sleep 0.1; done
  port=$(sed -n 's/.*:\([0-9]*\)\/$/\1/p' "$log" | head -1)
  echo "== $scale"
  python3 Benchmarks/http/edit_to_tile.py "http://127.0.0.1:$port" "$token" 200
  kill "$pid"; wait "$pid" 2>/dev/null || true
done
