"""Dates stage: when each contact happened, as precisely as the document allows and no more.

Explicit dates in the evidence sentence win ("24 мая", "28–29 June", "1-февралда"), and among
adjacent ones the most precise ("today, Wednesday 5 June 2024" is 5 June); relative ones ("today",
"on Monday", "last week", "on the 17th") count from the sentence's reference date: the date line
above a list page's item, else the publication date (header, URL, metadata, dateline).  A sentence
without a date takes the previous sentence's ("On 5 May … . He also met …"), a main contact the
headline's.  A contact reported as news with no date of its own takes the reference date, the
GDELT/ICEWS convention.  Without any, the result is an honest range: the participants' shared term
in office, narrowed by the text's own clues.  A date no named participant could have met on (outside
his terms in office) is not the contact's.
"""

from __future__ import annotations

import datetime as dt
import re
from bisect import bisect_right
from dataclasses import replace
from functools import cached_property

from summitry.dates.bounds import Clues, bounds, narrow_month_day
from summitry.dates.expressions import DASH, ORD, DateExpr, _patterns, _reported, find_dates
from summitry.dates.reference import HEAD_SENTENCES as REF_HEAD_SENTENCES
from summitry.dates.reference import publication, yearless_dateline
from summitry.dates.rules import PRECISION, resolve_expr
from summitry.dates.terms import common_terms
from summitry.knowledge import KnowledgeBase, any_phrase, word_list
from summitry.knowledge.lexindex import LexIndex
from summitry.model import LATER_STOP, Contact, DateInfo, DateKind, Document, Sentence

__all__ = ["DASH", "ORD", "DateExpr", "_patterns", "date_contact", "dates", "find_dates", "publication",
           "resolve_expr"]

# Between two expressions that say one date: "today, Wednesday 5 June 2024", "во вторник, 11 ноября".
_ADJACENT = frozenset(" ,\u00a0")
LEAD_SENTENCES = 2  # sentences after a headline where its lead tells the same contact again
SAME_DAY_SENTENCES = 4  # how far back "the same day", "a day earlier" look for the day they count from
_CAPS_DATELINE = re.compile(r"^\W*[A-ZА-ЯЁ]{2}[A-ZА-ЯЁ .'-]*,\s")  # "SANTIAGO, March 12", "BEIJING, June 15"
FRONTED_YEAR = 8  # characters before a year that opens the sentence ("In 2018, …")
_YEARLESS = ("day", "range", "month", "season")  # expressions an opening year completes
_RELATIVE = ("relative", "weekday", "same_day")  # words read from the reference date, not dates of their own
CARRY_MIN = PRECISION["relative"]  # what carries to the next sentence: days and weekdays, not months or years
TRIP_SENTENCES = 3  # where a report that sums up a trip gives its days
TRIP_DAYS = 14  # the longest trip whose days frame its undated talks
RESTATED_SENTENCES = 6  # how far below a main contact's sentence "the call took place yesterday" may stand
RESTATED_GAP = 25  # characters between that word of the contact's kind and its date
HEAD_SENTENCES = 8  # how far down a page its headline may stand (below menus, clocks and rates)
# A page's clock ("26 апреля, 21:39") or a dateline ("НҰР-СҰЛТАН, 27 ақпан – Sputnik."): no contact's date.
_CLOCK = re.compile(r"\d{1,2}:\d{2}")
_DATELINE = re.compile(r"^\W*[A-ZА-ЯЁӘҒҚҢӨҰҮҺІ][A-ZА-ЯЁӘҒҚҢӨҰҮҺІ .'-]+,\s*[^.]{0,30}[–—-]\s*\w*\.?$")


def _wordy(text: str) -> bool:
    """A line of at least four words that does not open with a bullet or hold a clock time."""
    return len(text.split()) >= 4 and text.lstrip()[:1] not in "•·-–—*|" and not _CLOCK.search(text)


class Context:
    """What dating one document's contacts needs, worked out once: its sentences, reference dates,
    each sentence's own date and the text's clues."""

    def __init__(self, doc: Document, kb: KnowledgeBase, sentences: list[Sentence],
                 index: LexIndex | None = None) -> None:
        self.doc, self.kb, self.index = doc, kb, index
        self.sentences = {s.index: s for s in sentences}
        self.lexicons = kb.lexicons_for(doc.lang)
        self.clues = Clues(doc, kb)
        self._line_at = [offset for offset, _ in doc.date_lines]
        self._groups: dict[int, list[list[DateExpr]]] = {}
        self.claimed: set[int] = set()  # sentences some contact was extracted from
        self.planned: set[int] = set()  # sentences a planned contact was extracted from
        self.pairs: dict[int, set[tuple[str, ...]]] = {}  # the countries of each sentence's contacts

    @cached_property
    def headline(self) -> Sentence | None:
        """The first sentence of words (not a menu item, a clock or a rate) when it is a paragraph of its
        own without a full stop: a headline."""
        ordered = sorted(self.sentences.values(), key=lambda s: s.index)
        first = next((s for s in ordered[:HEAD_SENTENCES] if _wordy(s.text)), None)
        if first is None or first.text.rstrip()[-1:] in ".!?…":
            return None
        nxt = self.sentences.get(first.index + 1)
        return None if nxt is not None and nxt.paragraph == first.paragraph else first

    def reference(self, sentence: Sentence) -> tuple[dt.date | None, str, str | None]:
        """(day, name for relative sources, source of a default date) the sentence speaks from."""
        i = bisect_right(self._line_at, sentence.start) - 1
        if i >= 0:
            return dt.date.fromisoformat(self.doc.date_lines[i][1]), "date line", "published (date line)"
        ref = dt.date.fromisoformat(self.doc.published) if self.doc.published else None
        ref = ref if ref and 1 < ref.year < 9999 else None  # arithmetic around 0001 or 9999 leaves the calendar
        return ref, "published", f"published ({self.doc.published_source})" if ref else None

    def expressions(self, sentence: Sentence) -> list[list[DateExpr]]:
        """The sentence's date expressions (not those of a report: "said on Monday"), adjacent ones grouped."""
        if sentence.index not in self._groups:
            self._groups[sentence.index] = self._expressions(sentence)
        return self._groups[sentence.index]

    def _expressions(self, sentence: Sentence) -> list[list[DateExpr]]:
        found = find_dates(sentence.text, self.lexicons, self.index, sentence.start)
        exprs = [e for i, e in enumerate(found) if not _reported(sentence.text, e, self.lexicons)
                 or _anchors_offset(sentence.text, e, found[i + 1:i + 2])]
        # a dateline's day is the report's, never a contact's ("SANTIAGO, March 12 (Reuters) - … spoke on Tuesday"),
        # whether it gave the reference date or a header did (then only a capitals dateline: not "Напомним, 10 …")
        dated_by_line = self.doc.dateline or (self.doc.published_source or "").startswith("dateline") or \
            _CAPS_DATELINE.match(sentence.text) is not None
        if dated_by_line and sentence.index < REF_HEAD_SENTENCES and exprs and exprs[0].start < 60 \
                and (line := yearless_dateline(sentence.text, self.lexicons, self.index, sentence.start)) is not None:
            exprs = [e for e in exprs if e.start != line.start]  # the report's dateline, not the contact's day
        groups: list[list[DateExpr]] = []
        for e in exprs:
            if groups and set(sentence.text[groups[-1][-1].end:e.start]) <= _ADJACENT:
                groups[-1].append(e)
            else:
                groups.append([e])
        if groups and len(groups[0]) == 1 and groups[0][0].kind == "year" and groups[0][0].start <= FRONTED_YEAR:
            year = groups[0][0].year  # "In 2018, Merkel met Putin in Sochi in May": the opening year is May's
            groups = [[replace(e, year=year) if e.kind in _YEARLESS and e.year is None else e for e in g]
                      for g in groups]
        if any(g[0].kind != "year" or len(g) > 1 for g in groups):  # "elected in 2019, he met X on Monday"
            groups = [g for g in groups if not (len(g) == 1 and g[0].kind == "year")]
        return groups

    def own_date(self, sentence: Sentence, planned: bool, year: int | None = None,
                 contact: Contact | None = None) -> tuple[DateInfo, int] | None:
        """The first date the sentence gives that the contact's participants could have met on, with
        its precision; "on the same day" is the previous sentence's day."""
        ref, ref_name, _ = self.reference(sentence)
        first: tuple[DateInfo, int] | None = None
        groups, marked = self._plan_first(sentence) if planned else (self._own_clause_first(sentence, contact), 0)
        for i, group in enumerate(groups):
            if contact is not None and self._aside(sentence, group[0], contact.trigger):
                continue  # "Merz, who was sworn in on Tuesday, held talks … on Wednesday": the aside's day
            best = max((e for e in group if e.kind != "offset"), key=lambda e: PRECISION[e.kind], default=None)
            offset = next((e for e in group if e.kind == "offset"), None)
            this_year = next((e for e in group if e.kind == "period_year"), None)
            named_year = next((e.year for e in group if e.kind == "year" and e.year), None)
            if best is not None and best.year is None and named_year and best.kind in _YEARLESS:
                best = replace(best, year=named_year)  # "2019 жылы сәуірде", "in 2021, in March"
            if best is not None and best.year is None and this_year is not None and ref is not None \
                    and best.kind in ("day", "range", "month", "season"):
                best = replace(best, year=ref.year + (this_year.value or 0))  # "биыл 3 қарашада", "next year in May"
            info = self._resolve(best, sentence, ref, ref_name, planned, year) if best else None
            if offset is not None and (contact is None or contact.trigger < 0
                                       or contact.trigger >= sentence.start + offset.start):
                info = _shifted(info, offset, ref, ref_name)  # not "held talks on Tuesday, a day after the summit"
            if info is not None and best is not None and best.kind in _RELATIVE and not planned and ref is not None \
                    and (info.date or info.start or "") > ref.isoformat():
                continue  # "… will sign tomorrow" dates no contact that already happened
            if info is not None and (contact is None or self.plausible(info, contact, ref)):
                got = info, PRECISION[best.kind] if best else PRECISION["relative"]
                day = info.date or info.start or ""
                if not planned or ref is None or day > ref.isoformat() or (i < marked and day == ref.isoformat()):
                    return got
                first = first or got  # "on Saturday welcomed the summit due on 15 August": the later day is the plan's
        return first

    def _own_clause_first(self, sentence: Sentence, contact: Contact | None) -> list[list[DateExpr]]:
        """The sentence's dates, those of the contact's own clause first: "on Tuesday A met B, and on
        Wednesday he met C" (``contrast_clauses``: the words that open a clause of another contact)."""
        groups = self.expressions(sentence)
        if contact is None or contact.trigger < 0 or len(groups) < 2:
            return groups
        rel, text = contact.trigger - sentence.start, sentence.text.lower()
        lo, hi = 0, len(text)
        for lex in self.lexicons[:1]:
            rx = lex.regex("contrast_clauses")
            for m in rx.finditer(text) if rx is not None else ():
                lo, hi = (max(lo, m.end()), hi) if m.end() <= rel else (lo, min(hi, m.start()))
        return sorted(groups, key=lambda g: not lo <= g[0].start < hi)  # stable: text order within each

    def _aside(self, sentence: Sentence, expr: DateExpr, trigger: int) -> bool:
        """Whether a date lies in a relative clause between commas, about a name ("Merz, who …"; not "talks,
        which took place on Monday"), that does not hold the contact's word."""
        text, rel = sentence.text, trigger - sentence.start
        lo = text.rfind(",", 0, expr.start)
        hi = text.find(",", expr.end)
        if trigger < 0 or lo < 0 or lo <= rel < (hi if hi >= 0 else len(text)):
            return False
        words = text[:lo].split()
        antecedent = words[-1:]
        if not antecedent or not antecedent[0][:1].isupper():
            return False
        preps = word_list(self.lexicons[:1], "visit_prepositions")
        if len(words) >= 2 and words[-2].lower() in preps and rel < lo:
            return False  # "will go to Ankara, where on Wednesday he will hold talks": the trip's programme
        opener = text[lo + 1:expr.start].split()[:1]
        pronouns = word_list(self.lexicons[:1], "relative_pronouns")
        return bool(opener) and opener[0].lower() in pronouns

    def _plan_first(self, sentence: Sentence) -> tuple[list[list[DateExpr]], int]:
        """A plan's dates, those after the sentence's first future marker first ("arrived on Monday, where
        he will meet X on Tuesday": the meeting's day is Tuesday, Monday the arrival's), and how many
        such groups lead: one of them may name the reference day itself ("will meet … today")."""
        groups = self.expressions(sentence)
        if len(groups) < 2:
            return groups, 0
        marks = [m.start() for lex in self.lexicons
                 if (m := next(lex.finditer(("future",), sentence.text, self.index, sentence.start), None)) is not None]
        if not marks:
            return groups, 0
        at = sentence.start + min(marks)
        after = [g for g in groups if g[0].start >= at]
        return after + [g for g in groups if g[0].start < at], len(after) if len(after) < len(groups) else 0

    def _resolve(self, expr: DateExpr, sentence: Sentence, ref: dt.date | None, ref_name: str, planned: bool,
                 year: int | None) -> DateInfo | None:
        if expr.kind == "same_day":  # the nearest sentence before with a day of its own, in the paragraph ("The
            got = None  # talks lasted an hour. Lee also met Carney the same day": the day two sentences back), or
            also = self._carries(sentence)  # before it with "also" ("Lee also met Carney the same day")
            for k in range(1, SAME_DAY_SENTENCES + 1):
                before = self.sentences.get(sentence.index - k)
                got = self.own_date(before, planned) if before is not None else None
                if got is not None or before is None or (before.paragraph != sentence.paragraph and not also):
                    break
            if got is not None and got[0].date:
                shift = expr.value or 0  # "a day earlier": one day before the sentence before's
                day = (dt.date.fromisoformat(got[0].date) + dt.timedelta(days=shift)).isoformat()
                how = "same day as" if not shift else f"{abs(shift)} day(s) {'before' if shift < 0 else 'after'}"
                return DateInfo(date=day, source=f"{how} the sentence before", kind="derived")
        return resolve_expr(expr, ref, planned, year, ref_name)

    def plausible(self, info: DateInfo, contact: Contact, ref: dt.date | None) -> bool:
        """Every named participant held office then (or was elected to it), and it is not years after
        the reference date: else the number is a counter, a price, or another event's date."""
        lo, hi = info.date or info.start, info.date or info.end
        if lo is None:
            return True
        if ref is not None and lo > (ref + dt.timedelta(days=3 * 366)).isoformat():
            return False
        return all(self.kb.in_office(p.person_id, lo, hi) for p in contact.participants
                   if p.person_id and p.by_name)  # a title or a pronoun may stand for anyone

    def carried(self, contact: Contact, sentence: Sentence, planned: bool) -> DateInfo | None:
        """A day-level date of the previous sentence in the paragraph, or (for a main contact) of the headline."""
        before = self.sentences.get(sentence.index - 1)
        sources = [(before, "previous sentence")] if before is not None and before.paragraph == sentence.paragraph \
            else []
        if not sources and self.trip is None and self._carries(sentence):  # "Sybiha also met Nawrocki": that
            # occasion's day (in a report that sums up a trip, "also" is a day of the trip)
            sources = [(s, "the contact before") for k in range(1, SAME_DAY_SENTENCES + 1)
                       if (s := self.sentences.get(sentence.index - k)) is not None and s.index in self.claimed]
        if contact.salience == "main" and self.headline is not None and self.headline is not sentence:
            sources.append((self.headline, "headline"))
        lead = self._lead(contact, sentence)  # the headline's contact told again in the lead: the lead's day
        planned = planned or any(s.index in self.planned for s in lead[:1])  # the lead's tense, not the title's
        sources += [(s, "the lead on the same contact") for s in lead]
        if contact.salience == "main":
            sources += [(s, "a later sentence on the same contact") for s in self._restated(contact, sentence)]
        ref = self.reference(sentence)[0]
        for s, how in sources:
            if _DATELINE.match(s.text):
                continue  # a dateline's day is the reference date, the default already
            got = self.own_date(s, planned, contact=contact)
            if got is None or got[1] < CARRY_MIN or not (got[0].date or got[0].start):
                continue
            info = got[0]
            if ref is not None and info.date and (info.date <= ref.isoformat() if planned
                                                  else info.date > ref.isoformat()):
                continue  # a plan is not dated before the reference date, a past contact not after it
            return DateInfo(date=info.date, start=info.start, end=info.end, source=f"{how}: {info.source}",
                            kind="derived")
        return None


    @cached_property
    def trip(self) -> DateInfo | None:
        """The days of a visit the report's first sentences give ("the visit of 31 August – 3 September
        has ended"): the report sums up a trip, and its undated talks lie within it."""
        ordered = sorted(self.sentences.values(), key=lambda s: s.index)[:TRIP_SENTENCES]
        for s in ordered:
            # the document's index skips the sentences with no visit word (most), without the regex
            if not any(next(lex.finditer(("triggers", "visit"), s.text, self.index, s.start), None) is not None
                       for lex in self.lexicons):
                continue
            info = self._span(s)
            if info is not None and (dt.date.fromisoformat(info.end or "") -
                                     dt.date.fromisoformat(info.start or "")).days <= TRIP_DAYS:
                return info
        return None

    def _span(self, s: Sentence) -> DateInfo | None:
        """A sentence's range of days: one range expression, or two days written side by side
        ("31-августтан 3-сентябрга чейин", "from 31 August to 3 September")."""
        ref, ref_name, _ = self.reference(s)
        groups = self.expressions(s)
        joined = [a + b for a, b in zip(groups, groups[1:], strict=False)
                  if self._joins_span(s.text[a[-1].end:b[0].start])]  # "from 31 August to 3 September"
        for group in joined + groups:
            days = [e for e in group if e.kind in ("day", "range")]
            ends = [self._resolve(e, s, ref, ref_name, False, None) for e in (days[:1] + days[-1:])] if days else []
            if len(ends) == 2 and all(x is not None for x in ends):
                lo = ends[0].date or ends[0].start  # type: ignore[union-attr]
                hi = ends[1].date or ends[1].end  # type: ignore[union-attr]
                if lo and hi and lo < hi:
                    return DateInfo(start=lo, end=hi, source="text range", kind="text")
        return None

    def within_trip(self, sentence: Sentence, ref: dt.date) -> DateInfo | None:
        """An undated contact of a report published after the trip it sums up: a day of the trip ("on the
        first day of the visit"), or the trip's days, never the publication day."""
        trip = self.trip
        if trip is None or not trip.start or not trip.end or trip.end >= ref.isoformat():
            return None
        for lex in self.lexicons:
            hit = rx.search(sentence.text) if (rx := lex.regex("trip_days")) is not None else None
            offset = lex.lookup("trip_days", hit.group()) if hit is not None else None
            if offset is not None:
                first, last = dt.date.fromisoformat(trip.start), dt.date.fromisoformat(trip.end)
                day = first + dt.timedelta(days=int(offset)) if int(offset) >= 0 else \
                    last + dt.timedelta(days=int(offset) + 1)
                return DateInfo(date=day.isoformat(), source=f"day of the trip ('{hit.group()}')",  # type: ignore[union-attr]
                                kind="derived")
        return DateInfo(start=trip.start, end=trip.end, source="within the trip the report sums up", kind="derived")

    def _joins_span(self, gap: str) -> bool:
        """What may stand between the two ends of a range of days: a dash, or a word like "to" / "до"."""
        word = gap.strip()
        return word in ("-", "–", "—") or any(
            (rx := lex.regex("range_joiners")) is not None and rx.fullmatch(word) for lex in self.lexicons)

    def _carries(self, sentence: Sentence) -> bool:
        """The sentence says its contact goes with the one before ("also", "later", ``carry_cues``)."""
        return any_phrase(self.lexicons[:1], ("carry_cues",), sentence.text)

    def finer_day(self, contact: Contact, sentence: Sentence, planned: bool, info: DateInfo) -> DateInfo | None:
        """The day (or shorter range) a later sentence on the same contact gives within the range its own
        sentence gives: "next week … The visit, planned for Oct. 21"; a headline's "in March" and its lead's
        "on March 18–19"."""
        for s in self._lead(contact, sentence) + self._restated(contact, sentence):
            got = self.own_date(s, planned, contact=contact)
            if got is None:
                continue
            day = got[0]
            lo, hi = day.date or day.start, day.date or day.end
            if lo and hi and (info.start or "") <= lo <= hi <= (info.end or "") and (lo, hi) != (info.start, info.end):
                return DateInfo(date=day.date, start=None if day.date else lo, end=None if day.date else hi,
                                source=f"a later sentence on the same contact: {day.source}", kind="derived")
        return None

    def _lead(self, contact: Contact, sentence: Sentence) -> list[Sentence]:
        """For the headline, the lead's sentences that name the same countries (they tell its contact again)."""
        if sentence is not self.headline:
            return []
        return [s for k in range(1, LEAD_SENTENCES + 1) if (s := self.sentences.get(sentence.index + k)) is not None
                and contact.countries in self.pairs.get(s.index, set())]

    def _restated(self, contact: Contact, sentence: Sentence) -> list[Sentence]:
        """Later sentences that speak of the contact again without naming anyone ("The call took place
        yesterday evening"): no other contact claims them and they use a word of its kind."""
        out = []
        paths = (("triggers", contact.kind), ("restated", contact.kind))
        for i in range(sentence.index + 1, sentence.index + 1 + RESTATED_SENTENCES):
            s = self.sentences.get(i)
            if s is None or i in self.claimed:
                continue
            if self.index is not None and not self.index.may_any(paths, s.start, s.end):
                continue  # most sentences: no word of the contact's kind, and the index says so at once
            words = [m for lex in self.lexicons for path in paths
                     for m in lex.finditer(path, s.text, self.index, s.start)]
            if not words:
                continue  # most sentences: no word of the contact's kind, so their dates need not be read
            dates = [e for group in self.expressions(s) for e in group]
            if any(0 <= e.start - m.end() <= RESTATED_GAP for m in words for e in dates):
                out.append(s)  # the date follows the word: "the call took place yesterday", not "said on Monday that"
        return out


def _anchors_offset(text: str, expr: DateExpr, after: list[DateExpr]) -> bool:
    """"Speaking on Friday, a day after his talks": the report's day is what the offset counts from."""
    return bool(after) and after[0].kind == "offset" and set(text[expr.end:after[0].start]) <= _ADJACENT


def _shifted(info: DateInfo | None, offset: DateExpr, ref: dt.date | None, ref_name: str) -> DateInfo | None:
    """"Speaking on Friday, a day after his talks": the day next to the phrase, moved by its offset."""
    kind: DateKind | None
    if info is None and ref is not None:
        base, ref_source, kind = ref, f"relative to {ref_name}", "derived"
    elif info is not None and info.date:
        base, ref_source, kind = dt.date.fromisoformat(info.date), info.source, info.kind
    else:
        return info
    day = base + dt.timedelta(days=offset.value or 0)
    return DateInfo(date=day.isoformat(), source=f"{ref_source}, {offset.value:+d} day", kind=kind)


def _clip(info: DateInfo, contact: Contact, ref: dt.date | None) -> DateInfo:
    """A range the tense cuts at the reference date: an occurred contact cannot end after it, a
    planned one cannot start before it ("in September" said on 3 September of a visit that took place)."""
    if ref is None or info.date or not (info.start and info.end):
        return info
    day = ref.isoformat()
    if contact.status_source == "past verb" and info.start <= day < info.end:
        info.end = day
    elif contact.status_source == "future marker" and info.start < day <= info.end:
        info.start = day
    return info


def _within_terms(info: DateInfo, contact: Contact, kb: KnowledgeBase) -> DateInfo:
    """A range cut to the days every named participant held office: "a call in January" with a
    president sworn in on 20 January is between 20 and 31 January.  A range no term meets stays."""
    if info.date or not (info.start and info.end):
        return info
    shared = common_terms(kb, [(p.person_id, p.role) for p in contact.participants if p.person_id]) or []
    for lo, hi in shared:
        start, end = max(info.start, lo or info.start), min(info.end, hi or info.end)
        if start <= end:
            if (start, end) != (info.start, info.end):
                info.start, info.end = start, end
                info.source = f"{info.source}, within the terms in office"
            break
    return info


def date_contact(contact: Contact, sentence: Sentence, doc: Document, kb: KnowledgeBase,
                 index: LexIndex | None = None, context: Context | None = None) -> DateInfo:
    """The date of one contact from its evidence sentence, its neighbours and the reference date."""
    ctx = context or Context(doc, kb, [sentence], index)
    ref, _, default_source = ctx.reference(sentence)
    planned = contact.status == "planned"
    year = None
    if ref is None:
        lo, hi = bounds(contact, doc, kb, ctx.clues)
        year = int(lo[:4]) if lo and hi and lo[:4] == hi[:4] else None
    got = ctx.own_date(sentence, planned, year, contact)
    info = got[0] if got is not None else None
    if info is not None and not info.date and info.start and info.end and contact.salience == "main":
        info = ctx.finer_day(contact, sentence, planned, info) or info  # "next week … The visit, on 21 October"
    if info is None or not (info.date or info.start or info.month_day):
        # "Лукашенко посетит Китай 3–4 июня. В программе визита — переговоры с Си": untensed, it is the plan's
        ahead = planned or (contact.status_source == "default" and sentence.index - 1 in ctx.planned)
        info = ctx.carried(contact, sentence, ahead) or info
    if info is None and ref is not None and contact.salience == "main" and not planned:
        return ctx.within_trip(sentence, ref) or DateInfo(date=ref.isoformat(), source=default_source, kind="published")
    if info is not None and (info.date or info.start):
        return _within_terms(_clip(info, contact, ref), contact, kb)
    if info is None and ref is None and doc.dateline and contact.salience == "main":
        info = DateInfo(source="dateline (no year)", month_day=doc.dateline, kind="derived")
    lo, hi = bounds(contact, doc, kb, ctx.clues)
    if ref is not None:  # a mentioned contact with no date of its own: before or after the reference
        lo, hi = (ref.isoformat(), hi) if planned else (lo, ref.isoformat())
    if lo and hi and lo > hi:  # terms that never overlap (or miss the reference): no range, not a reversed one
        day = ref.isoformat() if ref is not None else None
        lo, hi = (day, None) if planned else (None, day)
    out = info or (DateInfo(source="term overlap", kind="term") if lo else DateInfo())
    out.start, out.end = lo, hi
    if out.month_day and lo:
        out = narrow_month_day(out)
    return out


def dates(doc: Document, sentences: list[Sentence], contacts: list[Contact], kb: KnowledgeBase,
          index: LexIndex | None = None) -> list[Contact]:
    """Set the date of every contact (pure: returns the same contacts with dates filled)."""
    ctx = Context(doc, kb, sentences, index)
    ctx.claimed = {i for c in contacts for i in c.sentences}
    ctx.planned = {i for c in contacts if c.status == "planned" for i in c.sentences}
    for c in contacts:
        for i in c.sentences:
            ctx.pairs.setdefault(i, set()).add(c.countries)
    for c in contacts:
        c.date = date_contact(c, ctx.sentences[c.sentences[0]], doc, kb, index, ctx)
        _after_publication(c, doc)
        c.date = _later_stop(c, c.date)
    return contacts


def _later_stop(contact: Contact, info: DateInfo) -> DateInfo:
    """"A tour of Kenya, Ghana and Peru beginning on 2 May": the day is the first stop's; a later one
    is on or after it, on a day the sentence does not say."""
    if info.date and any(p.derivation and p.derivation.startswith(LATER_STOP) for p in contact.participants):
        return DateInfo(start=info.date, source=f"{info.source}, on or after (a later stop of the tour)",
                        kind=info.kind)
    return info


def _after_publication(contact: Contact, doc: Document) -> None:
    """A contact the text dates after the publication day has not happened yet, whatever the tense of
    the sentence that tells of it ("he described the tour, which begins on 4 June"): it is planned."""
    info = contact.date
    if contact.status == "occurred" and info.date and info.from_text and doc.published and info.date > doc.published:
        contact.status, contact.status_source = "planned", "date after publication"
