"""No stage code tests for a language by its code: what a rule needs to know about a language is in its
record (``knowledge/languages.py``, the ``language:`` block of its lexicon), so that a new language is data.

The scan flags a string equal to a registered code that is compared with (``lang == "ru"``, ``lang in
("kk", "ky")``) or listed in a container (a tuple, list, set, dict key or ``Literal[...]``)."""

from __future__ import annotations

import ast
from pathlib import Path

import summitry

SRC = Path(summitry.__file__).parent
# Where a registered code may stand, each with why: (file under src/summitry, enclosing name).
ALLOWED = {
    ("segment.py", "_DOMAINS"): "web domains (kabar.kg, tass.ru) are not languages",
}


def _codes_in(node: ast.AST, codes: set[str]) -> list[ast.Constant]:
    """The string constants equal to a code in an operand: the constant itself or a container's items."""
    items = node.elts if isinstance(node, ast.Tuple | ast.List | ast.Set) else [node]
    return [i for i in items if isinstance(i, ast.Constant) and isinstance(i.value, str) and i.value in codes]


def _flagged(tree: ast.AST, codes: set[str]) -> list[tuple[ast.Constant, str]]:
    """(constant, enclosing top-level name) for every code used in a comparison or a container."""
    out: list[tuple[ast.Constant, str]] = []
    for top in ast.iter_child_nodes(tree):
        name = getattr(top, "name", "")
        if isinstance(top, ast.Assign | ast.AnnAssign):
            targets = top.targets if isinstance(top, ast.Assign) else [top.target]
            name = next((t.id for t in targets if isinstance(t, ast.Name)), "")
        for node in ast.walk(top):
            found: list[ast.Constant] = []
            if isinstance(node, ast.Compare):
                for operand in [node.left, *node.comparators]:
                    found += _codes_in(operand, codes)
            elif isinstance(node, ast.Tuple | ast.List | ast.Set):
                found += _codes_in(node, codes)
            elif isinstance(node, ast.Dict):
                found += [k for k in node.keys if k is not None for k in _codes_in(k, codes)]
            out += [(c, name) for c in found]
    return out


def language_literals(codes: set[str], root: Path = SRC) -> list[str]:
    """``file:line: 'code' (in name)`` for each flagged literal outside ``ALLOWED``, once each."""
    seen: dict[tuple[str, int, int], str] = {}
    for path in sorted(root.rglob("*.py")):
        rel = path.relative_to(root).as_posix()
        for const, name in _flagged(ast.parse(path.read_text(encoding="utf-8")), codes):
            if (rel, name) not in ALLOWED:
                seen[(rel, const.lineno, const.col_offset)] = f"{rel}:{const.lineno}: {const.value!r} (in {name})"
    return list(seen.values())


def test_stage_code_names_no_language_by_its_code(kb):
    found = language_literals(set(kb.languages.codes))
    assert not found, ("a language code in code: read its record instead (kb.languages.get(code).has(trait), "
                       "fallbacks, place_suffixes…) or add a trait to knowledge/languages.py:\n" + "\n".join(found))


def test_the_scan_finds_a_code_compared_or_listed(tmp_path):
    (tmp_path / "stage.py").write_text('def f(lang):\n    return lang in ("kk", "ky") or lang == "ru"\n'
                                       'X = {"en": 1}\nlang = "en"\n', encoding="utf-8")
    assert language_literals({"en", "ru", "kk", "ky"}, tmp_path) == [
        "stage.py:2: 'kk' (in f)", "stage.py:2: 'ky' (in f)", "stage.py:2: 'ru' (in f)", "stage.py:3: 'en' (in X)"]


def test_every_allowed_place_still_holds_a_code(kb):
    """An exception nothing needs any more is removed, so the list stays short and true."""
    codes = set(kb.languages.codes)
    used = {(p.relative_to(SRC).as_posix(), name) for p in SRC.rglob("*.py")
            for _c, name in _flagged(ast.parse(p.read_text(encoding="utf-8")), codes)}
    assert set(ALLOWED) <= used
