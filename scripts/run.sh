#!/usr/bin/env bash
# Sets everything up and runs riskmap on the demo city: builds a release binary, writes the demo city to
# data/riskmap.sqlite on first run (RISKMAP_SCALE=small|city|suzhou, default city), reports it and serves
# it on http://127.0.0.1:8080/ (RISKMAP_HOST, RISKMAP_PORT) until Ctrl-C.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
scripts/setup.sh
swift build -c release --product riskmap 2>&1 | grep -vE "^\[[0-9]+/[0-9]+\]" || [ "${PIPESTATUS[0]}" -eq 0 ]
bin=.build/release/riskmap
db=${RISKMAP_DB:-data/riskmap.sqlite}
if [ ! -f "$db" ]; then
  "$bin" demo --scale "${RISKMAP_SCALE:-city}" --seed "${RISKMAP_SEED:-1}" --db "$db"
fi
"$bin" stats --db "$db"
exec "$bin" serve --db "$db" --host "${RISKMAP_HOST:-127.0.0.1}" --port "${RISKMAP_PORT:-8080}"
