"""The small Python API the CLI and the web app are shells over."""

from summitry import api


def test_resolve_person_in_any_script_and_case_form(kb):
    assert api.resolve_person("Путином", kb) == ["vladimir-putin"]
    assert api.resolve_person("Тоқаевпен", kb) == ["kassym-jomart-tokayev"]  # Kazakh instrumental suffix
    assert "sadyr-japarov" in api.resolve_person("Жапаровтың", kb)
    assert api.resolve_person("Nobody Atall", kb) == []


def test_an_id_repeated_in_one_file_is_reported_and_the_first_kept(tmp_path, kb):
    feed = tmp_path / "feed.jsonl"
    first = '{"id": "same", "text": " date 2021-05-24 Sadyr Japarov met Vladimir Putin in Sochi today."}'
    changed = '{"id": "same", "text": " date 2022-03-15 Sadyr Japarov and Vladimir Putin held a phone call today."}'
    feed.write_text(first + "\n" + changed + "\n", encoding="utf-8")
    db = tmp_path / "s.db"
    report = api.ingest([feed], db, kb=kb)
    assert [(e.line, e.reason.split(":")[0]) for e in report.errors] == [(2, "duplicate id 'same' (first on line 1)")]
    assert [e.kind for e in api.events(db=db)] == ["meeting"]  # the second record did not overwrite the first
    again = api.ingest([feed], db, kb=kb)
    assert again.stored.added == 0 and [e.kind for e in api.events(db=db)] == ["meeting"]


def test_a_changed_record_in_a_later_file_updates_its_document(tmp_path, kb):
    (tmp_path / "a.jsonl").write_text('{"id": "same", "text": " date 2021-05-24 Sadyr Japarov met Vladimir Putin '
                                      'in Sochi today."}\n', encoding="utf-8")
    (tmp_path / "b.jsonl").write_text('{"id": "same", "text": " date 2022-03-15 Sadyr Japarov and Vladimir Putin '
                                      'held a phone call today."}\n', encoding="utf-8")
    db = tmp_path / "s.db"
    api.ingest([tmp_path / "a.jsonl"], db, kb=kb)
    report = api.ingest([tmp_path / "b.jsonl"], db, kb=kb)
    assert report.stored.updated == 1 and [e.kind for e in api.events(db=db)] == ["call"]


def test_merges_during_a_run_are_paced_by_their_cost(tmp_path, kb, monkeypatch):
    from pathlib import Path

    from summitry.store import Store

    examples = Path(__file__).resolve().parents[1] / "examples" / "corpus"
    calls = []
    real = Store.merge_pending
    monkeypatch.setattr(Store, "merge_pending", lambda self, *a: calls.append(1) or real(self, *a))
    monkeypatch.setattr(api, "BATCH", 2)
    monkeypatch.setattr(api, "MERGE_PACE", 0)
    report = api.ingest([examples], tmp_path / "every.db", kb=kb, merge_every=0.0)
    every = len(calls)
    assert report.read > 6 and every == 1 + (report.read + 1) // 2 + 1  # leftovers, after every batch, final
    calls.clear()
    monkeypatch.setattr(api, "MERGE_PACE", 1e9)  # a merge "took" so long that the next one waits for the end
    api.ingest([examples], tmp_path / "paced.db", kb=kb, merge_every=0.0)
    assert len(calls) == 3 < every  # the leftovers of a killed run, the first batch's, and the final one
    assert list(api.export_jsonl(tmp_path / "paced.db")) == list(api.export_jsonl(tmp_path / "every.db"))
