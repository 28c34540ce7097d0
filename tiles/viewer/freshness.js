// riskmap viewer — "data as of": the time of the last change to the data, under the title, and the map redrawn
// when it moves. The server's /changes is a cheap poll (every 15 s); a new alert (alerts.js) asks at once.
(() => {
  const viewer = window.riskmapViewer;
  if (!viewer) return;
  const { map, state } = viewer;
  const label = document.createElement("p");
  label.id = "data-as-of";
  document.querySelector("#panel header").after(label);
  let seen = null;       // { sequence, changed_at } last shown
  let checkedAt = null;  // when the server was last asked

  function text() {
    const zh = state.language === "zh";
    if (!seen) return "";
    const when = seen.changed_at
      ? new Date(seen.changed_at).toLocaleString(zh ? "zh-CN" : "en-GB", { timeZone: "Asia/Shanghai", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit" })
      : (zh ? "无" : "none");
    const checked = checkedAt ? checkedAt.toLocaleTimeString(zh ? "zh-CN" : "en-GB", { timeZone: "Asia/Shanghai", hour: "2-digit", minute: "2-digit", second: "2-digit" }) : "";
    return zh ? `数据截至 ${when}（北京时间，${checked} 已核对）` : `Data as of ${when} (Beijing time; checked ${checked})`;
  }

  function render() { label.textContent = text(); }

  async function check() {
    let now;
    try {
      now = await fetch("/changes", { cache: "no-store" }).then((r) => (r.ok ? r.json() : null));
    } catch (error) {
      now = null;
    }
    if (!now) return;
    checkedAt = new Date();
    const moved = seen && now.sequence !== seen.sequence;
    seen = now;
    render();
    if (moved) {
      // The tiles answer no-cache with an ETag: asking again costs a 304 where nothing changed.
      const source = map.getSource("riskmap");
      if (source?.tiles) source.setTiles(source.tiles.slice());
      viewer.freshness.redraws += 1;
    }
  }

  viewer.freshness = { check, redraws: 0, get seen() { return seen; } };
  viewer.ready.then(() => {
    check();
    setInterval(check, 15_000);
  });
  window.addEventListener("riskmap:alert", () => check());
  document.querySelector("#language").addEventListener("click", () => render());
})();
