// Offline full-text search of the course site (course/tools/site/search.py builds the index,
// search-index.js, which sets window.COURSE_SEARCH). No network: works from a web server and
// from file://. A section matches when every word of the query is in its heading or text.
(function () {
  "use strict";
  const index = window.COURSE_SEARCH;
  const form = document.getElementById("search-form");
  const input = document.getElementById("search-input");
  const status = document.getElementById("search-status");
  const list = document.getElementById("search-results");
  const MAX_RESULTS = 50;

  function fold(text) {
    return text.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }
  const sections = index.sections.map(([page, id, heading, text]) => ({
    page, id, heading, text, hay: fold(heading + " " + text), head: fold(heading)}));

  function count(hay, word) {
    let n = 0;
    for (let i = hay.indexOf(word); i >= 0; i = hay.indexOf(word, i + word.length)) n += 1;
    return n;
  }

  function find(query) {
    const words = fold(query).split(/\s+/).filter(Boolean);
    if (!words.length) return [];
    const found = [];
    sections.forEach((s, order) => {
      if (!words.every((w) => s.hay.includes(w))) return;
      const score = words.reduce((sum, w) => sum + count(s.hay, w)
                                 + (s.head.includes(w) ? 10 : 0), 0);
      found.push({s, score, order});
    });
    found.sort((a, b) => b.score - a.score || a.order - b.order);
    return found.map((f) => f.s);
  }

  // a snippet of the text around the first word found, the words marked
  function snippet(text, words) {
    const hay = fold(text);
    const hits = words.map((w) => hay.indexOf(w)).filter((i) => i >= 0);
    const at = hits.length ? Math.min(...hits) : 0;
    const start = Math.max(0, at - 60);
    const part = (start ? "…" : "") + text.slice(start, start + 200)
                 + (start + 200 < text.length ? "…" : "");
    const p = document.createElement("p");
    const marks = new RegExp("(" + words.map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"))
                                   .join("|") + ")", "gi");
    part.split(marks).forEach((bit, i) => {
      if (i % 2) {
        const mark = document.createElement("mark");
        mark.textContent = bit;
        p.append(mark);
      } else {
        p.append(bit);
      }
    });
    return p;
  }

  function show(query) {
    const results = find(query);
    const words = fold(query).split(/\s+/).filter(Boolean);
    list.replaceChildren();
    for (const s of results.slice(0, MAX_RESULTS)) {
      const li = document.createElement("li");
      const a = document.createElement("a");
      const page = index.pages[s.page];
      a.href = page.href + (s.id ? "#" + s.id : "");
      a.textContent = page.title + " › " + s.heading;
      li.append(a, snippet(s.text, words));
      list.append(li);
    }
    if (!words.length) status.textContent = "";
    else if (!results.length) status.textContent = `No section contains “${query.trim()}”.`;
    else {
      const shown = results.length > MAX_RESULTS ? `, the first ${MAX_RESULTS} shown` : "";
      status.textContent = `${results.length} section${results.length > 1 ? "s" : ""} `
                           + `contain “${query.trim()}”${shown}.`;
    }
  }

  input.addEventListener("input", () => show(input.value));
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    show(input.value);
    const url = new URL(window.location.href);
    url.searchParams.set("q", input.value);
    history.replaceState(null, "", url);
  });
  const query = new URLSearchParams(window.location.search).get("q");
  if (query) {
    input.value = query;
    show(query);
  }
})();
