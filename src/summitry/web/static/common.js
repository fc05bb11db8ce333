/* Shared helpers for every page.  Article text is untrusted: the DOM is built with createElement
   and textContent only (never HTML strings built from data), and links are kept to http(s) and same-site. */
"use strict";

/* Each contact kind's label and plural, in the kinds table's order, from /api/meta (filled by loadNames). */
const KIND_LABEL = {};
const KIND_PLURAL = {};

/* el("a", {href: "/x", className: "c"}, "text", childNode, ...) — strings become text nodes. */
function el(tag, props, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key === "href") node.setAttribute("href", safeHref(value));
    else if (key === "dataset") Object.assign(node.dataset, value);
    else if (key in node) node[key] = value;
    else node.setAttribute(key, String(value));
  }
  append(node, children);
  return node;
}

function append(node, children) {
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

/* Only our own paths and http(s) URLs become links: a javascript: URL in an article stays text. */
function safeHref(value) {
  const text = String(value);
  if (text.startsWith("/") && !text.startsWith("//")) return text;
  try {
    const url = new URL(text);
    if (url.protocol === "http:" || url.protocol === "https:") return url.href;
  } catch (e) { /* not a URL */ }
  return "#";
}

async function api(path, params, init) {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params || {})) {
    for (const v of [].concat(value)) if (v !== "" && v !== null && v !== undefined) query.append(key, v);
  }
  const url = "/api" + path + (query.toString() ? "?" + query : "");
  const response = await fetch(url, init);
  const body = await response.json().catch(() => ({}));
  if (!response.ok) {
    const detail = typeof body.detail === "string" ? body.detail : JSON.stringify(body.detail || body);
    const error = new Error(`${response.status}: ${detail}`);
    error.status = response.status;
    throw error;
  }
  return body;
}

function showError(target, error) {
  target.replaceChildren(el("p", { className: "error", role: "alert" }, String(error.message || error)));
}

/* The date as exactly as it is known, in words ("after 28 Jan 2021"), from the API's ``when``. */
function when(event) {
  if (event.when) return event.when;
  if (event.date) return event.date;
  if (event.date_start || event.date_end) return `${event.date_start || "?"} … ${event.date_end || "?"}`;
  return "date unknown";
}

/* Country names by ISO3 code, from /api/meta (filled by loadNames; codes alone until then). */
const COUNTRY_NAMES = {};
let namesLoaded = null;

function loadNames() {
  namesLoaded = namesLoaded || api("/meta").then((meta) => {
    for (const c of meta.countries) COUNTRY_NAMES[c.code] = c.name;
    for (const k of meta.kind_labels) {
      KIND_LABEL[k.name] = k.label;
      KIND_PLURAL[k.name] = k.plural;
    }
    return meta;
  });
  return namesLoaded;
}

/* "3 call(s), 2 meeting(s)": counts by kind in words. */
function kindCounts(byKind) {
  return Object.keys(KIND_LABEL).map((k) => `${byKind[k] || 0} ${KIND_LABEL[k].toLowerCase()}(s)`).join(", ");
}

function countryName(code) {
  return COUNTRY_NAMES[code] ? `${COUNTRY_NAMES[code]} (${code})` : code;
}

function people(event) {
  return event.participants.map((p) => `${p.person || "unknown leader"}, ${countryName(p.country)}`).join(" — ");
}

function topicLabel(topic) {
  return topic.replace(/_/g, " ");
}

/* Query parameters as an object of arrays (the URL's filters), and back to a query string. */
function paramsOf(search) {
  const out = {};
  for (const [key, value] of new URLSearchParams(search)) if (value) (out[key] = out[key] || []).push(value);
  return out;
}

function queryString(params) {
  const query = new URLSearchParams();
  for (const [key, values] of Object.entries(params)) {
    for (const v of [].concat(values)) if (v !== "" && v !== null && v !== undefined) query.append(key, v);
  }
  return query.toString();
}

/* "Download CSV · JSONL" links for the events of ``filters`` (GET /api/export). */
function downloadLinks(filters) {
  const base = queryString(filters);
  return el("span", { className: "downloads" }, "Download ",
    el("a", { href: "/api/export?" + queryString({ ...filters, format: "csv" }), download: "summitry-events.csv", className: "download-csv" }, "CSV"),
    " · ",
    el("a", { href: "/api/export?" + (base ? base + "&" : "") + "format=jsonl", download: "summitry-events.jsonl", className: "download-jsonl" }, "JSONL"));
}

function pairOf(event) {
  const codes = [...new Set(event.participants.map((p) => p.country))].sort();
  return codes.length === 2 ? codes : null;
}

/* Text with [start, end) wrapped in <mark>; offsets are Python code points, so count those. */
function highlighted(text, start, end, className) {
  const points = Array.from(text);
  return [
    points.slice(0, start).join(""),
    el("mark", { className: className || "evidence" }, points.slice(start, end).join("")),
    points.slice(end).join(""),
  ];
}

/* One event as a list item; ``stored`` false (a paste preview) shows the heading without a link. */
function eventCard(event, stored = true) {
  const heading = `${when(event)} · ${KIND_LABEL[event.kind] || event.kind}${event.status === "planned" ? " (planned)" : ""}`;
  const link = stored
    ? el("a", { href: "/event/" + encodeURIComponent(event.id), className: "event-link" }, heading)
    : el("strong", { className: "event-link" }, heading);
  const place = event.location && (event.location.city || event.location.country);
  const count = event.mention_count !== undefined ? event.mention_count : (event.mentions || []).length;
  const evidence = event.evidence || (event.mentions && event.mentions[0] && event.mentions[0].evidence);
  return el("li", { className: `event-card kind-${event.kind}`, dataset: { id: event.id } },
    link,
    el("div", { className: "who" }, people(event)),
    el("div", { className: "meta" },
      [place ? `in ${place}` : null, event.topics.map(topicLabel).join(", ") || null, `${count} mention(s)`].filter(Boolean).join(" · ")),
    evidence ? el("blockquote", { lang: event.evidence_lang || (event.mentions && event.mentions[0] && event.mentions[0].lang) || null }, evidence) : null);
}

