"""CLI filters that mean what they say (issue 13, items 15 and 16)."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from summitry import api
from summitry.cli import app
from summitry.exits import USAGE
from summitry.filters import choice, country_code, date_bound, date_range

runner = CliRunner()
ARTICLES = {
    "a.txt": "On 2021-05-24 Sadyr Japarov met Vladimir Putin in Sochi.\n",
    "b.txt": "On 2021-11-03 Sadyr Japarov held a phone call with Vladimir Putin.\n",
    "c.txt": "On 2022-03-15 Kassym-Jomart Tokayev held a phone call with Vladimir Putin.\n",
}


@pytest.mark.parametrize(("text", "end", "bound"), [
    ("2021", False, "2021-01-01"), ("2021", True, "2021-12-31"), ("2024-02", True, "2024-02-29"),
    ("2021-05", False, "2021-05-01"), ("2021-05-24", True, "2021-05-24"), (" 2021-05-24 ", False, "2021-05-24"),
])
def test_date_bounds(text, end, bound):
    assert date_bound(text, end=end) == bound


@pytest.mark.parametrize("text", ["2021-13-45", "26.02.2022", "2021-02-30", "21", "2021/05", "", "2021-5", "x"])
def test_what_is_not_a_date_is_refused(text):
    with pytest.raises(ValueError, match="YYYY, YYYY-MM or YYYY-MM-DD"):
        date_bound(text)


def test_an_empty_range_is_refused():
    with pytest.raises(ValueError, match="after --until"):
        date_range("2022", "2021")


@pytest.mark.parametrize(("text", "code"), [("KGZ", "KGZ"), ("kgz", "KGZ"), ("KG", "KGZ"), ("Kyrgyzstan", "KGZ"),
                                            ("Киргизия", "KGZ"), ("ru", "RUS")])
def test_countries_by_code_or_name(kb, text, code):
    assert country_code(text, kb) == code


def test_an_unknown_country_is_refused_with_suggestions(kb):
    with pytest.raises(ValueError, match=r"did you mean .*Kyrgyzstan \(KGZ\)"):
        country_code("Kyrgystan", kb)
    with pytest.raises(ValueError, match="no country"):
        country_code("Atlantis", kb)


def test_choices():
    assert choice("CALL", ("call", "meeting"), "kind") == "call"
    with pytest.raises(ValueError, match="use one of call, meeting"):
        choice("phone", ("call", "meeting"), "kind")


@pytest.fixture(scope="module")
def db(tmp_path_factory, kb):
    folder = tmp_path_factory.mktemp("filters")
    for name, text in ARTICLES.items():
        (folder / "in").mkdir(exist_ok=True)
        (folder / "in" / name).write_text(text, encoding="utf-8")
    api.ingest([folder / "in"], folder / "s.db", kb=kb)
    return folder / "s.db"


def dates(db, *args):
    res = runner.invoke(app, ["events", "--db", str(db), "-f", "json", *args])
    assert res.exit_code == 0, res.output
    return [e["date"] for e in json.loads(res.stdout)]


def test_a_year_or_month_filter_covers_the_whole_period(db):
    assert dates(db, "--since", "2021", "--until", "2021") == ["2021-05-24", "2021-11-03"]
    assert dates(db, "--since", "2021-11", "--until", "2022-03") == ["2021-11-03", "2022-03-15"]
    assert dates(db, "--until", "2021-05") == ["2021-05-24"]


@pytest.mark.parametrize("args", [["--since", "2021-13-45"], ["--since", "26.02.2022"], ["--kind", "phone"],
                                  ["--status", "maybe"], ["--country", "Atlantis"], ["--topic", "weather"]])
def test_unknown_values_are_refused_not_an_empty_answer(db, args):
    res = runner.invoke(app, ["events", "--db", str(db), *args])
    assert res.exit_code == USAGE and len(res.output.strip().splitlines()) == 1 and "error:" in res.output


def test_countries_by_name_in_events_and_timeline(db):
    assert dates(db, "--country", "Kyrgyzstan", "--country", "RU") == ["2021-05-24", "2021-11-03"]
    res = runner.invoke(app, ["timeline", "KG", "Russia", "--db", str(db)])
    assert res.exit_code == 0 and "2021-05-24" in res.output
    res = runner.invoke(app, ["timeline", "KG", "Narnia", "--db", str(db)])
    assert res.exit_code == USAGE and "'Narnia' is no country" in res.output
