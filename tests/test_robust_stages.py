"""Every pipeline stage on hostile text: no exception escapes, and the outputs keep their invariants.

Each stage is called alone on the output of the one before (as the Spark job and tests do), and the
whole ``pipeline.process`` is run too.  Texts mix scripts, control characters, leader names in every
language, triggers, dates that do not exist, impossible publication dates (a reader accepts
``9999-12-31`` from JSONL or HTML metadata) and odd language codes.  Invariants checked on the way:
offsets lie inside the text and ``text[start:end]`` is what was matched, evidence is a substring of
the text, every date is ISO or null and no range is reversed.
"""

from __future__ import annotations

import datetime as dt
import re
import subprocess
import sys
import textwrap

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from summitry.clean import clean
from summitry.consolidate import consolidate
from summitry.dates import dates, publication
from summitry.entities import entities
from summitry.events import extract_contacts
from summitry.knowledge import load_kb
from summitry.merge import merge
from summitry.model import KINDS, ROLES, SALIENCES, STATUSES, TOPICS, Contact, RawDocument
from summitry.pipeline import process
from summitry.resolve import locate, resolve_people
from summitry.segment import segment
from summitry.topics import topics

KB = load_kb()
SETTINGS = settings(max_examples=70, deadline=None, suppress_health_check=[HealthCheck.too_slow])
ISO = re.compile(r"\d{4}-\d{2}-\d{2}")

NAMES = sorted(p["name"] for p in KB.people.values())
FORMS = ["Путин", "Путиным", "Владимиром Путиным", "Жапаров", "Садыр Жапаров", "Жапаровым", "Тоқаевтың",
         "Токаев", "Мирзиёев", "Шавкат Мирзиёевым", "Рахмон", "Си Цзиньпин", "Эрдоган", "Japarov", "Zhaparov",
         "Tokayev", "Kassym-Jomart", "Jomart", "President", "президент", "Президент Кыргызстана", "премьер-министр",
         "мемлекет башчысы", "Мемлекет басшысы", "the Russian leader", "the two leaders", "his counterpart",
         "foreign minister", "Kyrgyzstan", "Russia", "Кыргызстан", "Россия", "Қазақстан", "China", "Turkey"]
TRIGGERS = ["met", "held a phone conversation with", "held talks with", "will visit", "called",
            "провёл телефонный разговор с", "встретился с", "посетит", "переговоры", "телефон аркылуу сүйлөштү",
            "жолугушту", "телефон арқылы сөйлесті", "кездесті", "received", "said on Monday"]
DATES = ["on 12 March 2021", "24 мая", "yesterday", "tomorrow", "today", "on Monday", "сегодня", "вчера",
         "2021-02-30", "0000-01-01", "9999-12-31", "31.02.2021", "31.12.9999", "on the 31st", "28–29 June",
         "in May", "в мае 2019 года", "1-февралда", "29 February 2023", "0 March 2021", "March 32", "12 March 0000",
         "on 12 March 9999", "next week", "last month", "in early May", "the 299th anniversary of the Victory",
         "upcoming summit in 0001"]
PLACES = ["in Sochi", "в Бишкеке", "at the Kremlin", "in Astana", "Бишкек шаарында", "in Ынтымак Ордо", "in Italy"]
JUNK = ["\x00", "\x07", "\u200b", "\u202e", "\ufeff", "\ud7ff", "\U0001f600", "\u0301", "İ", "ß", "ǅ", "ﬃ",
        "\u2028", "\r", "\r\n", "\t", "<script>alert(1)</script>", "'; DROP TABLE events; --", "%_", "\\", "…"]
PUNCT = [". ", ", ", "\n", "\n\n", " — ", ": ", "! ", "? ", " (", ") ", "«", "»", " ", " ", " "]
HEADERS = [" date 2021-03-12 ", " date 2021-02-30 ", " date 2021-13-45 ", " date 0000-00-00 ", " date 9999-12-31 ",
           "date 2021-3-1 ", ""]
URLS = ["https://x.example/2021/02/31/a", "https://x.example/2021/00/00/a", "https://x.example/20210231/a",
        "https://x.example/1990-01-01/b", "Source: https://x.example/2100/12/31/c", "https://x.example/9999/99/99/"]
FRAGMENT = st.one_of(st.sampled_from(NAMES), st.sampled_from(FORMS), st.sampled_from(TRIGGERS),
                     st.sampled_from(DATES), st.sampled_from(PLACES), st.sampled_from(JUNK), st.sampled_from(PUNCT),
                     st.text(st.characters(exclude_categories=("Cs",)), max_size=12))
NAME = st.sampled_from(NAMES) | st.sampled_from(FORMS)
# "<name> <trigger> <name> <date> <place>." with junk anywhere: enough structure to make contacts.
SENTENCE = st.tuples(NAME, st.sampled_from(TRIGGERS), NAME, st.sampled_from(DATES), st.sampled_from(PLACES)) \
    .flatmap(lambda words: st.lists(FRAGMENT, max_size=2).map(lambda junk: " ".join([*words, *junk]) + ". "))
TEXT = st.builds(lambda head, parts, tail: head + "".join(parts) + tail, st.sampled_from(HEADERS),
                 st.lists(st.one_of(SENTENCE, SENTENCE, SENTENCE, FRAGMENT), max_size=20),
                 st.sampled_from(["", "\n"] + ["\n" + u for u in URLS]))
PUBLISHED = st.none() | st.sampled_from(["2021-03-12", "0001-01-01", "9999-12-31", "9999-12-25", "2000-02-29"]) \
    | st.dates(min_value=dt.date(1, 1, 1)).map(dt.date.isoformat)
LANG = st.sampled_from([None, None, None, None, "en", "ru", "kk", "ky", "zz", "яя", "de"])
RAW = st.builds(lambda text, published, lang, url: RawDocument(
    "doc", text, "doc.jsonl", url=url, published=published, published_source="jsonl" if published else None,
    lang=lang), TEXT, PUBLISHED, LANG, st.none() | st.sampled_from(URLS))

# Inputs that once let an exception escape (kept as explicit examples so they always run).
REGRESSIONS = [
    RawDocument("hdr", " date 2021-02-30 Sadyr Japarov met Vladimir Putin in Sochi today.", "hdr.txt"),
    RawDocument("hdr13", " date 2021-13-45 Sadyr Japarov met Vladimir Putin in Sochi today.", "hdr.txt"),
    RawDocument("url", "Sadyr Japarov met Vladimir Putin today.\nhttps://x.example/2021/02/31/a", "url.txt"),
    RawDocument("max", "Sadyr Japarov met Vladimir Putin in Sochi tomorrow.", "m.jsonl", published="9999-12-31"),
    RawDocument("max2", "Sadyr Japarov met Vladimir Putin in Sochi on 12 March.", "m.jsonl", published="9999-12-31"),
    RawDocument("year0", "Sadyr Japarov met Vladimir Putin on 0000-01-01.", "y.txt"),
    RawDocument("year0b", "Sadyr Japarov met Vladimir Putin on 12 March 0000.", "y.txt"),
    RawDocument("dateline", "31 December 9999. Sadyr Japarov met Vladimir Putin in Sochi tomorrow.", "d.txt"),
    RawDocument("cited9999", "Abbas Araghchi met Abbas Araghchi on 12 March 2021 in Sochi. Abbas Araghchi провёл "
                "телефонный разговор с Abdel Fattah al-Burhan 24 мая in Sochi. Abbas Araghchi met Abbas Araghchi "
                "9999-12-31 in Sochi.", "c.jsonl", lang="ru"),
]


def iso_or_none(value: str | None) -> None:
    assert value is None or (ISO.fullmatch(value) and dt.date.fromisoformat(value)), value


def check_date(info) -> None:
    for value in (info.date, info.start, info.end):
        iso_or_none(value)
    if info.start and info.end:
        assert info.start <= info.end, info
    assert info.weekday is None or 0 <= info.weekday <= 6


def check_contacts(text: str, contacts: list[Contact], n_sentences: int, dated: bool) -> None:
    for c in contacts:
        assert c.kind in KINDS and c.status in STATUSES and c.salience in SALIENCES, c
        assert 0 <= c.start < c.end <= len(text) and text[c.start:c.end] == c.evidence and c.evidence in text
        assert c.sentences and all(0 <= i < n_sentences for i in c.sentences)
        assert len(c.countries) >= 2, c.participants
        for p in c.participants:
            assert p.country in KB.countries and p.role in ROLES + ("leader", "counterpart"), p
            assert p.person_id is None or p.person_id in KB.people
        assert set(c.topics) <= set(TOPICS)
        if dated:
            check_date(c.date)


def run_stages(raw: RawDocument) -> list[Contact]:
    """Each stage alone (no shared index), checking what it hands to the next."""
    doc = clean(raw, KB.languages)
    text = raw.text
    assert doc.text == text and doc.doc_id == raw.doc_id and isinstance(doc.lang, str)
    iso_or_none(doc.published)
    assert all(0 <= s.start <= s.end <= len(text) for s in doc.ignored)

    sentences = segment(doc)
    assert [s.index for s in sentences] == list(range(len(sentences)))
    for a, b in zip(sentences, sentences[1:], strict=False):
        assert a.end <= b.start
    for s in sentences:
        assert 0 <= s.start < s.end <= len(text) and text[s.start:s.end] == s.text

    doc = publication(doc, sentences, KB)
    iso_or_none(doc.published)
    iso_or_none(doc.min_published)

    mentions = entities(doc, sentences, KB)
    for m in mentions:
        assert 0 <= m.start < m.end <= len(text) and text[m.start:m.end] == m.surface, m
        s = sentences[m.sentence]
        assert s.start <= m.start < s.end

    contacts = extract_contacts(doc, sentences, mentions, KB)
    check_contacts(text, contacts, len(sentences), dated=False)
    contacts = dates(doc, sentences, contacts, KB)
    check_contacts(text, contacts, len(sentences), dated=True)
    by_index = {s.index: s for s in sentences}
    contacts = consolidate(doc, [resolve_people(c, KB) for c in contacts])
    contacts = [locate(resolve_people(c, KB), by_index, mentions, KB, KB.languages.get(doc.lang)) for c in contacts]
    check_contacts(text, contacts, len(sentences), dated=True)
    if contacts:
        assert sum(c.salience == "main" for c in contacts) >= 1
    contacts = topics(doc, sentences, contacts, KB, mentions)
    check_contacts(text, contacts, len(sentences), dated=True)
    return contacts


def check_merge(contacts: list[Contact]) -> None:
    events = merge(contacts)
    ids = [e.id for e in events]
    assert len(ids) == len(set(ids))
    merged = sorted(id(m) for e in events for m in e.mentions)
    assert merged == sorted(id(c) for c in contacts)  # every mention in exactly one event
    for e in events:
        check_date(e.date)
        assert e.kind in KINDS and e.status in STATUSES and re.fullmatch(r"04[0-4]", e.cameo)


@SETTINGS
@given(raw=RAW)
@example(raw=REGRESSIONS[0]).via("header date that does not exist")
@example(raw=REGRESSIONS[2]).via("URL date that does not exist")
@example(raw=REGRESSIONS[3]).via("relative date past 9999-12-31")
@example(raw=REGRESSIONS[5]).via("year 0")
@example(raw=REGRESSIONS[8]).via("a cited 9999-12-31 and a day-month without a year")
def test_each_stage_alone(raw):
    contacts = run_stages(raw)
    check_merge(contacts)


@SETTINGS
@given(raw=RAW, gate=st.booleans())
def test_process_never_raises(raw, gate):
    out = process(raw, KB, gate=gate)
    check_contacts(raw.text, out.contacts, len(out.sentences), dated=True)
    for m in out.spans:
        assert raw.text[m.start:m.end] == m.surface
    iso_or_none(out.document.published)


@pytest.mark.parametrize("raw", REGRESSIONS, ids=[r.doc_id for r in REGRESSIONS])
def test_impossible_dates_are_no_dates(raw):
    for out_contacts in (process(raw, KB, gate=False).contacts, run_stages(raw)):
        check_contacts(raw.text, out_contacts, 10**6, dated=True)


@SETTINGS
@given(texts=st.lists(TEXT, min_size=2, max_size=6), published=st.lists(PUBLISHED, min_size=6, max_size=6))
def test_merge_across_documents(texts, published):
    contacts = []
    for i, (text, pub) in enumerate(zip(texts, published, strict=False)):
        contacts += process(RawDocument(f"d{i}", text, f"d{i}.txt", published=pub), KB).contacts
    check_merge(contacts)


@pytest.mark.parametrize("body", ["x" * (2 << 20), "The weather was fine in the park. " * 62_000,
                                  ("Putin\u0301\u0301 Japarov\u200b \u202e ") * 110_000])
def test_two_megabytes_without_a_newline(body):
    raw = RawDocument("big", " date 2021-03-12 Sadyr Japarov met Vladimir Putin in Sochi. " + body, "big.txt")
    assert "\n" not in raw.text and len(raw.text) > 2_000_000
    out = process(raw, KB)
    check_contacts(raw.text, out.contacts, len(out.sentences), dated=True)
    assert [(c.kind, c.date.date) for c in out.contacts if c.salience == "main"] == [("meeting", "2021-03-12")]


def test_one_enormous_sentence_of_names_is_bounded():
    """A 2 MB sentence of names once took hours (every name paired with every other); now a
    sentence with more than MAX_SENTENCE_MENTIONS names is not read for contacts."""
    script = textwrap.dedent("""
        from summitry.knowledge import load_kb
        from summitry.model import RawDocument
        from summitry.pipeline import process
        text = "Sadyr Japarov met Vladimir Putin in Sochi on 12 March 2021 " * 35_000
        process(RawDocument("big", text, "big.txt"), load_kb())
    """)
    try:
        subprocess.run([sys.executable, "-c", script], timeout=8, check=True)
    except subprocess.TimeoutExpired:
        pytest.fail("a 2 MB sentence of names was still being processed after 8 s")
