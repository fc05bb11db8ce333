/* Event page: participants, date and how it was derived, place, topics, and its mentions grouped by source
   document (a page of documents per request), each evidence highlighted in an excerpt of the stored text
   (offsets from the API, never re-searched). */
"use strict";

function fact(list, term, ...value) {
  list.append(el("dt", {}, term), el("dd", {}, ...value));
}

function derivation(text) {
  return text ? el("span", { className: "how" }, ` — ${text}`) : null;
}

const DOCS_PAGE = 20; // documents per request: an event with a thousand mentions loads a page at a time

/* The excerpt around the evidence with every mention of this document marked (offsets into the stored text). */
function excerpt(doc) {
  const points = Array.from(doc.excerpt);
  const spans = doc.mentions.map((m) => [m.start - doc.excerpt_start, m.end - doc.excerpt_start]).sort((a, b) => a[0] - b[0]);
  const parts = [doc.excerpt_start > 0 ? "… " : ""];
  let at = 0;
  for (const [start, end] of spans) {
    if (start < at) continue;
    parts.push(points.slice(at, start).join(""), el("mark", { className: "evidence" }, points.slice(start, end).join("")));
    at = end;
  }
  parts.push(points.slice(at).join(""), doc.excerpt_start + points.length < doc.text_length ? " …" : "");
  return parts;
}

/* One source document: outlet, title, date and language, each evidence sentence, and the text around them. */
function documentItem(doc) {
  const lang = doc.lang || null;
  const head = el("div", { className: "mention-head" },
    el("strong", {}, doc.outlet === "-" ? doc.doc_id : doc.outlet),
    doc.published ? ` · published ${doc.published}` : "", lang ? ` · ${lang}` : "",
    ` · ${doc.mentions.length} mention(s)`);
  const item = el("li", { className: "mention" }, head);
  if (doc.title) item.append(el("div", { className: "doc-title", lang }, doc.title));
  if (doc.url) item.append(el("p", {}, el("a", { href: doc.url, rel: "noopener noreferrer", target: "_blank", className: "source-url" }, doc.url)));
  for (const m of doc.mentions) {
    item.append(el("blockquote", { className: "evidence-quote", lang }, m.evidence),
      el("div", { className: "how" }, `[${m.salience}] chars ${m.start}–${m.end} · date from ${m.date_source || "?"}`));
  }
  item.append(el("details", { open: true }, el("summary", {}, "Source text around the evidence"),
    el("pre", { className: "doc-text", tabIndex: 0, lang }, ...excerpt(doc))));
  return item;
}

async function loadDocuments(id, offset) {
  const list = document.getElementById("mentions");
  const more = document.getElementById("more-docs");
  const page = await api(`/events/${encodeURIComponent(id)}/mentions`, { offset, limit: DOCS_PAGE });
  append(list, page.documents.map(documentItem));
  document.getElementById("doc-count").textContent =
    `${page.total_documents} source document(s)` + (page.next_offset ? `, ${list.children.length} shown` : "");
  more.hidden = page.next_offset === null;
  more.onclick = () => loadDocuments(id, page.next_offset).catch((error) => showError(document.getElementById("doc-count"), error));
}

async function init() {
  const status = document.getElementById("status");
  const id = decodeURIComponent(location.pathname.split("/").pop());
  let event;
  try {
    [event] = await Promise.all([api("/events/" + encodeURIComponent(id), { mentions: false }), loadNames()]);
  } catch (error) {
    showError(status, error);
    return;
  }
  document.title = `summitry — ${event.kind} ${when(event)}`;
  document.getElementById("title").textContent =
    `${KIND_LABEL[event.kind] || event.kind}${event.status === "planned" ? " (planned)" : ""} · ${when(event)}`;
  const facts = document.getElementById("facts");
  fact(facts, "Participants", el("ul", { className: "participants" }, event.participants.map((p) =>
    el("li", {}, p.person_id ? el("a", { href: "/leader/" + encodeURIComponent(p.person_id) }, el("strong", {}, p.person))
      : el("strong", {}, p.person || "unknown leader"),
    " (", el("a", { href: "/country/" + p.country }, countryName(p.country)), `, ${p.role.replace(/_/g, " ")})`,
      derivation(`as “${p.mentioned_as || "?"}”: ${p.derivation}`)))));
  fact(facts, "Date", when(event), derivation(event.date_source ? `derived from: ${event.date_source}` : "no date found"));
  const place = [event.location.city, event.location.country].filter(Boolean).join(", ");
  fact(facts, "Place", place || "not stated", derivation(event.location.derivation));
  fact(facts, "Topics", event.topics.map(topicLabel).join(", ") || "—");
  fact(facts, "Status", event.status);
  fact(facts, "Confidence", String(event.confidence), ` · CAMEO ${event.cameo}`);
  const pair = pairOf(event);
  if (pair) fact(facts, "Pair", el("a", { href: `/pair/${pair[0]}/${pair[1]}` }, `all contacts ${pair.join("–")}`));
  fact(facts, "Id", el("code", {}, event.id));
  status.hidden = true;
  document.getElementById("event").hidden = false;
  await loadDocuments(id, 0);
}

document.addEventListener("DOMContentLoaded", init);
