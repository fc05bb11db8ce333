/* Pair page: contacts between two countries per year (calls vs meetings, hand-drawn SVG) and the events. */
"use strict";

const PAGE = 200;

async function show(a, b) {
  const status = document.getElementById("status");
  status.textContent = "Loading…";
  let pair, page;
  try {
    [pair, page] = await Promise.all([api(`/pairs/${a}/${b}`), api("/events", { country: [a, b], order: "desc", limit: PAGE }), loadNames()]);
  } catch (error) {
    showError(status, error);
    return;
  }
  status.textContent = "";
  document.title = `summitry — ${pair.a_name} and ${pair.b_name}`;
  document.getElementById("title").textContent = `${pair.a_name} and ${pair.b_name}`;
  const undated = pair.years.find((y) => y.year === null);
  document.getElementById("totals").textContent =
    `${pair.total} contact(s): ${kindCounts(pair.by_kind)}; ` +
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
  document.getElementById("events").replaceChildren();
  document.getElementById("downloads").replaceChildren(downloadLinks({ country: [a, b] }));
  showPage(page, a, b);
  document.getElementById("pair").hidden = false;
}

/* One page of the pair's events; "Load more" fetches the next, so no list stops silently. */
function showPage(page, a, b) {
  const list = document.getElementById("events");
  append(list, page.items.map((e) => eventCard(e)));
  document.getElementById("listed").textContent = `${list.children.length} of ${page.total} listed, newest first`;
  const more = document.getElementById("more");
  more.hidden = !page.next_cursor;
  more.onclick = () => api("/events", { country: [a, b], order: "desc", limit: PAGE, cursor: page.next_cursor })
    .then((next) => showPage(next, a, b)).catch((error) => showError(document.getElementById("listed"), error));
}

async function init() {
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
