// riskmap's command-centre viewer: the one map from /style.json with a four-colour legend, layer switches,
// popups, enterprise search and district summaries. Every request goes to the server that served this page
// (a command centre's network is closed), so there are no fonts, glyphs or CDNs: labels are HTML.
"use strict";

// Without the map library (scripts/setup.sh fetches it into vendor/) the page would stay blank: say so, and stop.
if (typeof maplibregl === "undefined") {
  document.getElementById("maplibre-missing").hidden = false;
  throw new Error("MapLibre GL JS is missing: run scripts/setup.sh");
}

const STRINGS = {
  zh: {
    title: "安全风险一张图",
    language: "English",
    searchPlaceholder: "企业名称或统一社会信用代码",
    searchButton: "搜索",
    searchNone: "未找到匹配的企业",
    searchFailed: "搜索失败，请稍后再试",
    legendTitle: "风险等级",
    heatTitle: "风险网格热力（指数）",
    layersTitle: "图层",
    districtsTitle: "各区风险企业",
    district: "区县",
    hotspotsTitle: "风险热点",
    filtersTitle: "筛选",
    filterLevels: "风险等级",
    filterColours: "企业风险颜色",
    filterSector: "行业领域",
    allSectors: "全部行业",
    filterDistrict: "区县",
    allDistricts: "全市",
    timeTitle: "时间",
    timeNow: "现在",
    layerLegendTitle: "图例",
    other: "其他",
    ring: "圈",
    containing: (word) => `含“${word}”`,
    hotspotCells: (n) => `${n} 个红色网格`,
    levels: { major: "重大风险", significant: "较大风险", general: "一般风险", low: "低风险" },
    colours: { red: "红", orange: "橙", yellow: "黄", blue: "蓝" },
    groups: {
      risk_sources: "风险源（企业）", risks: "风险点", pipelines: "油气管道", sites: "人员密集场所",
      resources: "应急资源", areas: "行政区划", roads: "道路", reports: "动态上报", grid: "风险网格热力",
    },
  },
  en: {
    title: "Safety-risk one map",
    language: "中文",
    searchPlaceholder: "Enterprise name or credit code",
    searchButton: "Search",
    searchNone: "No enterprise matches",
    searchFailed: "Search failed; try again",
    legendTitle: "Risk level",
    heatTitle: "Risk grid heatmap (index)",
    layersTitle: "Layers",
    districtsTitle: "Enterprises by district",
    district: "District",
    hotspotsTitle: "Hot spots",
    filtersTitle: "Filters",
    filterLevels: "Risk levels",
    filterColours: "Enterprise colours",
    filterSector: "Sector",
    allSectors: "All sectors",
    filterDistrict: "District",
    allDistricts: "Whole city",
    timeTitle: "Time",
    timeNow: "Now",
    layerLegendTitle: "Map key",
    other: "other",
    ring: "ring",
    containing: (word) => `“${word}”`,
    hotspotCells: (n) => `${n} red cell${n === 1 ? "" : "s"}`,
    levels: { major: "Major", significant: "Significant", general: "General", low: "Low" },
    colours: { red: "red", orange: "orange", yellow: "yellow", blue: "blue" },
    groups: {
      risk_sources: "Risk sources (enterprises)", risks: "Risks", pipelines: "Pipelines", sites: "Crowded sites",
      resources: "Emergency resources", areas: "Areas", roads: "Roads", reports: "Temporary reports", grid: "Risk grid heatmap",
    },
  },
};

// Levels and the enterprise colours that carry them, most severe first (docs/DATA-MODEL.md).
const LEVELS = [["major", "red"], ["significant", "orange"], ["general", "yellow"], ["low", "blue"]];
// Layer groups in the order of the switches; a group is a tile source-layer, and its switch appears only
// when the style draws that source-layer (the grid heatmap arrives with the grid).
const GROUPS = ["risk_sources", "risks", "pipelines", "sites", "resources", "reports", "areas", "roads", "grid"];

// Titles of the grid's attributes, shaped like a collection's `properties`: the grid is a tile layer of
// computed cells, not a collection, so /collections has no titles for it.
const GRID_TITLES = {
  class: { title: "Risk class", "x-title-zh": "风险分级" },
  index: { title: "Risk index", "x-title-zh": "综合风险指数" },
  hazard: { title: "Hazard index H", "x-title-zh": "危险性指数 H" },
  exposure: { title: "Exposure E", "x-title-zh": "暴露度 E" },
  worst: { title: "Worst risk level", "x-title-zh": "最高风险等级" },
  risks_major: { title: "Major risks", "x-title-zh": "重大风险数" },
  risks_significant: { title: "Significant risks", "x-title-zh": "较大风险数" },
  risks_general: { title: "General risks", "x-title-zh": "一般风险数" },
  risks_low: { title: "Low risks", "x-title-zh": "低风险数" },
  sites: { title: "Crowded sites", "x-title-zh": "人员密集场所数" },
  level: { title: "Grid level", "x-title-zh": "网格层级" },
};

const state = {
  language: new URLSearchParams(location.search).get("lang") === "en" ? "en" : "zh",
  // The city's time zone: times are shown in it (?tz=Area/City to choose another).
  timeZone: new URLSearchParams(location.search).get("tz") ?? "Asia/Shanghai",
  collections: {},     // collection id → its `properties` (titles in English and Chinese)
  districts: null,     // the /areas answer, or null when the server has no /areas
  hotspots: null,      // the /grid/hotspots features, or null when the server has none
  gridMeta: null,      // the /grid/meta answer (class breaks in index units), or null without a grid
  popup: null,         // { layer, properties, lngLat, names } of the open popup, redrawn on a language change
  popupWidget: null,   // the one maplibregl.Popup, reused
  styleReady: false,   // the style has loaded, so its layers can be listed
  errors: [],          // map errors, for the browser test
};

const $ = (selector) => document.querySelector(selector);
const t = () => STRINGS[state.language];

async function getJSON(path) {
  const response = await fetch(path, { headers: { Accept: "application/json" } });
  if (!response.ok) throw new Error(`${path}: ${response.status}`);
  return response.json();
}

// --- The map and its style -------------------------------------------------------------------------

// A shared link (#zoom/lat/lng) keeps its view; otherwise the whole city is shown once its extent is known.
const linkedView = location.hash.length > 1;
// Labels come from the server's glyphs (/fonts), Chinese included: the same on every screen, whatever fonts it has.
const map = new maplibregl.Map({ container: "map", style: "/style.json", attributionControl: { compact: false }, hash: true,
                                 localIdeographFontFamily: false });
map.addControl(new maplibregl.NavigationControl({ visualizePitch: false }), "top-right");
map.addControl(new maplibregl.ScaleControl({ unit: "metric" }), "bottom-right");
map.on("error", (e) => {
  state.errors.push(String(e.error?.message ?? e.error ?? e));
  console.error("map:", e.error ?? e);
});

/// The style layers that draw a group's source-layer.
function styleLayers(group) {
  return map.getStyle().layers.filter((l) => l["source-layer"] === group).map((l) => l.id);
}

function setGroupVisible(group, visible) {
  for (const id of styleLayers(group)) map.setLayoutProperty(id, "visibility", visible ? "visible" : "none");
}

/// Frames the data (the tile source's bounds from TileJSON), clear of the zoom buttons on the right.
function showCity() {
  const bounds = map.getSource("riskmap")?.bounds;
  if (bounds) map.fitBounds(bounds, { padding: { top: 30, bottom: 30, left: 30, right: 60 }, duration: 0 });
}

/// The risk colours the style uses (its metadata), as CSS variables for the legend and the panel.
function applyColours() {
  const colours = map.getStyle().metadata?.["riskmap:colours"] ?? {};
  for (const [level, colour] of LEVELS) {
    if (colours[level]) document.documentElement.style.setProperty(`--${colour}`, colours[level]);
  }
}

// --- Panel: legend, switches, districts ------------------------------------------------------------

/// A colour dot; built as an element, since a feature's colour is data and never markup.
function swatch(colour) {
  const span = document.createElement("span");
  span.className = "swatch";
  if (colour) span.classList.add(colour);
  return span;
}

function renderLegend() {
  $("#legend ul").replaceChildren(...LEVELS.map(([level, colour]) => {
    const li = document.createElement("li");
    li.dataset.level = level;
    li.append(swatch(colour), t().levels[level]);
    return li;
  }));
}

/// The style's colour for each value of each layer it colours by an attribute (a `match` or `case` on one
/// attribute), so the key always says what the map draws: [{group, entries: [{field, value, colour, ring}]}].
function styleKey() {
  const key = [];
  for (const layer of map.getStyle().layers) {
    const group = layer["source-layer"];
    if (!group || group === "grid" || group === "risks") continue; // risks: the level legend; grid: the heat legend
    const paint = layer.paint ?? {};
    const ring = paint["circle-color"] === "rgba(0,0,0,0)";
    const expression = ring ? paint["circle-stroke-color"]
      : paint["circle-color"] ?? paint["line-color"] ?? (layer.type === "fill" ? paint["fill-color"] : undefined);
    let entries = [], field = null;
    if (Array.isArray(expression) && expression[0] === "match" && expression[1]?.[0] === "get") {
      field = expression[1][1];
      for (let i = 2; i + 1 < expression.length; i += 2) entries.push({ value: expression[i], colour: expression[i + 1], ring });
      entries.push({ value: null, colour: expression[expression.length - 1], ring });
    } else if (Array.isArray(expression) && expression[0] === "case") {
      for (let i = 1; i + 1 < expression.length; i += 2) {
        const test = expression[i];
        if (test?.[0] === "in" && test[2]?.[0] === "get") {
          field = test[2][1];
          entries.push({ value: test[1], contains: true, colour: expression[i + 1], ring });
        }
      }
      entries.push({ value: null, colour: expression[expression.length - 1], ring });
    } else if (typeof expression === "string" && layer.type !== "background") {
      // One colour for what the layer's filter selects: an attribute's value (or values), else the whole group.
      const [op, get, value] = layer.filter ?? [];
      const byAttribute = (op === "==" || op === "in") && get?.[0] === "get";
      field = byAttribute ? get[1] : null;
      const values = Array.isArray(value) && value[0] === "literal" ? value[1].join(",") : value;
      entries = [{ value: byAttribute ? values : null, colour: expression, ring, single: true }];
    }
    if (!entries.length) continue;
    for (const e of entries) e.field = field;
    const known = key.find((k) => k.group === group);
    if (known) { for (const e of entries) if (!known.entries.some((k) => k.value === e.value && k.field === e.field)) known.entries.push(e); }
    else key.push({ group, entries });
  }
  return key.filter((k) => GROUPS.includes(k.group));
}

/// A value of the key in the chosen language: a code by its label (/collections `x-labels`), a level in words.
function keyLabel(group, entry) {
  const field = entry.field;
  if (entry.value === null) return entry.single ? t().groups[group] : t().other;
  const one = (v) => (field === "level" && t().levels[v]) || formatValue(field, v, state.collections[group]);
  const label = String(entry.value).split(",").map(one).join(" / ");
  return entry.contains ? t().containing(label) : label;
}

function renderLayerLegend() {
  const section = $("#layer-legend");
  if (!state.styleReady) { section.hidden = true; return; }
  section.hidden = false;
  $("#layer-legend dl").replaceChildren(...styleKey().flatMap(({ group, entries }) => {
    const dt = document.createElement("dt");
    dt.textContent = t().groups[group];
    dt.dataset.group = group;
    const dd = document.createElement("dd");
    const list = document.createElement("ul");
    for (const entry of entries) {
      const li = document.createElement("li");
      const mark = swatch();
      if (entry.ring) { mark.classList.add("ring"); mark.style.borderColor = entry.colour; } else mark.style.background = entry.colour;
      li.append(mark, keyLabel(group, entry) + (entry.ring ? ` (${t().ring})` : ""));
      list.append(li);
    }
    dd.append(list);
    return [dt, dd];
  }));
}

/// The heatmap's classes with their lowest index (/grid/meta `breaks`): what red means in this city.
function renderHeatLegend() {
  const section = $("#heat-legend");
  const breaks = state.gridMeta?.classes?.breaks;
  section.hidden = !breaks;
  if (!breaks) return;
  const format = (v) => v.toLocaleString(undefined, { maximumFractionDigits: v < 10 ? 1 : 0 });
  $("#heat-legend ul").replaceChildren(...LEVELS.map(([, colour]) => {
    const li = document.createElement("li");
    li.dataset.colour = colour;
    // Under quantile classes each class holds a set share of the city's populated cells: say which.
    const share = state.gridMeta.classes.mode === "quantile" ? state.gridMeta.classes.shares?.[colour] : undefined;
    li.append(swatch(colour), `${t().colours[colour]} ${colour === "blue" ? "> 0" : "≥ " + format(breaks[colour])}`
      + (share === undefined ? "" : ` · ${Math.round(share * 100)}%`));
    return li;
  }));
}

/// The grid's class breaks; servers without /grid/meta, or without a grid (404), keep the block hidden.
async function loadGridMeta() {
  try {
    state.gridMeta = await getJSON("/grid/meta");
  } catch (error) {
    state.gridMeta = null;
  }
  renderHeatLegend();
}

function renderSwitches() {
  const list = $("#layers ul");
  const checked = new Map([...list.querySelectorAll("input")].map((i) => [i.value, i.checked]));
  list.replaceChildren(...GROUPS.filter((g) => styleLayers(g).length > 0).map((group) => {
    const li = document.createElement("li");
    const label = document.createElement("label");
    const input = document.createElement("input");
    input.type = "checkbox";
    input.value = group;
    input.checked = checked.get(group) ?? !state.filters.off.includes(group);
    input.addEventListener("change", () => {
      state.filters.off = input.checked ? state.filters.off.filter((g) => g !== group) : [...state.filters.off, group];
      changed();
    });
    label.append(input, t().groups[group]);
    li.append(label);
    return li;
  }));
}

function renderDistricts() {
  const section = $("#districts");
  section.hidden = !state.districts;
  if (!state.districts) return;
  $("#districts tbody").replaceChildren(...state.districts.map((d) => {
    const row = document.createElement("tr");
    const name = document.createElement("td");
    name.textContent = d.name;
    row.append(name, ...LEVELS.map(([, colour]) => {
      const cell = document.createElement("td");
      cell.className = "count";
      cell.textContent = d.enterprises?.[colour] ?? 0;
      return cell;
    }));
    return row;
  }));
}

/// The district summary needs the server's /areas; servers without it (it is listed in /openapi.json when
/// present) keep the panel hidden, and so does a 404.
async function loadDistricts() {
  const api = await getJSON("/openapi.json");
  if (!api.paths?.["/areas"]) return;
  try {
    state.districts = (await getJSON("/areas?level=district")).areas ?? null;
  } catch (error) {
    state.districts = null;
  }
  renderDistricts();
  renderFilters();
  if (state.filters.district) chooseDistrict(state.filters.district, false);
}

/// The hot spots panel: clusters of red grid cells, hottest first (`/grid/hotspots`); a click flies to one
/// and opens its cell's figures.
function renderHotspots() {
  const section = $("#hotspots");
  section.hidden = !state.hotspots?.length;
  if (section.hidden) return;
  $("#hotspots ol").replaceChildren(...state.hotspots.map((h) => {
    const item = document.createElement("li");
    const button = document.createElement("button");
    button.type = "button";
    const p = h.properties;
    const worst = p.worst_risks?.[0]?.level;
    button.textContent = `${p.rank}. ${formatValue("index", p.index)} · ${t().hotspotCells(p.cells)}`
      + (worst ? ` · ${t().levels[worst] ?? worst}` : "");
    button.addEventListener("click", () => {
      const [minX, minY, maxX, maxY] = p.bbox;
      map.fitBounds([[minX, minY], [maxX, maxY]], { padding: 80, maxZoom: 16, duration: 800 });
      const lngLat = { lng: h.geometry.coordinates[0], lat: h.geometry.coordinates[1] };
      state.popup = { layer: "grid", properties: { class: p.class, index: p.index, hazard: p.hazard, exposure: p.exposure }, lngLat };
      showPopup();
    });
    item.append(button);
    return item;
  }));
}

async function loadHotspots() {
  const api = await getJSON("/openapi.json");
  if (!api.paths?.["/grid/hotspots"]) return;
  try {
    state.hotspots = (await getJSON("/grid/hotspots?limit=10")).features ?? null;
  } catch (error) {
    state.hotspots = null; // no grid yet
  }
  renderHotspots();
}

// --- Filters, time and the URL ----------------------------------------------------------------------
// What the map shows is kept in the URL's query (levels=, colours=, sector=, district=, at=, off=) beside MapLibre's
// #zoom/lat/lng, so a shared link opens the same view with the same filters and instant.

const query = new URLSearchParams(location.search);
const listParam = (name, all) => (query.get(name) ? query.get(name).split(",").filter((v) => all.includes(v)) : [...all]);
state.filters = {
  levels: listParam("levels", LEVELS.map(([l]) => l)),
  colours: listParam("colours", LEVELS.map(([, c]) => c)),
  sector: query.get("sector") ?? "",
  district: query.get("district") ?? "",  // an area id (/areas), or "" for the whole city
  at: query.get("at") ?? "",              // RFC 3339 instant, or "" for now
  off: (query.get("off") ?? "").split(",").filter((g) => GROUPS.includes(g)),
};

/// MapLibre filters for the risk and enterprise layers: each style layer's own filter, and the chosen values.
function applyFilters() {
  if (!state.styleReady) return;
  const f = state.filters;
  const extra = {
    risks: ["in", ["get", "level"], ["literal", f.levels]],
    reports: ["in", ["get", "level"], ["literal", f.levels]],
    risk_sources: ["all", ["in", ["get", "colour"], ["literal", f.colours]],
      ...(f.sector ? [["==", ["get", "sector"], f.sector]] : [])],
  };
  // A district: the point and line features inside its outline (MapLibre's `within`; areas are not filtered).
  const shape = f.district ? state.districtShapes[f.district] : null;
  for (const layer of map.getStyle().layers) {
    const group = layer["source-layer"];
    const inside = shape && DISTRICT_FILTERED.includes(group) && ["circle", "symbol", "line"].includes(layer.type) ? ["within", shape] : null;
    const add = [extra[group], inside].filter(Boolean);
    if (!add.length && !(layer.id in state.baseFilters)) continue;
    state.baseFilters[layer.id] ??= layer.filter ?? null;
    const base = state.baseFilters[layer.id];
    const all = [...(base ? [base] : []), ...add];
    map.setFilter(layer.id, all.length ? (all.length === 1 ? all[0] : ["all", ...all]) : null);
  }
  for (const group of GROUPS) if (styleLayers(group).length) setGroupVisible(group, !f.off.includes(group));
}
state.baseFilters = {};
state.districtShapes = {};
const DISTRICT_FILTERED = ["risks", "reports", "risk_sources", "sites", "resources", "pipelines"];

/// The chosen district's outline (from the areas collection), then the filters again and the map on it.
async function chooseDistrict(id, fly) {
  state.filters.district = id;
  if (id && !state.districtShapes[id]) {
    try {
      state.districtShapes[id] = (await getJSON(`/collections/areas/items/${encodeURIComponent(id)}`)).geometry;
    } catch (error) {
      state.filters.district = "";
    }
  }
  changed();
  const shape = state.districtShapes[state.filters.district];
  if (fly && shape) {
    const bounds = new maplibregl.LngLatBounds();
    const walk = (c) => (typeof c[0] === "number" ? bounds.extend(c) : c.forEach(walk));
    walk(shape.coordinates);
    map.fitBounds(bounds, { padding: 30, duration: 0 });
  }
}

/// Tiles drawn for the chosen instant (`?at=` on every tile: the heatmap, reports and temporary items).
function applyInstant() {
  const source = map.getSource("riskmap");
  if (!source || !state.tileTemplate) return;
  const url = state.filters.at ? `${state.tileTemplate}?at=${encodeURIComponent(state.filters.at)}` : state.tileTemplate;
  source.setTiles([url]);
}

function saveToURL() {
  const f = state.filters, q = new URLSearchParams(location.search);
  const set = (name, value, full) => (value && value !== full ? q.set(name, value) : q.delete(name));
  set("levels", f.levels.join(","), LEVELS.map(([l]) => l).join(","));
  set("colours", f.colours.join(","), LEVELS.map(([, c]) => c).join(","));
  set("sector", f.sector);
  set("district", f.district);
  set("at", f.at);
  set("off", f.off.join(","));
  history.replaceState(null, "", `${location.pathname}${q.size ? "?" + q : ""}${location.hash}`);
}

function changed() {
  applyFilters();
  saveToURL();
}

function renderFilters() {
  const section = $("#filters");
  section.hidden = !state.styleReady;
  if (section.hidden) return;
  const f = state.filters;
  const boxes = (values, chosen, label, onChange) => values.map((value) => {
    const l = document.createElement("label");
    const input = document.createElement("input");
    input.type = "checkbox";
    input.value = value;
    input.checked = chosen.includes(value);
    input.addEventListener("change", () => onChange(value, input.checked));
    l.append(input, label(value));
    return l;
  });
  const toggle = (list, value, on) => (on ? [...new Set([...list, value])] : list.filter((v) => v !== value));
  const levels = document.createElement("div");
  levels.id = "filter-levels";
  levels.append(t().filterLevels + ": ", ...boxes(LEVELS.map(([l]) => l), f.levels, (l) => t().levels[l], (v, on) => { f.levels = toggle(f.levels, v, on); changed(); }));
  const colours = document.createElement("div");
  colours.id = "filter-colours";
  colours.append(t().filterColours + ": ", ...boxes(LEVELS.map(([, c]) => c), f.colours, (c) => t().colours[c], (v, on) => { f.colours = toggle(f.colours, v, on); changed(); }));
  const sector = document.createElement("select");
  sector.id = "filter-sector";
  const sectors = Object.keys(state.collections.risk_sources?.sector?.["x-labels"] ?? {});
  sector.append(new Option(t().allSectors, ""), ...sectors.map((code) => new Option(formatValue("sector", code, state.collections.risk_sources), code)));
  sector.value = f.sector;
  sector.addEventListener("change", () => { f.sector = sector.value; changed(); });
  const sectorLine = document.createElement("label");
  sectorLine.append(t().filterSector + ": ", sector);
  const district = document.createElement("select");
  district.id = "filter-district";
  district.append(new Option(t().allDistricts, ""), ...(state.districts ?? []).map((d) => new Option(d.name, String(d.id))));
  district.value = f.district;
  district.addEventListener("change", () => chooseDistrict(district.value, true));
  const districtLine = document.createElement("label");
  districtLine.append(t().filterDistrict + ": ", district);
  $("#filters div").replaceChildren(levels, colours, sectorLine, districtLine);
}

/// The time control: a date-time picker and a slider of ±30 days in hours around now; "now" clears it.
function renderTime() {
  const section = $("#time");
  section.hidden = !state.styleReady;
  if (section.hidden) return;
  const picker = $("#time-picker"), slider = $("#time-slider"), now = $("#time-now");
  now.textContent = t().timeNow;
  const toLocalInput = (date) => new Date(date.getTime() - date.getTimezoneOffset() * 60000).toISOString().slice(0, 16);
  const at = state.filters.at ? new Date(state.filters.at) : null;
  picker.value = at && !Number.isNaN(at.getTime()) ? toLocalInput(at) : "";
  slider.value = at ? String(Math.round((at.getTime() - Date.now()) / 3600000)) : "0";
  $("#time-label").textContent = state.filters.at ? localTime(state.filters.at) : t().timeNow;
}

function setInstant(date) {
  state.filters.at = date ? date.toISOString().replace(/\.\d{3}Z$/, "Z") : "";
  applyInstant();
  saveToURL();
  renderTime();
}

$("#time-picker").addEventListener("change", (e) => setInstant(e.target.value ? new Date(e.target.value) : null));
$("#time-slider").addEventListener("change", (e) => setInstant(Number(e.target.value) === 0 ? null : new Date(Date.now() + Number(e.target.value) * 3600000)));
$("#time-now").addEventListener("click", () => setInstant(null));

// --- Popups ----------------------------------------------------------------------------------------

/// A value as people read it: levels and colours from the page's strings, other codes from the layer's
/// `x-labels` (/collections), numbers shortened.
function formatValue(field, value, fields, names) {
  if (field === "source_id" && names?.[value]) return `${names[value]} (${value})`;
  if (typeof value === "string" && TIMESTAMP.test(value)) return localTime(value);
  if ((field === "level" || field === "worst") && t().levels[value]) return t().levels[value];
  if ((field === "colour" || field === "class") && t().colours[value]) return t().colours[value];
  const label = fields?.[field]?.["x-labels"]?.[value];
  if (label) return label[state.language] ?? String(value);
  if (typeof value === "number" && !Number.isInteger(value)) return value.toFixed(1);
  return String(value);
}

const TIMESTAMP = /^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?Z$/;

/// A UTC timestamp from the API as the city reads it: `2026-12-05 11:40 (Asia/Shanghai)`.
function localTime(iso) {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  try {
    const parts = Object.fromEntries(new Intl.DateTimeFormat("en-CA", {
      timeZone: state.timeZone, year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", hourCycle: "h23",
    }).formatToParts(date).map((p) => [p.type, p.value]));
    return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute} (${state.timeZone})`;
  } catch (error) {
    return iso; // an unknown ?tz= : the UTC time as the API gave it
  }
}

/// A popup's body: each attribute with its title in the chosen language and the other one beneath; an
/// enterprise by its name, times in the city's time zone.
function popupContent(layer, properties, names) {
  const fields = state.collections[layer] ?? (layer === "grid" ? GRID_TITLES : {});
  const other = state.language === "zh" ? "en" : "zh";
  const title = (field, language) => (language === "zh" ? fields[field]?.["x-title-zh"] : fields[field]?.title) ?? field;
  const table = document.createElement("table");
  table.className = "attributes";
  for (const [field, value] of Object.entries(properties)) {
    if (value === null || value === undefined || value === "") continue;
    const row = table.insertRow();
    const th = document.createElement("th");
    th.textContent = title(field, state.language);
    const small = document.createElement("small");
    small.textContent = title(field, other);
    th.append(small);
    const td = row.insertCell();
    row.prepend(th);
    td.textContent = formatValue(field, value, fields, names);
  }
  return table;
}

/// More about a feature below its attributes, from other scripts (an enterprise's score history):
/// functions (layer, id) returning a promise of a DOM node or null, asked once per popup.
const popupExtras = [];

function showPopup() {
  const popup = state.popup;
  const { layer, properties, lngLat, names, id } = popup;
  if (!state.popupWidget) {
    state.popupWidget = new maplibregl.Popup({ maxWidth: "360px" });
    state.popupWidget.on("close", () => { state.popup = null; });
  }
  const content = document.createElement("div");
  content.append(popupContent(layer, properties, names));
  popup.extras ??= popupExtras.map((extra) => Promise.resolve(extra(layer, id)).catch(() => null));
  for (const pending of popup.extras) pending.then((node) => { if (node && state.popup === popup) content.append(node); });
  state.popupWidget.setLngLat(lngLat).setDOMContent(content);
  if (!state.popupWidget.isOpen()) state.popupWidget.addTo(map);
}

/// Opens a feature's popup with the attributes the tile carries, then with all of them from the API.
async function inspect(layer, id, properties, lngLat) {
  state.popup = { layer, properties, lngLat, id };
  showPopup();
  if (id === undefined || !state.collections[layer]) return;
  let feature;
  try {
    feature = await getJSON(`/collections/${layer}/items/${id}`);
  } catch (error) {
    return; // deleted since the tile was drawn, or the server is away: the tile's attributes stay shown
  }
  if (state.popup?.layer === layer && state.popup.lngLat === lngLat) {
    state.popup.properties = feature.properties;
    showPopup();
  }
  // A risk or report names its enterprise by id: show the name instead.
  const source = feature.properties?.source_id;
  if (source === undefined || source === null) return;
  try {
    const enterprise = await getJSON(`/collections/risk_sources/items/${source}`);
    if (state.popup?.layer === layer && state.popup.lngLat === lngLat && enterprise.properties?.name) {
      state.popup.names = { [source]: enterprise.properties.name };
      showPopup();
    }
  } catch (error) {
    // the id stays shown
  }
}

// --- Click tools -----------------------------------------------------------------------------------
// A map click goes to the active tool. "Inspect" (popups) is the default; the planners' and responders' tools
// (nearby hazards, site check, route, isochrones) register from tools.js.

const tools = new Map();
let activeTool = "inspect";

function addTool(tool) {
  tools.set(tool.id, tool);
}

function setTool(id) {
  if (tools.has(id)) activeTool = id;
}

addTool({
  id: "inspect",
  onClick(e) {
    const box = [[e.point.x - 4, e.point.y - 4], [e.point.x + 4, e.point.y + 4]];
    const hit = map.queryRenderedFeatures(box).find((f) => GROUPS.includes(f.sourceLayer));
    if (hit) inspect(hit.sourceLayer, hit.id, hit.properties, e.lngLat);
  },
});

map.on("click", (e) => tools.get(activeTool).onClick(e));

// --- Search ----------------------------------------------------------------------------------------

function flyToFeature(feature) {
  const coordinates = [];
  const collect = (c) => (typeof c[0] === "number" ? coordinates.push(c) : c.forEach(collect));
  collect(feature.geometry.coordinates);
  const bounds = coordinates.reduce((b, c) => b.extend(c), new maplibregl.LngLatBounds(coordinates[0], coordinates[0]));
  const center = bounds.getCenter();
  map.fitBounds(bounds, { maxZoom: 15, padding: 80, duration: 1200 });
  map.once("moveend", () => inspect("risk_sources", feature.id, feature.properties, center));
}

function searchMessage(text) {
  const li = document.createElement("li");
  li.className = "none";
  li.textContent = text;
  return li;
}

async function search(text) {
  const list = $("#search-results");
  const q = text.trim();
  list.hidden = !q;
  if (!q) return;
  let answer;
  try {
    answer = await getJSON(`/collections/risk_sources/items?limit=10&q=${encodeURIComponent(q)}`);
  } catch (error) {
    list.replaceChildren(searchMessage(t().searchFailed));
    return;
  }
  list.replaceChildren(...answer.features.map((feature) => {
    const li = document.createElement("li");
    const button = document.createElement("button");
    button.type = "button";
    button.append(swatch(feature.properties.colour), feature.properties.name);
    const code = document.createElement("small");
    code.textContent = feature.properties.credit_code ?? "";
    button.append(code);
    button.addEventListener("click", () => flyToFeature(feature));
    li.append(button);
    return li;
  }));
  if (answer.features.length === 0) list.append(searchMessage(t().searchNone));
  if (answer.features.length === 1) flyToFeature(answer.features[0]);
}

$("#search").addEventListener("submit", (e) => {
  e.preventDefault();
  search($("#search-text").value);
});

// --- Language --------------------------------------------------------------------------------------

function setLanguage(language) {
  state.language = language;
  document.documentElement.lang = language === "zh" ? "zh-CN" : "en";
  document.title = `${t().title} — riskmap`;
  for (const el of document.querySelectorAll("[data-i18n]")) el.textContent = t()[el.dataset.i18n];
  for (const el of document.querySelectorAll("[data-i18n-placeholder]")) el.placeholder = t()[el.dataset.i18nPlaceholder];
  $("#language").textContent = t().language;
  renderLegend();
  renderHeatLegend();
  renderLayerLegend();
  if (state.styleReady) renderSwitches();
  renderDistricts();
  renderHotspots();
  renderFilters();
  renderTime();
  if (state.popup) showPopup();
}

$("#language").addEventListener("click", () => setLanguage(state.language === "zh" ? "en" : "zh"));

// --- Start -----------------------------------------------------------------------------------------

setLanguage(state.language);

const ready = new Promise((resolve) => {
  map.once("load", async () => {
    state.styleReady = true;
    applyColours();
    renderSwitches();
    if (!linkedView) showCity();
    const { collections } = await getJSON("/collections");
    for (const c of collections) state.collections[c.id] = c.properties;
    await Promise.all([loadDistricts(), loadGridMeta(), loadHotspots()]);
    renderLayerLegend();
    state.tileTemplate = map.getSource("riskmap")?.tiles?.[0]?.split("?")[0] ?? null;
    renderFilters();
    renderTime();
    applyFilters();
    applyInstant();
    resolve();
  });
});

// For tests and for the tools to come: the map and the viewer's own state, never a copy.
window.riskmapViewer = { map, ready, state, groups: GROUPS, styleLayers, setGroupVisible, setLanguage, search, addTool, setTool, setInstant,
                         popupExtras, getJSON, localTime, inspect, chooseDistrict };
