/* Calls and meetings per year as a hand-drawn SVG bar chart (pair and country/leader pages). */
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
