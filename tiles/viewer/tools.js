// riskmap viewer — the planners' and responders' click tools (docs/VIEWER.md): nearby hazards (/analysis/nearby),
// site check (/processes/site-check/execution), a route around hazard zones (/route), isochrones from a point
// (/isochrone), and the fire-station coverage gaps (/analysis/coverage). Each answer is drawn on the map and
// summed up in the panel; "inspect" (popups) stays the default tool.
(() => {
  const viewer = window.riskmapViewer;
  if (!viewer) return;
  const { map, state, getJSON } = viewer;
  const STRINGS = {
    zh: { title: "分析工具", inspect: "查看", nearby: "周边隐患", site: "选址核查", route: "避险路径", isochrone: "等时圈",
          coverage: "消防5分钟覆盖缺口", threat: "企业威胁区（红 / 橙 / 黄）", hca: "管道高后果区（Ⅰ / Ⅱ / Ⅲ 级）", use: "拟建用途", avoid: "避让", hint: { nearby: "点击地图：1 公里内的风险", site: "点击地图：核查拟建用途",
          route: "点击起点，再点击终点", isochrone: "点击地图：3、5 分钟可达范围", inspect: "点击要素查看属性" },
          verdicts: { conflict: "冲突", caution: "注意", clear: "无冲突" }, levels: { major: "重大", significant: "较大" },
          uses: { school: "学校", kindergarten: "幼儿园", hospital: "医院", elderly_care: "养老机构", mall: "商场", residential: "住宅" },
          route_text: (r) => `${(r.length_m / 1000).toFixed(1)} 公里，${Math.round(r.duration_s / 60)} 分钟`, detour: "绕行增加", none: "无结果",
          uncovered: (c) => `红橙网格 ${c.cells.uncovered}/${c.cells.total} 未覆盖，人员密集场所 ${c.sites.uncovered}/${c.sites.total} 未覆盖` },
    en: { title: "Analysis tools", inspect: "Inspect", nearby: "Nearby", site: "Site check", route: "Safe route", isochrone: "Isochrones",
          coverage: "Fire-station 5-minute gaps", threat: "Enterprise threat zones (red / orange / yellow)", hca: "Pipeline high-consequence areas (I / II / III)", use: "Proposed use", avoid: "Avoid", hint: { nearby: "Click the map: hazards within 1 km",
          site: "Click the map: check the proposed use", route: "Click the start, then the end", isochrone: "Click the map: reach in 3 and 5 minutes",
          inspect: "Click a feature for its attributes" },
          verdicts: { conflict: "Conflict", caution: "Caution", clear: "Clear" }, levels: { major: "major", significant: "significant" },
          uses: { school: "School", kindergarten: "Kindergarten", hospital: "Hospital", elderly_care: "Elderly care", mall: "Mall", residential: "Residential" },
          route_text: (r) => `${(r.length_m / 1000).toFixed(1)} km, ${Math.round(r.duration_s / 60)} min`, detour: "Detour adds", none: "Nothing found",
          uncovered: (c) => `${c.cells.uncovered}/${c.cells.total} red and orange cells and ${c.sites.uncovered}/${c.sites.total} crowded sites unreached` },
  };
  const text = () => STRINGS[state.language] ?? STRINGS.zh;
  const TOOLS = ["inspect", "nearby", "site", "route", "isochrone"];
  const VERDICT_COLOURS = { conflict: "#e02020", caution: "#f28c28", clear: "#2b8a3e" };
  let active = "inspect";
  let routeStart = null;
  const result = { kind: null, data: null };   // the last answer, for the panel and the tests

  const section = document.createElement("section");
  section.id = "tools";
  section.innerHTML = `<h2></h2><div class="buttons"></div><label class="use"><span></span> <select></select></label>
    <div class="avoid"><span></span> <label><input type="checkbox" value="major" checked> <i></i></label> <label><input type="checkbox" value="significant" checked> <i></i></label></div>
    <p class="hint"></p><div class="result"></div><label class="coverage"><input type="checkbox"> <span></span></label><p class="coverage-summary"></p>
    <label class="threat"><input type="checkbox"> <span></span></label>
    <label class="hca"><input type="checkbox"> <span></span></label>`;
  document.querySelector("#panel #layers").before(section);
  const useSelect = section.querySelector(".use select");

  const empty = () => ({ type: "FeatureCollection", features: [] });
  const setData = (id, data) => map.getSource(id)?.setData(data ?? empty());

  /// A circle of `metres` round a point, as a polygon (64 vertices, on the sphere).
  function circle([lon, lat], metres) {
    const ring = [];
    for (let i = 0; i <= 64; i++) {
      const a = (i / 64) * 2 * Math.PI;
      ring.push([lon + (metres * Math.sin(a)) / (111320 * Math.cos((lat * Math.PI) / 180)), lat + (metres * Math.cos(a)) / 110574]);
    }
    return { type: "Feature", geometry: { type: "Polygon", coordinates: [ring] }, properties: {} };
  }

  function render() {
    const s = text();
    section.querySelector("h2").textContent = s.title;
    section.querySelector(".buttons").replaceChildren(...TOOLS.map((tool) => {
      const b = document.createElement("button");
      b.type = "button";
      b.dataset.tool = tool;
      b.textContent = s[tool];
      b.className = tool === active ? "active" : "";
      b.addEventListener("click", () => choose(tool));
      return b;
    }));
    section.querySelector(".use").hidden = active !== "site";
    section.querySelector(".use span").textContent = s.use;
    if (!useSelect.options.length) for (const u of Object.keys(s.uses)) useSelect.append(new Option(s.uses[u], u));
    for (const o of useSelect.options) o.textContent = s.uses[o.value];
    section.querySelector(".avoid").hidden = active !== "route";
    section.querySelector(".avoid span").textContent = s.avoid;
    section.querySelectorAll(".avoid i").forEach((i, n) => { i.textContent = s.levels[["major", "significant"][n]]; });
    section.querySelector(".hint").textContent = s.hint[active];
    section.querySelector(".coverage span").textContent = s.coverage;
    section.querySelector(".threat span").textContent = s.threat;
    section.querySelector(".hca span").textContent = s.hca;
    renderResult();
  }

  function row(label, colour, onClick) {
    const li = document.createElement("li");
    const b = document.createElement("button");
    b.type = "button";
    b.textContent = label;
    if (colour) b.style.borderLeft = `6px solid ${colour}`;
    if (onClick) b.addEventListener("click", onClick);
    li.append(b);
    return li;
  }

  function renderResult() {
    const s = text(), box = section.querySelector(".result"), d = result.data;
    if (!d) { box.replaceChildren(); return; }
    if (result.kind === "nearby") {
      const list = document.createElement("ol");
      list.append(...d.features.map((f) => row(`${Math.round(f.properties.distance_m)} m · ${f.properties.name ?? f.properties.layer}`,
        f.properties.colour_hex, () => map.flyTo({ center: f.properties.nearest, zoom: Math.max(map.getZoom(), 16) }))));
      if (!d.features.length) list.append(row(s.none));
      box.replaceChildren(list);
    } else if (result.kind === "site") {
      const verdict = document.createElement("p");
      verdict.className = `verdict ${d.verdict}`;
      verdict.style.color = VERDICT_COLOURS[d.verdict];
      verdict.textContent = `${s.uses[d.use] ?? d.use}: ${s.verdicts[d.verdict] ?? d.verdict}`;
      const list = document.createElement("ul");
      list.append(...(d.reasons ?? []).slice(0, 10).map((r) => Object.assign(document.createElement("li"), { textContent: r.reason })));
      box.replaceChildren(verdict, list);
    } else if (result.kind === "route") {
      const p = document.createElement("p");
      if (d.status !== "ok") p.textContent = d.detail ?? d.status;
      else {
        const route = d.features[0].properties;
        const extra = d.detour && d.detour.duration_s > 0 ? ` · ${s.detour} ${Math.round(d.detour.duration_s / 60)} min / ${(d.detour.length_m / 1000).toFixed(1)} km` : "";
        p.textContent = `${s.route_text(route)}${extra} · ${(route.roads ?? []).slice(0, 6).join("、")}`;
      }
      // The server's sentence: the zones the route avoids and still crosses, a start or end inside one.
      const detail = Object.assign(document.createElement("p"), { className: "detail", textContent: d.status === "ok" ? d.detail ?? "" : "" });
      box.replaceChildren(...(detail.textContent ? [p, detail] : [p]));
    } else if (result.kind === "isochrone") {
      box.replaceChildren(Object.assign(document.createElement("p"), { textContent: d.features.map((f) => `${f.properties.minutes} min`).join(" · ") }));
    }
  }

  function choose(tool) {
    active = tool;
    routeStart = null;
    viewer.setTool(tool === "inspect" ? "inspect" : "analysis");
    map.getCanvas().style.cursor = tool === "inspect" ? "" : "crosshair";
    render();
  }

  async function run(lngLat) {
    const at = state.filters.at ? `&at=${encodeURIComponent(state.filters.at)}` : "";
    const point = [lngLat.lng, lngLat.lat];
    if (active === "nearby") {
      const d = await getJSON(`/analysis/nearby?lon=${point[0]}&lat=${point[1]}&radius=1000&limit=30${at}`);
      show("nearby", d, { ring: circle(point, 1000), points: { type: "FeatureCollection", features: d.features.map((f) =>
        ({ type: "Feature", geometry: { type: "Point", coordinates: f.properties.nearest }, properties: { colour: f.properties.colour_hex ?? "#555" } })) } });
    } else if (active === "site") {
      const r = await fetch("/processes/site-check/execution", { method: "POST", headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ inputs: { lon: point[0], lat: point[1], use: useSelect.value, ...(state.filters.at ? { at: state.filters.at } : {}) } }) });
      const d = await r.json();
      show("site", d, { points: { type: "FeatureCollection", features: [{ type: "Feature", geometry: { type: "Point", coordinates: point },
        properties: { colour: VERDICT_COLOURS[d.verdict] ?? "#555" } }] } });
    } else if (active === "route") {
      if (!routeStart) {
        routeStart = point;
        show("route-start", null, { points: { type: "FeatureCollection", features: [{ type: "Feature", geometry: { type: "Point", coordinates: point }, properties: { colour: "#1c7ed6" } }] } });
        return;
      }
      const avoid = [...section.querySelectorAll(".avoid input:checked")].map((i) => i.value).join(",") || "none";
      const r = await fetch(`/route?from=${routeStart.join(",")}&to=${point.join(",")}&avoid=${avoid}${at}`);
      const d = await r.json();
      const lines = (d.features ?? []).map((f, n) => ({ ...f, properties: { ...f.properties, main: n === 0 } }));
      show("route", d, { lines: { type: "FeatureCollection", features: lines }, points: { type: "FeatureCollection", features: [routeStart, point].map((c) =>
        ({ type: "Feature", geometry: { type: "Point", coordinates: c }, properties: { colour: "#1c7ed6" } })) } });
      routeStart = null;
    } else if (active === "isochrone") {
      const d = await getJSON(`/isochrone?from=${point.join(",")}&minutes=3,5${at}`);
      show("isochrone", d, { areas: d });
    }
  }

  function show(kind, data, drawn) {
    if (data) Object.assign(result, { kind, data });
    for (const id of ["tool-ring", "tool-areas", "tool-lines", "tool-points"]) setData(id, null);
    if (drawn.ring) setData("tool-ring", drawn.ring);
    if (drawn.areas) setData("tool-areas", drawn.areas);
    if (drawn.lines) setData("tool-lines", drawn.lines);
    if (drawn.points) setData("tool-points", drawn.points);
    renderResult();
  }

  async function coverage(on) {
    const summary = section.querySelector(".coverage-summary");
    if (!on) { setData("coverage-gaps", null); summary.textContent = ""; result.coverage = null; return; }
    const d = await getJSON(`/analysis/coverage${state.filters.at ? `?at=${encodeURIComponent(state.filters.at)}` : ""}`);
    result.coverage = d;
    setData("coverage-gaps", { type: "FeatureCollection", features: d.features.filter((f) => f.properties.covered === false) });
    summary.textContent = text().uncovered(d.coverage);
  }
  section.querySelector(".coverage input").addEventListener("change", (e) => coverage(e.target.checked));

  /// The threat zones of the enterprises in view (/analysis/threat-zones), from zoom 12, asked again as the map moves.
  async function threats() {
    const on = section.querySelector(".threat input").checked;
    if (!on || map.getZoom() < 12) { setData("threat-zones", null); result.threats = on ? 0 : null; return; }
    const b = map.getBounds();
    const bbox = [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()].map((v) => v.toFixed(5)).join(",");
    const d = await getJSON(`/analysis/threat-zones?bbox=${bbox}${state.filters.at ? `&at=${encodeURIComponent(state.filters.at)}` : ""}`);
    setData("threat-zones", d);
    result.threats = d.features.length;
  }
  section.querySelector(".threat input").addEventListener("change", () => threats().catch((error) => state.errors?.push?.(String(error))));
  map.on("moveend", () => { if (section.querySelector(".threat input").checked) threats().catch(() => {}); });

  /// The gas pipelines' high-consequence stretches (/analysis/pipeline-hca), the whole city at once.
  async function hcas(on) {
    if (!on) { setData("pipeline-hca", null); result.hca = null; return; }
    const d = await getJSON(`/analysis/pipeline-hca${state.filters.at ? `?at=${encodeURIComponent(state.filters.at)}` : ""}`);
    setData("pipeline-hca", d);
    result.hca = d.features.length;
  }
  section.querySelector(".hca input").addEventListener("change", (e) => hcas(e.target.checked).catch((error) => state.errors?.push?.(String(error))));

  viewer.addTool({ id: "analysis", onClick(e) { run(e.lngLat).catch((error) => state.errors?.push?.(String(error))); } });

  viewer.ready.then(() => {
    const line = (id, paint, filter) => ({ id, type: "line", source: id.replace(/-(main|alt)$/, ""), paint, ...(filter ? { filter } : {}) });
    for (const id of ["tool-ring", "tool-areas", "tool-lines", "tool-points", "coverage-gaps", "threat-zones", "pipeline-hca"]) map.addSource(id, { type: "geojson", data: empty() });
    map.addLayer({ id: "pipeline-hca", type: "line", source: "pipeline-hca",
                   paint: { "line-color": ["match", ["get", "grade"], 3, "#c92a2a", 2, "#e8590c", "#f59f00"], "line-width": 7, "line-opacity": 0.7 } });
    map.addLayer({ id: "threat-zones", type: "fill", source: "threat-zones",
                   paint: { "fill-color": ["match", ["get", "colour"], "red", "#e02020", "orange", "#f28c28", "#f5d000"], "fill-opacity": 0.12,
                            "fill-outline-color": ["match", ["get", "colour"], "red", "#e02020", "orange", "#f28c28", "#d4b000"] } });
    map.addLayer({ id: "coverage-gaps", type: "fill", source: "coverage-gaps", paint: { "fill-color": "#7048e8", "fill-opacity": 0.35, "fill-outline-color": "#7048e8" } });
    map.addLayer({ id: "tool-areas", type: "fill", source: "tool-areas",
                   paint: { "fill-color": ["match", ["get", "minutes"], 3, "#1c7ed6", "#74c0fc"], "fill-opacity": 0.3 } });
    map.addLayer({ id: "tool-ring", type: "line", source: "tool-ring", paint: { "line-color": "#333", "line-width": 1.5, "line-dasharray": [2, 2] } });
    map.addLayer(line("tool-lines-alt", { "line-color": "#666", "line-width": 3, "line-dasharray": [2, 1.5] }, ["!", ["get", "main"]]));
    map.addLayer(line("tool-lines-main", { "line-color": "#1c7ed6", "line-width": 5 }, ["get", "main"]));
    map.addLayer({ id: "tool-points", type: "circle", source: "tool-points",
                   paint: { "circle-radius": 6, "circle-color": ["get", "colour"], "circle-stroke-color": "#fff", "circle-stroke-width": 2 } });
    viewer.tools = { choose, run: (lon, lat) => run({ lng: lon, lat }), coverage, threats, hcas, result, get active() { return active; } };
  });
  const setLanguage = viewer.setLanguage;
  viewer.setLanguage = (language) => { setLanguage(language); render(); };
  document.querySelector("#language").addEventListener("click", () => render());
  render();
})();
