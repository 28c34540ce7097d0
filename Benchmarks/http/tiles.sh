#!/usr/bin/env bash
# Cached vector tiles over HTTP: riskmap from its warm tile cache against nginx serving the same tile bytes
# from disk, with wrk (2 threads × 64 connections, keep-alive), same run, same tiles.
#   Benchmarks/http/tiles.sh [TILES.txt]
# TILES.txt holds "z x y" lines (default: the list `riskmap-bench tiles` writes, $BENCH_DIR/tiles-suzhou.txt;
# its composite risks,sites,pipelines tiles z10–z16 around the suzhou demo city). The tiles are seeded with
# `riskmap tiles seed --dir`, one seed per tile, so nginx serves exactly what riskmap serves (500 KB budget).
# Neither side compresses: wrk sends no Accept-Encoding, so riskmap sends its identity bytes (gzip is made only
# when a client asks for it) and nginx has gzip off; both answer 200 with the same bodies.
# Installs nginx-light and wrk from Debian if missing; nginx runs from a throwaway config on a loopback port.
# Environment (optional): TILES_DB (default $BENCH_DIR/demo-suzhou.sqlite, built if missing) and TILES_LAYERS
# (default risks,sites,pipelines) for another database, e.g. one `riskmap import` made; BENCH_DIR (default /tmp/riskmap-bench), NGINX_PORT (18480), SERVE_WORKERS (riskmap's
# default unless set) and SERVE_CONFIG (riskmap's settings as JSON; default {"accessLog": false}: riskmap's
# default configuration without its access log, as nginx runs without one), NGINX_SENDFILE (on; off makes nginx
# copy each body from user memory into the socket, as riskmap does, instead of handing the kernel file pages).
set -euo pipefail
cd "$(dirname "$0")/../.."
source scripts/env.sh
for p in nginx-light wrk; do
  dpkg -s "$p" >/dev/null 2>&1 || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$p" >/dev/null; }
done
scratch=${SCRATCH:-.build}
swift build -c release --scratch-path "$scratch" --product riskmap 2>&1 | grep -E "error|warning: unre" || true
bin=$scratch/release/riskmap
dir=${BENCH_DIR:-/tmp/riskmap-bench}
db=${TILES_DB:-$dir/demo-suzhou.sqlite}
list=${1:-$dir/tiles-suzhou.txt}
[ -f "$db" ] || "$bin" demo --scale suzhou --db "$db" >/dev/null 2>&1
[ -f "$list" ] || { echo "no tile list $list: run riskmap-bench tiles --scales suzhou --dir $dir first" >&2; exit 1; }
layers=${TILES_LAYERS:-risks,sites,pipelines}
echo "reproduce: TILES_DB=$db TILES_LAYERS=$layers Benchmarks/http/tiles.sh $list   ($(date -u '+%F %H:%M UTC'), $(nproc) cores, $(wc -l < "$list") tiles)"

# Seed each listed tile: a box well inside the tile covers that tile alone at its zoom.
# A run on the same database file, list and layers as the last one reuses its seeded tiles (TILES_RESEED=1 seeds
# again); every 50th tile is compared byte for byte with riskmap's below.
www="$dir/tiles-www"
seeded_from="$(stat -c '%n %s %Y' "$db") $(md5sum < "$list" | cut -d' ' -f1) $layers"
if [ "${TILES_RESEED:-0}" = 1 ] || [ "$(cat "$www/.seeded-from" 2>/dev/null)" != "$seeded_from" ]; then
  rm -rf "$www"; mkdir -p "$www/$layers"
  python3 -c "
import math, sys
for line in open(sys.argv[1]):
    z, x, y = map(int, line.split()); n = 2 ** z
    lon = lambda x: x / n * 360 - 180
    lat = lambda y: math.degrees(math.atan(math.sinh(math.pi * (1 - 2 * y / n))))
    print(f'{lon(x + 0.25):.9f},{lat(y + 0.75):.9f},{lon(x + 0.75):.9f},{lat(y + 0.25):.9f}')" "$list" > "$dir/tile-boxes.txt"
  paste -d' ' "$list" "$dir/tile-boxes.txt" | while read -r z x y box; do
    "$bin" tiles seed --db "$db" --layers "$layers" --bbox "$box" --zooms "$z-$z" --dir "$www/$layers" >/dev/null 2>&1
  done
  echo "$seeded_from" > "$www/.seeded-from"
fi
seeded=$(find "$www" -name '*.mvt' | wc -l)
echo "seeded (or kept from the last run) $seeded tiles ($(du -sk "$www" | cut -f1) KB) into $www"

# The URLs both servers answer, cycled by every wrk connection.
lua="$dir/tiles.lua"
( cd "$www" && find . -name '*.mvt' | sort | sed 's|^\./|/tiles/|' ) | python3 -c "
import sys
paths = [l.strip() for l in sys.stdin if l.strip()]
print('local paths = {' + ','.join('\"%s\"' % p for p in paths) + '}')
print('local i = 0')
print('request = function() i = i + 1; return wrk.format(\"GET\", paths[(i % #paths) + 1]) end')" > "$lua"

port_nginx=${NGINX_PORT:-18480}
conf="$dir/nginx.conf"
cat > "$conf" <<NGINX
worker_processes 2;
pid $dir/nginx.pid;
error_log $dir/nginx-error.log;
events { worker_connections 1024; }
http {
  access_log off;
  sendfile ${NGINX_SENDFILE:-on}; tcp_nopush on; tcp_nodelay on;
  keepalive_requests 1000000;
  open_file_cache max=10000 inactive=60s;
  gzip off;
  types { application/vnd.mapbox-vector-tile mvt; }
  server {
    listen 127.0.0.1:$port_nginx;
    location /tiles/ { root $www; add_header Cache-Control no-cache; etag on; }
  }
}
NGINX
# /tiles/risks,sites,pipelines/z/x/y.mvt maps to $www/tiles/... : give nginx that layout.
mkdir -p "$www/tiles" && ln -sfn "$www/$layers" "$www/tiles/$layers"
nginx -c "$conf" -p "$dir"
log="$dir/serve-tiles.log"
# Default: riskmap's default configuration with the access log off (nginx logs nothing either).
serve_config=${SERVE_CONFIG:-'{"accessLog": false}'}
workers_flag=${SERVE_WORKERS:+--workers $SERVE_WORKERS}
echo "riskmap: ${workers_flag:-default workers} --config '$serve_config'"
"$bin" serve --db "$db" --port 0 $workers_flag --config <(echo "$serve_config") > "$log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null; nginx -c "$conf" -p "$dir" -s stop 2>/dev/null || true' EXIT
for _ in $(seq 100); do grep -q "serving" "$log" && break; sleep 0.1; done
port=$(sed -n 's/.*:\([0-9]*\)\/$/\1/p' "$log" | head -1)

# Same bytes from both (every 50th tile), then warm riskmap's cache with every tile.
checked=0
for path in $(cd "$www" && find . -name '*.mvt' | sort | sed 's|^\./|/tiles/|' | awk 'NR % 50 == 1'); do
  cmp -s <(curl -s "http://127.0.0.1:$port$path") <(curl -s "http://127.0.0.1:$port_nginx$path") \
    || { echo "riskmap and nginx differ on $path: TILES_RESEED=1 to seed again" >&2; exit 1; }
  checked=$((checked + 1))
done
echo "same bytes from both for $checked tiles (every 50th)"
wrk -t1 -c1 -d5s -s "$lua" "http://127.0.0.1:$port" >/dev/null
wrk -t1 -c1 -d1s -s "$lua" "http://127.0.0.1:$port_nginx" >/dev/null
for round in 1 2; do
  for server in nginx riskmap; do
    p=$([ $server = nginx ] && echo $port_nginx || echo $port)
    echo "== $server, round $round: wrk -t2 -c64 -d10s --latency"
    wrk -t2 -c64 -d10s --latency -s "$lua" "http://127.0.0.1:$p" | grep -E "^ +(50|99)%|Requests/sec|Transfer/sec|Non-2xx|Socket errors"
  done
done
