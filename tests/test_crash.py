"""Crash safety: ``summitry ingest`` killed with SIGKILL mid-run leaves a sound store, and a re-run
finishes the job exactly as one clean run would have (same events, same mentions, no duplicates).

The corpus is generated here: leaders in office on a random day, calls and meetings reported by one
to three outlets in English, Russian, Kazakh and Kyrgyz, plus junk files the run must skip.  Each
seed kills one run after a different delay (measured from the moment the store file appears, as a
fraction of a clean run's time) and records where the kill landed.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml

from summitry.knowledge import load_kb

SUMMITRY = Path(sys.executable).with_name("summitry")
PEOPLE_SOURCES = Path(load_kb.__code__.co_filename).parent / "source" / "people"
TABLES = ("documents", "mentions", "events", "event_mentions")
# seed → (when the delay starts, delay as a fraction of a clean run).  Starts: the store file appears;
# the first batch (BATCH = 200 documents, stored without merging) is committed; every document is
# stored and the final merge is running.
KILLS = {11: ("store created", (0.0, 0.15)), 23: ("first batch stored", (0.0, 0.1)),
         37: ("all stored", (0.0, 0.0)), 41: ("store created", (0.05, 0.7))}
N_EVENTS = 140  # each reported by 1-3 documents: about 290 articles, two store batches

EN_MONTHS = "January February March April May June July August September October November December".split()
RU_MONTHS = "января февраля марта апреля мая июня июля августа сентября октября ноября декабря".split()
TEMPLATES = {
    "en": {"call": ["President {a} held a phone conversation with {b} on {d} {mon} {y}. They discussed trade.",
                    "{a} and {b} spoke by telephone today. The leaders discussed energy and transport."],
           "meeting": ["{a} met {b} in {city} today for talks on security and trade.",
                       "{a} held talks with {b} in {city} on {d} {mon} {y}. Both sides praised the partnership."]},
    "ru": {"call": ["{a} и {b} провели телефонный разговор. Стороны обсудили торговлю и энергетику.",
                    "{d} {rmon} {y} года {a} и {b} провели телефонный разговор."],
           "meeting": ["{a} и {b} провели переговоры в {rcity}. Обсуждались вопросы безопасности."]},
    "kk": {"call": ["{a} мен {b} телефон арқылы сөйлесті. Тараптар сауда мәселелерін талқылады."],
           "meeting": ["{a} мен {b} кездесті. Тараптар ынтымақтастықты талқылады."]},
    "ky": {"call": ["{a} менен {b} телефон аркылуу сүйлөштү. Тараптар соода маселелерин талкуулашты."],
           "meeting": ["{a} менен {b} жолугушту. Тараптар кызматташтыкты талкуулашты."]},
}
CITIES = [("Moscow", "Москве"), ("Astana", "Астане"), ("Bishkek", "Бишкеке"), ("Tashkent", "Ташкенте")]
FILLER = "Separately, the city council approved a new budget for road repairs."


def local_names() -> dict[str, dict[str, str]]:
    """Person id → {language: name} from the knowledge sources (Cyrillic forms are listed there)."""
    out: dict[str, dict[str, str]] = {}
    for path in sorted(PEOPLE_SOURCES.glob("*.yaml")):
        for person in yaml.safe_load(path.read_text(encoding="utf-8")) or []:
            names = person.get("names") or {}
            out[person["id"]] = {lang: forms[0] for lang, forms in names.items() if forms}
    return out


def leaders_on(day: str, kb) -> list[tuple[str, str]]:
    """(person id, country) of heads of state or government in office on ``day``."""
    found = []
    for pid, p in kb.people.items():
        for o in p["offices"]:
            if o["role"] in ("head_of_state", "head_of_government") and (o["start"] or "") <= day \
                    and (o["end"] is None or day <= o["end"]):
                found.append((pid, p["country"]))
                break
    return found


def build_corpus(folder: Path, seed: int = 1) -> tuple[int, int]:
    """Write the articles and junk under ``folder``; returns how many documents and bad inputs there are."""
    rng, kb, names = random.Random(seed), load_kb(), local_names()
    folder.mkdir(parents=True)
    docs: list[tuple[str, str]] = []  # (name, text)
    for n in range(N_EVENTS):
        day = dt.date(2013, 1, 1) + dt.timedelta(days=rng.randrange(11 * 365))
        pool = leaders_on(day.isoformat(), kb)
        (a, ca), (b, cb) = rng.sample(pool, 2)
        if ca == cb:
            continue
        kind = rng.choice(["call", "meeting"])
        outlets = rng.sample(["en", "ru", "kk", "ky"], rng.randint(1, 3))
        for lang in outlets:
            if lang != "en" and not (names.get(a, {}).get("ru") and names.get(b, {}).get("ru")):
                lang = "en"
            local = {pid: names[pid].get(lang) or names[pid]["ru"] for pid in (a, b)} if lang != "en" else {}
            city, rcity = rng.choice(CITIES)
            text = rng.choice(TEMPLATES[lang][kind]).format(
                a=local.get(a, kb.people[a]["name"]), b=local.get(b, kb.people[b]["name"]), d=day.day,
                mon=EN_MONTHS[day.month - 1], rmon=RU_MONTHS[day.month - 1], y=day.year, city=city, rcity=rcity)
            body = f" date {day.isoformat()} {text}\n\n{FILLER}\n"
            docs.append((f"{n:03d}-{lang}-{kind}", body))
    rng.shuffle(docs)
    good, bad = 0, 3
    for i, (name, text) in enumerate(docs):
        if i % 40 == 0:  # some outlets in a JSONL feed instead of one file per article
            feed = folder / f"feed-{i:03d}.jsonl"
            records = [json.dumps({"id": f"feed-{i}-{k}", "text": text + f"\n(copy {k})"}, ensure_ascii=False)
                       for k in range(5)]
            feed.write_text("\n".join(records[:3] + ["{broken", "[]"] + records[3:]) + "\n", encoding="utf-8")
            good, bad = good + 5, bad + 2
        sub = folder / name[:1]
        sub.mkdir(exist_ok=True)
        encoding = "cp1251" if "-ru-" in name and i % 3 == 0 else "utf-8"
        (sub / f"{name}.txt").write_bytes(text.encode(encoding))
        good += 1
    (folder / "junk-binary.txt").write_bytes(bytes(range(256)) * 8)
    (folder / "junk-empty.txt").write_bytes(b"")
    (folder / "junk-page.html").write_text("<html><head><title>x</title></head></html>", encoding="utf-8")
    (folder / "cut.txt").write_bytes(f" date 2021-03-12 {FILLER} Садыр Жапаров".encode()[:-3])  # read as text
    return good + 1, bad


def ingest(corpus: Path, db: Path, workers: int = 1) -> subprocess.CompletedProcess:
    return subprocess.run([str(SUMMITRY), "ingest", str(corpus), "--db", str(db), "--workers", str(workers), "-q"],
                          capture_output=True, text=True, timeout=600)


def export(db: Path) -> list[str]:
    res = subprocess.run([str(SUMMITRY), "export", "--format", "jsonl", "--db", str(db)], capture_output=True,
                         text=True, timeout=120)
    assert res.returncode == 0, res.stderr
    return sorted(res.stdout.splitlines())


def table_counts(db: Path) -> dict[str, int]:
    with sqlite3.connect(db) as conn:
        return {t: conn.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in TABLES}


def store_state(db: Path) -> dict[str, object]:
    """What a killed run left: integrity, rows per table, blocks stored but not yet merged."""
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
        state: dict[str, object] = {"integrity": conn.execute("PRAGMA integrity_check").fetchone()[0]}
        names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        for t in (*TABLES, "dirty"):
            state[t] = conn.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] if t in names else None
    return state


def group_members(pgid: int) -> list[int]:
    """Live processes of a process group (the killed run's workers, if any were left behind)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[2]) == pgid and fields[0] != "Z":
                found.append(int(entry.name))
    return found


def stored_documents(db: Path) -> int:
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=0.1) as conn:
            return conn.execute("SELECT COUNT(*) FROM documents").fetchone()[0]
    except sqlite3.Error:  # not created yet
        return 0


def killed_run(corpus: Path, db: Path, start: str, delay: float, workers: int,
               total: int) -> tuple[bool, list[int]]:
    """Start an ingest, SIGKILL its main process ``delay`` s after ``start``; (was it still running, orphans)."""
    cmd = [str(SUMMITRY), "ingest", str(corpus), "--db", str(db), "--workers", str(workers), "-q"]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        deadline = time.monotonic() + 60
        while proc.poll() is None and time.monotonic() < deadline:
            need = {"store created": 0, "first batch stored": 1, "all stored": total}[start]
            if db.exists() and (need == 0 or stored_documents(db) >= need):
                break
            time.sleep(0.002)
        time.sleep(delay)
        running = proc.poll() is None
        proc.kill()  # SIGKILL to the main process only, as the OOM killer would
        proc.wait(timeout=30)
        orphans: list[int] = []
        for _ in range(50):  # workers should notice their parent is gone and exit
            orphans = group_members(proc.pid)
            if not orphans:
                break
            time.sleep(0.1)
        return running, orphans
    finally:
        for pid in group_members(proc.pid):  # never leave our own processes behind
            os.kill(pid, signal.SIGKILL)


def _complete(db: Path, counts: dict[str, int]) -> bool:
    state = store_state(db)
    return state["documents"] == counts["documents"] and not state["dirty"]


@pytest.fixture(scope="module")
def clean_run(tmp_path_factory):
    """The corpus and the export, row counts and duration of one uninterrupted run."""
    root = tmp_path_factory.mktemp("crash")
    corpus = root / "corpus"
    good, bad = build_corpus(corpus)
    db = root / "clean.db"
    t0 = time.monotonic()
    res = ingest(corpus, db)
    elapsed = time.monotonic() - t0
    assert res.returncode == 1, res.stderr  # the junk is reported and skipped
    assert f"{bad} input(s) skipped" in res.stderr, res.stderr
    lines = export(db)
    assert len(lines) > 50 and table_counts(db)["documents"] == good
    return corpus, lines, table_counts(db), elapsed


def test_corpus_and_clean_run_are_sane(clean_run):
    corpus, lines, counts, _ = clean_run
    events = [json.loads(line) for line in lines]
    assert len({e["id"] for e in events}) == len(events)
    keys = [m["doc_id"] + ":" + str(m["start"]) for e in events for m in e["mentions"]]
    assert len(keys) == len(set(keys)) == counts["event_mentions"]  # each mention in exactly one event
    assert any(len({m["doc_id"] for m in e["mentions"]}) > 1 for e in events)  # cross-outlet merges happened
    assert {p["country"] for e in events for p in e["participants"]} >= {"RUS", "KAZ"}
    assert ingest(corpus, corpus.parent / "clean.db").returncode == 1  # a re-run of a finished run changes nothing
    assert export(corpus.parent / "clean.db") == lines


@pytest.mark.parametrize(("seed", "start", "delays"), [(seed, *kill) for seed, kill in KILLS.items()])
def test_sigkill_then_rerun_equals_clean_run(clean_run, tmp_path, seed, start, delays):
    corpus, lines, counts, elapsed = clean_run
    rng = random.Random(seed)
    workers = 1 + list(KILLS).index(seed) % 2
    db = tmp_path / f"killed-{seed}.db"
    fraction = rng.uniform(*delays)
    for attempt in range(6):  # shorter delays until the kill lands while the run is still going
        for path in db.parent.glob(db.name + "*"):
            path.unlink()
        running, orphans = killed_run(corpus, db, start, fraction * elapsed / 2**attempt, workers,
                                      counts["documents"])
        if running and start != "store created" and db.exists() and _complete(db, counts):
            running = False  # still exiting, but every batch and the final merge were committed: too late
        if running:
            break
    assert running, "every kill came after the run had finished"
    assert not orphans, f"worker processes outlived the killed ingest: {orphans}"
    if db.exists():
        state = store_state(db)
        print(f"\nseed {seed}: killed {fraction * elapsed / 2**attempt:.2f} s after '{start}' "
              f"({workers} worker(s), clean run {elapsed:.1f} s): {state}")
        assert state["integrity"] == "ok"
        if start != "store created":  # landed between the batches or before the final merge committed
            assert state["documents"] and (state["dirty"] or state["documents"] < counts["documents"]), state
        assert export(db) is not None  # a half-written store is still readable
    res = ingest(corpus, db, workers)
    assert res.returncode == 1, res.stderr
    assert table_counts(db) == counts
    after = export(db)
    assert len(after) == len(set(after))
    assert after == lines
    assert store_state(db)["dirty"] in (0, None)
