"""REST API through the ASGI app: every endpoint, filters, cursor pagination, errors and the safety rules."""

from __future__ import annotations

import json
import shutil
import warnings
from pathlib import Path

import pytest

from summitry.store import Store

with warnings.catch_warnings():  # starlette suggests httpx2; the plain httpx client is what we install
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

from summitry.web import create_app, pages
from summitry.web.routes import is_loopback

EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "corpus"
NEW_CALL = "President Tokayev held a phone call with President Mirziyoyev on 3 March 2024 to discuss energy."


@pytest.fixture(scope="module")
def client(example_db) -> TestClient:
    return local(create_app(example_db))


def local(app, token: str | None = None) -> TestClient:
    """A client that reaches the app by a loopback name (the Host every request must name), with the
    app's write token when it has one."""
    token = token or app.state.settings.token
    return TestClient(app, base_url="http://127.0.0.1",
                      headers={"authorization": f"Bearer {token}"} if token else None)


@pytest.fixture()
def writable(example_db, tmp_path) -> Path:
    db = tmp_path / "copy.db"
    shutil.copy(example_db, db)
    return db


def _all(client, **params) -> list[dict]:
    res = client.get("/api/events", params={"limit": 1000, **params})
    assert res.status_code == 200, res.text
    return res.json()["items"]


def test_openapi_document_lists_every_endpoint(client):
    doc = client.get("/api/openapi.json").json()
    assert {"/api/events", "/api/events/{event_id}", "/api/pairs/{a}/{b}", "/api/entities",
            "/api/documents/{doc_id}", "/api/documents", "/api/extract", "/api/meta"} <= set(doc["paths"])
    listed = doc["paths"]["/api/events"]["get"]
    assert listed["responses"]["200"]["content"]["application/json"]["schema"]["$ref"].endswith("/EventPage")
    assert {p["name"] for p in listed["parameters"]} >= {"country", "person", "kind", "status", "since", "until",
                                                         "topic", "q", "limit", "cursor", "order"}
    body = doc["paths"]["/api/documents"]["post"]["requestBody"]["content"]
    assert set(body) == {"application/json", "application/x-ndjson"}  # no text/plain: a form could send it
    assert "mentions" in doc["components"]["schemas"]["Event"]["properties"]


def test_list_is_oldest_first_with_summaries(client):
    page = client.get("/api/events").json()
    assert page["total"] == 11 and len(page["items"]) == 11 and page["next_cursor"] is None
    starts = [e["date_start"] for e in page["items"] if e["date_start"]]
    assert starts == sorted(starts)
    first = page["items"][0]
    assert first["mention_count"] >= 1 and first["document_count"] >= 1 and first["evidence"]
    assert "mentions" not in first


def test_filters(client):
    pair = _all(client, country=["kaz", "UZB"])
    assert len(pair) == 2 and all({"KAZ", "UZB"} <= {p["country"] for p in e["participants"]} for e in pair)
    assert {e["kind"] for e in _all(client, kind="call")} == {"call"}
    assert len(_all(client, status="planned")) == 2
    for name in ("Жапаров", "Japarov", "Zhaparov", "Жапаровым"):
        found = _all(client, person=name)
        assert found and all("KGZ" in [p["country"] for p in e["participants"]] for e in found), name
    assert all("energy" in e["topics"] for e in _all(client, topic="energy"))
    dated = _all(client, since="2024-05-01", until="2024-06-30")
    assert dated and all(e["date_start"] <= "2024-06-30" and (e["date_end"] or e["date_start"]) >= "2024-05-01"
                         for e in dated)
    assert len(dated) < len(_all(client))


def test_text_query_searches_evidence_in_any_case(client):
    assert [e["location"]["city"] for e in _all(client, q="samarkand")] == ["Samarkand"]
    assert len(_all(client, q="астане")) == 1  # stored as "Астане": Cyrillic case is folded too
    assert _all(client, q="%") == [] and _all(client, q="_") == []  # LIKE wildcards are literal
    assert _all(client, q="role") == []  # JSON keys are not searched, only values
    assert {e["id"] for e in _all(client, q="Sadyr")} == {e["id"] for e in _all(client, person="Sadyr Japarov")}


def test_text_query_is_word_prefixes_and_never_fts_syntax(client):
    assert [e["location"]["city"] for e in _all(client, q="SAMARK")] == ["Samarkand"]  # a word's beginning
    assert _all(client, q="amarkand") == []  # not any part of a word
    for q in ('"', "*", "-", ":", "^", "(", ")", "'", '"Samark"*', "NEAR(Samarkand, 2)", "Samarkand AND",
              "Samarkand OR Astana", "-Samarkand", "^Samarkand", "col:Samarkand", "Samarkand\x00", "\\"):
        res = client.get("/api/events", params={"q": q})
        assert res.status_code == 200, (q, res.text)
        assert res.json()["total"] == len(res.json()["items"]) <= 1, q  # at most Samarkand's event


def test_cursor_pagination_visits_every_event_once(client):
    everything = [e["id"] for e in _all(client)]
    for order in ("asc", "desc"):
        seen, cursor = [], None
        while True:
            page = client.get("/api/events", params={"limit": 3, "order": order, "cursor": cursor}).json()
            assert len(page["items"]) <= 3 and page["total"] == 11
            seen += [e["id"] for e in page["items"]]
            cursor = page["next_cursor"]
            if not cursor:
                break
        assert sorted(seen) == sorted(everything) and len(seen) == len(set(seen))
        if order == "desc":
            dated = [i for i in seen if i in everything]
            first = client.get(f"/api/events/{dated[0]}").json()
            assert first["date_start"] == max(e["date_start"] for e in _all(client) if e["date_start"])


@pytest.mark.parametrize("params", [
    {"country": "KZZ"}, {"kind": "visit"}, {"status": "maybe"}, {"since": "2024-13"}, {"until": "yesterday"},
    {"topic": "sports"}, {"limit": 0}, {"limit": 5000}, {"order": "random"}, {"cursor": "not-a-cursor"},
])
def test_bad_parameters_are_422(client, params):
    assert client.get("/api/events", params=params).status_code == 422


def test_any_cursor_the_schema_allows_is_a_position_to_resume_from(client):
    """Schemathesis found a valid-by-schema cursor answered 422: now every such cursor is a place in the order."""
    cursor = client.get("/api/events", params={"limit": 2}).json()["next_cursor"]
    assert client.get("/api/events", params={"limit": 2, "cursor": cursor}).status_code == 200
    assert client.get("/api/events", params={"limit": 2, "cursor": cursor, "order": "desc"}).status_code == 200
    for made_up in ("0~x", "2024-01-01~ev-zzz", "9999999999~\u00e9"):
        assert client.get("/api/events", params={"cursor": made_up}).status_code == 200, made_up


def test_one_event_with_mentions_pointing_into_documents(client):
    [call] = _all(client, country=["BLR", "RUS"])
    event = client.get(f"/api/events/{call['id']}").json()
    assert len(event["mentions"]) == 2 and event["date_source"]
    for m in event["mentions"]:
        doc = client.get(f"/api/documents/{m['doc_id']}").json()
        assert doc["text"][m["start"]:m["end"]] == m["evidence"]
        assert call["id"] in {c["event_id"] for c in doc["contacts"]}
        assert all(doc["text"][s["start"]:s["end"]] for s in doc["spans"])
    assert client.get("/api/events/ev-000000000000").status_code == 404
    assert client.get("/api/documents/no-such-doc").status_code == 404


def test_pair_counts_per_year_and_kind(client):
    pair = client.get("/api/pairs/uzb/kaz").json()
    assert (pair["a"], pair["b"], pair["a_name"]) == ("UZB", "KAZ", "Uzbekistan")
    assert pair["total"] == 2 and pair["by_kind"] == {"call": 1, "meeting": 1} and pair["by_status"]["planned"] == 1
    assert [(y["year"], y["call"], y["meeting"]) for y in pair["years"]] == [("2023", 1, 0), ("2024", 0, 1)]
    undated = client.get("/api/pairs/KGZ/TJK").json()
    assert undated["total"] == 1  # range-dated from 2022-03-23: counted in 2022
    assert client.get("/api/pairs/KAZ/XXX").status_code == 404
    assert client.get("/api/pairs/KAZ/KAZ").status_code == 404
    assert client.get("/api/pairs/KAZ/K1Z").status_code == 422


def test_pair_years_have_no_gaps(writable, kb):
    client = local(create_app(writable, allow_ingest=True))
    text = "Tokayev held a phone call with Mirziyoyev on 5 May 2020."
    assert client.post("/api/documents", json={"id": "old-call", "text": text}).status_code == 201
    years = [y["year"] for y in client.get("/api/pairs/KAZ/UZB").json()["years"]]
    assert years == ["2020", "2021", "2022", "2023", "2024"]


def test_entity_search_in_any_script(client):
    people = {e["id"]: e for e in client.get("/api/entities", params={"q": "Жапаров"}).json()}
    assert "sadyr-japarov" in people and people["sadyr-japarov"]["country"] == "KGZ"
    assert people["sadyr-japarov"]["offices"][0]["role"]
    assert any(e["kind"] == "country" and e["id"] == "KAZ"
               for e in client.get("/api/entities", params={"q": "Kazakhstan"}).json())
    assert client.get("/api/entities", params={"q": "Qwxzyt"}).json() == []
    assert client.get("/api/entities").status_code == 422


def test_meta_lists_filter_values(client):
    meta = client.get("/api/meta").json()
    assert meta["events"] == 11 and meta["documents"] == 14
    assert {c["code"] for c in meta["countries"]} == {"ARM", "AZE", "BLR", "KAZ", "KGZ", "RUS", "TJK", "UZB"}
    assert meta["ingest_enabled"] is False and "energy" in meta["topics"]


def test_meta_gives_the_kinds_and_their_labels_from_the_kinds_table(client):
    meta = client.get("/api/meta").json()
    assert meta["kinds"] == ["call", "meeting"]
    assert meta["kind_labels"] == [{"name": "call", "label": "Call", "plural": "Calls"},
                                   {"name": "meeting", "label": "Meeting", "plural": "Meetings"}]


def test_the_languages_are_the_knowledge_bases(client, kb):
    """The registry is the one list: /api/meta's langs, the schema's enum, and what a filter or an article takes."""
    assert client.get("/api/meta").json()["langs"] == kb.languages.codes
    schema = client.get("/api/openapi.json").json()["components"]["schemas"]["LanguageCode"]
    assert schema["enum"] == kb.languages.codes
    res = client.get("/api/events", params={"lang": "zz"})
    assert res.status_code == 422 and "unknown language 'zz'" in res.text and "ru" in res.text
    assert client.get("/api/events", params={"lang": "kk"}).status_code == 200
    res = client.post("/api/extract", json={"text": NEW_CALL, "lang": "zz"})
    assert res.status_code == 422 and "unknown language 'zz'" in res.text


def test_extract_runs_the_pipeline_without_storing(client, example_db):
    before = Store(example_db, readonly=True).stats()
    res = client.post("/api/extract", json={"text": NEW_CALL + "<script>alert(1)</script>"})
    assert res.status_code == 200
    [event] = res.json()["events"]
    assert event["kind"] == "call" and event["date"] == "2024-03-03"
    assert {p["person_id"] for p in event["participants"]} == {"kassym-jomart-tokayev", "shavkat-mirziyoyev"}
    assert "<script>" in res.json()["text"]  # data stays data; the pages escape it
    assert Store(example_db, readonly=True).stats() == before
    assert client.post("/api/extract", json={"text": ""}).status_code == 422
    assert client.post("/api/extract", json={"text": "x", "published": "March 3"}).status_code == 422


def test_ingest_is_off_by_default_and_says_how_to_enable(client):
    res = client.post("/api/documents", json={"text": NEW_CALL})
    assert res.status_code == 403 and "--allow-ingest" in res.json()["detail"]


def test_ingest_json_stores_and_returns_events(writable):
    client = local(create_app(writable, allow_ingest=True))
    res = client.post("/api/documents", json={"id": "web-1", "text": NEW_CALL, "url": "https://example.org/1"})
    assert res.status_code == 201, res.text
    body = res.json()
    assert body["added"] == 1 and body["documents"] == ["web-1"]
    [event] = body["events"]
    assert event["mentions"][0]["doc_id"] == "web-1" and event["mentions"][0]["url"] == "https://example.org/1"
    assert client.get(f"/api/events/{event['id']}").status_code == 200
    assert client.get("/api/meta").json()["events"] == 12
    again = client.post("/api/documents", json={"id": "web-1", "text": NEW_CALL, "url": "https://example.org/1"})
    assert again.json()["unchanged"] == 1 and again.json()["events"] == body["events"]


def test_ingest_jsonl_and_no_plain_text(writable):
    client = local(create_app(writable, allow_ingest=True))
    lines = [json.dumps({"id": "j-1", "text": NEW_CALL}), "{not json", json.dumps({"id": "j-2", "text": ""})]
    res = client.post("/api/documents", content="\n".join(lines), headers={"content-type": "application/x-ndjson"})
    assert res.status_code == 201 and res.json()["documents"] == ["j-1"] and len(res.json()["errors"]) == 2
    assert "request:2" in res.json()["errors"][0]
    plain = client.post("/api/documents", content=NEW_CALL, headers={"content-type": "text/plain; charset=utf-8"})
    assert plain.status_code == 415  # what another site's page can send without asking: refused
    bad = client.post("/api/documents", content="{oops", headers={"content-type": "application/x-ndjson"})
    assert bad.status_code == 422 and "not valid JSON" in bad.json()["detail"]
    assert client.post("/api/documents", content="{}", headers={"content-type": "application/json"}
                       ).status_code == 422
    assert client.post("/api/documents", content="x", headers={"content-type": "image/png"}).status_code == 415


def test_ingest_token(writable):
    client = local(create_app(writable, allow_ingest=True, token="s3cret"), token="-")
    assert client.post("/api/documents", json={"text": NEW_CALL}).status_code == 401
    assert client.post("/api/documents", json={"text": NEW_CALL},
                       headers={"authorization": "Bearer wrong"}).status_code == 401
    ok = client.post("/api/documents", json={"text": NEW_CALL}, headers={"authorization": "Bearer s3cret"})
    assert ok.status_code == 201 and ok.json()["documents"][0].startswith("web-")
    assert client.get("/api/meta").json()["token_required"] is True


def test_body_limit_413_declared_or_streamed(example_db):
    client = local(create_app(example_db, allow_ingest=True, max_body=1000))
    res = client.post("/api/extract", json={"text": "a" * 2000})
    assert res.status_code == 413 and "--max-body" in res.json()["detail"]

    def chunks():  # no Content-Length: the limit is counted as the body streams in
        for _ in range(5):
            yield b"a" * 300

    streamed = client.post("/api/extract", content=chunks(), headers={"content-type": "application/json"})
    assert streamed.status_code == 413
    assert client.post("/api/documents", content=chunks(),
                       headers={"content-type": "application/x-ndjson"}).status_code == 413
    assert client.post("/api/extract", json={"text": NEW_CALL}).status_code == 200


def test_reads_never_create_or_write_the_store(tmp_path):
    missing = tmp_path / "none.db"
    client = local(create_app(missing))
    res = client.get("/api/events")
    assert res.status_code == 503 and "summitry ingest" in res.json()["detail"]
    assert not missing.exists()


def test_pages_and_assets_are_served_with_safety_headers(client):
    for path in ("/", "/event/ev-1", "/pair", "/pair/KAZ/UZB", "/paste"):
        res = client.get(path)
        assert res.status_code == 200 and res.headers["content-type"].startswith("text/html")
        assert "script-src 'self'" in res.headers["content-security-policy"]
        assert res.headers["x-content-type-options"] == "nosniff"
        assert "<script>" not in res.text  # only external scripts: the CSP forbids inline ones
    for asset in ("/static/common.js", "/static/app.css", "/static/vendor/vis-timeline/vis-timeline-graph2d.min.js",
                  "/static/vendor/vis-timeline/LICENSE.MIT.txt"):
        assert client.get(asset).status_code == 200, asset


def test_pages_share_one_head_and_header(client):
    """Each page file under static/ holds only its body and web/pages.py writes the head and header once:
    a page with its own copy drifts from the others (icon, stylesheet, script order, navigation)."""
    static = Path(pages.__file__).parent / "static"
    bodies = {p.body for p in vars(pages).values() if isinstance(p, pages.Page)}
    assert {f.name for f in static.glob("*.html")} == bodies  # a new page is served through the shared frame
    for name in bodies:
        text = (static / name).read_text(encoding="utf-8").lower()
        frame = [tag for tag in ("<!doctype", "<html", "<head", "<meta", "<title", "<link", "<script", "<body",
                                 "<header", "<nav") if tag in text]
        assert frame == [], f"{name} carries its own {frame}"
    for path in ("/", "/event/ev-1", "/pair/KAZ/UZB", "/country/KAZ", "/map", "/paste", "/no/such/page"):
        text = client.get(path).text
        assert text.startswith("<!doctype html>") and text.count("<head>") == text.count("<nav>") == 1, path
        assert text.count('href="/static/app.css"') == 1, path


def test_front_end_never_puts_data_into_markup():
    static = Path(__file__).resolve().parents[1] / "src" / "summitry" / "web" / "static"
    for js in static.glob("*.js"):
        code = js.read_text(encoding="utf-8")
        for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval("):
            assert sink not in code, f"{js.name} uses {sink}"


def test_loopback_detection():
    assert is_loopback("127.0.0.1") and is_loopback("::1") and is_loopback("localhost") and is_loopback("[::1]")
    assert not is_loopback("0.0.0.0") and not is_loopback("192.168.1.5") and not is_loopback("example.org")


def test_serve_refuses_public_ingest_without_token(tmp_path, monkeypatch):
    from typer.testing import CliRunner

    from summitry.cli import app

    monkeypatch.delenv("SUMMITRY_TOKEN", raising=False)
    res = CliRunner().invoke(app, ["serve", "--db", str(tmp_path / "s.db"), "--host", "0.0.0.0", "--allow-ingest"])
    assert res.exit_code == 2 and "token" in res.output


def test_min_confidence_keeps_events_at_least_that_likely(client):
    every = _all(client)
    cut = sorted(e["confidence"] for e in every)[len(every) // 2]
    kept = _all(client, min_confidence=cut)
    assert kept and len(kept) < len(every) or all(e["confidence"] == cut for e in every)
    assert {e["id"] for e in kept} == {e["id"] for e in every if e["confidence"] >= cut}
    page = client.get("/api/events", params={"min_confidence": cut}).json()
    assert page["total"] == len(kept)
    assert client.get("/api/events", params={"min_confidence": 1.5}).status_code == 422
