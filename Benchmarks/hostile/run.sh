#!/usr/bin/env bash
# Hostile-client suite (issue 11), run by hand, not in CI: builds a release riskmap, writes the demo city to a
# scratch folder, makes its tokens with the CLI, serves it on a free loopback port and replays every probe of
# Benchmarks/hostile/hostile.py against it (Python standard library only), then stops every server it started.
#
#   Benchmarks/hostile/run.sh [small|city]      (default city)
#
# Environment: HOSTILE_SECONDS (length of the timed attacks, default 5), HOSTILE_ONLY (probe ids, e.g. 2b,9e),
# HOSTILE_FD=0 (skip probe 5 and its server under `ulimit -n 256`), HOSTILE_DIR (scratch folder, default
# /tmp/riskmap-hostile: the database, the servers' logs and results.json stay there after the run).
# Exit status: 0 when every probe passes, 1 when one fails, anything else when the suite itself could not run.
set -euo pipefail
cd "$(dirname "$0")/../.."
source scripts/env.sh
scale=${1:-city}
case "$scale" in small|city) ;; *) echo "usage: $0 [small|city]" >&2; exit 64 ;; esac
dir=${HOSTILE_DIR:-/tmp/riskmap-hostile}

swift build -c release --product riskmap 2>&1 | grep -vE "^\[[0-9]+/[0-9]+\]" || [ "${PIPESTATUS[0]}" -eq 0 ]
bin=$PWD/.build/release/riskmap

mkdir -p "$dir"
rm -f "$dir"/*.sqlite "$dir"/*.sqlite-wal "$dir"/*.sqlite-shm "$dir"/*.log "$dir"/*.out "$dir"/*.json
db=$dir/riskmap.sqlite

pids=()
stop_servers() {
  local pid
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do
    for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  pids=()
}
trap stop_servers EXIT
trap 'exit 130' INT TERM

# quietly CMD…: runs a set-up command with its output in setup.log, shown only when it fails.
quietly() { "$@" >> "$dir/setup.log" 2>&1 || { echo "failed: $*" >&2; tail -20 "$dir/setup.log" >&2; exit 2; }; }
echo "demo city ($scale, seed 1) in $dir"
quietly "$bin" demo --scale "$scale" --seed 1 --db "$db"
quietly "$bin" grid rebuild --db "$db"

# Two risk sources with at least two risks each, for the enterprise tokens of probe 3.
read -r src_a src_b < <(python3 - "$db" <<'PY'
import sqlite3, sys
c = sqlite3.connect(f"file:{sys.argv[1]}?mode=ro", uri=True)
rows = c.execute("SELECT source_id FROM risks GROUP BY source_id HAVING count(*) >= 2 ORDER BY source_id LIMIT 2").fetchall()
print(rows[0][0], rows[1][0])
PY
)

# token NAME ROLE [OPTION…]: prints the secret (the CLI's stdout); its message goes to setup.log.
token() {
  "$bin" token create --name "$1" --role "$2" "${@:3}" --db "$db" 2>> "$dir/setup.log" \
    || { echo "failed: riskmap token create --name $1 --role $2 ${*:3}" >&2; tail -3 "$dir/setup.log" >&2; return 1; }
}
# Binaries with enterprise tokens bound to sources need --source; older ones refuse the option (usage error).
enterprise_token() {
  "$bin" token create --name "$1" --role enterprise --source "$2" --db "$db" 2>> "$dir/setup.log" || token "$1" enterprise
}
editor=$(token hostile-editor editor)
admin=$(token hostile-admin admin)
ent_a=$(enterprise_token hostile-enterprise-a "$src_a")
ent_b=$(enterprise_token hostile-enterprise-b "$src_b")
python3 - "$dir/tokens.json" "$editor" "$admin" "$ent_a" "$ent_b" "$src_a" "$src_b" <<'PY'
import json, sys
out, editor, admin, a, b, sa, sb = sys.argv[1:]
json.dump({"editor": editor, "admin": admin, "enterprise_a": a, "enterprise_b": b,
           "source_a": int(sa), "source_b": int(sb)}, open(out, "w"))
PY

# The other two servers get copies, so nothing they do can touch the main server's file.
copy_db() { python3 -c "import sqlite3,sys; s=sqlite3.connect(sys.argv[1]); d=sqlite3.connect(sys.argv[2]); s.backup(d); d.close()" "$db" "$1"; }
copy_db "$dir/closed.sqlite"

# start_server NAME DB CONFIG_JSON [NOFILE]: serves on a free port; sets server_pid and server_port.
start_server() {
  local name=$1 sdb=$2 nofile=${4:-}
  echo "$3" > "$dir/$name.json"
  (
    if [ -n "$nofile" ]; then ulimit -n "$nofile"; fi
    exec "$bin" serve --db "$sdb" --host 127.0.0.1 --port 0 --config "$dir/$name.json"
  ) > "$dir/$name.out" 2> "$dir/$name.log" &
  server_pid=$!
  pids+=("$server_pid")
  for _ in $(seq 600); do
    grep -q "riskmap serving" "$dir/$name.out" 2>/dev/null && break
    kill -0 "$server_pid" 2>/dev/null || { echo "$name server exited:" >&2; cat "$dir/$name.log" >&2; exit 2; }
    sleep 0.1
  done
  server_port=$(sed -n 's#^riskmap serving .* on http://127\.0\.0\.1:\([0-9]*\)/.*#\1#p' "$dir/$name.out" | head -1)
  [ -n "$server_port" ] || { echo "$name server did not say its port" >&2; exit 2; }
  echo "$name server: pid $server_pid, http://127.0.0.1:$server_port/, log $dir/$name.log"
}

start_server main "$db" '{"accessLog": true}'
main_pid=$server_pid main_port=$server_port
start_server closed "$dir/closed.sqlite" '{"anonymousReads": false}'
closed_port=$server_port
fd_args=()
if [ "${HOSTILE_FD:-1}" != 0 ]; then
  copy_db "$dir/fd.sqlite"
  start_server fd "$dir/fd.sqlite" '{"accessLog": true}' 256
  fd_args=(--fd-port "$server_port" --fd-pid "$server_pid")
fi

only_args=()
if [ -n "${HOSTILE_ONLY:-}" ]; then only_args=(--only "$HOSTILE_ONLY"); fi
echo "reproduce: Benchmarks/hostile/run.sh $scale   ($(date -u +%F), $(nproc) cores, $(git rev-parse --short HEAD))"
status=0
python3 Benchmarks/hostile/hostile.py --port "$main_port" --pid "$main_pid" --log "$dir/main.log" --db "$db" --bin "$bin" \
  --tokens "$dir/tokens.json" --closed-port "$closed_port" "${fd_args[@]}" --seconds "${HOSTILE_SECONDS:-5}" \
  --json "$dir/results.json" "${only_args[@]}" || status=$?
stop_servers
echo "servers stopped; logs and results.json in $dir"
exit "$status"
