/* Event page: participants, date and how it was derived, place, topics, and every mention with its
   evidence highlighted in the stored document text (offsets from the API, never re-searched). */
"use strict";

function fact(list, term, ...value) {
  list.append(el("dt", {}, term), el("dd", {}, ...value));
}

function derivation(text) {
  return text ? el("span", { className: "how" }, ` — ${text}`) : null;
}

async function mentionItem(mention) {
  const head = el("div", { className: "mention-head" },
    el("strong", {}, mention.doc_id), ` [${mention.salience}] chars ${mention.start}–${mention.end}`,
    mention.published ? ` · published ${mention.published}` : "",
    ` · date from ${mention.date_source || "?"}`);
  const item = el("li", { className: "mention" }, head);
  if (mention.url) item.append(el("p", {}, el("a", { href: mention.url, rel: "noopener noreferrer", target: "_blank", className: "source-url" }, mention.url)));
  item.append(el("blockquote", { className: "evidence-quote" }, mention.evidence));
  const box = el("pre", { className: "doc-text", tabIndex: 0 }, "loading the document…");
  item.append(el("details", { open: true }, el("summary", {}, "Source text"), box));
  try {
    const doc = await api("/documents/" + mention.doc_id.split("/").map(encodeURIComponent).join("/"));
    box.replaceChildren(...highlighted(doc.text, mention.start, mention.end));
    const mark = box.querySelector("mark");
    if (mark) box.scrollTop = Math.max(0, mark.offsetTop - box.offsetTop - 40);
  } catch (error) {
    showError(box, error);
  }
  return item;
}

async function init() {
  nav("");
  const status = document.getElementById("status");
  const id = decodeURIComponent(location.pathname.split("/").pop());
  let event;
  try {
    event = await api("/events/" + encodeURIComponent(id));
  } catch (error) {
    showError(status, error);
    return;
  }
  document.title = `summitry — ${event.kind} ${when(event)}`;
  document.getElementById("title").textContent =
    `${KIND_LABEL[event.kind] || event.kind}${event.status === "planned" ? " (planned)" : ""} · ${when(event)}`;
  const facts = document.getElementById("facts");
  fact(facts, "Participants", el("ul", { className: "participants" }, event.participants.map((p) =>
    el("li", {}, el("strong", {}, p.person || "unknown leader"), ` (${p.country}, ${p.role.replace(/_/g, " ")})`,
      derivation(`as “${p.mentioned_as || "?"}”: ${p.derivation}`)))));
  fact(facts, "Date", when(event), derivation(event.date_source ? `derived from: ${event.date_source}` : "no date found"));
  const place = [event.location.city, event.location.country].filter(Boolean).join(", ");
  fact(facts, "Place", place || "not stated", derivation(event.location.derivation));
  fact(facts, "Topics", event.topics.map((t) => t.replace(/_/g, " ")).join(", ") || "—");
  fact(facts, "Status", event.status);
  fact(facts, "Confidence", String(event.confidence), ` · CAMEO ${event.cameo}`);
  const pair = pairOf(event);
  if (pair) fact(facts, "Pair", el("a", { href: `/pair/${pair[0]}/${pair[1]}` }, `all contacts ${pair.join("–")}`));
  fact(facts, "Id", el("code", {}, event.id));
  status.hidden = true;
  document.getElementById("event").hidden = false;
  const list = document.getElementById("mentions");
  for (const mention of event.mentions) list.append(await mentionItem(mention));
}

document.addEventListener("DOMContentLoaded", init);
