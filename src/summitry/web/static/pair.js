/* Pair page: contacts between two countries per year (calls vs meetings, hand-drawn SVG) and the events. */
"use strict";

const SVG = "http://www.w3.org/2000/svg";

function svg(tag, attrs, text) {
  const node = document.createElementNS(SVG, tag);
  for (const [key, value] of Object.entries(attrs)) node.setAttribute(key, String(value));
  if (text !== undefined) node.textContent = text;
  return node;
}

/* Drawn at the container's pixel width (1 unit = 1 px) so labels stay legible on a phone; many years scroll. */
function chart(years, available) {
  const dated = years.filter((y) => y.year !== null);
  const max = Math.max(1, ...dated.map((y) => Math.max(y.call, y.meeting)));
  const height = 180, top = 16, bottom = 24, left = 28;
  const width = Math.max(available, left + dated.length * 44 + 8);
  const slot = (width - left - 8) / Math.max(1, dated.length);
  const bar = Math.min(28, Math.floor(slot / 2) - 4);
  const root = svg("svg", { viewBox: `0 0 ${width} ${height}`, role: "img", class: "bars",
    "aria-label": dated.map((y) => `${y.year}: ${y.call} calls, ${y.meeting} meetings`).join("; ") || "no dated contacts" });
  const scale = (n) => ((height - top - bottom) * n) / max;
  root.setAttribute("width", width);
  root.setAttribute("height", height);
  for (const tick of [...new Set([0, Math.round(max / 2), max])]) {
    const y = height - bottom - scale(tick);
    root.append(svg("line", { x1: left, x2: width, y1: y, y2: y, class: "grid" }),
      svg("text", { x: left - 4, y: y + 4, "text-anchor": "end", class: "tick" }, String(tick)));
  }
  dated.forEach((row, i) => {
    const x = left + i * slot + slot / 2 - bar - 1;
    for (const [kind, offset] of [["call", 0], ["meeting", bar + 2]]) {
      const h = scale(row[kind]);
      const rect = svg("rect", { x: x + offset, y: height - bottom - h, width: bar, height: h, class: `bar-${kind}` });
      rect.append(svg("title", {}, `${row.year}: ${row[kind]} ${kind}(s)`));
      root.append(rect);
      if (row[kind]) root.append(svg("text", { x: x + offset + bar / 2, y: height - bottom - h - 3, "text-anchor": "middle", class: "count" }, String(row[kind])));
    }
    root.append(svg("text", { x: x + bar + 1, y: height - 6, "text-anchor": "middle", class: "year" }, row.year));
  });
  return root;
}

async function show(a, b) {
  const status = document.getElementById("status");
  status.textContent = "Loading…";
  let pair, page;
  try {
    [pair, page] = await Promise.all([api(`/pairs/${a}/${b}`), api("/events", { country: [a, b], order: "desc", limit: 1000 })]);
  } catch (error) {
    showError(status, error);
    return;
  }
  status.textContent = "";
  document.title = `summitry — ${pair.a_name} and ${pair.b_name}`;
  document.getElementById("title").textContent = `${pair.a_name} and ${pair.b_name}`;
  const undated = pair.years.find((y) => y.year === null);
  document.getElementById("totals").textContent =
    `${pair.total} contact(s): ${pair.by_kind.call} call(s), ${pair.by_kind.meeting} meeting(s); ` +
    `${pair.by_status.planned} planned` + (undated ? `; ${undated.total} without a known year` : "");
  document.getElementById("pair").hidden = false;
  const box = document.getElementById("chart");
  const draw = () => box.replaceChildren(chart(pair.years, Math.max(280, box.clientWidth - 4)));
  draw();
  let pending = null;
  window.addEventListener("resize", () => {
    clearTimeout(pending);
    pending = setTimeout(draw, 50);
  });
  document.getElementById("on-timeline").setAttribute("href", `/?country=${a}&country=${b}`);
  document.getElementById("events").replaceChildren(...page.items.map((e) => eventCard(e)));
  document.getElementById("pair").hidden = false;
}

async function init() {
  nav("/pair");
  const parts = location.pathname.split("/").filter(Boolean);
  const [a, b] = parts.length === 3 ? [parts[1].toUpperCase(), parts[2].toUpperCase()] : ["", ""];
  const form = document.getElementById("pick");
  try {
    const meta = await api("/meta");
    for (const select of [form.querySelector("#pair-a"), form.querySelector("#pair-b")]) {
      for (const c of meta.countries) select.append(el("option", { value: c.code }, `${c.name} (${c.code})`));
    }
  } catch (error) {
    showError(document.getElementById("status"), error);
  }
  form.querySelector("#pair-a").value = a;
  form.querySelector("#pair-b").value = b;
  form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    const x = form.querySelector("#pair-a").value, y = form.querySelector("#pair-b").value;
    if (x && y) location.href = `/pair/${x}/${y}`;
  });
  if (a && b) await show(a, b);
}

document.addEventListener("DOMContentLoaded", init);
