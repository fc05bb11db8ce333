/* Paste page: run the pipeline on an article (POST /api/extract, nothing stored) and show what it
   finds; "Save to store" posts to /api/documents when the server allows ingest. */
"use strict";

function articleBody(form) {
  const data = new FormData(form);
  const body = { text: data.get("text") };
  for (const key of ["published", "lang", "url"]) if (data.get(key)) body[key] = data.get(key);
  return body;
}

function render(title, events, text, stored) {
  document.getElementById("result-title").textContent = title;
  document.getElementById("found").replaceChildren(...events.map((event) => {
    const card = eventCard(event, stored);
    const m = event.mentions[0];
    if (m) card.append(el("div", { className: "meta" }, `date from: ${event.date_source || "?"} · evidence chars ${m.start}–${m.end}`));
    return card;
  }));
  const box = document.getElementById("text");
  if (text !== null) {
    // every evidence span marked, in order; spans from one text never overlap
    const spans = events.flatMap((e) => e.mentions.map((m) => [m.start, m.end])).sort((x, y) => x[0] - y[0]);
    const points = Array.from(text);
    const parts = [];
    let at = 0;
    for (const [start, end] of spans) {
      if (start < at) continue;
      parts.push(points.slice(at, start).join(""), el("mark", { className: "evidence" }, points.slice(start, end).join("")));
      at = end;
    }
    parts.push(points.slice(at).join(""));
    box.replaceChildren(...parts);
  }
  document.getElementById("result").hidden = false;
}

async function extract(form, status) {
  status.textContent = "Extracting…";
  const result = await api("/extract", {}, {
    method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(articleBody(form)),
  });
  status.textContent = `Language ${result.lang}; publication date ${result.published || "unknown"}` +
    (result.published_source ? ` (from ${result.published_source})` : "") + ".";
  render(result.events.length ? `${result.events.length} contact(s) found (not stored)` : "No contact between leaders found",
    result.events, result.text, false);
}

async function save(form, status) {
  status.textContent = "Storing…";
  const headers = { "content-type": "application/json" };
  const token = form.elements.token.value;
  if (token) headers.authorization = "Bearer " + token;
  const result = await api("/documents", {}, { method: "POST", headers, body: JSON.stringify(articleBody(form)) });
  status.textContent = `Stored as ${result.documents.join(", ")}: ${result.added} new, ${result.updated} updated, ` +
    `${result.unchanged} unchanged document(s); ${result.events.length} event(s) now include it.`;
  render("Stored events (open one for all its sources)", result.events, null, true);
}

async function init() {
  const form = document.getElementById("article");
  const status = document.getElementById("status");
  loadNames().then((meta) => {
    document.getElementById("save").hidden = !meta.ingest_enabled;
    document.getElementById("token-label").hidden = !(meta.ingest_enabled && meta.token_required);
    const lang = form.elements.lang;  // a language an extension registers (the page lists the shipped ones)
    for (const code of meta.langs) {
      if (![...lang.options].some((o) => o.value === code)) lang.append(new Option(code, code));
    }
  }).catch(() => {});
  form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    extract(form, status).catch((error) => showError(status, error));
  });
  document.getElementById("save").addEventListener("click", () => {
    if (!form.reportValidity()) return;
    save(form, status).catch((error) => showError(status, error));
  });
}

document.addEventListener("DOMContentLoaded", init);
