/* Map page: meeting places and country-to-country links for the filter in the URL (GET /api/map), drawn in
   SVG over the world outlines shipped with the package (static/world.svg, equirectangular, 2 units a degree). */
"use strict";

const W = 720, H = 360;

function project(lat, lon) {
  return [2 * (lon + 180), 2 * (90 - lat)];
}

/* The part of the world the data is in (with a margin), at the map's 2:1 aspect. */
function viewBox(points) {
  if (!points.length) return [0, 0, W, H];
  const xs = points.map((p) => p[0]), ys = points.map((p) => p[1]);
  let x0 = Math.min(...xs) - 20, x1 = Math.max(...xs) + 20, y0 = Math.min(...ys) - 15, y1 = Math.max(...ys) + 15;
  let w = Math.max(x1 - x0, 80), h = Math.max(y1 - y0, 40);
  if (w / h > 2) h = w / 2; else w = h * 2;
  const cx = (x0 + x1) / 2, cy = (y0 + y1) / 2;
  x0 = Math.max(0, Math.min(W - w, cx - w / 2));
  y0 = Math.max(0, Math.min(H - h, cy - h / 2));
  return [x0, y0, Math.min(w, W), Math.min(h, H)];
}

function draw(data) {
  const links = data.links.filter((l) => l.a_lat !== null && l.b_lat !== null);
  const ends = links.flatMap((l) => [project(l.a_lat, l.a_lon), project(l.b_lat, l.b_lon)]);
  const dots = data.places.map((p) => project(p.lat, p.lon));
  const box = viewBox([...ends, ...dots]);
  const unit = box[2] / W; // keeps strokes and dots the same size on screen at any zoom
  const maxLink = Math.max(1, ...links.map((l) => l.total));
  const maxPlace = Math.max(1, ...data.places.map((p) => p.meetings));
  const root = svg("svg", { viewBox: box.join(" "), role: "img",
    "aria-label": `${data.places.length} meeting place(s) and ${links.length} country pair(s); listed in the tables below` });
  root.append(svg("image", { href: "/static/world.svg", x: 0, y: 0, width: W, height: H }));
  for (const l of links) {
    const [x1, y1] = project(l.a_lat, l.a_lon), [x2, y2] = project(l.b_lat, l.b_lon);
    const line = svg("line", { x1, y1, x2, y2, class: "link", "stroke-width": unit * (1 + 5 * Math.sqrt(l.total / maxLink)) });
    line.append(svg("title", {}, `${countryName(l.a)} – ${countryName(l.b)}: ${l.total} contact(s)`));
    root.append(line);
  }
  data.places.forEach((p, i) => {
    const [cx, cy] = dots[i];
    const dot = svg("circle", { cx, cy, r: unit * (3 + 7 * Math.sqrt(p.meetings / maxPlace)), class: "place" });
    dot.append(svg("title", {}, `${p.city}, ${countryName(p.country)}: ${p.meetings} meeting(s)`));
    root.append(dot);
  });
  document.getElementById("map").replaceChildren(root);
}

function rows(target, items, columns, empty) {
  const head = el("tr", {}, columns.map(([t, , n]) => el("th", { scope: "col", className: n ? "n" : "" }, t)));
  const body = items.length ? items.map((r) => el("tr", {}, columns.map(([, f, n]) => el("td", { className: n ? "n" : "" }, f(r)))))
    : [el("tr", {}, el("td", { colSpan: columns.length }, empty))];
  target.replaceChildren(el("thead", {}, head), el("tbody", {}, body));
}

async function init() {
  const form = document.getElementById("filters");
  const filters = paramsOf(location.search);
  const summary = document.getElementById("summary");
  let meta, data;
  try {
    [meta, data] = await Promise.all([loadNames(), api("/map", filters)]);
  } catch (error) {
    showError(summary, error);
    return;
  }
  for (const c of meta.countries) form.elements.country.append(el("option", { value: c.code }, `${c.name} (${c.code})`));
  for (const g of meta.groups) form.elements.group.append(el("option", { value: g.id }, g.name));
  for (const name of ["country", "group", "kind", "since", "until"]) form.elements[name].value = (filters[name] || [""])[0];
  form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    const query = queryString(Object.fromEntries([...new FormData(form).entries()].filter(([, v]) => v)));
    location.href = "/map" + (query ? "?" + query : "");
  });
  const meetings = data.places.reduce((n, p) => n + p.meetings, 0);
  summary.replaceChildren(`${meetings} meeting(s) at ${data.places.length} known place(s)` +
    (data.unplaced ? `; ${data.unplaced} meeting(s) without a known place are not drawn` : "") +
    `; ${data.links.length} country pair(s)`, " · ", downloadLinks(filters));
  draw(data);
  rows(document.getElementById("places"), data.places, [
    ["Place", (p) => p.city], ["Country", (p) => el("a", { href: `/country/${p.country}` }, countryName(p.country))],
    ["Meetings", (p) => String(p.meetings), true]], "no meeting with a known place");
  rows(document.getElementById("links"), data.links, [
    ["Pair", (l) => el("a", { href: `/pair/${l.a}/${l.b}` }, `${countryName(l.a)} – ${countryName(l.b)}`)],
    ["Contacts", (l) => String(l.total), true]], "no contact");
}

document.addEventListener("DOMContentLoaded", init);
