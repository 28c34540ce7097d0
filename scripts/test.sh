#!/usr/bin/env bash
# Sets everything up and runs every test: `scripts/test.sh` (extra arguments go to `swift test`, e.g.
# `--filter StoreTests`).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
scripts/setup.sh --test
set +e
swift build --build-tests 2>&1 | grep -vE "^\[[0-9]+/[0-9]+\]"
build=${PIPESTATUS[0]}
[ "$build" -eq 0 ] || { echo "test.sh: build failed" >&2; exit "$build"; }
# Swift Testing runs the suites in parallel; XCTest has none here, so its empty summary is not shown.
swift test --skip-build "$@" 2>&1 | grep -vE "^(Test Suite|\s+Executed 0 tests)" | grep -vE "^◇ Test [a-zA-Z]+\(.*started\.$"
status=${PIPESTATUS[0]}
exit "$status"
