"""The pipeline's stage contract (``pipeline.STAGES``): every field a stage reads is set before it, and
each stage, watched as it runs, reads and sets only the ``_Doc`` fields its contract names."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from summitry import pipeline
from summitry.model import RawDocument

EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "corpus"
FIELDS = {f.name for f in dataclasses.fields(pipeline._Doc)}


class Watched(pipeline._Doc):
    """A ``_Doc`` that notes which of its fields are read and set, stage by stage."""

    def __getattribute__(self, name: str):
        if name in FIELDS:
            object.__getattribute__(self, "_log").append(("read", name))
        return object.__getattribute__(self, name)

    def __setattr__(self, name: str, value) -> None:
        if name in FIELDS and "_log" in self.__dict__:
            self._log.append(("set", name))
        object.__setattr__(self, name, value)


def _watched(raw: RawDocument) -> Watched:
    d = Watched.__new__(Watched)
    object.__setattr__(d, "_log", [])
    Watched.__init__(d, raw)
    d._log.clear()
    return d


def test_the_pipeline_keeps_its_contract():
    assert pipeline.check(pipeline.STAGES) == []


def test_a_stage_that_reads_what_no_earlier_stage_sets_fails():
    stages = list(pipeline.STAGES)
    entities = next(s for s in stages if s.name == "entities")
    stages.remove(entities)
    stages.insert(1, entities)  # before clean, scan and segment
    assert pipeline.check(stages) == [f"entities reads {n!r} before any stage sets it"
                                      for n in ("doc", "found", "look", "sentences")]
    wrong = dataclasses.replace(entities, needs=entities.needs | {"people"})
    assert pipeline.check([wrong]) and "no _Doc field" in pipeline.check([wrong])[0]
    unset = dataclasses.replace(pipeline.STAGES[0], sets=frozenset({"raw"}))
    assert "has no default" in pipeline.check([unset])[0]


def _documents() -> list[RawDocument]:
    docs = [RawDocument(p.stem, p.read_text(encoding="utf-8"), str(p)) for p in sorted(EXAMPLES.glob("*.txt"))]
    docs.append(RawDocument("nothing", "The weather was fine on Tuesday; markets rose.", "nothing"))
    return docs


@pytest.mark.parametrize("raw", _documents(), ids=lambda r: r.doc_id)
def test_each_stage_reads_and_sets_only_what_its_contract_names(kb, raw):
    d = _watched(raw)
    for stage in pipeline.STAGES:
        if d.done is not None:
            break
        d._log.clear()
        stage.run(d, kb, None)
        read = {n for op, n in d._log if op == "read"}
        wrote = {n for op, n in d._log if op == "set"}
        assert read <= stage.needs | stage.sets, f"{stage.name} reads {read - stage.needs - stage.sets} undeclared"
        assert wrote <= stage.sets, f"{stage.name} sets {wrote - stage.sets} it does not declare"
