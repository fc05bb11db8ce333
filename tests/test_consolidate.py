"""Folding a document's sentence-level contacts into one contact per event."""

from summitry.consolidate import consolidate
from summitry.model import Contact, DateInfo, Document, Participant


def _contact(salience: str, date: DateInfo, sentence: int, countries=("KAZ", "TUR"), evidence: str = "") -> Contact:
    parts = [Participant(country=c) for c in countries]
    return Contact(doc_id="d", kind="meeting", status="planned", salience=salience, participants=parts,
                   evidence=evidence, start=0, end=0, date=date, sentences=[sentence])


DOC = Document(doc_id="d", text="", published="2023-09-11")


def test_a_repeat_that_looks_back_is_the_same_event():
    main = _contact("main", DateInfo(date="2023-11-03", source="text"), 0)
    again = _contact("mentioned", DateInfo(start="2023-11-01", end="2023-11-30", source="text month"), 4)
    (event,) = consolidate(DOC, [main, again])
    assert event.sentences == [0, 4] and event.salience == "main"


def test_an_earlier_meeting_of_the_same_pair_stays_apart():
    main = _contact("main", DateInfo(date="2023-11-03", source="text"), 0)
    earlier = _contact("mentioned", DateInfo(date="2023-05-20", source="text"), 4)
    assert len(consolidate(DOC, [main, earlier])) == 2


def test_the_news_is_not_a_meeting_the_text_dates_months_before():
    news = _contact("main", DateInfo(date="2023-09-11", source="published (header)", kind="published"), 0)
    older = _contact("main", DateInfo(date="2023-03-29", source="text"), 6)
    assert len(consolidate(DOC, [news, older])) == 2
    # ... while an undated sentence after a dated contact goes back to it
    dated = _contact("mentioned", DateInfo(date="2023-03-29", source="text"), 2)
    again = _contact("mentioned", DateInfo(date="2023-09-11", source="published (header)", kind="published"), 5)
    assert len(consolidate(DOC, [dated, again])) == 1


def test_a_mention_without_a_date_of_its_own_is_not_folded_in():
    main = _contact("main", DateInfo(date="2023-11-03", source="text"), 0)
    undated = _contact("mentioned", DateInfo(date="2023-09-11", source="published (header)"), 4)
    assert len(consolidate(DOC, [main, undated])) == 2


SUMMIT = ("AZE", "KAZ", "KGZ", "TUR", "UZB")


def test_a_pair_within_a_summit_of_the_same_day_is_the_summit():
    summit = _contact("main", DateInfo(date="2023-11-03", source="text"), 0, SUMMIT)
    arrival = _contact("main", DateInfo(date="2023-11-03", source="text"), 2, evidence="Tokayev arrived in Ankara.")
    (event,) = consolidate(DOC, [summit, arrival])
    assert event.sentences == [0, 2]


def test_a_bilateral_on_the_sidelines_of_a_summit_is_its_own_event(kb):
    summit = _contact("main", DateInfo(date="2023-11-03", source="text"), 0, SUMMIT)
    side = _contact("main", DateInfo(date="2023-11-03", source="text"), 2,
                    evidence="On the sidelines Tokayev held a bilateral meeting with Erdogan.")
    assert len(consolidate(DOC, [summit, side], kb.lexicons_for("en"))) == 2


def test_two_named_hosts_of_one_visitor_are_two_events():
    def met(host: str, sentence: int) -> Contact:
        c = _contact("main", DateInfo(start="2015-01-01", end="2015-12-31", source="term overlap"), sentence,
                     ("KGZ", "TUR"))
        c.participants[0] = Participant(c.participants[0].country, person_id=host,
                                        derivation="name (clause before the trigger)")
        return c

    assert len(consolidate(DOC, [met("temir-sariyev", 0), met("almazbek-atambayev", 3)])) == 2
    assert len(consolidate(DOC, [met("temir-sariyev", 0), met("temir-sariyev", 3)])) == 1


def test_a_meeting_held_already_the_day_before_is_an_earlier_event(run):
    text = (" date 2025-11-12 Официальные переговоры Путина и Токаева открылись в Кремле.\n\n"
            "Токаев прилетел накануне вечером и уже провел с Путиным беседу за ужином.")
    got = sorted((c.salience, c.date.date) for c in run(text, lang="ru").contacts)
    assert got == [("main", "2025-11-12"), ("mentioned", "2025-11-11")]


def test_talks_planned_within_a_dated_visit_are_that_visit(run):
    text = (" date 2025-03-05 Президент Садыр Жапаров 5-мартта иш сапары менен Түркиянын борбору Анкарага барды. "
            "Иш сапардын алкагында Жапаровдун Түркиянын жетекчилиги менен жолугушуусу пландаштырылган.")
    (c,) = run(text, lang="ky").contacts
    assert (c.countries, c.date.date) == (("KGZ", "TUR"), "2025-03-05") and len(c.sentences) == 2


def test_a_visit_does_not_swallow_another_persons_talks(run):
    text = (" date 2025-03-05 Тоқаев Анкарада Фиданмен кездесті. Ердоған күзде Қазақстанға келеді.")
    assert len(run(text, lang="kk").contacts) == 2
