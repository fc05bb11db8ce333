"""The small Python API the CLI and the web app are shells over."""

from summitry import api


def test_resolve_person_in_any_script_and_case_form(kb):
    assert api.resolve_person("Путином", kb) == ["vladimir-putin"]
    assert api.resolve_person("Тоқаевпен", kb) == ["kassym-jomart-tokayev"]  # Kazakh instrumental suffix
    assert "sadyr-japarov" in api.resolve_person("Жапаровтың", kb)
    assert api.resolve_person("Nobody Atall", kb) == []
