"""The lexicon index finds exactly what the full regex scans find, at every offset."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from summitry.events.cues import CUE_LISTS, Cues, cut
from summitry.knowledge import load_kb
from summitry.knowledge.lexindex import build_first_words, first_word_starts

KB = load_kb()
LANGS = sorted(KB.lexicons)
PHRASES = {lang: sorted({e.replace("*", "ами") for _, entries in KB.lexicons[lang].entries() for e in entries})
           for lang in LANGS}
NOISE = ["", " ", "  ", "\n", ", ", ". ", "x", "15", "-", "«", "’s ", "İ", "\u00a0"]


@st.composite
def texts(draw: st.DrawFn) -> tuple[str, str]:
    lang = draw(st.sampled_from(LANGS))
    parts = draw(st.lists(st.one_of(st.sampled_from(PHRASES[lang]), st.sampled_from(NOISE)), max_size=12))
    text = "".join(p.upper() if draw(st.booleans()) and len(p) < 4 else p for p in parts)
    return lang, text


@settings(max_examples=300, deadline=None)
@given(texts(), st.integers(0, 30), st.integers(0, 30))
def test_index_matches_equal_full_scan(sample, cut_a, cut_b):
    lang, text = sample
    index = KB.lex_index(text, lang)
    a = min(cut_a, len(text))
    b = max(a, len(text) - cut_b)
    piece = text[a:b]  # a "sentence" at offset a of the document
    for lex in KB.lexicons_for(lang):
        for path, _ in lex.entries():
            rx = lex.regex(*path)
            if rx is None:
                continue
            full = [(m.start(), m.end()) for m in rx.finditer(piece)]
            fast = [(m.start(), m.end()) for m in index.finditer(path, rx, piece, a)]
            assert fast == full, (path, piece)
            assert index.search(path, rx, piece, a) == bool(full)
            present = index.present(a, b)
            if full and present is not None:
                assert path in present
    paths = frozenset(path for lex in KB.lexicons_for(lang) for path, _ in lex.entries())
    present = index.present(a, b)
    assert index.among(paths, a, b) == (None if present is None else paths & present)
    some = sorted(paths)[::7]
    assert index.may_any(some, a, b) == any(index.may(p, a, b) for p in some)


def test_unindexable_text_falls_back_to_full_scans():
    index = KB.lex_index("İstanbul talks", "en")  # "İ" lower-cases to two characters
    assert index.present(0, 5) is None and index.may(("triggers", "meeting"), 0, 5)
    rx = KB.lexicons["en"].regex("triggers", "meeting")
    assert [m.group(0) for m in index.finditer(("triggers", "meeting"), rx, "İstanbul talks")] == \
        [m.group(0) for m in rx.finditer("İstanbul talks")]


def test_phrases_split_by_several_spaces_are_still_found():
    """Two-word heads are used only on single-spaced text; "held  talks" falls back to one-word heads."""
    rx = KB.lexicons["en"].regex("triggers", "meeting")
    text = "They held  talks and\nmet again."
    index = KB.lex_index(text, "en")
    found = [m.group(0) for m in index.finditer(("triggers", "meeting"), rx, text)]
    assert found == [m.group(0) for m in rx.finditer(text)] and found


CASE_NOISE = ["ı", "ſ", "ᲀ", "ᲂ", "Σ", "_", "\t"]


@settings(max_examples=150, deadline=None)
@given(texts(), st.lists(st.sampled_from(CASE_NOISE), max_size=2), st.integers(0, 30))
def test_cue_table_matches_equal_full_scan(sample, noise, cut_a):
    """A sentence's cue table finds in any window of it (cut anywhere, lower-cased or not) exactly what
    the full regex scan finds, case folding included; a list it calls absent matches in no window not
    cut inside a word."""
    lang, text = sample
    text = "".join(noise) + text
    a = min(cut_a, len(text))
    lexicons = KB.lexicons_for(lang)
    cues = Cues(text, lexicons)
    for b in range(a, len(text) + 1):  # every end: a window cut inside a word at its end reads its last word so
        windows = [text[a:b]] + ([text[a:b].lower()] if len(text.lower()) == len(text) else [])
        for path in sorted(CUE_LISTS):
            for window in windows:
                for lex in lexicons:
                    rx = lex.regex(*path)
                    full = [m.span() for m in rx.finditer(window)] if rx is not None else []
                    assert cues.spans([lex], path, window, a) == full, (path, window)
                    if full and not cut(text, a, b):
                        assert not cues.absent(frozenset({path})), (path, window)


def test_cue_table_reads_windows_cut_inside_words():
    lexicons = KB.lexicons_for("en")
    cues = Cues("Then hex could", lexicons)
    assert cues.spans(lexicons, ("pronouns",), "Then he", 0) == [(5, 7)]  # "he", the end of the window
    assert cues.spans(lexicons, ("pronouns",), "he", 2) == [(0, 2)]  # "he", the start of one
    assert cues.spans(lexicons, ("pronouns",), "Then hex could", 0) == []


def test_first_words_fold_as_ignorecase_does():
    words = build_first_words([(("x",), ["ıt*"]), (("y",), ["~ to"]), (("z",), ["he"])])
    assert first_word_starts("It", words) == [(0, (("x",),))]  # "ı" is "i" to re.IGNORECASE
    assert first_word_starts("the he", words) == [(4, (("z",),))]  # whole words only: not "he" in "the"
    assert words[1] == {("y",)}  # "~" may start anywhere
    assert first_word_starts("ᲀ it", words) is None and first_word_starts("İt", words) is None
