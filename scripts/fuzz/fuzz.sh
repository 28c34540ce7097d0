#!/usr/bin/env bash
# Fuzzes a reader with libFuzzer and AddressSanitizer (TARGETS.md: 10 minutes without a crash).
# Usage: scripts/fuzz/fuzz.sh geojson [seconds]   — the GeoJSON/JSON/WKT readers of GeoKit, 600 s by default.
# The corpus grows in a temporary copy; scripts/fuzz/<target>/corpus keeps only the hand-written seeds.
set -euo pipefail
cd "$(dirname "$0")/../.."
source scripts/env.sh
target=${1:?usage: scripts/fuzz/fuzz.sh geojson [seconds]}
seconds=${2:-600}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
case "$target" in
  geojson) sources=(Sources/GeoKit/*.swift) ;;
  *) echo "unknown fuzz target $target (targets: geojson)" >&2; exit 64 ;;
esac
swiftc -sanitize=fuzzer,address -parse-as-library -O "${sources[@]}" "scripts/fuzz/$target/fuzz.swift" -o "$work/fuzz"
cp -r "scripts/fuzz/$target/corpus" "$work/corpus"
"$work/fuzz" -max_total_time="$seconds" -max_len=4096 -print_final_stats=1 "$work/corpus"
