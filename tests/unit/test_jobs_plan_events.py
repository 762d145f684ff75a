"""The gist-first plan, the progress it gives, and the job event log on SQLite (Redis: in
tests/integration/test_events.py, which has a real redis-server).

The event log is appended to by several processes at once in production (workers finishing
units, the API cancelling); here four processes append to one SQLite file at the same moment.
"""

from __future__ import annotations

import multiprocessing
from pathlib import Path

import pytest

from service.jobs import records
from service.jobs.events import FINAL, SqliteEvents
from service.jobs.units import GIST_SPREAD, plan
from service.runtime.tasks import ArticleRequest, gist_keys, outline_of, parse
from service.translate.document import input_keys, keyed_inputs

ARTICLES = Path(__file__).resolve().parents[1] / "articles"


@pytest.fixture(scope="module")
def regulation_plan(corpus_dir: Path) -> tuple[list[tuple[str, str]], set[str], object]:
    text = (corpus_dir / "lawrefbook-018.md").read_text(encoding="utf-8")
    req = ArticleRequest(text)
    document = parse(req, 20_000)
    inputs = keyed_inputs(document)
    gist = gist_keys(document, outline_of(document, req))
    sections = [(s.id, input_keys(s)) for s in document.sections]
    return inputs, gist, plan(inputs, gist, sections, 1000)


def test_the_gist_comes_first_in_its_own_units_then_document_order(regulation_plan) -> None:
    inputs, gist, found = regulation_plan
    assert sorted(found.order) == list(range(len(inputs)))  # every input once
    gist_end = found.units[found.gist_units - 1][1]
    assert {inputs[i][0] for i in found.order[:gist_end]} == gist
    assert "title" in gist and any(k.endswith(".heading") for k in gist)
    rest = found.order[gist_end:]
    assert rest == sorted(rest)  # the rest in document order
    assert 2 <= found.gist_units <= GIST_SPREAD  # spread over workers
    gist_chars = sum(len(inputs[i][1]) for i in found.order[:gist_end])
    assert gist_chars < 0.1 * sum(len(text) for _, text in inputs)


def test_each_section_needs_the_units_holding_its_texts(regulation_plan) -> None:
    inputs, _, found = regulation_plan
    unit_of = {}
    for u, (start, end) in enumerate(found.units):
        for position in range(start, end):
            unit_of[inputs[found.order[position]][0]] = u
    assert len(found.sections) == 11  # the preamble and ten chapters
    for section_id, needed in found.sections:
        keys = [k for k, _ in inputs if k.startswith(section_id + ".")]
        assert needed == sorted({unit_of[k] for k in keys}), section_id


def test_a_short_article_is_one_unit_and_scope_outline_plans_the_gist_only() -> None:
    inputs = [
        ("title", "标题"),
        ("s1.heading", "总则"),
        ("s1.p1.t1", "第一句。"),
        ("s1.p1.t2", "二。"),
    ]
    short = plan(inputs, {"title", "s1.heading"}, [("s1", ["s1.heading", "s1.p1.t1"])], 1000)
    assert short.units == [[0, 4]] and short.gist_units == 1 and short.order == [0, 1, 2, 3]
    only = plan(inputs, {"title"}, [("s1", [])], 1, gist_only=True)
    assert only.order == [0] and only.sections == []


def test_progress_counts_the_gist_and_the_sections_done() -> None:
    record = records.new_record("j", "digest", {"content": "x" * 10}, None, 60)
    assert records.public(record, {})["progress"]["gist_ready"] is False
    record.update(
        status=records.RUNNING, units=[[0, 1], [1, 2], [2, 3]], gist_units=1,
        sections=[["s0", [0]], ["s1", [0, 2]]],
    )  # fmt: skip
    progress = records.public(record, {0: 5})["progress"]
    assert progress["gist_ready"] is True and progress["sections_done"] == 1
    assert progress["sections_total"] == 2
    assert records.public(record, {0: 5, 2: 5})["progress"]["sections_done"] == 2
    translate = records.new_record("t", "translate", {"content": "x"}, None, 60)
    assert records.public(translate, {})["progress"]["gist_ready"] is None


def _append_many(filename: str, worker: int) -> None:
    log = SqliteEvents(filename)
    for n in range(50):
        log.append("job", "progress", f'{{"worker": {worker}, "n": {n}}}', None)
    log.append("job", "gist", "{}", "gist")  # every process tries: one is kept


def test_sqlite_ids_never_skip_or_repeat_under_concurrent_appends(tmp_path: Path) -> None:
    filename = str(tmp_path / "jobs.sqlite3")
    SqliteEvents(filename).since("job", 0, 1)  # create the table once
    context = multiprocessing.get_context("spawn")
    processes = [context.Process(target=_append_many, args=(filename, w)) for w in range(4)]
    for process in processes:
        process.start()
    for process in processes:
        process.join(120)
    log = SqliteEvents(filename)
    events = log.since("job", 0, 1000)
    assert [e.id for e in events] == list(range(1, 4 * 50 + 2))
    assert [e.kind for e in events].count("gist") == 1
    for worker in range(4):  # each process's own events in its own order
        assert [e.data["n"] for e in events if e.data.get("worker") == worker] == list(range(50))
    assert log.append("job", "done", "{}", FINAL) == 4 * 50 + 2
    assert log.append("job", "progress", "{}", None) is None  # nothing after the final event
    assert log.since("job", 4 * 50, 10)[-1].final and log.has("job", FINAL)
    log.drop("job")
    assert log.since("job", 0, 10) == []
