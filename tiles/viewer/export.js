// riskmap viewer — export what the map shows: the view as a PNG (title, time and the level key burned in), and the
// risks and enterprises in view with the page's filters as GeoJSON or CSV: UTF-8 with a byte-order mark, or
// GB18030 with Chinese column titles for the bureau's older spreadsheets (encoded here, with a table built from
// the browser's own GB18030 decoder).
(() => {
  const viewer = window.riskmapViewer;
  if (!viewer) return;
  const { map, state } = viewer;
  const LAYERS = ["risks", "risk_sources"];
  const TEXT = {
    zh: { title: "导出", png: "图片 PNG", geojson: "GeoJSON", csv: "表格 CSV", gb18030: "表格 CSV（GB18030）", print: "打印", map: "安全风险一张图",
          printed: "制图时间", scale: "比例尺", north: "北" },
    en: { title: "Export", png: "Image PNG", geojson: "GeoJSON", csv: "Table CSV", gb18030: "Table CSV (GB18030)", print: "Print", map: "Safety-risk one map",
          printed: "Printed", scale: "Scale", north: "N" },
  };
  const text = () => TEXT[state.language] ?? TEXT.zh;
  const section = document.createElement("section");
  section.id = "export";
  section.innerHTML = `<h2></h2><div><button type="button" data-kind="png"></button> <button type="button" data-kind="geojson"></button> <button type="button" data-kind="csv"></button> <button type="button" data-kind="gb18030"></button> <button type="button" data-kind="print"></button></div>`;
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

  const ZH_COLUMNS = { layer: "图层", id: "编号", lon: "经度", lat: "纬度" };

  /// A row per feature: its layer, id, lon/lat of its first point, then every property. With `chinese`, the
  /// header gives each column's Chinese title (the collections' `x-title-zh`) and there is no byte-order mark.
  function csv(collection, chinese = false) {
    const columns = ["layer", "id", "lon", "lat"];
    for (const f of collection.features) for (const k of Object.keys(f.properties)) if (!columns.includes(k)) columns.push(k);
    const cell = (v) => (v === null || v === undefined ? "" : /[",\r\n]/.test(String(v)) ? `"${String(v).replaceAll('"', '""')}"` : String(v));
    const rows = collection.features.map((f) => {
      let c = f.geometry?.coordinates;
      while (Array.isArray(c?.[0])) c = c[0];
      const values = { ...f.properties, id: f.id, lon: c?.[0], lat: c?.[1] };
      return columns.map((k) => cell(values[k])).join(",");
    });
    const title = (k) => ZH_COLUMNS[k] ?? LAYERS.map((l) => state.collections[l]?.[k]?.["x-title-zh"]).find(Boolean) ?? k;
    const header = chinese ? columns.map((k) => cell(title(k))) : columns;
    return (chinese ? "" : "\ufeff") + [header.join(","), ...rows].join("\r\n") + "\r\n";
  }

  /// GB18030 bytes of a text. The table from characters to their two- or four-byte codes is built once by
  /// decoding every code of the Basic Multilingual Plane with the browser's GB18030 decoder (WHATWG Encoding).
  let gbTable = null;
  function gb18030(textValue) {
    if (!gbTable) {
      gbTable = new Map();
      const decoder = new TextDecoder("gb18030");
      for (let a = 0x81; a <= 0xfe; a++) {
        for (let b = 0x40; b <= 0xfe; b++) {
          if (b === 0x7f) continue;
          const ch = decoder.decode(new Uint8Array([a, b]));
          if (ch.length === 1 && ch !== "\ufffd" && !gbTable.has(ch)) gbTable.set(ch, [a, b]);
        }
      }
      for (let a = 0x81; a <= 0x84; a++) for (let b = 0x30; b <= 0x39; b++) for (let c = 0x81; c <= 0xfe; c++) for (let d = 0x30; d <= 0x39; d++) {
        const ch = decoder.decode(new Uint8Array([a, b, c, d]));
        if (ch.length === 1 && ch !== "\ufffd" && !gbTable.has(ch)) gbTable.set(ch, [a, b, c, d]);
      }
    }
    const out = [];
    for (const ch of textValue) {
      const code = ch.codePointAt(0);
      if (code < 0x80) out.push(code);
      else if (gbTable.has(ch)) out.push(...gbTable.get(ch));
      else if (code > 0xffff) {
        // Beyond the BMP: GB18030's four-byte codes from 0x90308130 count on from U+10000.
        let n = code - 0x10000;
        const d = n % 10; n = (n - d) / 10;
        const c = n % 126; n = (n - c) / 126;
        const b = n % 10; n = (n - b) / 10;
        out.push(0x90 + n, 0x30 + b, 0x81 + c, 0x30 + d);
      } else out.push(0x3f);
    }
    return new Uint8Array(out);
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
    } else if (kind === "print") {
      await printLayout();
      window.print();
    } else if (kind === "gb18030") {
      download(`riskmap-${stamp()}-gb18030.csv`, new Blob([gb18030(csv(await features(), true))], { type: "text/csv;charset=gb18030" }));
    }
  });
  /// The print layout: title, "data as of" and the time printed, the map as drawn, a north arrow turned with the
  /// map, the scale bar as the map shows it, and the legends of the panel (levels, heatmap classes, layers).
  async function printLayout() {
    const s = text();
    const url = await png();
    let layout = document.querySelector("#print-layout");
    if (!layout) {
      layout = document.createElement("div");
      layout.id = "print-layout";
      document.body.append(layout);
    }
    const head = document.createElement("header");
    const h1 = document.createElement("h1");
    h1.textContent = s.map;
    const when = document.createElement("p");
    when.textContent = `${document.querySelector("#data-as-of")?.textContent ?? ""} · ${s.printed} ${viewer.localTime(new Date().toISOString().replace(/\.\d{3}Z$/, "Z"))}`;
    head.append(h1, when);
    const figure = document.createElement("figure");
    const img = document.createElement("img");
    img.src = url;
    img.alt = s.map;
    const north = document.createElement("div");
    north.className = "north";
    north.innerHTML = `<svg viewBox="0 0 40 60" width="40" height="60" aria-hidden="true"><polygon points="20,4 32,44 20,36 8,44" fill="#222"/></svg><span></span>`;
    north.querySelector("span").textContent = s.north;
    north.querySelector("svg").style.transform = `rotate(${-map.getBearing()}deg)`;
    const scale = document.createElement("div");
    scale.className = "scale";
    const bar = document.querySelector(".maplibregl-ctrl-scale");
    scale.textContent = `${s.scale} ${bar?.textContent ?? ""}`;
    if (bar) scale.style.setProperty("--bar", bar.style.width);
    figure.append(img, north, scale);
    const legends = document.createElement("aside");
    for (const id of ["#legend", "#heat-legend", "#layer-legend"]) {
      const part = document.querySelector(id);
      if (part && !part.hidden) legends.append(part.cloneNode(true));
    }
    for (const node of legends.querySelectorAll("[id]")) node.removeAttribute("id");
    layout.replaceChildren(head, figure, legends);
    await new Promise((ok) => (img.complete ? ok() : (img.onload = ok)));
    return layout;
  }

  viewer.export = { png, features, csv, gb18030, printLayout };
  document.querySelector("#language").addEventListener("click", () => render());
  render();
})();
