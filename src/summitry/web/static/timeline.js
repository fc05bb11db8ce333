/* Timeline page: filters kept in the URL (Back restores them) with counts beside each value; a timeline
   that starts on the data's dense range and draws the events of the window (a date known only as a
   range drawn as a hatched range, never as a day) or, when there are too many, their counts per week,
   month or year; and the matching events as a paged list.  The server filters and aggregates. */
"use strict";

const PAGE = 100;
const DAY = 86400000;
const OPEN_DAYS = 90; // how far an "after …" or "before …" band reaches: its other end is unknown
const FIELDS = ["person", "group", "role", "kind", "status", "topic", "lang", "source", "min_confidence", "since", "until", "q"];
const FACET_OF = { group: "group", role: "role", kind: "kind", status: "status", topic: "topic", lang: "lang",
  source: "source", min_confidence: "confidence" };
const LANGS = { en: "English", ru: "Russian", kk: "Kazakh", ky: "Kyrgyz" };
const state = { cursor: null, items: null, timeline: null, filters: {}, dense: null, seq: 0, pending: null };
/* The first page's answers, asked for when this script runs: it runs before the timeline library (the
   larger part of the page) is read, so the server works while the browser does.  Used once each. */
const early = (() => {
  const filters = paramsOf(location.search);
  const asked = { filters, events: api("/events", { ...filters, order: "desc", limit: PAGE }),
    timeline: api("/timeline", filters) };
  for (const answer of [asked.events, asked.timeline, loadNames()]) answer.catch(() => {}); // awaited later
  return asked;
})();

/* ``early``'s answer to ``name`` when it was asked for exactly these ``filters`` (and not used yet). */
function earlyAnswer(name, filters) {
  const answer = early[name];
  early[name] = null;
  return filters === early.filters ? answer : null;
}

function theForm() {
  return document.getElementById("filters");
}

function fillSelect(select, options) {
  for (const [value, label] of options) select.append(el("option", { value, dataset: { label } }, label));
}

function setSelect(select, value) {
  if (value && ![...select.options].some((o) => o.value === value)) select.append(el("option", { value, dataset: { label: value } }, value));
  select.value = value;
}

/* A multiple select showing exactly ``values`` chosen (one the menu lacks is added, as setSelect does). */
function setChosen(select, values) {
  for (const value of values) {
    if (![...select.options].some((o) => o.value === value)) select.append(el("option", { value, dataset: { label: value } }, value));
  }
  for (const option of select.options) option.selected = values.includes(option.value);
}

function filtersFromUrl() {
  const params = new URLSearchParams(location.search);
  const form = theForm();
  const countries = params.getAll("country");
  setSelect(form.querySelector("#country-a"), countries[0] || "");
  setSelect(form.querySelector("#country-b"), countries[1] || "");
  setChosen(form.elements.any_country, params.getAll("any_country"));
  for (const name of FIELDS) {
    const input = form.elements[name];
    if (input.tagName === "SELECT") setSelect(input, params.get(name) || "");
    else input.value = params.get(name) || "";
  }
  const more = form.querySelector(".more-filters");
  more.open = more.open || [...more.querySelectorAll("select")].some((select) => select.value);
}

function currentFilters() {
  const out = {};
  for (const [key, value] of new FormData(theForm()).entries()) if (value) (out[key] = out[key] || []).push(value);
  return out;
}

/* Each option's label with how many events it would leave, the other filters kept. */
function applyFacets(facets) {
  const form = theForm();
  const sources = form.elements.source;
  for (const value of Object.keys(facets.source)) { // outlets are known only from the facets
    if (![...sources.options].some((o) => o.value === value)) {
      sources.append(el("option", { value, dataset: { label: value === "-" ? "no URL" : value } }, value));
    }
  }
  const selects = [[form.querySelector("#country-a"), "country"], [form.querySelector("#country-b"), "country"],
    [form.elements.any_country, "country"], ...Object.entries(FACET_OF).map(([name, facet]) => [form.elements[name], facet])];
  for (const [select, facet] of selects) {
    for (const option of select.options) {
      if (!option.value) continue;
      const n = facets[facet][option.value] || 0;
      option.textContent = `${option.dataset.label || option.value} · ${n}`;
    }
  }
}

function day(text) {
  return new Date(text + "T00:00:00Z");
}

function iso(date) {
  return new Date(date).toISOString().slice(0, 10);
}

function shift(text, days) {
  return iso(day(text).valueOf() + days * DAY);
}

/* One event of the window: a box on its day, or a hatched range over what is known of its date. */
function itemFor(item) {
  const base = { id: item.id, group: item.kind, className: `kind-${item.kind} status-${item.status}` };
  const label = (text) => el("span", { title: item.title }, text);
  if (item.date) return { ...base, type: "box", start: item.date, content: label(item.label) };
  const open = !item.date_start ? "open-before" : !item.date_end ? "open-after" : "";
  const start = item.date_start || shift(item.date_end, -OPEN_DAYS);
  const end = item.date_end ? shift(item.date_end, 1) : shift(item.date_start, OPEN_DAYS);
  return { ...base, type: "range", start, end, className: `${base.className} range ${open}`,
    content: label(`${item.label} · ${item.when}`) };
}

function bucketItems(bucket, unit) {
  return Object.keys(KIND_LABEL).filter((kind) => bucket[kind]).map((kind) => ({
    id: `${kind}:${bucket.start}`, group: kind, type: "range", start: bucket.start, end: shift(bucket.end, 1),
    bucket: true, className: `kind-${kind} bucket`,
    content: el("span", { title: `${bucket[kind]} ${kind}(s) in the ${unit} ${bucket.start} – ${bucket.end}` +
      (bucket.planned ? ` (${bucket.planned} planned contacts in all)` : "") + "; select to zoom in" }, String(bucket[kind])),
  }));
}

function ensureTimeline() {
  if (state.timeline || typeof vis === "undefined") return;
  state.items = new vis.DataSet();
  const groups = new vis.DataSet(Object.entries(KIND_PLURAL).map(([id, plural]) => ({ id, content: el("span", {}, plural) })));
  const container = document.getElementById("timeline");
  state.timeline = new vis.Timeline(container, state.items, groups, {
    stack: true, zoomable: true, moveable: true, showTooltips: false, selectable: true, verticalScroll: true,
    maxHeight: 560, minHeight: 160, zoomMin: DAY * 7, orientation: { axis: "top" },
    margin: { item: { horizontal: -1, vertical: 4 } }, // adjacent periods' counts share a row
  });
  state.timeline.on("select", (props) => {
    const item = props.items.length ? state.items.get(props.items[0]) : null;
    if (item && item.bucket) setWindow(item.start, item.end);
    else if (item) location.href = "/event/" + encodeURIComponent(item.id);
  });
  state.timeline.on("rangechanged", (props) => {
    if (props.byUser) schedule();
  });
  container.addEventListener("keydown", keyboard);
}

function keyboard(ev) {
  const moves = { ArrowLeft: -0.2, ArrowRight: 0.2 };
  if (ev.key in moves) {
    const range = state.timeline.getWindow();
    const step = (range.end - range.start) * moves[ev.key];
    setWindow(range.start.valueOf() + step, range.end.valueOf() + step);
  } else if (ev.key === "+" || ev.key === "=") zoom(0.5);
  else if (ev.key === "-") zoom(2);
  else return;
  ev.preventDefault();
}

function setWindow(start, end) {
  if (!state.timeline) return;
  state.timeline.setWindow(start, end, { animation: false });
  schedule();
}

function zoom(factor) {
  if (!state.timeline) return;
  const range = state.timeline.getWindow();
  const middle = (range.start.valueOf() + range.end.valueOf()) / 2;
  const half = ((range.end - range.start) * factor) / 2;
  setWindow(middle - half, middle + half);
}

function schedule() {
  clearTimeout(state.pending);
  state.pending = setTimeout(() => {
    const range = state.timeline.getWindow();
    drawView(iso(range.start), iso(range.end)).catch((error) => showError(document.getElementById("window-note"), error));
  }, 200);
}

function windowNote(view) {
  const d = view.dense;
  const parts = [];
  if (d.outside) parts.push(`${d.outside} event(s) dated far outside the dense range (such as an impossible date) are not in the default view`);
  if (d.undated) parts.push(`${d.undated} without any date are in the list only`);
  if (view.mode === "buckets") {
    parts.unshift(`${view.count} events in this window, counted per ${view.unit}: zoom in to see each one`);
    if (view.wide) parts.push(`${view.wide} known only as a range longer than a ${view.unit} are not counted in any ${view.unit} (they are in the list)`);
  }
  document.getElementById("window-note").textContent = parts.join("; ") + (parts.length ? "." : "");
  document.getElementById("zoom-all").hidden = !d.outside;
}

/* What the server says the window holds; only the newest request's answer is drawn. */
async function drawView(start, end) {
  const seq = ++state.seq;
  const view = await ((!start && earlyAnswer("timeline", state.filters))
    || api("/timeline", start ? { ...state.filters, start, end } : state.filters));
  if (seq !== state.seq || !state.items) return view;
  state.items.clear();
  state.items.add(view.mode === "buckets" ? view.buckets.flatMap((b) => bucketItems(b, view.unit)) : view.items.map(itemFor));
  windowNote(view);
  return view;
}

async function resetView() {
  await loadNames().catch(() => null); // the kinds' rows of the timeline come with /api/meta
  ensureTimeline();
  if (!state.timeline) return;
  const view = await drawView();
  state.dense = view.dense;
  if (view.dense.start) state.timeline.setWindow(view.dense.start, view.dense.end, { animation: false });
}

function matchedNote(page, filters) {
  const box = document.getElementById("matched");
  box.replaceChildren();
  if (filters.person && page.people.length) {
    box.append(`Leader “${filters.person[0]}” matches ${page.people.length === 1 ? "" : "any of "}`,
      ...page.people.flatMap((p, i) => [i ? ", " : "", el("a", { href: "/leader/" + encodeURIComponent(p.id) }, `${p.name} (${countryName(p.country)})`)]), ".");
  } else if (filters.person) {
    box.append(`No leader in the knowledge base is called “${filters.person[0]}”: matching the name as written.`);
  }
  if (filters.any_country) { // the list box may have scrolled its choices out of sight: say them
    box.append(el("span", { className: "note" }, ` Events with any of ${filters.any_country.map(countryName).join(", ")}.`));
  }
  for (const note of page.notes) box.append(el("span", { className: "note" }, " " + note));
}

async function loadList(reset) {
  const list = document.getElementById("events");
  const summary = document.getElementById("summary");
  const filters = state.filters;
  if (reset) {
    state.cursor = null;
    list.replaceChildren();
  }
  summary.textContent = "Loading…";
  let page;
  try { // the country names come with /api/meta, asked for at the same time on the first load
    [page] = await Promise.all([(reset && earlyAnswer("events", filters))
      || api("/events", { ...filters, order: "desc", limit: PAGE, cursor: state.cursor }), loadNames().catch(() => null)]);
  } catch (error) {
    showError(summary, error);
    return;
  }
  if (filters !== state.filters) return; // a newer filter was applied meanwhile
  append(list, page.items.map((e) => eventCard(e)));
  state.cursor = page.next_cursor;
  document.getElementById("more").hidden = !state.cursor;
  const shown = list.children.length;
  summary.replaceChildren(`${page.total} event(s)` + (shown < page.total ? `, newest ${shown} listed` : ""), " · ", downloadLinks(filters));
  const countries = filters.country || [];
  if (countries.length === 2) {
    summary.append(" · ", el("a", { href: `/pair/${countries[0]}/${countries[1]}` }, `contacts per year for ${countries.join("–")}`));
  } else if (countries.length === 1) {
    summary.append(" · ", el("a", { href: `/country/${countries[0]}` }, `${COUNTRY_NAMES[countries[0]] || countries[0]} at a glance`));
  }
  matchedNote(page, filters);
}

/* The list and the timeline first; the counts beside the filter values (the slowest answer) after them. */
function refresh(filters = currentFilters()) {
  state.filters = filters;
  const view = resetView().catch((error) => showError(document.getElementById("window-note"), error));
  return Promise.all([loadList(true), view, namesLoaded]).then(() => api("/facets", filters))
    .then((facets) => filters === state.filters && applyFacets(facets)).catch(() => {});
}

let suggestTimer = null;

/* Leaders whose name begins like what is typed, from the knowledge base (any script). */
function suggest(input) {
  clearTimeout(suggestTimer);
  suggestTimer = setTimeout(async () => {
    const q = input.value.trim();
    if (q.length < 2) return;
    const found = await api("/entities", { q }).catch(() => []);
    document.getElementById("people").replaceChildren(...found.filter((e) => e.kind === "person")
      .map((p) => el("option", { value: p.name, label: `${p.name} (${countryName(p.country)})` })));
  }, 200);
}

async function init() {
  const form = theForm();
  const first = refresh(early.filters); // the URL's filters, while the menus are being filled
  let meta;
  try {
    meta = await loadNames();
  } catch (error) {
    showError(document.getElementById("summary"), error);
    return;
  }
  const countries = meta.countries.map((c) => [c.code, `${c.name} (${c.code})`]);
  fillSelect(form.querySelector("#country-a"), countries);
  fillSelect(form.querySelector("#country-b"), countries);
  fillSelect(form.elements.any_country, countries);
  fillSelect(form.elements.group, meta.groups.map((g) => [g.id, g.name]));
  fillSelect(form.elements.role, meta.roles.map((r) => [r, r.replace(/_/g, " ")]));
  fillSelect(form.elements.kind, meta.kinds.map((k) => [k, KIND_LABEL[k] || k]));
  fillSelect(form.elements.status, meta.statuses.map((k) => [k, k]));
  fillSelect(form.elements.topic, meta.topics.map((k) => [k, topicLabel(k)]));
  fillSelect(form.elements.lang, meta.langs.map((k) => [k, LANGS[k] || k]));
  for (const option of form.elements.min_confidence.options) option.dataset.label = option.textContent;
  filtersFromUrl();
  form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    const query = queryString(currentFilters());
    history.pushState(null, "", query ? "?" + query : "/");
    refresh();
  });
  window.addEventListener("popstate", () => {
    filtersFromUrl();
    refresh();
  });
  document.getElementById("clear").addEventListener("click", () => {
    form.reset();
    history.pushState(null, "", "/");
    refresh();
  });
  form.elements.person.addEventListener("input", (ev) => suggest(ev.target));
  document.getElementById("more").addEventListener("click", () => loadList(false));
  document.getElementById("zoom-in").addEventListener("click", () => zoom(0.5));
  document.getElementById("zoom-out").addEventListener("click", () => zoom(2));
  document.getElementById("zoom-fit").addEventListener("click", () => state.dense && state.dense.start && setWindow(state.dense.start, state.dense.end));
  document.getElementById("zoom-all").addEventListener("click", () => state.dense && state.dense.first && setWindow(shift(state.dense.first, -30), shift(state.dense.last, 30)));
  await first;
}

document.addEventListener("DOMContentLoaded", init);
