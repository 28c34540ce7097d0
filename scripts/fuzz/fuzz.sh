#!/usr/bin/env bash
# Fuzzes a reader or encoder with libFuzzer and AddressSanitizer (TARGETS.md: 10 minutes without a crash).
# Usage: scripts/fuzz/fuzz.sh geojson|http|items|mvt [seconds]   (600 s by default)
#   geojson  the GeoJSON/JSON/WKT readers of GeoKit
#   http     the HTTP/1.1 request parser and query-string decoding of Sources/HTTP
#   items    the OGC API items query-string parser (Sources/Service/ItemsParameters.swift) on decoded query strings
#   mvt      the MVT encoder of Sources/VectorTiles through its public API, output checked by a protobuf walker
# The corpus grows in a temporary copy; scripts/fuzz/<target>/corpus keeps only the hand-written seeds.
set -euo pipefail
cd "$(dirname "$0")/../.."
source scripts/env.sh
target=${1:?usage: scripts/fuzz/fuzz.sh geojson|http|items|mvt [seconds]}
seconds=${2:-600}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
extra=()
fuzz_flags=(-sanitize=fuzzer,address -parse-as-library -O)
# Compiles a library module into one object and its .swiftmodule under $work/modules, with the fuzzer's
# coverage: module NAME SOURCES... [-- FLAGS...]. The harness then imports it and links the object.
module() {
  local name=$1; shift
  local srcs=() flags=()
  while [ $# -gt 0 ] && [ "$1" != -- ]; do srcs+=("$1"); shift; done
  [ $# -gt 0 ] && shift && flags=("$@")
  mkdir -p "$work/modules"
  swiftc "${fuzz_flags[@]}" -wmo -module-name "$name" -emit-module -emit-module-path "$work/modules/$name.swiftmodule" \
    -I "$work/modules" -c "${srcs[@]}" ${flags[@]+"${flags[@]}"} -o "$work/$name.o"
  extra+=("$work/$name.o")
}
clinux() {
  mkdir -p "$work/clinux"
  cp Sources/CLinux/include/CLinux.h "$work/clinux/"
  printf 'module CLinux {\n    header "CLinux.h"\n    export *\n}\n' > "$work/clinux/module.modulemap"
  clang -c -O1 -fsanitize=fuzzer-no-link,address Sources/CLinux/CLinux.c -I Sources/CLinux/include -o "$work/clinux.o"
}
case "$target" in
  geojson)
    # GeoKit's sources with the harness, over the JSONText leaf it escapes strings with.
    module JSONText Sources/JSONText/*.swift
    sources=(Sources/GeoKit/*.swift)
    extra+=(-I "$work/modules") ;;
  http)
    # The HTTP module with its C shim (compiled here, with the fuzzer's coverage), the gzip leaf and zlib.
    clinux
    module Gzip Sources/Gzip/*.swift -- -I Sources/CZlib
    module JSONText Sources/JSONText/*.swift
    module Monotonic Sources/Monotonic/*.swift
    sources=(Sources/HTTP/*.swift)
    extra+=(-I "$work/modules" -I "$work/clinux" -I Sources/CZlib "$work/clinux.o" -lz) ;;
  items)
    # GeoKit, Gzip, HTTP and Store as modules (Store links SpatiaLite and SQLite, though the parser never opens a
    # database), then only the Service files the parser needs, compiled with the harness.
    clinux
    module JSONText Sources/JSONText/*.swift
    module Monotonic Sources/Monotonic/*.swift
    module GeoKit Sources/GeoKit/*.swift
    module Gzip Sources/Gzip/*.swift -- -I Sources/CZlib
    module HTTP Sources/HTTP/*.swift -- -I "$work/clinux" -I Sources/CZlib
    module Store Sources/Store/*.swift -- -I Sources/CSpatiaLite
    sources=(Sources/Service/ItemsParameters.swift Sources/Service/ServiceConfig.swift Sources/Service/Log.swift Sources/Service/Trimming.swift)
    extra+=(-I "$work/modules" -I "$work/clinux" -I Sources/CZlib -I Sources/CSpatiaLite "$work/clinux.o" -lz) ;;
  mvt)
    # GeoKit and VectorTiles as modules, so the harness sees only VectorTiles' public API.
    module JSONText Sources/JSONText/*.swift
    module GeoKit Sources/GeoKit/*.swift
    module VectorTiles Sources/VectorTiles/*.swift
    sources=()
    extra+=(-I "$work/modules") ;;
  *) echo "unknown fuzz target $target (targets: geojson, http, items, mvt)" >&2; exit 64 ;;
esac
swiftc "${fuzz_flags[@]}" ${sources[@]+"${sources[@]}"} "scripts/fuzz/$target/fuzz.swift" "${extra[@]}" -o "$work/fuzz"
cp -r "scripts/fuzz/$target/corpus" "$work/corpus"
# Swift's own crash backtracer would run under AddressSanitizer and report itself; libFuzzer prints the stack.
SWIFT_BACKTRACE=enable=no "$work/fuzz" -max_total_time="$seconds" -max_len=4096 -print_final_stats=1 "$work/corpus"
