"""Compile the human-edited YAML sources into the JSON artefact the package ships.

Like dateparser's language data: ``source/*.yaml`` (edited by people) → ``build`` (generates
inflected and transliterated variants, validates) → ``compiled/kb.json`` (loaded at run time).
A test rebuilds from the sources and checks the shipped artefact is identical.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from summitry.knowledge.languages import Language, LanguageError
from summitry.knowledge.variants import adjective_forms, compound_prefix, expand, fold, is_cyrillic, transliterations

SOURCE_DIR = Path(__file__).parent / "source"
COMPILED_PATH = Path(__file__).parent / "compiled" / "kb.json"
ROLES = ("head_of_state", "head_of_government", "foreign_minister")
ROLE_ALIASES = {"hos": "head_of_state", "hog": "head_of_government", "fm": "foreign_minister"}
# Countries whose press names people family name first: "Xi Jinping" is "Xi", "Moon Jae-in" is "Moon".
FAMILY_NAME_FIRST = frozenset({"CHN", "TWN", "KOR", "PRK", "KHM"})
NAME_LANG = "en"  # the language of a record's ``name`` (its canonical name, as exports report it)


class KnowledgeError(ValueError):
    """A knowledge source file is malformed; the message names the file and the entry."""


def _iso(value: Any) -> str | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value)
    try:
        dt.date.fromisoformat(text[:10])
    except ValueError as err:
        raise KnowledgeError(f"not an ISO date: {value!r}") from err
    return text[:10]


def _load_yaml(path: Path) -> Any:
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as err:
        raise KnowledgeError(f"{path}: cannot read knowledge source: {err}") from err


def _records(paths: Iterable[Path]) -> list[tuple[Path, dict[str, Any]]]:
    out: list[tuple[Path, dict[str, Any]]] = []
    for path in paths:
        data = _load_yaml(path) or []
        if not isinstance(data, list):
            raise KnowledgeError(f"{path}: expected a list of entries, got {type(data).__name__}")
        for rec in data:
            if not isinstance(rec, dict):
                raise KnowledgeError(f"{path}: every entry must be a mapping, got {rec!r}")
            out.append((path, rec))
    return out


def _names(rec: dict[str, Any], key: str = "names") -> dict[str, list[str]]:
    raw = rec.get(key) or {}
    if not isinstance(raw, dict):
        raise KnowledgeError(f"{rec.get('id') or rec.get('iso3')}: '{key}' must map language to a list")
    return {lang: [str(n) for n in (v if isinstance(v, list) else [v]) if n] for lang, v in raw.items()}


class _Patterns:
    """Surface form → entity references, with folded keys as the automaton will see them; the names of
    each language are inflected by its record's hook (``inflection``)."""

    def __init__(self, inflections: dict[str, str] | None = None) -> None:
        self.table: dict[str, set[tuple[str, str]]] = {}
        self.inflections = inflections or {}

    def inflection(self, lang: str) -> str:
        return self.inflections.get(lang, "none")

    def add(self, surface: str, kind: str, ident: str) -> None:
        key = fold(surface).strip()
        if len(key) >= 2:
            self.table.setdefault(key, set()).add((kind, ident))

    def as_json(self) -> dict[str, list[list[str]]]:
        return {k: sorted([list(v) for v in refs]) for k, refs in sorted(self.table.items())}


def _person(path: Path, rec: dict[str, Any], pats: _Patterns) -> dict[str, Any]:
    pid, name, country = rec.get("id"), rec.get("name"), rec.get("country")
    if not (pid and name and country):
        raise KnowledgeError(f"{path}: person needs id, name and country: {rec!r}")
    offices = [_office(path, pid, country, off) for off in rec.get("offices") or []]
    _person_forms(rec, str(pid), str(name), str(country), pats)
    out = {"name": str(name), "country": country, "born": _iso(rec.get("born")), "offices": offices}
    known = sorted({fold(str(x)).strip() for x in rec.get("surnames") or []})
    if known:
        out["known_as"] = known  # the short forms a curator listed: trusted alone, however short ("Lula")
    return out


def _office(path: Path, pid: str, country: str, off: Any) -> dict[str, Any]:
    """One office: the compact ``[role, start, end, acting|appointed]`` or a mapping, the role's alias resolved."""
    if isinstance(off, list):  # compact form: [role, start, end] or [role, start, end, acting|appointed]
        off = dict(zip(("role", "start", "end", "acting"), off, strict=False))
        off["appointed"] = off.get("acting") == "appointed"
        off["acting"] = off.get("acting") in (True, "acting")
    off["role"] = ROLE_ALIASES.get(off.get("role"), off.get("role"))
    if off.get("role") not in ROLES:
        raise KnowledgeError(f"{path}: {pid}: unknown role {off.get('role')!r} (use one of {ROLES})")
    return {"role": off["role"], "start": _iso(off.get("start")), "end": _iso(off.get("end")),
            "acting": bool(off.get("acting", False)), "country": off.get("country") or country,
            **({"appointed": True} if off.get("appointed") else {})}


def _person_forms(rec: dict[str, Any], pid: str, name: str, country: str, pats: _Patterns) -> None:
    """Every form a person's name takes in the text (inflected, transliterated) and the surname each gives."""
    names = _names(rec)
    full = {name} | {n for ns in names.values() for n in ns}
    family_first = country in FAMILY_NAME_FIRST

    def add(form: str) -> None:
        pats.add(form, "person", pid)
        words = form.split()
        if len(words) > 1:
            pats.add(words[0] if family_first else words[-1], "surname", pid)

    for lang, ns in names.items():
        for form in expand(ns, pats.inflection(lang), "person"):
            add(form)
    for n in full:
        add(n)
        if is_cyrillic(n):
            for latin in transliterations(n):
                add(latin)
    for sn in {fold(str(x)) for x in (rec.get("surnames") or [])}:
        pats.add(sn, "surname", pid)


def _country(path: Path, rec: dict[str, Any], pats: _Patterns) -> dict[str, Any]:
    iso3 = rec.get("iso3")
    if not iso3 or len(str(iso3)) != 3:
        raise KnowledgeError(f"{path}: country needs a three-letter iso3: {rec!r}")
    names, adjectives = _names(rec), _names(rec, "adjectives")
    for lang, ns in names.items():
        for form in expand(ns, pats.inflection(lang), "country"):
            pats.add(form, "country", iso3)
    for lang, ns in adjectives.items():
        for lemma in ns:
            for form in adjective_forms(lemma, pats.inflection(lang)):
                pats.add(form, "adjective", iso3)
            combining = compound_prefix(lemma, pats.inflection(lang))
            if combining:
                pats.add(combining + "-", "adjective", iso3)
    en = names.get(NAME_LANG) or [iso3]
    return {"name": en[0], "iso2": rec.get("iso2"), "un_member": bool(rec.get("un_member", True)),
            "leader": rec.get("leader") or "head_of_state", "capital": rec.get("capital"),
            **({"title_office": dict(rec["title_office"])} if rec.get("title_office") else {})}


def _place(path: Path, rec: dict[str, Any], pats: _Patterns) -> dict[str, Any]:
    pid = rec.get("id")
    if not (pid and rec.get("name") and rec.get("country")):
        raise KnowledgeError(f"{path}: place needs id, name and country: {rec!r}")
    for lang, ns in _names(rec).items():
        for form in expand(ns + [rec["name"]] if lang == NAME_LANG else ns, pats.inflection(lang), "place"):
            pats.add(form, "place", pid)
    former = [{"name": str(f["name"]), "start": _iso(f.get("start")), "end": _iso(f.get("end"))}
              for f in rec.get("former_names") or []]
    return {"name": rec["name"], "country": rec["country"], "kind": rec.get("kind") or "city",
            "city": rec.get("city"), "former": former,
            **({"seat_of": [str(o) for o in rec["seat_of"]]} if rec.get("seat_of") else {})}


def _org(path: Path, rec: dict[str, Any], pats: _Patterns) -> dict[str, Any]:
    oid = rec.get("id")
    if not oid:
        raise KnowledgeError(f"{path}: organisation needs an id: {rec!r}")
    for lang, ns in _names(rec).items():
        for form in expand(ns, pats.inflection(lang), "org"):
            pats.add(form, "org", oid)
    out = {"name": rec.get("name") or oid, "members": list(rec.get("members") or [])}
    attendance = rec.get("attendance")
    if attendance not in (None, "members", "members_named"):
        raise KnowledgeError(f"{path}: {oid}: attendance is 'members' or 'members_named', not {attendance!r}")
    if attendance:
        out["attendance"] = attendance  # whose summit is a meeting of all members, always or when said
    if rec.get("region"):
        out["region"] = True  # a region's "+ partner" formats: "Central Asia – Japan" = its members and Japan
    return out


PLOVER_MODES = (None, "phone", "visit", "third-party", "multilateral")  # PLOVER's CONSULT modes


def _kind(path: Path, rec: dict[str, Any], _pats: _Patterns) -> dict[str, Any]:
    """One contact kind (``kinds.yaml``); the codes are checked, since exports read them as they are."""
    name, trigger, cameo = rec.get("name"), rec.get("trigger"), rec.get("cameo")
    if not (isinstance(name, str) and name.isidentifier()):
        raise KnowledgeError(f"{path}: a contact kind needs a name of letters, digits and '_': {rec!r}")
    if not (isinstance(trigger, list) and trigger and all(isinstance(t, str) for t in trigger)):
        raise KnowledgeError(f"{path}: {name}: trigger is a lexicon path such as [triggers, {name}]")
    if not (isinstance(cameo, str) and len(cameo) == 3 and cameo.isdigit()):
        raise KnowledgeError(f"{path}: {name}: cameo is a three-digit code in quotes (\"041\"), not {cameo!r}")
    if rec.get("plover_mode") not in PLOVER_MODES:
        raise KnowledgeError(f"{path}: {name}: plover_mode is one of {PLOVER_MODES}, not {rec.get('plover_mode')!r}")
    if not isinstance(rec.get("precedence"), int) or not isinstance(rec.get("has_place"), bool):
        raise KnowledgeError(f"{path}: {name}: precedence is a number and has_place true or false")
    label = str(rec.get("label") or name.replace("_", " ").capitalize())
    return {"trigger": trigger, "precedence": rec["precedence"], "has_place": rec["has_place"], "cameo": cameo,
            "plover_mode": rec.get("plover_mode"), "label": label, "plural": str(rec.get("plural") or label + "s"),
            "mark": str(rec.get("mark") or "•")}


def _collect(kind: str, records: list[tuple[Path, dict[str, Any]]], key: str,
             fn: Callable[[Path, dict[str, Any], _Patterns], dict[str, Any]],
             pats: _Patterns, changes: list[str] | None = None) -> dict[str, Any]:
    """Records by id; a user's entry is reported in ``changes`` as added or overriding a shipped one."""
    out: dict[Any, Any] = {}  # keyed by the id as YAML gave it (``fn`` refuses a record without one)
    for path, rec in records:
        ident = rec.get(key)
        if ident in out and not rec.get("override"):
            raise KnowledgeError(f"{path}: duplicate {kind} id {ident!r}; add 'override: true' to replace it")
        if changes is not None and not Path(path).resolve().is_relative_to(SOURCE_DIR.resolve()):
            changes.append(f"{path}: {kind} {ident} {'overridden' if ident in out else 'added'}")
        out[ident] = fn(path, rec, pats)
    return out


def _plain(value: Any) -> Any:
    """YAML values as JSON-safe plain data (dates become ISO strings)."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _no_booleans(path: Path, value: Any, where: str = "") -> None:
    """A lexicon word YAML reads as a boolean (on, no, yes, off) would silently match nothing."""
    if isinstance(value, dict):
        for k, v in value.items():
            _no_booleans(path, v, f"{where}.{k}" if where else str(k))
    elif isinstance(value, list):
        for v in value:
            if isinstance(v, bool):
                raise KnowledgeError(f"{path}: {where}: a word YAML reads as {v!r}; quote it (\"on\", \"no\")")
            _no_booleans(path, v, where)


def _extended(lex: dict[str, Any]) -> dict[str, Any]:
    """A lexicon with its ``extend`` section folded into the tables it names (maps merged, lists
    appended): additions kept at the end of a file so edits of the tables themselves merge cleanly."""
    for key, more in (lex.pop("extend", None) or {}).items():
        base = lex.get(key)
        if isinstance(base, dict) and isinstance(more, dict):
            lex[key] = {**base, **more}
        elif isinstance(base, list) and isinstance(more, list):
            lex[key] = base + [m for m in more if m not in base]
        else:
            lex[key] = more
    return lex


def section_of(path: Path) -> str:
    """What a user's YAML file holds, told from its content (its name may be anything)."""
    data = _load_yaml(path)
    if isinstance(data, dict) and ("lang" in data or {"triggers", "roles"} & set(data)):
        return "lang"
    first = data[0] if isinstance(data, list) and data and isinstance(data[0], dict) else None
    if first is None:
        raise KnowledgeError(f"{path}: cannot tell what it holds: expected a lexicon (a mapping with 'lang') "
                             "or a list of countries, people, places, organisations or contact kinds")
    for section, keys in (("kinds", {"has_place"}), ("countries", {"iso3"}), ("people", {"offices"}),
                          ("orgs", {"members"}),
                          ("places", {"kind", "city"})):
        if keys & set(first):
            return section
    raise KnowledgeError(f"{path}: cannot tell what its entries are: a country has 'iso3', a person 'offices', "
                         f"an organisation 'members', a place 'kind', a contact kind 'has_place' "
                         f"(found keys: {sorted(first)})")


def source_files(source_dirs: Iterable[Path]) -> dict[str, list[Path]]:
    """YAML files per section: the shipped sources by their layout, a user's folder by content."""
    files: dict[str, list[Path]] = {"kinds": [], "countries": [], "places": [], "orgs": [], "people": [], "lang": []}
    for base in source_dirs:
        if Path(base).resolve() != SOURCE_DIR.resolve():
            for path in sorted(Path(base).rglob("*.yaml")) + sorted(Path(base).rglob("*.yml")):
                files[section_of(path)].append(path)
            continue
        for section in ("kinds", "countries", "places", "orgs"):
            files[section] += sorted(base.glob(f"{section}*.yaml"))
        files["people"] += sorted((base / "people").glob("*.yaml")) + sorted(base.glob("people*.yaml"))
        files["lang"] += sorted((base / "lang").glob("*.yaml"))
    return files


@dataclass(frozen=True)
class Section:
    """One kind of record: its source section, its name in messages, its id key and its compiler."""

    name: str
    label: str
    key: str
    compile: Callable[[Path, dict[str, Any], _Patterns], dict[str, Any]]


# The record sections, compiled in this order: the order the CLI reports a user's additions in.
SECTIONS = (
    Section("kinds", "contact kind", "name", _kind),
    Section("countries", "country", "iso3", _country),
    Section("places", "place", "id", _place),
    Section("orgs", "organisation", "id", _org),
    Section("people", "person", "id", _person),
)


def _lexicons(paths: list[Path], changes: list[str]) -> tuple[dict[str, Any], dict[str, Any]]:
    """Each language's lexicon and record by its code, ``extend`` sections folded in; a user's reported in
    ``changes``.  A lexicon without a ``language:`` block keeps the record it replaces (or gets a bare one)."""
    out: dict[str, Any] = {}
    records: dict[str, Any] = {}
    for path in paths:
        lex = _load_yaml(path) or {}
        _no_booleans(path, lex)
        name = lex.get("lang") or path.stem
        extends = name in out and set(lex) <= {"lang", "extend"}  # only additions: kept over the shipped tables
        if not path.resolve().is_relative_to(SOURCE_DIR.resolve()):
            what = "extended" if extends else "overridden" if name in out else "added"
            changes.append(f"{path}: lexicon {name} {what}")
        record = lex.pop("language", None)
        if record is not None or name not in records:
            records[name] = _language(path, str(name), _plain(record or {}))
        out[name] = _extended({**out[name], "extend": _plain(lex.get("extend") or {})} if extends else _plain(lex))
    return out, records


def _language(path: Path, code: str, raw: Any) -> dict[str, Any]:
    """A lexicon's ``language:`` record, checked and in its compiled form."""
    if not isinstance(raw, dict):
        raise KnowledgeError(f"{path}: 'language' must be a mapping (name, script, traits, …)")
    try:
        return Language.read(code, raw).as_json()
    except (LanguageError, TypeError, ValueError) as err:
        raise KnowledgeError(f"{path}: {err}") from err


def compile_kb(source_dirs: Iterable[Path] = (SOURCE_DIR,)) -> dict[str, Any]:
    """Build the knowledge base dictionary from YAML sources (shipped first, then user extensions):
    the record sections (``SECTIONS``), the lexicons and language records, the name patterns they all gave
    (each language's names inflected by its record's hook), and a version."""
    files = source_files([Path(d) for d in source_dirs])
    lexicon_changes: list[str] = []
    lexicons, languages = _lexicons(files["lang"], lexicon_changes)
    pats = _Patterns({code: rec["inflection"] for code, rec in languages.items()})
    changes: list[str] = []
    kb: dict[str, Any] = {s.name: _collect(s.label, _records(files[s.name]), s.key, s.compile, pats, changes)
                          for s in SECTIONS}
    kb["lang"], kb["languages"] = lexicons, languages
    changes += lexicon_changes
    kb["patterns"] = pats.as_json()
    if changes:
        kb["extensions"] = changes  # what a user's folder added or replaced, for the CLI to say
    digest = hashlib.sha256(json.dumps(kb, sort_keys=True, ensure_ascii=False).encode()).hexdigest()
    kb["version"] = digest[:16]
    return kb


def compile_kinds(source_dirs: Iterable[Path] = (SOURCE_DIR,)) -> dict[str, Any]:
    """The kinds table alone (as ``compile_kb`` has it), for steps that need no other knowledge."""
    files = source_files([Path(d) for d in source_dirs])
    return _collect("contact kind", _records(files["kinds"]), "name", _kind, _Patterns())


def write_compiled(kb: dict[str, Any], path: Path = COMPILED_PATH) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(kb, ensure_ascii=False, sort_keys=True, separators=(",", ":")), encoding="utf-8")
    return path


if __name__ == "__main__":  # python -m summitry.knowledge.build
    print(write_compiled(compile_kb()))
