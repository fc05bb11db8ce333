"""Generated name variants: case folding, transliteration and inflection.

The knowledge base lists base forms only; these rules produce the spellings news actually use
(Zhaparov / Japarov / Dzhaparov, Путиным, Жапарова, Бишкеке), so nobody maintains them by hand.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Iterable


def _fold_table() -> dict[int, str]:
    table = {ord("ё"): "е", ord("Ё"): "е", ord("\u00a0"): " ", ord("\u202f"): " "}
    # Kazakh and Kyrgyz letters fold to their Russian neighbours, so one spelling of a name matches
    # the others (Тоқаев / Токаев, Бішкек / Бишкек) without listing each by hand.
    for turkic, russian in zip("әғқңөұүһі", "агкноуухи", strict=True):
        table[ord(turkic)] = russian
    for ch in "\u2010\u2011\u2012\u2013\u2014\u2015\u2212":
        table[ord(ch)] = "-"
    for ch in "\u2018\u2019\u02bc\u02bb`\u00b4":
        table[ord(ch)] = "'"
    for ch in "\u201c\u201d\u00ab\u00bb\u201e":
        table[ord(ch)] = '"'
    for code in range(0xC0, 0x250):  # Latin-1 supplement and Latin Extended-A/B: strip diacritics
        ch = chr(code)
        base = unicodedata.normalize("NFKD", ch)[0]
        if base != ch and base.isascii() and base.isalpha():
            table[code] = base.lower()
    return table


FOLD = _fold_table()
# str.translate looks every character up in a dict; a regex character class finds the few that fold
# several times faster, and each of them is then replaced throughout by one str.replace (a Kazakh text
# has hundreds of "қ" and "ә" but a dozen distinct such characters: a callback per character cost more).
# No character folds to one that folds again, so the order of the replacements does not matter.
_FOLDABLE = re.compile("[" + "".join(re.escape(chr(c)) for c in sorted(FOLD)) + "]")


def fold(text: str) -> str:
    """Lower-case and fold typographic variants, keeping the length so offsets still apply."""
    low = text.lower()
    if len(low) != len(text):  # rare characters whose lower case is longer (e.g. "İ")
        low = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
    for ch in set(_FOLDABLE.findall(low)):
        low = low.replace(ch, FOLD[ord(ch)])
    return low


# --- transliteration Cyrillic -> Latin -----------------------------------------------------------

_BASE = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ж": "zh", "з": "z", "и": "i",
    "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t",
    "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "", "ы": "y",
    "ь": "", "э": "e", "ю": "yu", "я": "ya", "ә": "a", "ғ": "g", "қ": "k", "ң": "ng", "ө": "o",
    "ұ": "u", "ү": "u", "һ": "h", "і": "i",
}
# Alternative renderings seen in English-language media, tried in combination.
_ALTERNATIVES = {
    "ж": ("zh", "j", "dzh"),
    "х": ("kh", "h"),
    "й": ("y", "i"),
    "е": ("e", "ye"),
    "ю": ("yu", "iu"),
    "я": ("ya", "ia"),
    "ы": ("y", "i"),
    "қ": ("k", "q"),
    "ё": ("yo", "e"),
}
_VOWELS = set("аеёиоуыэюяәөұүі")


def transliterate(text: str, choice: dict[str, str] | None = None) -> str:
    """One Latin rendering of Cyrillic ``text``; ``choice`` overrides letters (e.g. ж→j)."""
    table = {**_BASE, **(choice or {})}
    return "".join(table.get(ch, ch) for ch in fold(text))


def transliterations(text: str, limit: int = 32) -> set[str]:
    """Plausible Latin spellings of a Cyrillic name, e.g. Жапаров → zhaparov, japarov, dzhaparov."""
    low = fold(text)
    letters = [ch for ch in _ALTERNATIVES if ch in low]
    variants = {transliterate(low)}
    for combo in itertools.product(*(_ALTERNATIVES[ch] for ch in letters)):
        variants.add(transliterate(low, dict(zip(letters, combo, strict=True))))
        if len(variants) >= limit:
            break
    # "-iy" endings are commonly shortened: Юрий → Yuri / Yury.
    variants |= {v[:-2] + "i" for v in variants if v.endswith("iy")}
    return variants


def is_cyrillic(text: str) -> bool:
    return any("\u0400" <= ch <= "\u04ff" for ch in text)


# --- Russian inflection --------------------------------------------------------------------------

_HUSHING = set("гкхжшчщ")
CASES = ("nom", "gen", "dat", "acc", "ins", "loc")


def _paradigm(word: str, feminine: bool) -> tuple[str, ...]:
    """The six case forms of one Russian name word, chosen by its ending."""
    w, low = word, word.lower()

    def swap(cut: int, *ends: str) -> tuple[str, ...]:
        stem = w[: len(w) - cut]
        return tuple(stem + e for e in ends)

    if not is_cyrillic(w):
        return (w,) * 6
    if low.endswith(("ский", "цкий")):
        return swap(2, "ий", "ого", "ому", "ого", "им", "ом")
    if low.endswith("ая"):
        return swap(2, "ая", "ой", "ой", "ую", "ой", "ой")
    if feminine and low.endswith(("ова", "ева", "ина", "ына")):
        return swap(1, "а", "ой", "ой", "у", "ой", "ой")
    if low.endswith("ий"):
        return swap(1, "й", "я", "ю", "я", "ем", "и")
    if low.endswith(("й", "ь")):
        return swap(1, w[-1], "я", "ю", "я", "ем", "е")
    if low.endswith("а"):
        gen = "и" if low[-2:-1] in _HUSHING else "ы"
        return swap(1, "а", gen, "е", "у", "ой", "е")
    if low.endswith("я"):
        return swap(1, "я", "и", "е", "ю", "ей", "е")
    if low[-1] in "оеиуюэы" or feminine:
        return (w,) * 6  # indeclinable: Лукашенко, Эмомали, a woman's consonant-final surname
    if low.endswith(("ов", "ев", "ин", "ын")):
        return swap(0, "", "а", "у", "а", "ым", "е")  # Russian-type surnames; see _FOREIGN_INS
    if low[-1] in _SIBILANT:
        return swap(0, "", "а", "у", "а", "ем", "е")  # unstressed after a sibilant: Шольцем, Бушем
    return swap(0, "", "а", "у", "а", "ом", "е")


_SIBILANT = set("цжшчщ")


def russian_name_forms(name: str, feminine: bool = False) -> set[str]:
    """Case forms of a Russian person name, every word in the same case (Владимиром Путиным).

    Foreign names ending like Russian surnames take -ом, not -ым (Си Цзиньпином, Эрдоганом is
    regular anyway), so both instrumental forms are generated for -ин/-ов/-ев/-ын words; after a
    sibilant the unstressed -ем (Шольцем) and the stressed -ом are both generated.  In a name of three
    words or more the first may also stay as it is (Абдель Фаттахом ас-Сиси).
    """
    words = name.split()
    paradigms = [_paradigm(w, feminine) for w in words]
    forms = {name} | {" ".join(p[i] for p in paradigms) for i in range(len(CASES))}
    if len(words) >= 3:  # a compound given name may keep its first word: Абдель Фаттахом ас-Сиси
        forms |= {" ".join([words[0]] + [p[i] for p in paradigms[1:]]) for i in range(len(CASES))}
    ins = CASES.index("ins")
    alt = [p[ins][:-2] + "ом" if (p[ins].endswith("ым") and p[0].lower().endswith(("ов", "ев", "ин", "ын")))
           or (p[ins].endswith("ем") and p[0][-1:].lower() in _SIBILANT) else p[ins] for p in paradigms]
    forms.add(" ".join(alt))
    return forms


def _inflect_word(word: str, feminine: bool) -> set[str]:
    return set(_paradigm(word, feminine))


_ADJ_CASES = {  # nom, gen, dat, acc, ins, loc of adjectives by gender, used in step with their noun
    "fem": ("ая", "ой", "ой", "ую", "ой", "ой"),
    "masc": ("ий", "ого", "ому", "ий", "им", "ом"),
    "masc_y": ("ый", "ого", "ому", "ый", "ым", "ом"),
    "masc_o": ("ой", "ого", "ому", "ой", "ым", "ом"),
    "neut": ("ое", "ого", "ому", "ое", "ым", "ом"),
    "plural_y": ("ые", "ых", "ым", "ые", "ыми", "ых"),
    "plural_i": ("ие", "их", "им", "ие", "ими", "их"),
}


def _adjective_paradigm(word: str) -> tuple[str, ...] | None:
    low = word.lower()
    for key, ends in _ADJ_CASES.items():
        if low.endswith(ends[0]) and len(word) > 3:
            stem = word[: -len(ends[0])]
            if key == "masc" and stem[-1:].lower() not in "кгхжшчщн":
                return None  # not an adjective ending after all
            return tuple(stem + e for e in ends)
    return None


def _place_noun_paradigm(word: str) -> list[tuple[str, ...]]:
    low = word.lower()
    if low.endswith("ты"):  # plural nouns: Штаты, Эмираты
        return [tuple(word[:-1] + e for e in ("ы", "ов", "ам", "ы", "ами", "ах"))]
    if low.endswith("ия"):
        return [tuple(word[:-1] + e for e in ("я", "и", "и", "ю", "ей", "и"))]
    if low.endswith("ь"):  # Казань (feminine) or Кремль (masculine): the ending does not tell
        return [_paradigm(word, False), tuple(word[:-1] + e for e in ("ь", "и", "и", "ь", "ью", "и"))]
    if low.endswith(("ец", "ей")) and len(low) > 4:  # the vowel drops: дворец → дворце, ручей → ручье
        stem, soft = word[:-2], low.endswith("ей")
        ends = ("ья", "ью", "ьем", "ье") if soft else ("ца", "цу", "цом", "це")
        return [_paradigm(word, False), (word, stem + ends[0], stem + ends[1], word, stem + ends[2], stem + ends[3])]
    return [_paradigm(word, False)]


def _possessive_paradigm(word: str) -> tuple[str, ...] | None:
    """A possessive adjective before a place's noun: "Бочаров ручей" → "в Бочаровом ручье"."""
    if not word.lower().endswith(("ов", "ев", "ин")) or len(word) <= 4:
        return None
    return tuple(word + e for e in ("", "а", "у", "", "ым", "ом"))


def russian_place_forms(name: str) -> set[str]:
    """Case forms of a Russian place name, adjectives agreeing with their noun in every case
    (Китайская Народная Республика → Китайской Народной Республики)."""
    words = name.split()
    if not words or not is_cyrillic(name):
        return {name}
    # The head noun is the first word that is not an adjective; what follows it is a complement
    # that does not change (Республика Казахстан → Республики Казахстан).
    def modifier(i: int, w: str) -> tuple[str, ...] | None:
        return _adjective_paradigm(w) or (_possessive_paradigm(w) if i < len(words) - 1 else None)

    head = next((i for i, w in enumerate(words) if modifier(i, w) is None), len(words) - 1)
    if len(words) == 1 and _adjective_paradigm(words[0]) is not None and words[0].lower().endswith(("ая", "ый")):
        return {name} | set(_adjective_paradigm(words[0]) or ())
    forms = {name}
    for noun in _place_noun_paradigm(words[head]):
        per_word: list[tuple[str, ...]] = []
        for i, w in enumerate(words):
            if i == head:
                per_word.append(noun)
            elif i < head and (adj := modifier(i, w)) is not None:
                per_word.append(adj)
            else:
                per_word.append((w,) * 6)  # genitive complements (Республика Корея) stay as they are
        forms |= {" ".join(p[c] for p in per_word) for c in range(6)}
    return forms


def russian_adjective_forms(lemma: str) -> set[str]:
    """All case/gender/number forms of a Russian adjective lemma (российский → российского…)."""
    low = lemma.lower()
    if low.endswith(("ский", "цкий", "кий", "гий", "хий")):
        stem = lemma[:-2]
        ends = ("ий", "ого", "ому", "им", "ом", "ая", "ой", "ую", "ое", "ие", "их", "ими")
    elif low.endswith(("ый", "ой")):
        stem = lemma[:-2]
        ends = ("ый", "ой", "ого", "ому", "ым", "ом", "ая", "ую", "ое", "ые", "ых", "ыми")
    elif low.endswith("ий"):
        stem = lemma[:-2]
        ends = ("ий", "его", "ему", "им", "ем", "яя", "ей", "юю", "ее", "ие", "их", "ими")
    else:
        return {lemma}
    return {stem + e for e in ends}


def adjective_forms(lemma: str, inflection: str) -> set[str]:
    """The forms of an adjective lemma its language's hook (``Language.inflection``) makes."""
    return russian_adjective_forms(lemma) if inflection == "russian" else {lemma}


def compound_prefix(lemma: str, inflection: str) -> str | None:
    """The combining form of an adjective in compounds, for a hook that makes one (кыргызско-)."""
    return russian_compound_prefix(lemma) if inflection == "russian" else None


def russian_compound_prefix(lemma: str) -> str | None:
    """The combining form used in compounds: кыргызский → кыргызско (кыргызско-российский)."""
    low = lemma.lower()
    if low.endswith(("ий", "ый", "ой")):
        return lemma[:-2] + "о"
    return None


_INITIAL = re.compile(r"\b([A-ZА-ЯЁ])\.\s*")


def expand(names: Iterable[str], inflection: str, kind: str) -> set[str]:
    """All generated surface forms of ``names`` for an entity of ``kind``, in a language whose hook
    (``Language.inflection``: "russian" or "none") is ``inflection``."""
    out: set[str] = set()
    for name in names:
        out.add(name)
        if inflection == "russian":
            if kind == "person":
                out |= russian_name_forms(name)
            elif kind in ("place", "country", "org"):
                out |= russian_place_forms(name)  # an organisation's head noun declines like a place's
            elif kind == "adjective":
                out |= russian_adjective_forms(name)
        if "-" in name:
            out.add(name.replace("-", " "))
        if kind == "person" and _INITIAL.search(name):
            out.add(_INITIAL.sub(r"\1 ", name))  # "S. Jaishankar" is also written "S Jaishankar"
    return out
