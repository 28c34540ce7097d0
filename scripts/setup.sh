#!/usr/bin/env bash
# Installs what riskmap needs to build, run and test, idempotently: Debian packages (only when one is
# missing, so a second run is quick) and the Python packages the tests use as independent checkers.
set -euo pipefail
cd "$(dirname "$0")/.."

# Build and run: the C libraries riskmap links (docs/DEPENDENCIES.md says why each).
build_packages=(libsqlite3-dev libspatialite-dev libsqlite3-mod-spatialite libproj-dev proj-data zlib1g-dev libreadosm-dev)
# Tests only: GDAL's ogrinfo reads our files as QGIS would; cs2cs gives PROJ reference values.
test_packages=(gdal-bin proj-bin python3-pip)

want=("${build_packages[@]}")
if [ "${1:-}" = "--test" ]; then want+=("${test_packages[@]}"); fi

missing=()
for p in "${want[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}" >&2
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if [ "${1:-}" = "--test" ] && [ -s scripts/requirements-test.txt ]; then
  python3 -m pip install --quiet --disable-pip-version-check -r scripts/requirements-test.txt 2>&1 | grep -v "Running pip as the 'root' user" || true
fi

if ! command -v swift >/dev/null 2>&1; then
  echo "setup: swift is not on PATH (expected the Swift 6 toolchain, e.g. /opt/swift/usr/bin)" >&2
  exit 1
fi
