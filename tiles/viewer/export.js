// riskmap viewer — export what the map shows: the view as a PNG (title, time and the level key burned in), and the
// risks and enterprises in view with the page's filters as GeoJSON or CSV (UTF-8 with a byte-order mark, which
// spreadsheets on Chinese Windows open correctly; `riskmap export` writes GB18030 for the bureau's older tools).
(() => {
  const viewer = window.riskmapViewer;
  if (!viewer) return;
  const { map, state } = viewer;
  const LAYERS = ["risks", "risk_sources"];
  const TEXT = {
    zh: { title: "导出", png: "图片 PNG", geojson: "GeoJSON", csv: "表格 CSV", map: "安全风险一张图" },
    en: { title: "Export", png: "Image PNG", geojson: "GeoJSON", csv: "Table CSV", map: "Safety-risk one map" },
  };
  const text = () => TEXT[state.language] ?? TEXT.zh;
  const section = document.createElement("section");
  section.id = "export";
  section.innerHTML = `<h2></h2><div><button type="button" data-kind="png"></button> <button type="button" data-kind="geojson"></button> <button type="button" data-kind="csv"></button></div>`;
  document.querySelector("#panel #layers").before(section);

  function render() {
    const s = text();
    section.querySelector("h2").textContent = s.title;
    for (const b of section.querySelectorAll("button")) b.textContent = s[b.dataset.kind];
  }

  function download(name, blob) {
    const a = document.createElement("a");
    a.href = URL.createObjectURL(blob);
    a.download = name;
    a.click();
    setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
  }

  const stamp = () => new Date().toISOString().slice(0, 16).replace(/[-:T]/g, "");

  /// The map as drawn, with a title bar (title, "data as of") and the level key: a PNG data URL.
  function png() {
    return new Promise((resolve) => {
      map.once("render", () => {
        const src = map.getCanvas();
        const bar = Math.round(40 * devicePixelRatio);
        const out = document.createElement("canvas");
        out.width = src.width;
        out.height = src.height + bar;
        const g = out.getContext("2d");
        g.fillStyle = "#fff";
        g.fillRect(0, 0, out.width, bar);
        g.drawImage(src, 0, bar);
        g.fillStyle = "#222";
        g.font = `${Math.round(16 * devicePixelRatio)}px sans-serif`;
        g.fillText(`${text().map} · ${document.querySelector("#data-as-of")?.textContent ?? ""}`, 10 * devicePixelRatio, 26 * devicePixelRatio);
        let x = out.width - 10 * devicePixelRatio;
        for (const [level, colour] of [["low", "#1c7ed6"], ["general", "#f5d000"], ["significant", "#f08c00"], ["major", "#e02020"]]) {
          x -= 22 * devicePixelRatio;
          g.fillStyle = colour;
          g.fillRect(x, 12 * devicePixelRatio, 16 * devicePixelRatio, 16 * devicePixelRatio);
        }
        resolve(out.toDataURL("image/png"));
      });
      map.triggerRepaint();
    });
  }

  /// The risks and enterprises in view with the page's filters, from the server (its items API, the same filters).
  async function features() {
    const b = map.getBounds();
    const bbox = [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()].map((v) => v.toFixed(6)).join(",");
    const f = state.filters;
    const shape = f.district ? state.districtShapes?.[f.district] : null;
    const params = {
      risks: { level: f.levels.join(",") },
      risk_sources: { colour: f.colours.join(","), ...(f.sector ? { sector: f.sector } : {}) },
    };
    const out = [];
    for (const layer of LAYERS) {
      if (f.off.includes(layer)) continue;
      const q = new URLSearchParams({ bbox, limit: "10000", ...params[layer] });
      if (f.at) q.set("datetime", f.at);
      const page = await fetch(`/collections/${layer}/items?${q}`).then((r) => r.json());
      for (const feature of page.features ?? []) {
        if (shape && !inside(feature.geometry, shape)) continue;
        out.push({ ...feature, properties: { layer, ...feature.properties } });
      }
    }
    return { type: "FeatureCollection", features: out };
  }

  /// A point (or an area's first vertex) inside a Polygon or MultiPolygon (even-odd rule over every ring).
  function inside(geometry, shape) {
    let p = geometry?.coordinates;
    while (Array.isArray(p?.[0])) p = p[0];
    if (!p) return false;
    const polygons = shape.type === "MultiPolygon" ? shape.coordinates : [shape.coordinates];
    let hit = false;
    for (const rings of polygons) {
      for (const ring of rings) {
        for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
          const [xi, yi] = ring[i], [xj, yj] = ring[j];
          if ((yi > p[1]) !== (yj > p[1]) && p[0] < ((xj - xi) * (p[1] - yi)) / (yj - yi) + xi) hit = !hit;
        }
      }
    }
    return hit;
  }

  function csv(collection) {
    const columns = ["layer", "id", "lon", "lat"];
    for (const f of collection.features) for (const k of Object.keys(f.properties)) if (!columns.includes(k)) columns.push(k);
    const cell = (v) => (v === null || v === undefined ? "" : /[",\n]/.test(String(v)) ? `"${String(v).replaceAll('"', '""')}"` : String(v));
    const rows = collection.features.map((f) => {
      let c = f.geometry?.coordinates;
      while (Array.isArray(c?.[0])) c = c[0];
      const values = { ...f.properties, id: f.id, lon: c?.[0], lat: c?.[1] };
      return columns.map((k) => cell(values[k])).join(",");
    });
    return "\ufeff" + [columns.join(","), ...rows].join("\r\n") + "\r\n";
  }

  section.addEventListener("click", async (e) => {
    const kind = e.target.dataset?.kind;
    if (kind === "png") {
      const url = await png();
      download(`riskmap-${stamp()}.png`, await (await fetch(url)).blob());
    } else if (kind === "geojson") {
      download(`riskmap-${stamp()}.geojson`, new Blob([JSON.stringify(await features())], { type: "application/geo+json" }));
    } else if (kind === "csv") {
      download(`riskmap-${stamp()}.csv`, new Blob([csv(await features())], { type: "text/csv;charset=utf-8" }));
    }
  });
  viewer.export = { png, features, csv };
  document.querySelector("#language").addEventListener("click", () => render());
  render();
})();
