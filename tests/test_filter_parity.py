"""The CLI and the API read country and date filters the same way (issue 13, items 15 and 16).

Both go through ``summitry.filters``: a country is an ISO3 or ISO2 code or a name in any script, a date is
``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``, a range-dated event matches when its range overlaps; a value
neither takes is refused with the same words (exit status 2 in the CLI, a 422 in the API).  The API's
OpenAPI document lists the country codes and exactly the dates taken, so every value it allows is
answered (schemathesis checks that in ``test_web_schema``).
"""

from __future__ import annotations

import json
import re
import warnings

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from summitry import api
from summitry.cli import app
from summitry.exits import USAGE
from summitry.filters import DATE_PATTERN, country_code, country_codes, date_bound
from summitry.web import create_app

with warnings.catch_warnings():  # starlette suggests httpx2; the plain httpx client is what we install
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

runner = CliRunner()
# Written for these tests: two exact dates, a month known only as a range, and another pair.
ARTICLES = {
    "sochi.txt": "On 2021-05-24 Sadyr Japarov met Vladimir Putin in Sochi.\n",
    "call.txt": "On 2021-11-03 Sadyr Japarov held a phone call with Vladimir Putin.\n",
    "march.txt": "In March 2022 Kassym-Jomart Tokayev met Shavkat Mirziyoyev in Tashkent.\n",
}


@pytest.fixture(scope="module")
def db(tmp_path_factory, kb):
    folder = tmp_path_factory.mktemp("parity")
    (folder / "in").mkdir()
    for name, text in ARTICLES.items():
        (folder / "in" / name).write_text(text, encoding="utf-8")
    api.ingest([folder / "in"], folder / "s.db", kb=kb)
    return folder / "s.db"


@pytest.fixture(scope="module")
def client(db):
    return TestClient(create_app(db, hosts=["testserver"]))


def cli_args(params: dict) -> list[str]:
    return [arg for name, value in params.items() for v in (value if isinstance(value, list) else [value])
            for arg in (f"--{name}", v)]


def cli_ids(db, params: dict) -> set[str]:
    res = runner.invoke(app, ["events", "--db", str(db), "-f", "json", *cli_args(params)])
    assert res.exit_code == 0, res.output
    return {e["id"] for e in json.loads(res.stdout)}


def api_ids(client, params: dict) -> set[str]:
    res = client.get("/api/events", params={"limit": 1000, **params})
    assert res.status_code == 200, res.text
    return {e["id"] for e in res.json()["items"]}


def dates(client, params: dict) -> list[str]:
    items = client.get("/api/events", params={"limit": 1000, **params}).json()["items"]
    return sorted(e["date"] or f"{e['date_start']}..{e['date_end']}" for e in items)


@pytest.mark.parametrize("params", [
    {}, {"country": "KG"}, {"country": ["Kyrgyzstan", "ru"]}, {"country": "киргизия"}, {"country": "UZB"},
    {"since": "2021", "until": "2021"}, {"until": "2021-05"}, {"since": "2021-11-03"},
    {"since": "2022-03-15", "until": "2022-03-20"}, {"since": "2022-04"}, {"country": "uz", "since": "2022"},
])
def test_the_cli_and_the_api_select_the_same_events(db, client, params):
    assert cli_ids(db, params) == api_ids(client, params)


def test_what_the_forms_select(client):
    assert dates(client, {"since": "2021", "until": "2021"}) == ["2021-05-24", "2021-11-03"]
    assert dates(client, {"country": ["KG", "Россия"]}) == ["2021-05-24", "2021-11-03"]
    # the March meeting is known only as a range: any overlap is a match
    assert dates(client, {"since": "2022-03-15", "until": "2022-03-20"}) == ["2022-03-01..2022-03-31"]
    assert dates(client, {"since": "2022-04"}) == [] and dates(client, {"until": "2022-02"}) != []


@pytest.mark.parametrize(("name", "value", "says"), [
    ("country", "Kyrgystan", r"did you mean .*Kyrgyzstan \(KGZ\)"),
    ("country", "Atlantis", "is no country the knowledge base knows"),
    ("since", "2021-13-45", "is not a date"),
    ("until", "26.02.2022", "use YYYY, YYYY-MM or YYYY-MM-DD"),
    ("since", "2021-02-29", "is not a date"),
    ("until", "２０２１", "is not a date"),  # full-width digits are no date either
    ("since", "", "is not a date"),
])
def test_a_bad_value_is_refused_in_the_same_words(db, client, name, value, says):
    res = runner.invoke(app, ["events", "--db", str(db), f"--{name}", value])
    assert res.exit_code == USAGE, res.output
    res_api = client.get("/api/events", params={name: value})
    assert res_api.status_code == 422, res_api.text
    (error,) = res_api.json()["detail"]
    assert error["loc"][:2] == ["query", name] and repr(value) in error["msg"] and re.search(says, error["msg"])
    assert error["msg"] in " ".join(res.output.split())  # the CLI's message, word for word


def test_every_bad_value_of_a_request_is_named(client):
    res = client.get("/api/events", params={"country": ["KAZ", "Narnia", "Atlantis"], "until": "May 2021"})
    assert res.status_code == 422
    assert [e["loc"] for e in res.json()["detail"]] == [["query", "country", 1], ["query", "country", 2],
                                                        ["query", "until"]]


def test_since_after_until_is_an_empty_answer_in_the_api_and_a_usage_error_in_the_cli(db, client):
    """Each value is sound, so the API (whose schema can only judge values one by one) answers, with a note."""
    page = client.get("/api/events", params={"since": "2022", "until": "2021"}).json()
    assert page["total"] == 0 and page["notes"] == ["since 2022 is after until 2021: no event can match"]
    assert runner.invoke(app, ["events", "--db", str(db), "--since", "2022", "--until", "2021"]).exit_code == USAGE


def test_the_schema_lists_values_the_filters_take(client, kb):
    doc = client.get("/api/openapi.json").json()
    params = {p["name"]: p["schema"] for p in doc["paths"]["/api/events"]["get"]["parameters"]}
    assert params["since"]["anyOf"][0]["pattern"] == params["until"]["anyOf"][0]["pattern"] == DATE_PATTERN
    for name in ("country", "any_country"):
        assert params[name]["anyOf"][0]["items"] == {"$ref": "#/components/schemas/CountryName"}
    codes = doc["components"]["schemas"]["CountryName"]["enum"]
    assert codes == country_codes(kb) and {"KGZ", "KG", "RUS", "RU"} <= set(codes)
    assert {country_code(c, kb) for c in codes} == set(kb.countries)  # every listed code is taken


def accepted(text: str) -> bool:
    try:
        date_bound(text)
    except ValueError:
        return False
    return True


@settings(max_examples=300, deadline=None)
@given(st.from_regex(r"[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?", fullmatch=True) | st.text("0123456789-", max_size=12))
@example("2024-02-29")
@example("2023-02-29")
@example("1900-02-29")
@example("2000-02-29")
@example("0400-02-29")
@example("0000")
@example("0000-02-29")
@example("2021-04-31")
@example("9999-12-31")
@example("0001-01")
def test_the_date_pattern_is_what_date_bound_takes(text):
    assert bool(re.fullmatch(DATE_PATTERN, text)) == accepted(text)
