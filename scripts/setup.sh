#!/usr/bin/env bash
# Installs what riskmap needs to build, run and test, idempotently: Debian packages (only when one is
# missing, so a second run is quick) and the Python packages the tests use as independent checkers.
set -euo pipefail
cd "$(dirname "$0")/.."

# Build and run: the C libraries riskmap links (docs/DEPENDENCIES.md says why each).
# libfreetype-dev and the font draw the map's labels on the server (/fonts, docs/VIEWER.md).
build_packages=(libsqlite3-dev libspatialite-dev libsqlite3-mod-spatialite libproj-dev proj-data zlib1g-dev libreadosm-dev
                libfreetype-dev fonts-wqy-microhei)
# Tests only: GDAL's ogrinfo reads our files as QGIS would; cs2cs gives PROJ reference values; headless
# Chromium and its driver load the viewer in a real browser (Tests/ServiceTests/ViewerBrowserTests).
test_packages=(gdal-bin proj-bin python3-pip chromium chromium-driver)

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

# The viewer's map library: MapLibre GL JS from the PyPI wheel `maplibre` (it ships the built files under
# maplibre/srcjs/). Extracted into tiles/viewer/vendor/, never committed; fetched only when missing, so the
# served copy does not change under a running command centre. The wheel is pinned: 0.3.6 ships GL JS 5.3.0.
vendor=tiles/viewer/vendor
if [ ! -s "$vendor/maplibre-gl.js" ] || [ ! -s "$vendor/maplibre-gl.css" ]; then
  python3 -m pip --version >/dev/null 2>&1 || {
    echo "setup: pip is needed to fetch MapLibre GL JS (apt-get install python3-pip)" >&2; exit 1; }
  echo "setup: fetching MapLibre GL JS from the PyPI wheel 'maplibre' into $vendor" >&2
  wheel_dir=$(mktemp -d)
  trap 'rm -rf "$wheel_dir"' EXIT
  python3 -m pip download --quiet --disable-pip-version-check --no-deps --dest "$wheel_dir" maplibre==0.3.6
  mkdir -p "$vendor"
  python3 - "$wheel_dir" "$vendor" <<'PY'
import glob, sys, zipfile
wheel_dir, vendor = sys.argv[1], sys.argv[2]
wheel = glob.glob(wheel_dir + "/maplibre-*.whl")[0]
with zipfile.ZipFile(wheel) as z:
    for name in ("maplibre-gl.js", "maplibre-gl.css"):
        with open(f"{vendor}/{name}", "wb") as out:
            out.write(z.read("maplibre/srcjs/" + name))
PY
fi

if ! command -v swift >/dev/null 2>&1; then
  echo "setup: swift is not on PATH (expected the Swift 6 toolchain, e.g. /opt/swift/usr/bin)" >&2
  exit 1
fi
