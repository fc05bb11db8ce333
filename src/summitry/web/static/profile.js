/* Country and leader pages (/country/KAZ, /leader/ID): contacts per year, calls vs meetings, the offices
   held, counterpart countries and leaders ranked, and the places of the meetings (GET /api/countries/…,
   /api/leaders/…). */
"use strict";

function cell(value, numeric) {
  return el("td", { className: numeric ? "n" : "" }, value === null || value === undefined ? "" : value);
}

/* A table of ``rows``; ``columns``: [heading, row → cell content, numeric?]. */
function table(target, rows, columns, empty) {
  const head = el("tr", {}, columns.map(([title, , numeric]) => el("th", { className: numeric ? "n" : "", scope: "col" }, title)));
  const body = rows.length ? rows.map((row) => el("tr", {}, columns.map(([, value, numeric]) => cell(value(row), numeric))))
    : [el("tr", {}, el("td", { colSpan: columns.length }, empty))];
  target.replaceChildren(el("thead", {}, head), el("tbody", {}, body));
}

function leaderLink(row) {
  return row.person_id ? el("a", { href: "/leader/" + encodeURIComponent(row.person_id) }, row.name || row.person_id) : row.name || "unknown";
}

function render(p) {
  const isCountry = p.kind === "country";
  document.title = `summitry — ${p.name}`;
  document.getElementById("title").textContent = isCountry ? p.name : `${p.name} (${countryName(p.country)})`;
  const roles = Object.entries(p.by_role).map(([r, n]) => `${n} as ${r.replace(/_/g, " ")}`).join(", ");
  document.getElementById("totals").textContent =
    `${p.total} contact(s): ${kindCounts(p.by_kind)}, ${p.by_status.planned || 0} planned` +
    (p.first ? `; ${p.first} … ${p.last}` : "") + (roles ? `; ${roles}` : "");
  const filter = isCountry ? { country: p.id } : { person: p.id };
  document.getElementById("links").replaceChildren(
    el("a", { href: "/?" + queryString(filter) }, "on the timeline"), " · ",
    el("a", { href: "/map?" + queryString(filter) }, "on the map"), " · ", downloadLinks(filter));
  const box = document.getElementById("chart");
  const draw = () => box.replaceChildren(chart(p.years, Math.max(280, box.clientWidth - 4)));
  draw();
  window.addEventListener("resize", draw);
  const here = isCountry ? p.id : p.country;
  table(document.getElementById("counterparts"), p.counterparts, [
    ["Country", (r) => el("a", { href: `/country/${r.country}` }, `${r.name} (${r.country})`)],
    ["Contacts", (r) => el("a", { href: `/pair/${here}/${r.country}` }, String(r.total)), true],
    ["Calls", (r) => r.call, true], ["Meetings", (r) => r.meeting, true],
    ["First", (r) => r.first], ["Last", (r) => r.last]], "no counterpart yet");
  table(document.getElementById("counterpart-leaders"), p.counterpart_leaders, [
    ["Leader", leaderLink], ["Country", (r) => countryName(r.country)],
    ["Contacts", (r) => r.total, true], ["Calls", (r) => r.call, true], ["Meetings", (r) => r.meeting, true]],
  "no named leader");
  document.getElementById("own-leaders-section").hidden = !isCountry;
  table(document.getElementById("own-leaders"), p.leaders, [
    ["Leader", leaderLink], ["Contacts", (r) => r.total, true], ["Calls", (r) => r.call, true],
    ["Meetings", (r) => r.meeting, true]], "no named leader");
  table(document.getElementById("places"), p.places, [
    ["Place", (r) => r.city || "(city not stated)"], ["Country", (r) => (r.country ? countryName(r.country) : "")],
    ["Meetings", (r) => r.meetings, true]], "no meeting with a known place");
}

async function init() {
  const status = document.getElementById("status");
  const [kind, id] = location.pathname.split("/").filter(Boolean);
  const path = kind === "country" ? `/countries/${encodeURIComponent(id)}` : `/leaders/${encodeURIComponent(decodeURIComponent(id))}`;
  let profile;
  try {
    [profile] = await Promise.all([api(path, paramsOf(location.search)), loadNames()]);
  } catch (error) {
    showError(status, error);
    return;
  }
  status.hidden = true;
  render(profile);
  document.getElementById("profile").hidden = false;
}

document.addEventListener("DOMContentLoaded", init);
