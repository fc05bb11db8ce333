from summitry.merge import block_key, cluster, merge
from summitry.model import Contact, DateInfo, Participant


def _m(doc, day=None, kind="call", countries=("KGZ", "RUS"), **date):
    info = DateInfo(date=day, source="text" if day else "term overlap", **date)
    return Contact(doc_id=doc, kind=kind, status="occurred", salience="main",
                   participants=[Participant(country=c) for c in countries], evidence=f"evidence of {doc}",
                   start=0, end=1, date=info)


def test_two_outlets_same_day_merge():
    events = merge([_m("a", "2022-02-26"), _m("b", "2022-02-26")])
    assert len(events) == 1 and {m.doc_id for m in events[0].mentions} == {"a", "b"}


def test_different_days_stay_apart():
    assert len(merge([_m("a", "2021-05-24", kind="meeting"), _m("b", "2021-02-24", kind="meeting")])) == 2


def test_undated_reports_never_merge_with_each_other_or_guess():
    a = _m("a", start="2021-01-28", end="2021-12-31")
    b = _m("b", start="2021-01-28")
    c = _m("c", "2022-02-26")
    assert len(merge([a, b, c])) == 3


def test_day_of_month_without_year_joins_the_unique_fitting_event():
    fuzzy = _m("x", start="2021-02-26", month_day=(2, 26))
    events = merge([_m("a", "2022-02-26"), fuzzy, _m("b", "2021-05-10")])
    joined = next(e for e in events if e.date.date == "2022-02-26")
    assert {m.doc_id for m in joined.mentions} == {"a", "x"}


def test_days_of_a_month_without_year_join_the_event_within_them():
    fuzzy = _m("x", start="2019-03-20", month_day=(11, 11), month_day_end=(11, 12), kind="meeting")
    events = merge([_m("a", "2025-11-12", kind="meeting"), fuzzy, _m("b", "2025-11-14", kind="meeting")])
    joined = next(e for e in events if e.date.date == "2025-11-12")
    assert {m.doc_id for m in joined.mentions} == {"a", "x"}
    # ... and none when two events fall within them
    two = merge([_m("a", "2025-11-12", kind="meeting"), fuzzy, _m("b", "2025-11-11", kind="meeting")])
    assert len(two) == 3



def test_of_several_fitting_events_the_one_more_reports_lead_with_takes_the_undated_mention():
    def on(doc: str, day: str, salience: str = "main") -> Contact:
        m = _m(doc, day, kind="meeting")
        m.salience = salience
        return m

    announced = _m("x", start="2025-11-01", end="2025-11-30", kind="meeting")  # "a visit in November"
    talks = [on("a", "2025-11-12"), on("b", "2025-11-12")]
    dinner = [on("c", "2025-11-11"), on("b", "2025-11-11", "mentioned")]  # a passing mention counts for nothing
    events = merge([announced, *talks, *dinner])
    joined = next(e for e in events if e.date.date == "2025-11-12")
    assert {m.doc_id for m in joined.mentions} == {"a", "b", "x"} and len(events) == 2
    # as many reports lead with each: no choice, the announcement stays apart
    assert len(merge([announced, *talks, *dinner, on("d", "2025-11-11")])) == 3

def test_a_yearless_range_in_an_undated_report_keeps_its_days(run):
    (c,) = run("Sadyr Japarov will pay a state visit to Uzbekistan on 14-15 May.", published=None).contacts
    assert (c.date.month_day, c.date.month_day_end) == ((5, 14), (5, 15))


def test_weekday_clue_picks_the_right_meeting():
    monday = _m("x", kind="meeting", countries=("BLR", "RUS"), start="2020-09-03", weekday=0)
    events = merge([monday, _m("a", "2020-09-14", kind="meeting", countries=("BLR", "RUS")),
                    _m("b", "2020-02-07", kind="meeting", countries=("BLR", "RUS"))])
    sept = next(e for e in events if e.date.date == "2020-09-14")
    assert {m.doc_id for m in sept.mentions} == {"a", "x"}


def test_a_weekday_alone_names_no_day_years_after_its_lower_bound():
    # "on Sunday" in an undated report whose range starts when a term began: any Sunday since
    sunday = _m("x", start="2021-01-28", weekday=6)
    events = merge([sunday, _m("a", "2025-08-10")])
    assert len(events) == 2


def test_ids_are_stable_and_order_independent():
    ms = [_m("a", "2022-02-26"), _m("b", "2022-02-26"), _m("c", "2021-01-01")]
    first = [e.id for e in merge(ms)]
    assert first == [e.id for e in merge(list(reversed(ms)))]
    assert len(cluster(ms)) == 2


def test_syndicated_copies_of_an_undated_report_merge():
    a = _m("a", start="2021-01-28")
    b = _m("b", start="2021-01-28")
    a.evidence = b.evidence = "Sadyr Japarov had a telephone conversation with Vladimir Putin."
    c = _m("c", start="2021-01-28")
    c.evidence = "Another sentence about another call."
    events = merge([a, b, c])
    assert sorted(len(e.mentions) for e in events) == [1, 2]


def test_sketched_merge_equals_merge(run):
    """The store's memory-bounded path (sketches, mentions fetched per cluster) builds the same events."""
    from summitry.merge import build_event, cluster_sketches, sketch

    texts = [" date 2022-03-15 Садыр Жапаров провел телефонный разговор с Владимиром Путиным.",
             " date 2022-03-15 Sadyr Japarov and Vladimir Putin held a telephone conversation today.",
             " date 2022-03-16 Sadyr Japarov and Vladimir Putin spoke by phone yesterday.",
             " date 2021-05-24 Sadyr Japarov met Vladimir Putin in Sochi today.",
             "Sadyr Japarov met Vladimir Putin in Sochi on Monday."]
    mentions = [c for i, t in enumerate(texts) for c in run(t, f"d{i}").contacts]
    fetched: list[int] = []

    def fetch(cluster):
        fetched.append(len(cluster))
        return [mentions[s.index] for s in cluster]

    by_block: dict[str, list] = {}
    for c in mentions:
        by_block.setdefault(block_key(c), []).append(c)
    sketched = [build_event(fetch(cl)) for block in by_block.values()
                for cl in cluster_sketches(sketch(c, mentions.index(c)) for c in block)]
    assert sorted(sketched, key=lambda e: e.id) == sorted(merge(mentions), key=lambda e: e.id)
    assert sum(fetched) == len(mentions)


def test_event_is_the_same_whatever_order_its_mentions_come_in(run):
    import random

    from summitry.export import event_dict
    from summitry.merge import build_event

    texts = [" date 2022-03-15 Садыр Жапаров провел телефонный разговор с Владимиром Путиным. Обсудили торговлю.",
             " date 2022-03-15 Sadyr Japarov and Vladimir Putin held a telephone conversation today on energy.",
             " date 2022-03-16 Kyrgyz President Sadyr Japarov and Putin spoke by phone yesterday."]
    members = [c for i, t in enumerate(texts) for c in run(t, f"d{i}").contacts]
    expected = event_dict(build_event(members))
    for seed in range(5):
        shuffled = members[:]
        random.Random(seed).shuffle(shuffled)
        assert event_dict(build_event(shuffled)) == expected


def test_a_report_dated_by_its_publication_joins_the_day_before_not_the_day_after():
    def published(doc: str, day: str) -> Contact:
        c = _m(doc, day, kind="meeting")
        c.date.source, c.date.kind = "published (header)", "published"
        return c

    yesterday = _m("a", "2025-11-11", kind="meeting")
    assert len(merge([yesterday, published("b", "2025-11-12")])) == 1  # today's report of yesterday's talks
    assert len(merge([published("c", "2025-11-11"), _m("d", "2025-11-12", kind="meeting")])) == 2
    # an arrival dinner one day and the talks the next: a report dated by its publication day joins its own day
    events = merge([yesterday, _m("e", "2025-11-12", kind="meeting"), published("f", "2025-11-12")])
    talks = next(e for e in events if e.date.date == "2025-11-12")
    assert {m.doc_id for m in talks.mentions} == {"e", "f"}
    # two reports dated only by their publication, a day apart, are two days' news: neither dates the other
    assert len(merge([published("g", "2025-11-11"), published("h", "2025-11-12")])) == 2
