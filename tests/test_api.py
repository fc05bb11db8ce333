"""The small Python API the CLI and the web app are shells over."""

from summitry import api


def test_resolve_person_in_any_script_and_case_form(kb):
    assert api.resolve_person("Путином", kb) == ["vladimir-putin"]
    assert api.resolve_person("Тоқаевпен", kb) == ["kassym-jomart-tokayev"]  # Kazakh instrumental suffix
    assert "sadyr-japarov" in api.resolve_person("Жапаровтың", kb)
    assert api.resolve_person("Nobody Atall", kb) == []


def test_a_repeated_id_keeps_its_last_content_and_reruns_change_nothing(tmp_path, kb):
    feed = tmp_path / "feed.jsonl"
    first = '{"id": "same", "text": " date 2021-05-24 Sadyr Japarov met Vladimir Putin in Sochi today."}'
    changed = '{"id": "same", "text": " date 2022-03-15 Sadyr Japarov and Vladimir Putin held a phone call today."}'
    feed.write_text(first + "\n" + changed + "\n", encoding="utf-8")
    db = tmp_path / "s.db"
    api.ingest([feed], db, kb=kb)
    assert [e.kind for e in api.events(db=db)] == ["call"]  # the later copy replaced the first
    again = api.ingest([feed], db, kb=kb)
    assert again.stored.added == 0 and [e.kind for e in api.events(db=db)] == ["call"]
