// riskmap viewer — the live alerts panel (docs/ALERTS.md, docs/VIEWER.md). New alerts arrive over the server's
// event stream (/alerts/stream; the browser reconnects by itself and the server replays what was missed from
// Last-Event-ID), appear at the top of the panel and flash on the map; a click flies to one. A duty officer who
// signs in with a token (kept for this tab only) may acknowledge them.
(() => {
  const viewer = window.riskmapViewer;
  if (!viewer) return;
  const { map, state } = viewer;
  const STRINGS = {
    zh: { title: "实时预警", signIn: "签收令牌", signOut: "退出", ack: "签收", acked: "已签收", none: "暂无预警",
          types: { Alert: "预警", Update: "更新", Cancel: "解除" }, failed: "签收失败" },
    en: { title: "Live alerts", signIn: "Token to acknowledge", signOut: "Sign out", ack: "Acknowledge", acked: "Acknowledged",
          none: "No alerts", types: { Alert: "Alert", Update: "Update", Cancel: "Cancel" }, failed: "Acknowledging failed" },
  };
  const COLOURS = { major: "#e02020", significant: "#f08c00", general: "#f5d000", low: "#1c7ed6" };
  const text = () => STRINGS[state.language] ?? STRINGS.zh;
  const alerts = [];          // newest first, at most 50
  let token = sessionStorage.getItem("riskmap-duty-token");

  const section = document.createElement("section");
  section.id = "alerts";
  section.innerHTML = `<h2></h2><form><input type="password" autocomplete="off"><button type="button"></button></form><p class="none"></p><ol></ol>`;
  document.querySelector("#panel #legend").before(section);
  const input = section.querySelector("input");
  const signButton = section.querySelector("form button");

  function cityTime(iso) {
    return new Date(iso).toLocaleString(state.language === "zh" ? "zh-CN" : "en-GB",
      { timeZone: "Asia/Shanghai", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit" });
  }

  function render() {
    const s = text();
    section.querySelector("h2").textContent = `${s.title} (${alerts.filter((a) => !a.properties.acknowledged_at).length})`;
    input.hidden = !!token;
    input.placeholder = s.signIn;
    signButton.textContent = token ? s.signOut : "→";
    section.querySelector(".none").textContent = alerts.length ? "" : s.none;
    section.querySelector("ol").replaceChildren(...alerts.map((a) => {
      const p = a.properties;
      const item = document.createElement("li");
      item.dataset.id = a.id;
      item.className = `alert ${p.msg_type?.toLowerCase() ?? "alert"}`;
      const button = document.createElement("button");
      button.type = "button";
      button.style.borderLeft = `6px solid ${COLOURS[p.level] ?? "#888"}`;
      button.textContent = `${cityTime(p.created_at)} · ${s.types[p.msg_type] ?? p.msg_type} · ${p.message}`;
      button.addEventListener("click", () => map.flyTo({ center: a.geometry.coordinates, zoom: Math.max(map.getZoom(), 15) }));
      item.append(button);
      if (p.acknowledged_at) {
        const done = document.createElement("span");
        done.className = "acked";
        done.textContent = `${s.acked} · ${p.acknowledged_by}`;
        item.append(done);
      } else if (token) {
        const ack = document.createElement("button");
        ack.type = "button";
        ack.className = "ack";
        ack.textContent = s.ack;
        ack.addEventListener("click", () => acknowledge(a));
        item.append(ack);
      }
      return item;
    }));
  }

  async function acknowledge(a) {
    const r = await fetch(`/alerts/${a.id}/ack`, { method: "POST", headers: { Authorization: `Bearer ${token}` } });
    if (!r.ok) {
      state.errors?.push?.(`${text().failed}: ${r.status}`);
      return;
    }
    const acked = await r.json();
    alerts.splice(alerts.indexOf(a), 1, acked);
    render();
  }

  function add(alert) {
    if (alerts.some((a) => a.id === alert.id)) return;
    alerts.unshift(alert);
    alerts.sort((a, b) => b.id - a.id);
    alerts.length = Math.min(alerts.length, 50);
    render();
  }

  // A ring that grows and fades three times round a new alert's point.
  function flash(alert) {
    const source = map.getSource("alert-flash");
    if (!source) return;
    source.setData({ type: "FeatureCollection", features: [alert] });
    if (viewer.alerts) viewer.alerts.flashed = alert.id;
    const started = performance.now();
    const step = (now) => {
      const t = Math.max(0, (now - started) / 1000);
      if (t > 3) {
        source.setData({ type: "FeatureCollection", features: [] });
        return;
      }
      const phase = t % 1;
      map.setPaintProperty("alert-flash", "circle-radius", 8 + 40 * phase);
      map.setPaintProperty("alert-flash", "circle-stroke-opacity", 1 - phase);
      requestAnimationFrame(step);
    };
    requestAnimationFrame(step);
  }

  signButton.addEventListener("click", () => {
    if (token) {
      token = null;
      sessionStorage.removeItem("riskmap-duty-token");
    } else if (input.value.trim()) {
      token = input.value.trim();
      sessionStorage.setItem("riskmap-duty-token", token);
      input.value = "";
    }
    render();
  });

  viewer.ready.then(async () => {
    map.addSource("alert-flash", { type: "geojson", data: { type: "FeatureCollection", features: [] } });
    map.addLayer({ id: "alert-flash", type: "circle", source: "alert-flash",
                   paint: { "circle-radius": 8, "circle-color": "rgba(0,0,0,0)", "circle-stroke-color": "#e02020", "circle-stroke-width": 4 } });
    const recent = await fetch("/alerts?limit=50").then((r) => (r.ok ? r.json() : { features: [] }));
    for (const a of recent.features ?? []) add(a);
    render();
    const events = new EventSource("/alerts/stream");
    events.addEventListener("alert", (e) => {
      const alert = JSON.parse(e.data);
      add(alert);
      flash(alert);
      window.dispatchEvent(new CustomEvent("riskmap:alert", { detail: alert }));
    });
    viewer.alerts = { list: alerts, events };
  });
  const setLanguage = viewer.setLanguage;
  viewer.setLanguage = (language) => { setLanguage(language); render(); };
  document.querySelector("#language").addEventListener("click", () => render());
  render();
})();
