// Vigil dashboard: live updates over the server-sent-events stream.
// No framework and no inline script (the Content-Security-Policy forbids
// it); text from the news is only ever set with textContent, never as HTML.
"use strict";
(function () {
  const page = document.body.dataset.page;
  const live = document.getElementById("live");
  const notice = document.getElementById("notice");
  const seen = new Set();
  let refreshing = false;

  function say(text) {
    notice.textContent = text;
    notice.hidden = false;
  }

  // Re-fetch this page and swap its <main>: the server renders (and
  // escapes) everything, so the page stays one source of truth.
  async function refresh() {
    if (refreshing) return;
    refreshing = true;
    try {
      const r = await fetch(location.href, { headers: { "Accept": "text/html" }, credentials: "same-origin" });
      if (!r.ok) return;
      const doc = new DOMParser().parseFromString(await r.text(), "text/html");
      const fresh = doc.getElementById("main");
      const main = document.getElementById("main");
      if (fresh && main) main.replaceWith(fresh);
    } finally {
      refreshing = false;
    }
  }

  function cell(tr, text, cls) {
    const td = document.createElement("td");
    if (cls) td.className = cls;
    td.textContent = text;
    tr.appendChild(td);
    return td;
  }

  function addEventRow(ev) {
    const box = document.getElementById("events");
    if (!box || !box.dataset.live) return false;
    const tbody = box.querySelector("tbody");
    if (!tbody) return false;
    const tr = document.createElement("tr");
    tr.className = "fresh";
    tr.dataset.id = ev.id;
    cell(tr, ev.date, "date");
    const who = cell(tr, "");
    const a = document.createElement("a");
    a.href = "/dyad/" + encodeURIComponent((ev.source || "").slice(0, 3) + "-" + (ev.target || "").slice(0, 3));
    a.textContent = ev.source + " → " + (ev.target || "—");
    who.appendChild(a);
    cell(tr, ev.code);
    cell(tr, Number(ev.goldstein).toFixed(2), "num");
    const s = cell(tr, "", "sentence");
    const link = document.createElement("a");
    link.href = "/articles/" + encodeURIComponent(ev.article) + "#e-" + encodeURIComponent(ev.id);
    link.textContent = ev.sentence;
    s.appendChild(link);
    tbody.insertBefore(tr, tbody.firstChild);
    return true;
  }

  let newEvents = 0;
  let timer = null;
  function later(fn) {
    clearTimeout(timer);
    timer = setTimeout(fn, 800);
  }

  if (!window.EventSource) return;
  const es = new EventSource("/api/stream");
  es.onopen = () => { live.classList.add("on"); live.title = "live updates: connected"; };
  es.onerror = () => { live.classList.remove("on"); live.title = "live updates: reconnecting"; };
  es.addEventListener("event", (m) => {
    const ev = JSON.parse(m.data);
    if (seen.has(ev.id)) return;
    seen.add(ev.id);
    if (page === "events" && addEventRow(ev)) return;
    if (page === "warnings" || page === "dyad") {
      later(refresh);
      return;
    }
    newEvents++;
    say(newEvents + " new event" + (newEvents === 1 ? "" : "s") + " since this page loaded — reload to see them.");
  });
  es.addEventListener("warning", (m) => {
    const n = JSON.parse(m.data);
    const w = n.warning;
    if (page === "warnings" || page === "dyad" || page === "alliances") later(refresh);
    if (n.change && n.change.change !== "updated") {
      say("Warning " + n.change.change + ": " + w.source + " → " + w.target + " (" + w.level + ", " + w.rule + ")");
    }
  });
})();
