"""Loads riskmap's viewer in headless Chromium (Debian's, WebGL through SwiftShader) and reports, as one JSON
object on stdout, what the page itself shows: features rendered (map.queryRenderedFeatures), requests made,
console errors, what a layer switch, a click, the language switch and a search do. ViewerBrowserTests asserts on it.

usage: viewer_browser.py BASE_URL ARTIFACTS_DIR
Exit 2 with one line on stderr when Chromium, its driver or Selenium is missing.
"""
import json
import os
import sys
import time

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"


def missing(what):
    print(f"{what} is missing: run scripts/setup.sh --test (it installs chromium, chromium-driver and selenium)", file=sys.stderr)
    sys.exit(2)


try:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select, WebDriverWait
except ImportError:
    missing("the Python package selenium")
for path in (CHROMIUM, CHROMEDRIVER):
    if not os.access(path, os.X_OK):
        missing(path)

base, artifacts = sys.argv[1], sys.argv[2]
# "without-maplibre": the server lacks tiles/viewer/vendor/; only the page's notice is checked.
mode = sys.argv[3] if len(sys.argv) > 3 else "full"
os.makedirs(artifacts, exist_ok=True)
# Selenium Manager must never fetch a browser or driver: both are given explicitly.
os.environ["SE_OFFLINE"] = "true"

options = webdriver.ChromeOptions()
options.binary_location = CHROMIUM
for arg in ("--headless=new", "--use-angle=swiftshader", "--enable-unsafe-swiftshader", "--no-sandbox",
            "--window-size=1280,900", "--lang=zh-CN", "--disable-dev-shm-usage", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            # The page must need nothing but riskmap: any other host fails to resolve, and the request log shows it.
            "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"):
    options.add_argument(arg)
options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
driver = webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=options)
driver.set_script_timeout(60)
report = {}

# Before any page script: catch uncaught errors and rejections, and keep every resource timing entry.
driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": """
    window.__errors = [];
    addEventListener('error', e => window.__errors.push(String(e.message || e.target?.src || e.target?.href || e)), true);
    addEventListener('unhandledrejection', e => window.__errors.push('unhandled rejection: ' + String(e.reason)));
    performance.setResourceTimingBufferSize(100000);
"""})

WAIT_IDLE = """
const done = arguments[arguments.length - 1];
const v = window.riskmapViewer;
v.ready.then(() => {
  if (v.map.loaded() && v.map.areTilesLoaded() && !v.map.isMoving()) done(true);
  else v.map.once('idle', () => done(true));
});
"""


def wait_for_viewer():
    WebDriverWait(driver, 60).until(lambda d: d.execute_script("return !!window.riskmapViewer"))
    driver.execute_async_script(WAIT_IDLE)


def rendered(group):
    return driver.execute_script("""
        const v = window.riskmapViewer;
        const layers = v.styleLayers(arguments[0]);
        return layers.length ? v.map.queryRenderedFeatures({layers}).length : 0;
    """, group)


def shot(name):
    path = os.path.join(artifacts, name)
    driver.save_screenshot(path)
    return path


def exercise():
    started = time.time()
    driver.get(base + "/")
    wait_for_viewer()
    report["load_seconds"] = round(time.time() - started, 1)
    report["title"] = driver.title
    report["switches"] = driver.execute_script(
        "return [...document.querySelectorAll('#layers input')].map(i => i.value)")
    report["rendered"] = {g: rendered(g) for g in report["switches"]}
    report["risk_levels"] = sorted(driver.execute_script("""
        const v = window.riskmapViewer;
        return [...new Set(v.map.queryRenderedFeatures({layers: v.styleLayers('risks')}).map(f => f.properties.level))];
    """))
    # The colours actually painted for enterprises: MapLibre evaluates each feature's paint properties.
    report["risk_source_colours"] = driver.execute_script("""
        const v = window.riskmapViewer;
        const out = {};
        for (const f of v.map.queryRenderedFeatures({layers: v.styleLayers('risk_sources')})) {
          const paint = f.layer.paint['circle-color'] ?? f.layer.paint['fill-color'];
          const c = typeof paint === 'string' ? paint : paint && ('rgb(' + [paint.r, paint.g, paint.b].map(x => Math.round(x * 255)).join(',') + ')');
          (out[f.properties.colour] ??= new Set()).add(c);
        }
        return Object.fromEntries(Object.entries(out).map(([k, s]) => [k, [...s]]));
    """)
    report["style_colours"] = driver.execute_script("return window.riskmapViewer.map.getStyle().metadata['riskmap:colours']")
    report["legend_zh"] = driver.execute_script("return [...document.querySelectorAll('#legend li')].map(li => li.textContent)")
    report["layer_legend"] = driver.execute_script("""
        return Object.fromEntries([...document.querySelectorAll('#layer-legend dt')].map(dt =>
          [dt.dataset.group, [...dt.nextElementSibling.querySelectorAll('li')].map(li => li.textContent)]));
    """)
    report["districts"] = driver.execute_script("""
        const panel = document.querySelector('#districts');
        return {hidden: panel.hidden, rows: [...panel.querySelectorAll('tbody tr')].map(r => [...r.cells].map(c => c.textContent))};
    """)
    report["attribution"] = driver.execute_script(
        "return document.querySelector('.maplibregl-ctrl-attrib')?.textContent ?? ''")
    report["screenshot_map"] = shot("viewer-map.png")

    # A layer switch, clicked as a user would: its layers stop drawing; clicked again, they are back.
    switch = driver.find_element(By.CSS_SELECTOR, "#layers input[value='risks']")
    switch.click()
    driver.execute_async_script(WAIT_IDLE)
    report["risks_after_switch_off"] = rendered("risks")
    switch.click()
    driver.execute_async_script(WAIT_IDLE)
    report["risks_after_switch_on"] = rendered("risks")

    # A click on a major risk away from the map's edges and controls opens its popup.
    target = driver.execute_script("""
        const v = window.riskmapViewer, map = v.map, canvas = map.getCanvas();
        const w = canvas.clientWidth, h = canvas.clientHeight;
        const features = map.queryRenderedFeatures({layers: v.styleLayers('risks')})
          .filter(f => f.geometry.type === 'Point')
          .map(f => ({f, p: map.project(f.geometry.coordinates)}))
          .filter(({p}) => p.x > 40 && p.x < w - 80 && p.y > 40 && p.y < h - 60);
        features.sort((a, b) => (a.f.properties.level === 'major' ? 0 : 1) - (b.f.properties.level === 'major' ? 0 : 1));
        const hit = features[0];
        return hit ? {x: hit.p.x, y: hit.p.y, w, h, id: hit.f.id, name: hit.f.properties.name} : null;
    """)
    report["popup_target"] = target
    if target:
        canvas = driver.find_element(By.CSS_SELECTOR, "#map canvas")
        ActionChains(driver).move_to_element_with_offset(
            canvas, int(target["x"] - target["w"] / 2), int(target["y"] - target["h"] / 2)).click().perform()
        WebDriverWait(driver, 30).until(lambda d: "风险等级" in d.execute_script(
            "return document.querySelector('.maplibregl-popup-content')?.textContent ?? ''"))
        # The whole feature from the API replaces the tile's attributes: wait for a field tiles do not carry.
        WebDriverWait(driver, 30).until(lambda d: "管控措施" in d.execute_script(
            "return document.querySelector('.maplibregl-popup-content')?.textContent ?? ''"))
        # Then the enterprise's name replaces its id: "name (id)".
        source = driver.execute_async_script(
            "const done = arguments[arguments.length - 1];"
            "fetch('/collections/risks/items/' + arguments[0]).then(r => r.json()).then(f => done(f.properties.source_id));",
            target["id"])
        report["popup_source_id"] = source
        WebDriverWait(driver, 30).until(lambda d: f"({source})" in d.execute_script(
            "return document.querySelector('.maplibregl-popup-content')?.textContent ?? ''"))
        report["popup_zh"] = driver.execute_script("return document.querySelector('.maplibregl-popup-content').innerText")
        report["screenshot_popup"] = shot("viewer-popup.png")

    # The language switch: legend, switches and the open popup change language.
    driver.find_element(By.ID, "language").click()
    report["legend_en"] = driver.execute_script("return [...document.querySelectorAll('#legend li')].map(li => li.textContent)")
    report["heat_legend_en"] = driver.execute_script("return [...document.querySelectorAll('#heat-legend li')].map(li => li.textContent)")
    report["switch_labels_en"] = driver.execute_script(
        "return [...document.querySelectorAll('#layers label')].map(l => l.textContent)")
    report["popup_en"] = driver.execute_script(
        "return document.querySelector('.maplibregl-popup-content')?.innerText ?? ''")
    report["screenshot_en"] = shot("viewer-en.png")
    driver.find_element(By.ID, "language").click()

    # Search by credit code: the only hit is flown to and its popup opened.
    wanted = driver.execute_async_script("""
        const done = arguments[arguments.length - 1];
        fetch('/collections/risk_sources/items?limit=1&sortby=-risk_count').then(r => r.json()).then(j => done(j.features[0]));
    """)
    box = driver.find_element(By.ID, "search-text")
    box.clear()
    box.send_keys(wanted["properties"]["credit_code"])
    driver.find_element(By.CSS_SELECTOR, "#search button[type=submit]").click()
    WebDriverWait(driver, 30).until(lambda d: wanted["properties"]["name"] in d.execute_script(
        "return document.querySelector('.maplibregl-popup-content')?.textContent ?? ''"))
    driver.execute_async_script(WAIT_IDLE)
    report["search"] = {
        "name": wanted["properties"]["name"],
        "results": driver.execute_script("return [...document.querySelectorAll('#search-results li')].map(li => li.innerText)"),
        "zoom": driver.execute_script("return window.riskmapViewer.map.getZoom()"),
        "centre_distance_deg": driver.execute_script("""
            const c = window.riskmapViewer.map.getCenter(), p = arguments[0];
            return Math.hypot(c.lng - p[0], c.lat - p[1]);
        """, wanted["geometry"]["coordinates"] if wanted["geometry"]["type"] == "Point" else wanted["geometry"]["coordinates"][0][0]),
    }
    report["screenshot_search"] = shot("viewer-search.png")

    # Filters: a level unticked leaves no risk of that level drawn, and the URL says so; a sector chosen leaves
    # only its enterprises; the time control hides a report after its window ends.
    driver.execute_script("window.riskmapViewer.map.jumpTo({center: [120.62, 31.31], zoom: 12})")
    driver.execute_async_script(WAIT_IDLE)
    levels_drawn = "return [...new Set(window.riskmapViewer.map.queryRenderedFeatures({layers: window.riskmapViewer.styleLayers('risks')}).map(f => f.properties.level))]"
    report["levels_before"] = driver.execute_script(levels_drawn)
    driver.find_element(By.CSS_SELECTOR, "#filter-levels input[value='major']").click()
    driver.execute_async_script(WAIT_IDLE)
    report["levels_without_major"] = driver.execute_script(levels_drawn)
    report["url_with_filter"] = driver.execute_script("return location.search")
    driver.find_element(By.CSS_SELECTOR, "#filter-levels input[value='major']").click()
    sectors = driver.execute_script("return [...document.querySelectorAll('#filter-sector option')].map(o => o.value).filter(v => v)")
    drawn_sectors = "return [...new Set(window.riskmapViewer.map.queryRenderedFeatures({layers: window.riskmapViewer.styleLayers('risk_sources')}).map(f => f.properties.sector))]"
    report["sectors_before"] = driver.execute_script(drawn_sectors)
    chosen = next((s for s in sectors if s in report["sectors_before"]), None)
    report["sector_chosen"] = chosen
    if chosen:
        Select(driver.find_element(By.ID, "filter-sector")).select_by_value(chosen)
        driver.execute_async_script(WAIT_IDLE)
        report["sectors_after"] = driver.execute_script(drawn_sectors)
        Select(driver.find_element(By.ID, "filter-sector")).select_by_value("")
    # A district chosen: the map flies to it and draws only the enterprises inside its outline; the URL keeps it.
    districts = driver.execute_script("return [...document.querySelectorAll('#filter-district option')].map(o => o.value).filter(v => v)")
    if districts:
        import urllib.request
        Select(driver.find_element(By.ID, "filter-district")).select_by_value(districts[0])
        driver.execute_async_script(WAIT_IDLE)
        area = json.loads(urllib.request.urlopen(base + "/collections/areas/items/" + districts[0]).read())
        points = driver.execute_script(
            "return window.riskmapViewer.map.queryRenderedFeatures({layers: window.riskmapViewer.styleLayers('risk_sources')})"
            ".filter(f => f.geometry.type === 'Point').map(f => f.geometry.coordinates)")
        def inside(p, geometry):
            polygons = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
            hit = False
            for rings in polygons:
                for ring in rings:
                    for (xi, yi), (xj, yj) in zip(ring, ring[-1:] + ring[:-1]):
                        if (yi > p[1]) != (yj > p[1]) and p[0] < (xj - xi) * (p[1] - yi) / (yj - yi) + xi:
                            hit = not hit
            return hit
        report["district_filter"] = {"id": districts[0], "drawn": len(points),
                                     "outside": sum(1 for p in points if not inside(p, area["geometry"])),
                                     "url": driver.execute_script("return location.search")}
        Select(driver.find_element(By.ID, "filter-district")).select_by_value("")
        driver.execute_async_script(WAIT_IDLE)
    # A report with a time window: drawn at an instant inside it, gone an hour after it ends.
    active = driver.execute_async_script("""
        const done = arguments[arguments.length - 1];
        fetch('/collections/reports/items?limit=1000').then(r => r.json())
          .then(fc => done(fc.features.filter(f => f.geometry && f.geometry.type === 'Point' && f.properties.valid_from && f.properties.valid_to)[0] ?? null));
    """)
    report["report_checked"] = active and {"id": active["id"], "valid_to": active["properties"]["valid_to"]}
    if active:
        driver.execute_script("window.riskmapViewer.map.jumpTo({center: arguments[0], zoom: 13})", active["geometry"]["coordinates"])
        driver.execute_script("window.riskmapViewer.setInstant(new Date((Date.parse(arguments[0]) + Date.parse(arguments[1])) / 2))",
                              active["properties"]["valid_from"], active["properties"]["valid_to"])
        driver.execute_async_script(WAIT_IDLE)
        time.sleep(1)
        driver.execute_async_script(WAIT_IDLE)
        drawn_reports = "return window.riskmapViewer.map.queryRenderedFeatures({layers: window.riskmapViewer.styleLayers('reports')}).map(f => f.id)"
        report["report_drawn_now"] = active["id"] in driver.execute_script(drawn_reports)
        # The heatmap at the report's point, with the report counted: its cell's hazard H, read off the map.
        cell_hazard = """
            const v = window.riskmapViewer, p = v.map.project(arguments[0]);
            const cells = v.map.queryRenderedFeatures(p, {layers: v.styleLayers('grid')});
            return cells.length ? cells[0].properties.hazard : null;"""
        report["heat_with_report"] = driver.execute_script(cell_hazard, active["geometry"]["coordinates"])
        driver.execute_script("window.riskmapViewer.setInstant(new Date(Date.parse(arguments[0]) + 3600000))", active["properties"]["valid_to"])
        driver.execute_async_script(WAIT_IDLE)
        time.sleep(1)
        driver.execute_async_script(WAIT_IDLE)
        report["report_drawn_after"] = active["id"] in driver.execute_script(drawn_reports)
        report["heat_after_report"] = driver.execute_script(cell_hazard, active["geometry"]["coordinates"])
        report["url_with_instant"] = driver.execute_script("return location.search")
        report["screenshot_time"] = shot("viewer-time.png")
        driver.execute_script("window.riskmapViewer.setInstant(null)")

    # The hot spots panel lists /grid/hotspots; a click flies to the first one and shows its cell.
    report["hotspots"] = driver.execute_script("return [...document.querySelectorAll('#hotspots li')].map(li => li.innerText)")
    first = driver.find_elements(By.CSS_SELECTOR, "#hotspots li button")
    if first:
        first[0].click()
        driver.execute_async_script(WAIT_IDLE)
        WebDriverWait(driver, 30).until(lambda d: "综合风险指数" in d.execute_script(
            "return document.querySelector('.maplibregl-popup-content')?.textContent ?? ''"))
        report["hotspot_centre"] = driver.execute_script(
            "const c = window.riskmapViewer.map.getCenter(); return [c.lng, c.lat];")
        report["screenshot_hotspot"] = shot("viewer-hotspot.png")


    exercise_alerts()


def exercise_alerts():
    # The live alerts panel: a report posted now (by an editor's token the Swift test gives) reaches the open page
    # over the event stream, flashes, and a duty officer signed in with a responder's token acknowledges it.
    editor, responder = os.environ.get("RISKMAP_TEST_EDITOR"), os.environ.get("RISKMAP_TEST_RESPONDER")
    if not editor or not responder:
        return
    import urllib.request
    WebDriverWait(driver, 30).until(lambda d: d.execute_script("return !!window.riskmapViewer.alerts"))
    report["alerts_before"] = driver.execute_script("return document.querySelectorAll('#alerts li').length")
    school = json.loads(urllib.request.urlopen(base + "/collections/sites/items?category=school&limit=1").read())["features"][0]
    source = json.loads(urllib.request.urlopen(base + "/collections/risk_sources/items?limit=1").read())["features"][0]["id"]
    lon, lat = school["geometry"]["coordinates"]
    body = json.dumps({"type": "Feature", "geometry": {"type": "Point", "coordinates": [lon + 0.0005, lat]},
                       "properties": {"reporter": "browser test", "source_id": source, "activity": "hot_work", "level": "major",
                                      "impact_radius_m": 300, "valid_from": "2020-01-01T00:00:00Z", "valid_to": "2099-01-01T00:00:00Z"}}).encode()
    posted = urllib.request.urlopen(urllib.request.Request(base + "/collections/reports/items", data=body, method="POST",
                                    headers={"Content-Type": "application/geo+json", "Authorization": f"Bearer {editor}"}))
    report["alert_report_status"] = posted.status
    # "Data as of" moves with the write (the alert asks /changes at once) and the map's tiles are asked again.
    WebDriverWait(driver, 10).until(lambda d: d.execute_script("return window.riskmapViewer.freshness.redraws") >= 1)
    report["data_as_of"] = driver.execute_script("return document.querySelector('#data-as-of')?.textContent ?? ''")
    report["data_sequence"] = driver.execute_script("return window.riskmapViewer.freshness.seen?.sequence ?? 0")
    WebDriverWait(driver, 10).until(lambda d: d.execute_script(
        "return document.querySelectorAll('#alerts li').length") > report["alerts_before"])
    report["alert_school"] = school["properties"]["name"]
    report["alert_first_row"] = driver.execute_script("return document.querySelector('#alerts li')?.innerText ?? ''")
    report["alert_flashed"] = driver.execute_script(
        "return String(window.riskmapViewer.alerts.flashed) === document.querySelector('#alerts li')?.dataset.id")
    driver.execute_script("document.querySelector('#alerts').scrollIntoView(); const a = window.riskmapViewer.alerts.list[0];"
                          "window.riskmapViewer.map.jumpTo({center: a.geometry.coordinates, zoom: 15});")
    driver.execute_async_script(WAIT_IDLE)
    report["screenshot_alert"] = shot("viewer-alert.png")
    driver.find_element(By.CSS_SELECTOR, "#alerts form input").send_keys(responder)
    driver.find_element(By.CSS_SELECTOR, "#alerts form button").click()
    driver.find_element(By.CSS_SELECTOR, "#alerts li button.ack").click()
    WebDriverWait(driver, 10).until(lambda d: d.execute_script("return !!document.querySelector('#alerts li .acked')"))
    report["alert_acked_row"] = driver.execute_script("return document.querySelector('#alerts li')?.innerText ?? ''")

    exercise_export()


def exercise_export():
    # Export: the view as a PNG with a title bar, the risks and enterprises in view with the filters as GeoJSON and CSV.
    driver.execute_async_script(WAIT_IDLE)
    done = driver.execute_async_script("""
        const done = arguments[arguments.length - 1];
        const v = window.riskmapViewer;
        (async () => {
            const url = await v.export.png();
            const img = new Image();
            await new Promise((ok) => { img.onload = ok; img.src = url; });
            const canvas = v.map.getCanvas();
            const collection = await v.export.features();
            const b = v.map.getBounds();
            const inView = collection.features.every(f => {
                let c = f.geometry.coordinates; while (Array.isArray(c[0])) c = c[0];
                return f.geometry.type !== "Point" || (c[0] >= b.getWest() - 1e-6 && c[0] <= b.getEast() + 1e-6 && c[1] >= b.getSouth() - 1e-6 && c[1] <= b.getNorth() + 1e-6);
            });
            const text = v.export.csv(collection);
            done({png: url.slice(0, 22), width: img.width, height: img.height, canvas: [canvas.width, canvas.height],
                  features: collection.features.length, layers: [...new Set(collection.features.map(f => f.properties.layer))].sort(),
                  levels: [...new Set(collection.features.filter(f => f.properties.layer === "risks").map(f => f.properties.level))].sort(),
                  inView, csvLines: text.trim().split("\\r\\n").length, csvBom: text.charCodeAt(0) === 0xfeff,
                  csvHeader: text.slice(1).split("\\r\\n")[0],
                  majorRisks: collection.features.filter(f => f.properties.layer === "risks" && f.properties.level === "major").length});
        })();
    """)
    report["export"] = done
    # The same features as GB18030 with Chinese column titles, decoded here by Python's own codec.
    gb = driver.execute_async_script("""
        const done = arguments[arguments.length - 1];
        const v = window.riskmapViewer;
        v.export.features().then(c => {
            const bytes = v.export.gb18030(v.export.csv(c, true));
            let binary = ""; for (const b of bytes) binary += String.fromCharCode(b);
            done({b64: btoa(binary), utf8: v.export.csv(c)});
        });
    """)
    import base64
    text = base64.b64decode(gb["b64"]).decode("gb18030")
    report["gb18030_csv"] = {"header": text.split("\r\n")[0], "rows_equal": text.split("\r\n")[1:] == gb["utf8"].lstrip("\ufeff").split("\r\n")[1:],
                             "lines": len(text.strip().split("\r\n"))}
    # The print layout: title, time, the map, a north arrow, the scale and the legends; shown on screen for its picture.
    report["print_layout"] = driver.execute_async_script("""
        const done = arguments[arguments.length - 1];
        window.riskmapViewer.export.printLayout().then(l => done({
            title: l.querySelector('h1')?.textContent ?? '', time: l.querySelector('header p')?.textContent ?? '',
            image: l.querySelector('figure img')?.naturalWidth ?? 0, north: !!l.querySelector('.north svg'),
            scale: l.querySelector('.scale')?.textContent ?? '', legends: l.querySelectorAll('aside h2').length}));
    """)
    driver.execute_script("document.body.classList.add('print-preview')")
    report["screenshot_print"] = shot("viewer-print.png")
    driver.execute_script("document.body.classList.remove('print-preview')")
    # With the levels filtered to major only, the risks exported are the major ones.
    report["export_major"] = driver.execute_async_script("""
        const done = arguments[arguments.length - 1];
        const v = window.riskmapViewer;
        v.state.filters.levels = ["major"];
        v.export.features().then(c => {
            const risks = c.features.filter(f => f.properties.layer === "risks");
            done({levels: [...new Set(risks.map(f => f.properties.level))], count: risks.length});
        });
    """)

    exercise_inspections()


def exercise_inspections():
    # The supervision panel: the period's stored plans (the Swift test stores two that collide) drawn as a layer
    # coloured by level and the proposed joint inspection listed; an enterprise's popup carries its score history.
    scored = os.environ.get("RISKMAP_TEST_SCORED")
    if not scored:
        return
    WebDriverWait(driver, 30).until(lambda d: d.execute_script("return !!window.riskmapViewer.inspections"))
    driver.execute_script("const i = document.querySelector('#inspections .period input'); i.value = '2027';"
                          "i.dispatchEvent(new Event('change'));")
    WebDriverWait(driver, 10).until(lambda d: d.execute_script("return window.riskmapViewer.inspections.plans.length") > 0)
    driver.execute_script("document.querySelector('#inspections .show input').click()")
    WebDriverWait(driver, 10).until(lambda d: d.execute_script("return window.riskmapViewer.inspections.drawn") > 0)
    report["inspections"] = driver.execute_script("""
        const s = document.querySelector('#inspections');
        return {summary: s.querySelector('.summary').textContent, joint: [...s.querySelectorAll('ol li')].map(li => li.innerText),
                drawn: window.riskmapViewer.inspections.drawn, levels: [...s.querySelectorAll('.levels li')].map(li => li.innerText)};""")
    driver.execute_script("const v = window.riskmapViewer; v.inspect('risk_sources', Number(arguments[0]), {}, v.map.getCenter());", scored)
    WebDriverWait(driver, 10).until(lambda d: d.execute_script(
        "return !!document.querySelector('.maplibregl-popup-content .score-history')"))
    report["score_history"] = driver.execute_script("return document.querySelector('.maplibregl-popup-content .score-history').innerText")

    exercise_labels()


def exercise_labels():
    # Labels from the server's own glyphs, on a fresh page (no filters): district names at zoom 10, road and
    # enterprise names at zoom 16, counted through the map's rendered features.
    import urllib.request
    # A shared link restores the view and the filters.
    district = driver.execute_script("return document.querySelector('#filter-district option:nth-child(2)')?.value ?? ''")
    driver.get(base + f"/?levels=major,significant&colours=red&district={district}#14/31.31/120.62")
    wait_for_viewer()
    WebDriverWait(driver, 10).until(lambda d: d.execute_script("return document.querySelector('#filter-district')?.value") == district)
    report["restored"] = driver.execute_script("""
        const v = window.riskmapViewer, c = v.map.getCenter();
        return {levels: v.state.filters.levels, colours: v.state.filters.colours, district: v.state.filters.district,
                zoom: v.map.getZoom(), centre: [c.lng, c.lat],
                major: document.querySelector("#filter-levels input[value='major']").checked,
                low: document.querySelector("#filter-levels input[value='low']").checked};""")
    report["restored_district"] = district
    driver.get(base + "/")
    wait_for_viewer()
    labels = {}
    def count(layer):
        return driver.execute_script("return window.riskmapViewer.map.queryRenderedFeatures({layers: [arguments[0]]}).length", layer)
    def view(lon, lat, zoom):
        driver.execute_script("window.riskmapViewer.map.jumpTo({center: [arguments[0], arguments[1]], zoom: arguments[2]})", lon, lat, zoom)
        driver.execute_async_script(WAIT_IDLE)
    centre = driver.execute_script("const c = window.riskmapViewer.map.getCenter(); return [c.lng, c.lat];")
    view(centre[0], centre[1], 10)
    labels["district_z10"] = count("areas-district-label")
    labels["district_names"] = driver.execute_script(
        "return [...new Set(window.riskmapViewer.map.queryRenderedFeatures({layers: ['areas-district-label']}).map(f => f.properties.name))]")
    roads = json.loads(urllib.request.urlopen(base + "/collections/roads/items?limit=200").read())["features"]
    road = next(r for r in roads if r["properties"].get("name") and r["geometry"]["type"] == "LineString")
    a, b = road["geometry"]["coordinates"][0], road["geometry"]["coordinates"][-1]
    view((a[0] + b[0]) / 2, (a[1] + b[1]) / 2, 16)
    labels["road_z16"] = count("roads-label")
    source = json.loads(urllib.request.urlopen(base + "/collections/risk_sources/items?limit=1").read())["features"][0]
    lon, lat = source["geometry"]["coordinates"] if source["geometry"]["type"] == "Point" else centre
    view(lon, lat, 16)
    labels["enterprise_z16"] = count("risk-sources-label")
    labels["enterprise_names"] = driver.execute_script(
        "return window.riskmapViewer.map.queryRenderedFeatures({layers: ['risk-sources-label']}).map(f => f.properties.name).slice(0, 5)")
    report["screenshot_labels"] = shot("viewer-labels.png")
    report["labels"] = labels

    exercise_tools(lon, lat)


def exercise_tools(lon, lat):
    # The click tools, used as a user would: a tool's button, then a click on the map at an enterprise.
    from selenium.webdriver.common.action_chains import ActionChains
    import urllib.request
    WebDriverWait(driver, 30).until(lambda d: d.execute_script("return !!window.riskmapViewer.tools"))
    canvas = driver.find_element(By.CSS_SELECTOR, "#map canvas")
    driver.execute_script("window.riskmapViewer.map.jumpTo({center: [arguments[0], arguments[1]], zoom: 15})", lon, lat)
    driver.execute_async_script(WAIT_IDLE)
    centre = driver.execute_script("const c = window.riskmapViewer.map.getCenter(); return [c.lng, c.lat];")
    def use(tool, clicks=((0, 0),)):
        driver.execute_script("document.querySelector('#tools').scrollIntoView()")
        driver.find_element(By.CSS_SELECTOR, f"#tools button[data-tool='{tool}']").click()
        for dx, dy in clicks:
            ActionChains(driver).move_to_element_with_offset(canvas, dx, dy).click().perform()
            time.sleep(0.3)
        WebDriverWait(driver, 20).until(lambda d: d.execute_script("return window.riskmapViewer.tools.result.kind") == tool)
        driver.execute_async_script(WAIT_IDLE)
    tools = {}
    use("nearby")
    tools["nearby"] = driver.execute_script("""
        const r = window.riskmapViewer.tools.result.data;
        return {features: r.features.length, rows: document.querySelectorAll('#tools .result li').length,
                first: document.querySelector('#tools .result li')?.innerText ?? '', query: r.query};""")
    driver.find_element(By.CSS_SELECTOR, "#tools button[data-tool='site']").click()
    Select(driver.find_element(By.CSS_SELECTOR, "#tools .use select")).select_by_value("kindergarten")
    use("site")
    tools["site"] = driver.execute_script("""
        const r = window.riskmapViewer.tools.result.data;
        return {verdict: r.verdict, shown: document.querySelector('#tools .verdict')?.innerText ?? '',
                reasons: document.querySelectorAll('#tools .result li').length, site: r.site};""")
    use("route", ((0, 0), (160, 90)))
    tools["route"] = driver.execute_script("""
        const r = window.riskmapViewer.tools.result.data;
        return {status: r.status, lines: r.features?.length ?? 0, summary: document.querySelector('#tools .result p')?.innerText ?? '',
                detail: r.detail, shown: document.querySelector('#tools .result p.detail')?.innerText ?? '',
                drawn: window.riskmapViewer.map.querySourceFeatures('tool-lines').length};""")
    use("isochrone")
    tools["isochrone"] = driver.execute_script("return window.riskmapViewer.tools.result.data.features.map(f => f.properties.minutes)")
    driver.find_element(By.CSS_SELECTOR, "#tools .coverage input").click()
    WebDriverWait(driver, 20).until(lambda d: d.execute_script("return !!window.riskmapViewer.tools.result.coverage"))
    tools["coverage"] = driver.execute_script("return document.querySelector('#tools .coverage-summary').innerText")
    driver.find_element(By.CSS_SELECTOR, "#tools .threat input").click()
    WebDriverWait(driver, 20).until(lambda d: d.execute_script("return window.riskmapViewer.tools.result.threats") is not None)
    driver.execute_async_script(WAIT_IDLE)
    tools["threats"] = driver.execute_script("return window.riskmapViewer.tools.result.threats")
    tools["threats_drawn"] = driver.execute_script("return window.riskmapViewer.map.queryRenderedFeatures({layers: ['threat-zones']}).length")
    driver.find_element(By.CSS_SELECTOR, "#tools .hca input").click()
    WebDriverWait(driver, 20).until(lambda d: d.execute_script("return window.riskmapViewer.tools.result.hca") is not None)
    tools["hca"] = driver.execute_script("return window.riskmapViewer.tools.result.hca")
    report["screenshot_tools"] = shot("viewer-tools.png")
    report["tools"] = tools


def exercise_without_maplibre():
    driver.get(base + "/")
    notice = driver.find_element(By.ID, "maplibre-missing")
    WebDriverWait(driver, 10).until(lambda d: notice.is_displayed())
    report["missing_notice"] = notice.text
    report["screenshot_missing"] = shot("viewer-without-maplibre.png")


def collect():
    # Everything the page asked for, from the browser's own network log and resource timings.
    requests, failures = [], []
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        params = message.get("params", {})
        if message["method"] == "Network.requestWillBeSent":
            requests.append(params["request"]["url"])
        elif message["method"] == "Network.responseReceived" and params["response"]["status"] >= 400:
            failures.append(f'{params["response"]["status"]} {params["response"]["url"]}')
        elif message["method"] == "Network.loadingFailed" and not params.get("canceled"):
            failures.append(f'{params.get("errorText")} request {params.get("requestId")}')
    report["requests"] = sorted(set(requests))
    report["failed_requests"] = failures
    report["resource_timings"] = driver.execute_script("""
        return performance.getEntriesByType('resource').map(e => ({name: e.name, status: e.responseStatus ?? 0}));
    """)
    report["console_errors"] = [e["message"] for e in driver.get_log("browser") if e["level"] == "SEVERE"]
    report["page_errors"] = driver.execute_script("return (window.__errors ?? []).concat(window.riskmapViewer?.state.errors ?? [])")


try:
    exercise_without_maplibre() if mode == "without-maplibre" else exercise()
except Exception as error:  # reported, so the Swift test shows what the page did up to here
    report["exception"] = f"{type(error).__name__}: {str(error).splitlines()[0] if str(error) else ''}"
try:
    collect()
finally:
    driver.quit()

print(json.dumps(report, ensure_ascii=False))
