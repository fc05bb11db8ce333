"""Typed knowledge-base records (``knowledge.records``) and the one name search, ``kb.find``."""

import pytest

from summitry.knowledge import Country, Office, Org, Person, Place, load_kb


@pytest.fixture(scope="module")
def kb():
    return load_kb()


def test_office_covers_its_days_and_an_open_end():
    office = Office("KAZ", "head_of_state", "2019-03-20", "2022-06-01")
    assert office.covers("2019-03-20") and office.covers("2022-06-01") and office.covers("2020-01-01")
    assert not office.covers("2019-03-19") and not office.covers("2022-06-02")
    assert Office("KAZ", "head_of_state", "2019-03-20", None).covers("2099-01-01")
    assert Office("KAZ", "head_of_state", None, "2001-01-01").covers("1950-01-01")


def test_a_gap_between_terms_stays_a_gap():
    person = Person("x", "X", "BRA", (Office("BRA", "head_of_state", "2003-01-01", "2010-12-31"),
                                      Office("BRA", "head_of_state", "2023-01-01", None)))
    assert person.terms == (("2003-01-01", "2010-12-31"), ("2023-01-01", None))
    assert person.in_office("2005-05-05") and person.in_office("2024-01-01")
    assert not person.in_office("2015-01-01")
    assert person.in_office("2022-10-01")  # a leader-elect, within ELECT_DAYS of the second term
    assert not person.in_office("2022-10-01", elect=False)
    assert Person("y", "Y", "BRA", ()).in_office("1900-01-01")  # no term known: no reason to doubt


def test_terms_of_one_office_and_the_leader_elect():
    person = Person("x", "X", "DEU", (Office("DEU", "foreign_minister", "2005-11-22", "2009-10-28"),
                                      Office("DEU", "head_of_government", "2021-12-08", None),
                                      Office("DEU", "head_of_government", "2021-01-01", "2021-02-01", acting=True)))
    assert person.terms_in("head_of_government") == (("2021-12-08", None),)  # the acting term: he held it in full
    assert person.terms_in("foreign_minister") == (("2005-11-22", "2009-10-28"),)
    assert person.terms_in("head_of_state") == () and person.terms_in("other") == ()
    assert person.terms_in(None) == person.terms == (("2005-11-22", "2009-10-28"), ("2021-12-08", None))
    office = person.offices[1]
    assert office.elect("2021-09-26") and not office.elect("2021-06-01")  # 73 days before, 190 days before
    assert not office.elect("2021-12-08") and not office.elect("2022-01-01")  # in office: no longer elect


def test_an_appointed_office_has_no_leader_elect_months():
    appointed = Office("SAU", "head_of_government", "2022-09-27", None, appointed=True)
    person = Person("x", "X", "SAU", (appointed,))
    assert not appointed.elect("2022-07-15") and not person.in_office("2022-07-15")
    assert Person("y", "Y", "SAU", (Office("SAU", "head_of_government", "2022-09-27", None),)).in_office("2022-07-15")


def test_records_of_each_kind(kb):
    assert isinstance(kb.country("KAZ"), Country) and kb.country("KAZ").name == "Kazakhstan"
    astana = kb.place("astana")
    assert isinstance(astana, Place) and astana.country == "KAZ"
    assert kb.place_name("astana", "2021-01-01") == astana.name_on("2021-01-01")
    org = kb.org(next(iter(kb.orgs)))
    assert isinstance(org, Org) and org.members
    assert kb.person("no-such-person") is None and kb.record("planet", "mars") is None


def test_find_any_script_and_case_form(kb):
    putin = [h for h in kb.find("Путин") if isinstance(h.record, Person)]
    assert {h.record.id for h in putin} == {"vladimir-putin"}
    assert {h.found_as for h in kb.find("Путину")} <= {"person", "surname"}
    assert [h.record.id for h in kb.find("Astana")] == ["astana"]
    assert kb.find("Qwxzyt") == []
    kinds = [(h.found_as, h.record.id) for h in kb.find("kazakh")]
    assert kinds == sorted(kinds)
    assert not any(h.record.id == "KAZ" for h in kb.find("akhsta"))
    assert any(h.record.id == "KAZ" for h in kb.find("akhsta", countries_by_name=True))


def test_find_names_each_entity_once_as_its_best_reading(kb):
    """'Путин' is both his surname and a name form of the person: one hit, as the person (ENTITY_PRIORITY)."""
    hits = [(h.found_as, h.record.id) for h in kb.find("Путин")]
    assert hits == [("person", "vladimir-putin")]
    for query in ("Путину", "kazakh", "Kazakhstan", "Жапаров"):
        ids = [(type(h.record), h.record.id) for h in kb.find(query, countries_by_name=True)]
        assert len(ids) == len(set(ids)), query
