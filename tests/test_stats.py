"""Aggregates (stats.py), dates in words (when.py), the timeline's window and buckets (chrono.py), and the
selection's SQL agreeing with its Python tests (store/select.py vs stats.passes)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from summitry import api, chrono, stats
from summitry.stats import Fact, Person
from summitry.store import Store
from summitry.store.select import Selection, light_rows
from summitry.when import describe, period

EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "corpus"


@pytest.mark.parametrize(("date", "start", "end", "words"), [
    ("2024-03-03", "2024-03-03", "2024-03-03", "3 Mar 2024"),
    (None, "2021-02-01", "2021-03-31", "between Feb and Mar 2021"),
    (None, "2020-11-01", "2021-02-28", "between Nov 2020 and Feb 2021"),
    (None, "2021-01-28", None, "after 28 Jan 2021"),
    (None, None, "2021-01-28", "before 28 Jan 2021"),
    (None, "2024-01-01", "2024-12-31", "in 2024"),
    (None, "2023-01-01", "2024-12-31", "between 2023 and 2024"),
    (None, "2024-06-01", "2024-06-30", "in Jun 2024"),
    (None, "2024-06-25", "2024-06-26", "between 25 Jun and 26 Jun 2024"),
    (None, None, None, "date unknown"),
])
def test_when_describe_says_no_more_than_is_known(date, start, end, words):
    assert describe(date, start, end) == words


def test_when_period_counts_a_range_only_inside_one_period():
    assert period(None, "2024-01-01", "2024-12-31", 4) == "2024"
    assert period(None, "2021-01-28", None, 4) is None  # "after 28 Jan 2021": not in 2021's bar
    assert period(None, "2020-12-30", "2021-01-02", 4) is None
    assert period(None, "2021-02-01", "2021-02-20", 7) == "2021-02"


def fact(i: int, date: str | None = None, start: str | None = None, end: str | None = None, kind: str = "call",
         countries: tuple[str, ...] = ("KAZ", "RUS"), **kw) -> Fact:
    people = tuple(Person(c, f"p-{c.lower()}", f"Leader {c}", "head_of_state") for c in countries)
    return Fact(f"ev-{i}", kind, kw.pop("status", "occurred"), date, start or date, end or date, countries, people,
                kw.pop("city", None), kw.pop("place_country", None), (), kw.pop("confidence", 0.9), **kw)


def test_one_impossible_date_never_sets_the_window():
    facts = [fact(i, f"2024-{1 + i % 12:02d}-{1 + i % 27:02d}") for i in range(60)] + [fact(99, "9617-11-14")]
    dense = chrono.dense_range(facts)
    assert "2023-12" <= dense["start"] < dense["end"] <= "2025-02" and dense["outside"] == 1


def test_a_range_is_never_counted_on_its_lower_bound():
    facts = [fact(1, "2021-01-28"), fact(2, None, "2021-01-28", None), fact(3, None, "2021-02-01", "2021-03-31")]
    rows = {y["year"]: y for y in stats.years(facts)}
    assert rows["2021"]["total"] == 2 and rows[None]["total"] == 1  # "after 28 Jan 2021" counted apart
    view = chrono.view(facts, "2021-01-01", "2021-12-31", str, max_items=1)
    assert view["mode"] == "buckets" and view["unit"] == "month" and view["wide"] == 2  # the open and the 2-month one
    assert [(b["start"], b["call"]) for b in view["buckets"]] == [("2021-01-01", 1)]


def test_timeline_items_below_the_limit_and_counts_above_it():
    facts = [fact(i, f"2024-01-{1 + i % 28:02d}", kind="meeting" if i % 3 else "call") for i in range(40)]
    assert chrono.view(facts, None, None, str, max_items=50)["mode"] == "items"
    view = chrono.view(facts, "2024-01-01", "2024-01-31", str, max_items=10)
    assert view["unit"] == "week" and sum(b["call"] + b["meeting"] for b in view["buckets"]) == 40


def test_pairs_rank_and_profile_count_each_side():
    facts = [fact(1, "2024-01-02"), fact(2, "2024-02-02", kind="meeting", city="Astana", place_country="KAZ"),
             fact(3, "2024-03-03", countries=("KAZ", "UZB")), fact(4, "2023-05-05", countries=("KAZ", "RUS", "UZB"))]
    ranked = stats.pairs(facts)
    assert [(r["a"], r["b"], r["total"]) for r in ranked] == [("KAZ", "RUS", 3), ("KAZ", "UZB", 2), ("RUS", "UZB", 1)]
    assert stats.pairs(facts, "UZB")[0]["b"] == "UZB"
    kaz = stats.profile(facts, country="KAZ")
    assert kaz["total"] == 4 and kaz["by_kind"] == {"call": 3, "meeting": 1}
    assert [c["country"] for c in kaz["counterparts"]] == ["RUS", "UZB"]
    assert kaz["places"] == [{"city": "Astana", "country": "KAZ", "meetings": 1}]
    assert kaz["leaders"][0]["person_id"] == "p-kaz" and kaz["leaders"][0]["call"] == 3
    leader = stats.profile(facts, person="p-uzb")
    assert leader["total"] == 2 and {c["country"] for c in leader["counterparts"]} == {"KAZ", "RUS"}


SELECTIONS = [Selection(), Selection(country=["KAZ"]), Selection(any_country=["UZB", "TJK"]),
              Selection(kind="meeting"), Selection(status="planned"), Selection(topic="energy"),
              Selection(role="head_of_government"), Selection(lang="ru"), Selection(source="feed.example"),
              Selection(source="-"), Selection(min_confidence=0.9), Selection(country=["KAZ"], kind="call")]


@pytest.mark.parametrize("sel", SELECTIONS, ids=lambda s: json.dumps({k: v for k, v in vars(s).items() if v}))
def test_sql_selection_and_python_tests_agree(example_db, sel):
    with Store(example_db, readonly=True) as store:
        in_sql = {row[0] for row in light_rows(store, sel)}
        every = stats.load_for_facets(store, Selection())
    assert in_sql == {f.id for f in every if stats.passes(f, sel)}


def test_facet_facts_read_in_sql_are_the_events_facts(example_db):
    """``load_for_facets`` reads from columns and SQL what ``load`` reads from each event's JSON."""
    def shared(f):
        return f.kind, f.status, f.countries, f.topics, {p.role for p in f.people}, f.confidence

    with Store(example_db, readonly=True) as store:
        light = {f.id: f for f in stats.load_for_facets(store, Selection())}
        full = {f.id: f for f in stats.load(store, Selection())}
    assert light.keys() == full.keys() and len(full) == 11
    assert all(shared(light[i]) == shared(full[i]) for i in full)
    assert any(f.langs for f in light.values()) and any(f.outlets for f in light.values())


def test_facets_count_each_value_with_the_other_filters_kept(example_db, kb):
    sel = Selection(country=["KAZ"], kind="meeting")
    with Store(example_db, readonly=True) as store:
        facts = stats.load_for_facets(store, sel.base())
        counts = stats.facets(facts, sel, {g: o["members"] for g, o in kb.orgs.items()})
        calls = len(list(light_rows(store, Selection(country=["KAZ"], kind="call"))))
        uzb = len(list(light_rows(store, Selection(country=["UZB"], kind="meeting"))))
    assert counts["total"] == 3 and counts["kind"]["call"] == calls and counts["country"]["UZB"] == uzb


def test_api_pairs_and_profile_for_the_cli(example_db):
    ranked = api.pair_ranking(example_db)
    assert ranked[0]["total"] >= ranked[-1]["total"] and all(r["a"] < r["b"] for r in ranked)
    assert all("KAZ" in (r["a"], r["b"]) for r in api.pair_ranking(example_db, country="kaz"))
    kaz = api.profile(example_db, country="KAZ")
    assert kaz["total"] == 5 and sum(kaz["by_kind"].values()) == 5


def test_cli_pairs_and_stats(example_db):
    from typer.testing import CliRunner

    from summitry.cli import app

    runner = CliRunner()
    ranked = runner.invoke(app, ["pairs", "--db", str(example_db), "--format", "json"])
    assert ranked.exit_code == 0 and json.loads(ranked.stdout)[0]["total"] == 2
    csv_out = runner.invoke(app, ["pairs", "--db", str(example_db), "-c", "kaz", "-f", "csv"]).stdout.splitlines()
    assert csv_out[0] == "a,b,total,call,meeting,planned,first,last" and len(csv_out) == 4
    kaz = runner.invoke(app, ["stats", "KAZ", "--db", str(example_db), "--format", "json"])
    assert kaz.exit_code == 0 and json.loads(kaz.stdout)["name"] == "Kazakhstan"
    table = runner.invoke(app, ["stats", "kaz", "--db", str(example_db)])
    assert "Kazakhstan: 5 contact(s), 2 call(s), 3 meeting(s)" in table.stdout and "Kyrgyzstan" not in table.stdout
    ambiguous = runner.invoke(app, ["stats", "Жапаров", "--db", str(example_db)])
    assert ambiguous.exit_code == 0 and "Akylbek Japarov" in ambiguous.stderr and "Sadyr Japarov: 4" in ambiguous.stdout
    assert runner.invoke(app, ["stats", "Nobody Atall", "--db", str(example_db)]).exit_code == 1
