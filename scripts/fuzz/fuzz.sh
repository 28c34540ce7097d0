#!/usr/bin/env bash
# Fuzzes a reader with libFuzzer and AddressSanitizer (TARGETS.md: 10 minutes without a crash).
# Usage: scripts/fuzz/fuzz.sh geojson|http [seconds]   (600 s by default)
#   geojson  the GeoJSON/JSON/WKT readers of GeoKit
#   http     the HTTP/1.1 request parser and query-string decoding of Sources/HTTP
# The corpus grows in a temporary copy; scripts/fuzz/<target>/corpus keeps only the hand-written seeds.
set -euo pipefail
cd "$(dirname "$0")/../.."
source scripts/env.sh
target=${1:?usage: scripts/fuzz/fuzz.sh geojson|http [seconds]}
seconds=${2:-600}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
extra=()
case "$target" in
  geojson) sources=(Sources/GeoKit/*.swift) ;;
  http)
    # The HTTP module with its C shim (compiled here, with the fuzzer's coverage) and zlib.
    mkdir -p "$work/clinux"
    cp Sources/CLinux/include/CLinux.h "$work/clinux/"
    printf 'module CLinux {\n    header "CLinux.h"\n    export *\n}\n' > "$work/clinux/module.modulemap"
    clang -c -O1 -fsanitize=fuzzer-no-link,address Sources/CLinux/CLinux.c -I Sources/CLinux/include -o "$work/clinux.o"
    sources=(Sources/HTTP/*.swift)
    extra=(-I "$work/clinux" -I Sources/CZlib "$work/clinux.o" -lz) ;;
  *) echo "unknown fuzz target $target (targets: geojson, http)" >&2; exit 64 ;;
esac
swiftc -sanitize=fuzzer,address -parse-as-library -O "${sources[@]}" "scripts/fuzz/$target/fuzz.swift" "${extra[@]}" -o "$work/fuzz"
cp -r "scripts/fuzz/$target/corpus" "$work/corpus"
"$work/fuzz" -max_total_time="$seconds" -max_len=4096 -print_final_stats=1 "$work/corpus"
