/* Timeline page: filters (kept in the URL), a zoomable vis-timeline and the matching events as a list. */
"use strict";

const PAGE = 200; // enough to fill the first view; vis-timeline stacking grows faster than linearly
const state = { cursor: null, items: null, timeline: null };

function filtersFromUrl() {
  const params = new URLSearchParams(location.search);
  const form = document.getElementById("filters");
  const countries = params.getAll("country");
  form.querySelector("#country-a").value = countries[0] || "";
  form.querySelector("#country-b").value = countries[1] || "";
  for (const name of ["person", "kind", "status", "topic", "min_confidence", "since", "until", "q"]) {
    form.elements[name].value = params.get(name) || "";
  }
}

function currentFilters() {
  const form = document.getElementById("filters");
  const data = new FormData(form);
  const out = {};
  for (const [key, value] of data.entries()) if (value) (out[key] = out[key] || []).push(value);
  return out;
}

function fillSelect(select, options) {
  for (const [value, label] of options) select.append(el("option", { value }, label));
}

function itemFor(event) {
  const start = event.date || event.date_start || event.date_end;
  if (!start) return null; // undated: in the list only
  const label = el("span", {}, event.participants.map((p) => p.country).join("–"));
  const item = { id: event.id, group: event.kind, content: label, start, className: `kind-${event.kind} status-${event.status}` };
  if (!event.date && event.date_start && event.date_end && event.date_start !== event.date_end) {
    item.end = event.date_end;
    item.type = "range";
  } else {
    item.type = "box";
  }
  return item;
}

function ensureTimeline() {
  if (state.timeline || typeof vis === "undefined") return;
  state.items = new vis.DataSet();
  const groups = new vis.DataSet([
    { id: "call", content: el("span", {}, "Calls") },
    { id: "meeting", content: el("span", {}, "Meetings") },
  ]);
  const container = document.getElementById("timeline");
  state.timeline = new vis.Timeline(container, state.items, groups, {
    stack: true, zoomable: true, moveable: true, showTooltips: false, selectable: true,
    maxHeight: 420, minHeight: 160, zoomMin: 1000 * 60 * 60 * 24 * 7, orientation: { axis: "top" },
    margin: { item: 4 },
  });
  state.timeline.on("select", (props) => {
    if (props.items.length) location.href = "/event/" + encodeURIComponent(props.items[0]);
  });
}

/* The URL's filters, read before the menus are filled so the first page is fetched with /api/meta. */
function urlFilters() {
  const out = {};
  for (const [key, value] of new URLSearchParams(location.search)) if (value) (out[key] = out[key] || []).push(value);
  return out;
}

async function load(reset, filters = currentFilters()) {
  const list = document.getElementById("events");
  const summary = document.getElementById("summary");
  const more = document.getElementById("more");
  if (reset) {
    state.cursor = null;
    list.replaceChildren();
    if (state.items) state.items.clear();
  }
  summary.textContent = "Loading…";
  let page;
  try {
    page = await api("/events", { ...filters, order: "desc", limit: PAGE, cursor: state.cursor });
  } catch (error) {
    showError(summary, error);
    return;
  }
  ensureTimeline();
  append(list, page.items.map((e) => eventCard(e)));
  if (state.items) {
    state.items.add(page.items.map(itemFor).filter(Boolean));
    if (reset) state.timeline.fit({ animation: false });
  }
  state.cursor = page.next_cursor;
  more.hidden = !state.cursor;
  const shown = list.children.length;
  summary.replaceChildren(`${page.total} event(s)` + (shown < page.total ? `, newest ${shown} shown` : ""));
  const countries = filters.country || [];
  if (countries.length === 2) {
    summary.append(" · ", el("a", { href: `/pair/${countries[0]}/${countries[1]}` }, `contacts per year for ${countries.join("–")}`));
  }
}

function zoom(factor) {
  if (!state.timeline) return;
  const range = state.timeline.getWindow();
  const middle = (range.start.valueOf() + range.end.valueOf()) / 2;
  const half = ((range.end - range.start) * factor) / 2;
  state.timeline.setWindow(middle - half, middle + half, { animation: false });
}

async function init() {
  nav("/");
  const form = document.getElementById("filters");
  const first = load(true, urlFilters());
  let meta;
  try {
    meta = await api("/meta");
  } catch (error) {
    showError(document.getElementById("summary"), error);
    return;
  }
  const countries = meta.countries.map((c) => [c.code, `${c.name} (${c.code})`]);
  fillSelect(form.querySelector("#country-a"), countries);
  fillSelect(form.querySelector("#country-b"), countries);
  fillSelect(form.elements.kind, meta.kinds.map((k) => [k, k]));
  fillSelect(form.elements.status, meta.statuses.map((k) => [k, k]));
  fillSelect(form.elements.topic, meta.topics.map((k) => [k, k.replace(/_/g, " ")]));
  filtersFromUrl();
  form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    const query = new URLSearchParams();
    for (const [key, values] of Object.entries(currentFilters())) for (const v of values) query.append(key, v);
    history.replaceState(null, "", query.toString() ? "?" + query : "/");
    load(true);
  });
  document.getElementById("clear").addEventListener("click", () => {
    form.reset();
    history.replaceState(null, "", "/");
    load(true);
  });
  document.getElementById("more").addEventListener("click", () => load(false));
  document.getElementById("zoom-in").addEventListener("click", () => zoom(0.5));
  document.getElementById("zoom-out").addEventListener("click", () => zoom(2));
  document.getElementById("zoom-fit").addEventListener("click", () => state.timeline && state.timeline.fit());
  await first;
}

document.addEventListener("DOMContentLoaded", init);
