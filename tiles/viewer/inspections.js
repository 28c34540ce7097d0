// riskmap viewer — risk-based supervision (docs/SUPERVISION.md, docs/VIEWER.md): the stored inspection plans of a
// period as a map layer coloured by level, the proposed joint inspections as a panel (a click flies to one), and
// each enterprise's safety-score history in its popup.
(() => {
  const viewer = window.riskmapViewer;
  if (!viewer) return;
  const { map, state, getJSON } = viewer;
  const STRINGS = {
    zh: { title: "检查计划", period: "计划期", show: "在图上显示计划检查", none: "该期无已存计划", joint: "联合检查建议",
          summary: (s) => `计划检查 ${s.planned_visits} 次，合并为 ${s.joint_inspections} 次联合检查，可减少 ${s.visits_saved} 次进门`,
          levels: { city: "市级", county: "县级", town: "镇级" }, score: "安全记分", tier: { city: "市级监管", county: "县级监管", town: "镇级监管" },
          noEvents: "本年无记分事件" },
    en: { title: "Inspection plans", period: "Period", show: "Show planned visits on the map", none: "No plans stored for this period",
          joint: "Proposed joint inspections",
          summary: (s) => `${s.planned_visits} planned visits, ${s.joint_inspections} joint inspections save ${s.visits_saved} visits`,
          levels: { city: "City", county: "County", town: "Town" }, score: "Safety score", tier: { city: "city tier", county: "county tier", town: "town tier" },
          noEvents: "No score events this year" },
  };
  // Level colours distinct from the four risk colours: the planned layer sits over them.
  const LEVEL_COLOURS = { city: "#7048e8", county: "#1098ad", town: "#74b816" };
  const text = () => STRINGS[state.language] ?? STRINGS.zh;
  let period = String(new Date().getFullYear() + 1);
  let plans = [];
  let collisions = null;
  let drawn = 0;              // planned visits on the map

  const section = document.createElement("section");
  section.id = "inspections";
  section.innerHTML = `<h2></h2><label class="period"><span></span> <input type="text" size="8"></label>
    <label class="show"><input type="checkbox"> <span></span></label><ul class="levels"></ul><p class="summary"></p><ol></ol>`;
  document.querySelector("#panel #layers").after(section);
  const periodInput = section.querySelector(".period input");
  const showBox = section.querySelector(".show input");
  periodInput.value = period;

  function render() {
    const s = text();
    section.querySelector("h2").textContent = s.title;
    section.querySelector(".period span").textContent = s.period;
    section.querySelector(".show span").textContent = s.show;
    section.querySelector(".levels").replaceChildren(...Object.entries(LEVEL_COLOURS).map(([level, colour]) => {
      const li = document.createElement("li");
      li.innerHTML = `<span class="dot"></span> `;
      li.querySelector(".dot").style.background = colour;
      li.append(`${s.levels[level]} (${plans.filter((p) => p.level === level).reduce((n, p) => n + p.visits, 0)})`);
      return li;
    }));
    const summary = section.querySelector(".summary");
    summary.textContent = !plans.length ? s.none : collisions ? `${s.joint}: ${s.summary(collisions.summary)}` : "";
    section.querySelector("ol").replaceChildren(...(collisions?.features ?? []).slice(0, 30).map((f) => {
      const p = f.properties;
      const li = document.createElement("li");
      const button = document.createElement("button");
      button.type = "button";
      button.textContent = `${p.date} · ${p.name ?? p.enterprise} · ${p.departments.join("、")}`;
      button.title = p.items.join("、");
      if (f.geometry) button.addEventListener("click", () => map.flyTo({ center: f.geometry.coordinates, zoom: Math.max(map.getZoom(), 15) }));
      li.append(button);
      return li;
    }));
  }

  async function load() {
    try {
      plans = (await getJSON(`/plans?period=${encodeURIComponent(period)}`)).plans ?? [];
      const year = period.slice(0, 4);
      collisions = plans.length ? await getJSON(`/plans/collisions?from=${year}-01-01&to=${year}-12-31&window=30`) : null;
    } catch (error) {
      plans = [];
      collisions = null;
    }
    render();
    await draw();
  }

  async function draw() {
    const source = map.getSource("planned-visits");
    if (!source) return;
    if (!showBox.checked || !plans.length) {
      drawn = 0;
      source.setData({ type: "FeatureCollection", features: [] });
      map.getSource("joint-inspections")?.setData({ type: "FeatureCollection", features: [] });
      return;
    }
    const features = [];
    for (const plan of plans) {
      const visits = await getJSON(`/plans/${plan.id}`).catch(() => ({ features: [] }));
      for (const f of visits.features ?? []) if (f.geometry) features.push(f);
    }
    drawn = features.length;
    source.setData({ type: "FeatureCollection", features });
    map.getSource("joint-inspections")?.setData({ type: "FeatureCollection", features: (collisions?.features ?? []).filter((f) => f.geometry) });
  }

  periodInput.addEventListener("change", () => {
    period = periodInput.value.trim() || period;
    load();
  });
  showBox.addEventListener("change", draw);

  // An enterprise's popup: this year's score, tier and events.
  viewer.popupExtras.push(async (layer, id) => {
    if (layer !== "risk_sources" || id === undefined) return null;
    const year = await getJSON(`/enterprises/${id}/score`);
    const s = text();
    const box = document.createElement("div");
    box.className = "score-history";
    const head = document.createElement("h3");
    head.textContent = `${s.score} ${year.year}: ${year.score} / ${year.start} · ${s.tier[year.tier] ?? year.tier}`;
    box.append(head);
    const list = document.createElement("ul");
    for (const e of year.events ?? []) {
      const li = document.createElement("li");
      li.textContent = `${e.date} ${e.points > 0 ? "+" : ""}${e.points} ${e.description}${e.note ? `（${e.note}）` : ""}`;
      list.append(li);
    }
    if (!year.events?.length) list.append(Object.assign(document.createElement("li"), { textContent: s.noEvents }));
    box.append(list);
    return box;
  });

  viewer.ready.then(() => {
    map.addSource("planned-visits", { type: "geojson", data: { type: "FeatureCollection", features: [] } });
    map.addLayer({ id: "planned-visits", type: "circle", source: "planned-visits",
                   paint: { "circle-radius": 5, "circle-color": ["match", ["get", "level"], "city", LEVEL_COLOURS.city, "county", LEVEL_COLOURS.county, LEVEL_COLOURS.town],
                            "circle-stroke-color": "#fff", "circle-stroke-width": 1.5 } });
    map.addSource("joint-inspections", { type: "geojson", data: { type: "FeatureCollection", features: [] } });
    map.addLayer({ id: "joint-inspections", type: "circle", source: "joint-inspections",
                   paint: { "circle-radius": 11, "circle-color": "rgba(0,0,0,0)", "circle-stroke-color": "#7048e8", "circle-stroke-width": 2.5 } });
    viewer.inspections = { load, get plans() { return plans; }, get collisions() { return collisions; }, get drawn() { return drawn; } };
    load();
  });
  const setLanguage = viewer.setLanguage;
  viewer.setLanguage = (language) => { setLanguage(language); render(); };
  document.querySelector("#language").addEventListener("click", () => render());
  render();
})();
