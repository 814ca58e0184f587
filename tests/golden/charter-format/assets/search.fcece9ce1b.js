// charterpress theme script: site search with the Pagefind index the build writes to pagefind/.
// On every page it only hides the header search box where search cannot work (a site opened
// from a folder). On the search page it runs the search: the query is normalised (NFKC, so
// decomposed or full-width input matches; Korean particles at a word's end dropped), results are
// a list with headings, the count is announced through a status region, and 정보목록 filters show
// how many results each value has. Texts come from the page (templates/i18n/ko.yaml).
(() => {
  "use strict";
  const fromFolder = location.protocol === "file:";
  if (fromFolder) {
    for (const box of document.querySelectorAll("[data-search-box]")) box.hidden = true;
  }
  const app = document.querySelector("[data-search-app]");
  if (!app) return;
  const fallback = document.querySelector("[data-search-fallback]");
  const why = fallback.querySelector("[data-search-why]");
  const text = (key, vars = {}) =>
    (app.dataset["t" + key] || "").replace(/\{(\w+)\}/g, (_, name) => String(vars[name] ?? ""));
  if (fromFolder) {
    why.textContent = text("Folder");
    return;
  }

  const MARKER = "\u2042"; // the indexer's hidden terms follow it (charterpress/search.py)
  const ROW_GAP = "\u2051"; // between the rows of a group of 정보목록 rows (search.py)
  const FIELD_GAP = "\u00a6"; // between the fields of a row (search.py)
  const PAGE = 10;
  // Cut from a query word's end (longest first): the build takes word tails without them too.
  const PARTICLES = app.dataset.particles.split(" ");
  // Filter values in the page's order; ROWS is the 분류 of 정보목록 documents (all from ko.yaml).
  const KIND_ORDER = app.dataset.kindOrder.split("|");
  const DISCLOSURE_ORDER = app.dataset.disclosureOrder.split("|");
  const ROWS = app.dataset.kindRows;
  const ROW_FILTERS = ["year", "month", "dept", "disclosure"];

  const form = app.querySelector("[data-search-form]");
  const input = form.querySelector("input[name=q]");
  const selects = [...form.querySelectorAll("select[data-filter]")];
  const status = app.querySelector("[data-search-status]");
  const groups = {};
  for (const section of app.querySelectorAll("[data-search-group]")) {
    groups[section.dataset.searchGroup] = {
      section, list: section.querySelector("[data-search-list]"), more: section.querySelector("[data-search-more]"),
      count: section.querySelector("[data-search-group-count]"), results: [], shown: 0,
    };
  }
  const base = new URL(app.dataset.base, document.baseURI);
  let pagefind = null;
  let rowsMap = null; // groups of 정보목록 rows by Pagefind's id: [month, dept, 공개구분, words per row, days]
  let allFilters = {};
  let filtersLoading = null;
  let words = [];
  let generation = 0;

  // A word as the index holds it: NFKC (full-width digits, NFD Hangul) and lower case.
  const fold = (s) => s.normalize("NFKC").toLowerCase();

  function normalizeQuery(raw) {
    return fold(raw).replace(/\s+/g, " ").trim().split(" ").filter(Boolean).map((word) => {
      if (!/^[가-힣]+$/.test(word) || word.length < 3) return word;
      for (const p of PARTICLES) {
        if (word.endsWith(p) && word.length - p.length >= 2) return word.slice(0, -p.length);
      }
      return word;
    });
  }

  function chosenFilters() {
    const chosen = {};
    for (const select of selects) if (select.value) chosen[select.dataset.filter] = select.value;
    return chosen;
  }

  function ordered(key, values) {
    const order = key === "kind" ? KIND_ORDER : key === "disclosure" ? DISCLOSURE_ORDER : null;
    if (order) return values.sort((a, b) => order.indexOf(a) - order.indexOf(b));
    if (key === "year" || key === "month") return values.sort().reverse();
    return values.sort((a, b) => a.localeCompare(b, "ko"));
  }

  function label(key, value) {
    if (key === "month") {
      const [year, month] = value.split("-");
      return text("Month", { year, month: Number(month) });
    }
    if (key === "year") return text("Year", { year: value });
    return value;
  }

  // Every filter value with its count for the current search (0 where it finds none).
  function showCounts(counts) {
    for (const select of selects) {
      const key = select.dataset.filter;
      const keep = select.value;
      const values = ordered(key, Object.keys(allFilters[key] || {}));
      select.replaceChildren(new Option(text("All"), ""));
      for (const value of values) {
        const n = (counts[key] || {})[value] || 0;
        select.add(new Option(`${label(key, value)} ${text("GroupCount", { n: n.toLocaleString("ko-KR") })}`, value));
      }
      select.value = keep;
    }
  }

  // The folded text and, for each of its characters, where it came from in the original
  // (NFKC changes lengths: "…" becomes "...").
  function folded(value) {
    let text = "";
    const from = [];
    for (let i = 0; i < value.length; i++) {
      const part = fold(value[i]);
      text += part;
      for (let k = 0; k < part.length; k++) from.push(i);
    }
    from.push(value.length);
    return { text, from };
  }

  function mark(node, value) {
    // Plain text with every query word marked; built from text nodes, never from HTML.
    const { text: lower, from } = folded(value);
    const hits = [];
    for (const word of words) {
      let at = lower.indexOf(word);
      while (word && at >= 0) {
        hits.push([from[at], from[at + word.length - 1] + 1]);
        at = lower.indexOf(word, at + word.length);
      }
    }
    hits.sort((a, b) => a[0] - b[0]);
    let pos = 0;
    for (const [start, end] of hits) {
      if (start < pos) continue;
      node.append(value.slice(pos, start));
      const m = document.createElement("mark");
      m.textContent = value.slice(start, end);
      node.append(m);
      pos = end;
    }
    node.append(value.slice(pos));
  }

  function excerpt(content) {
    const own = content.split(MARKER)[0].trim();
    const { text: lower, from } = folded(own);
    let at = -1;
    for (const word of words) {
      const found = lower.indexOf(word);
      if (found >= 0 && (at < 0 || from[found] < at)) at = from[found];
    }
    if (at < 0) at = 0;
    const start = Math.max(0, at - 50);
    const end = Math.min(own.length, at + 130);
    return (start > 0 ? "… " : "") + own.slice(start, end).trim() + (end < own.length ? " …" : "");
  }

  function describe(data) {
    const f = data.filters || {};
    const m = data.meta || {};
    const kind = (f.kind || [])[0] || "";
    if (kind === ROWS) {
      const month = (f.month || [])[0];
      return [month ? label("month", month) : kind, m.doc, m.dept, m.date, m.status].filter(Boolean).join(" · ");
    }
    return [kind, m.where].filter(Boolean).join(" · ");
  }

  function entry(data) {
    const li = document.createElement("li");
    const heading = document.createElement("h3");
    const link = document.createElement("a");
    link.href = new URL(data.url.replace(/^\//, ""), base).href;
    mark(link, (data.meta && data.meta.title) || data.url);
    heading.append(link);
    const meta = document.createElement("p");
    meta.className = "meta";
    mark(meta, describe(data));
    li.append(heading, meta);
    // A page shows where the words stand; an item shows the condition it answers; a row needs none.
    const lead = data.meta && data.meta.lead;
    if (lead || !data.url.includes("#")) {
      const body = document.createElement("p");
      body.className = "excerpt";
      mark(body, lead ? lead + " →" : excerpt(data.content || ""));
      li.append(body);
    }
    return li;
  }

  async function showMore(group, focusFirst) {
    const mine = generation;
    const batch = group.results.slice(group.shown, group.shown + PAGE);
    const datas = await Promise.all(batch.map((r) => r.data()));
    if (mine !== generation) return;
    const items = datas.map(entry);
    group.list.append(...items);
    group.shown += batch.length;
    group.more.hidden = group.shown >= group.results.length;
    if (focusFirst && items.length) items[0].querySelector("a").focus();
  }

  function remember(query, filters) {
    const params = new URLSearchParams();
    if (query) params.set("q", query);
    for (const [key, value] of Object.entries(filters)) params.set(key, value);
    const search = params.toString();
    history.replaceState(null, "", search ? "?" + search : location.pathname);
  }

  async function run() {
    const mine = ++generation;
    const raw = input.value.trim();
    const filters = chosenFilters();
    words = normalizeQuery(raw);
    remember(raw, filters);
    for (const group of Object.values(groups)) {
      group.list.replaceChildren();
      group.results = [];
      group.shown = 0;
      group.more.hidden = true;
      group.section.hidden = true;
    }
    if (!words.length && !Object.keys(filters).length) {
      showCounts(allFilters);
      status.textContent = text("Empty");
      return;
    }
    // Two searches: pages and items, and 정보목록 rows; a filter on rows (or on a kind) leaves one.
    const rowsOnly = ROW_FILTERS.some((k) => filters[k]) || filters.kind === ROWS;
    const pagesOnly = Boolean(filters.kind) && filters.kind !== ROWS;
    const term = words.length ? words.join(" ") : null;
    const pageFilters = filters.kind ? { kind: filters.kind } : { not: { kind: ROWS } };
    const [pages, rows] = await Promise.all([
      rowsOnly ? null : pagefind.search(term, { filters: pageFilters }),
      pagesOnly ? null : findRows(filters),
    ]);
    if (mine !== generation) return;
    groups.pages.results = pages ? pages.results : [];
    groups.rows.results = rows ? rows.results : [];
    const counts = { ...((rows && rows.counts) || {}) };
    counts.kind = { ...((pages && pages.filters && pages.filters.kind) || {}), [ROWS]: groups.rows.results.length };
    showCounts(counts);
    for (const group of Object.values(groups)) {
      group.section.hidden = !group.results.length;
      group.count.textContent = text("GroupCount", { n: group.results.length.toLocaleString("ko-KR") });
    }
    await Promise.all(Object.values(groups).map((group) => showMore(group, false)));
    if (mine !== generation) return;
    // Announced once the first results are on the page.
    const total = groups.pages.results.length + groups.rows.results.length;
    const n = total.toLocaleString("ko-KR");
    const described = Object.entries(filters).map(([k, v]) => label(k, v)).join(", ");
    const split = groups.pages.results.length && groups.rows.results.length
      ? " " + text("Groups", { pages: groups.pages.results.length.toLocaleString("ko-KR"),
        rows: groups.rows.results.length.toLocaleString("ko-KR") })
      : "";
    if (!total) {
      status.textContent = raw ? text("None", { query: raw }) : text("CountFiltered", { filters: described, n });
    } else if (raw) {
      status.textContent = text("Count", { query: raw, n }) + (described ? ` (${described})` : "") + split;
    } else {
      status.textContent = text("CountFiltered", { filters: described, n }) + split;
    }
  }

  // 정보목록 rows are indexed in groups (a month × 생산부서 × 공개구분 each, see search.py): the
  // rows map says which rows a group holds and how many words each spans, so the positions
  // Pagefind finds in a group tell which rows hold every query word. Counts, filters and order
  // are the rows', worked out here; a row's fields come from its group's meta when it is shown.
  function loadRows() {
    if (!rowsMap) {
      rowsMap = fetch(new URL("charterpress-rows.json", new URL(app.dataset.index, document.baseURI)))
        .then((response) => (response.ok ? response.json() : {}))
        .then((map) => {
          // Words per row and days come as one character each (its code point - 48): see search.py.
          const numbers = (text) => Array.from(text, (c) => c.codePointAt(0) - 48);
          for (const group of Object.values(map)) group.splice(3, 2, numbers(group[3]), numbers(group[4]));
          return map;
        });
    }
    return rowsMap;
  }

  function fits(group, filters) {
    const [month, dept, disclosure] = group;
    return (!filters.year || month.slice(0, 4) === filters.year) && (!filters.month || month === filters.month)
      && (!filters.dept || dept === filters.dept) && (!filters.disclosure || disclosure === filters.disclosure);
  }

  // The rows of a group holding every word (positions: one sorted list of word positions per
  // query word), by their index in the group.
  function rowsWithAll(group, positions) {
    const found = [];
    let start = 0;
    group[3].forEach((span, index) => {
      const end = start + span;
      if (positions.every((list) => list.some((at) => at >= start && at < end))) found.push(index);
      start = end;
    });
    return found;
  }

  const fragments = {};
  const places = {};
  function rowData(result, group, index) {
    fragments[result.id] = fragments[result.id] || result.data();
    places[result.id] = places[result.id]
      || fetch(new URL(`charterpress-rows/${result.id}.json`, new URL(app.dataset.index, document.baseURI)))
        .then((response) => response.json());
    return Promise.all([fragments[result.id], places[result.id]]).then(([data, where]) => {
      // The row's own words, before its hidden tails; its fields apart (search.py, FIELD_GAP).
      const own = data.content.split(` ${ROW_GAP} `)[index].split(MARKER)[0];
      const [title, doc, , date, status] = own.split(FIELD_GAP).map((field) => field.trim());
      const url = where.base + where.rows[index];
      return { url, meta: { title, doc, dept: group[1], date, status }, filters: { kind: [ROWS], month: [group[0]] } };
    });
  }

  async function findRows(filters) {
    const map = await loadRows();
    const found = []; // [score, month, day, order, result, group, index]
    const counts = { year: {}, month: {}, dept: {}, disclosure: {} };
    const add = (result, group, index, score, order) => {
      found.push([score, group[0], group[4][index], order, result, group, index]);
      const [month, dept, disclosure] = group;
      for (const [key, value] of [["year", month.slice(0, 4)], ["month", month], ["dept", dept], ["disclosure", disclosure]]) {
        counts[key][value] = (counts[key][value] || 0) + 1;
      }
    };
    // Only words with a letter or digit are looked for (Pagefind indexes nothing else): a query
    // of punctuation alone finds no row.
    const terms = words.filter((word) => /[\p{L}\p{N}]/u.test(word));
    if (words.length && !terms.length) return { results: [], counts };
    if (terms.length) {
      // One search per word: a row must hold every word itself, not merely share a group with it.
      const searches = await Promise.all(terms.map((word) => pagefind.search(word, { filters: { kind: ROWS } })));
      const byWord = searches.map((search) => new Map(search.results.map((r) => [r.id, r])));
      searches[0].results.forEach((result, order) => {
        const group = map[result.id];
        if (!group || !fits(group, filters) || !byWord.every((hits) => hits.has(result.id))) return;
        const score = byWord.reduce((sum, hits) => sum + hits.get(result.id).score, 0);
        for (const index of rowsWithAll(group, byWord.map((hits) => hits.get(result.id).words))) {
          add(result, group, index, score, order);
        }
      });
      found.sort((a, b) => b[0] - a[0] || a[3] - b[3] || a[6] - b[6]);
    } else {
      const all = await pagefind.search(null, { filters: { kind: ROWS } });
      all.results.forEach((result, order) => {
        const group = map[result.id];
        if (group && fits(group, filters)) group[3].forEach((_, index) => add(result, group, index, 0, order));
      });
      // Newest first: by month, then day, then the order of the month's list.
      found.sort((a, b) => (a[1] < b[1]) - (a[1] > b[1]) || b[2] - a[2] || a[3] - b[3] || a[6] - b[6]);
    }
    const results = found.map(([, , , , result, group, index]) => ({ data: () => rowData(result, group, index) }));
    return { results, counts };
  }

  // Every filter value with its count, before any search: the 분류 filter's from Pagefind, the
  // rows' from the rows map. Loaded when a filter is chosen or the filters are first reached.
  function loadFilters() {
    if (!filtersLoading) {
      filtersLoading = Promise.all([pagefind.filters(), loadRows()]).then(([all, map]) => {
        const counts = { year: {}, month: {}, dept: {}, disclosure: {} };
        let total = 0;
        for (const [month, dept, disclosure, spans] of Object.values(map)) {
          for (const [key, value] of [["year", month.slice(0, 4)], ["month", month], ["dept", dept], ["disclosure", disclosure]]) {
            counts[key][value] = (counts[key][value] || 0) + spans.length;
          }
          total += spans.length;
        }
        allFilters = { ...counts, kind: { ...(all.kind || {}), ...(total ? { [ROWS]: total } : {}) } };
      });
    }
    return filtersLoading;
  }

  async function start() {
    pagefind = await import(new URL(app.dataset.index, document.baseURI).href);
    const params = new URLSearchParams(location.search);
    input.value = params.get("q") || "";
    if (selects.some((select) => params.get(select.dataset.filter))) await loadFilters();
    showCounts(allFilters);
    for (const select of selects) select.value = params.get(select.dataset.filter) || "";
    app.hidden = false;
    fallback.hidden = true;
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      run();
    });
    for (const select of selects) select.addEventListener("change", () => run());
    const fieldset = form.querySelector("fieldset");
    const reached = async () => {
      if (filtersLoading) return;
      await loadFilters();
      if (words.length || Object.keys(chosenFilters()).length) await run();
      else showCounts(allFilters);
    };
    fieldset.addEventListener("focusin", reached);
    fieldset.addEventListener("pointerenter", reached);
    for (const group of Object.values(groups)) group.more.addEventListener("click", () => showMore(group, true));
    if (input.value || Object.keys(chosenFilters()).length) await run();
  }

  start().catch(() => {
    app.hidden = true;
    fallback.hidden = false;
    why.textContent = text("Unavailable");
  });
})();
