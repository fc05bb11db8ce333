"""The process pool gives the results of a plain loop, in order, and reports failures and limits."""

from __future__ import annotations

from pathlib import Path

from summitry import api
from summitry.export import to_jsonl
from summitry.model import RawDocument, ReadError
from summitry.parallel import Processor, process_chunk, process_safely
from summitry.read import iter_documents

EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "corpus"


def _docs() -> list[RawDocument]:
    return [d for d in iter_documents([EXAMPLES]) if isinstance(d, RawDocument)]


def test_two_workers_equal_one_in_order(kb):
    docs = _docs()
    chunks = [(i, docs[i:i + 3]) for i in range(0, len(docs), 3)]
    with Processor(kb, 1) as one:
        serial = list(one.map(chunks))
    with Processor(kb, 2, in_flight=1) as two:
        pooled = list(two.map(chunks))
    assert [tag for tag, _ in pooled] == [tag for tag, _ in chunks]
    flat = [[c.to_dict() for c in o.contacts] for _, outs in pooled for o in outs]
    assert flat == [[c.to_dict() for c in o.contacts] for _, outs in serial for o in outs]
    assert any(flat)


def test_failure_and_limit_become_read_errors(kb, monkeypatch):
    raw = RawDocument("big", "Putin met Xi in Beijing. " * 30, "big.txt")
    limited = process_safely(raw, kb, max_entities=10)
    assert isinstance(limited, ReadError) and "limit of 10" in limited.reason and "--max-entities" in limited.reason
    assert not isinstance(process_safely(raw, kb, max_entities=1000), ReadError)

    import summitry.pipeline as pipeline

    real = pipeline.extract_contacts

    def broken(doc, *args):
        if doc.doc_id == "bad":
            raise RuntimeError("boom")
        return real(doc, *args)

    monkeypatch.setattr(pipeline, "extract_contacts", broken)
    failed = process_safely(RawDocument("bad", raw.text, "bad.txt"), kb)
    assert isinstance(failed, ReadError) and "RuntimeError: boom" in failed.reason and failed.source == "bad.txt"
    # in a batch, the failing and the over-limit document are reported and the others go on
    good = " date 2021-05-24 Sadyr Japarov held talks with Vladimir Putin in Sochi."
    chunk = [RawDocument("ok", good, "ok.txt"), RawDocument("bad", raw.text, "bad.txt"), raw,
             RawDocument("ok2", good, "ok2.txt")]
    outcomes = process_chunk(chunk, kb, max_entities=10)
    assert [type(o).__name__ for o in outcomes] == ["Processed", "ReadError", "ReadError", "Processed"]
    assert outcomes[0].contacts and outcomes[3].contacts and "limit of 10" in outcomes[2].reason


def test_ingest_with_workers_gives_the_same_store(tmp_path, kb):
    one = api.ingest([EXAMPLES], tmp_path / "one.db", kb=kb, workers=1)
    two = api.ingest([EXAMPLES], tmp_path / "two.db", kb=kb, workers=2)
    assert (one.read, one.stored.added, one.events) == (two.read, two.stored.added, two.events)
    export = [list(to_jsonl(api.events(db=tmp_path / name))) for name in ("one.db", "two.db")]
    assert export[0] == export[1] and export[0]



def test_batch_gc_tunes_the_collector_and_restores_it():
    import gc

    from summitry.parallel import batch_gc

    before = gc.get_threshold()
    with batch_gc(12_345):
        assert gc.get_threshold()[0] == 12_345 and gc.get_freeze_count() > 0
    assert gc.get_threshold() == before and gc.get_freeze_count() == 0


def test_imap_runs_on_the_workers_in_order(kb):
    items = list(range(-40, 40))
    with Processor(kb, workers=2, in_flight=1) as proc:
        assert list(proc.imap(abs, items)) == [abs(i) for i in items]
    with Processor(kb, workers=1) as proc:
        assert list(proc.imap(abs, items)) == [abs(i) for i in items]
