"""A job's callbacks (service.jobs.subscribers) on the real stores, SQLite and Redis: concurrent
adds fill each slot once, the same URL is listed once, the cap holds; URLs are shown without
their secrets; a record stored before slots existed still has its callback."""

from __future__ import annotations

import threading
from collections import defaultdict
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from service.config import Config
from service.errors import CallbackRefused
from service.jobs import subscribers
from service.jobs.store import Store
from tests.integration.conftest import redis_url  # noqa: F401 (a fixture)


@pytest.fixture(params=["sqlite", "redis"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    queue_url = request.getfixturevalue("redis_url") if request.param == "redis" else ""
    yield Store(Config(data_dir=tmp_path / "data", queue_url=queue_url))


def test_concurrent_adds_fill_each_slot_once_and_the_cap_holds(store: Store) -> None:
    record = {"id": "job-1"}
    urls = [f"https://hooks.example/{i}" for i in range(24)] * 2  # each URL sent twice
    go = threading.Event()  # the first eight adds start together

    def add(url: str) -> tuple[str, int | None, bool]:
        try:
            go.wait(10)
            slot, new = subscribers.add(store, record, url)
        except CallbackRefused as exc:
            assert "16" in exc.message
            return url, None, False
        return url, slot, new

    with ThreadPoolExecutor(8) as pool:
        futures = [pool.submit(add, url) for url in urls]
        go.set()
        outcomes = [future.result() for future in futures]
    listed = subscribers.listed(store, record)
    assert [entry["slot"] for entry in listed] == list(range(subscribers.MAX))
    assert len({entry["url"] for entry in listed}) == subscribers.MAX
    by_url: dict[str, list[tuple[int | None, bool]]] = defaultdict(list)
    for url, slot, new in outcomes:
        by_url[url].append((slot, new))
    slot_of = {entry["url"]: entry["slot"] for entry in listed}
    for url, tries in by_url.items():
        if url in slot_of:  # both tries answer its one slot; exactly one of them added it
            assert {slot for slot, _ in tries} == {slot_of[url]} and sum(n for _, n in tries) == 1
        else:  # refused both times, and not listed
            assert tries == [(None, False), (None, False)]


def test_the_same_url_is_listed_once_and_statuses_are_kept(store: Store) -> None:
    record = {"id": "job-2"}
    assert subscribers.add(store, record, "https://a.example/x") == (0, True)
    assert subscribers.add(store, record, "https://b.example/y") == (1, True)
    assert subscribers.add(store, record, "https://a.example/x") == (0, False)
    subscribers.mark(store, "job-2", 1, "https://b.example/y", subscribers.FAILED)
    assert subscribers.public(subscribers.listed(store, record)) == [
        {"url": "https://a.example/x", "status": "pending"},
        {"url": "https://b.example/y", "status": "failed"},
    ]
    assert subscribers.claim_queueing(store, "job-2", 0)
    assert not subscribers.claim_queueing(store, "job-2", 0)  # a slot is queued once
    keys = subscribers.keys(store, "job-2")
    assert len(keys) == 4
    store.delete("jobs", *keys)
    assert subscribers.listed(store, record) == []


def test_a_record_stored_with_one_callback_url_lists_it_first(store: Store) -> None:
    record = {"id": "job-3", "callback_url": "https://old.example/hook"}
    assert subscribers.entry(store, record, 0) == {
        "url": "https://old.example/hook",
        "status": "pending",
    }
    assert subscribers.add(store, record, "https://new.example/hook") == (1, True)
    assert [e["url"] for e in subscribers.listed(store, record)] == [
        "https://old.example/hook",
        "https://new.example/hook",
    ]


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        ("https://user:tok@hooks.example/cb?sig=abc#frag", "https://hooks.example/cb"),
        ("http://127.0.0.1:8080/a?x=1", "http://127.0.0.1:8080/a"),
        ("http://tok@[::1]:9/p", "http://[::1]:9/p"),
        ("https://hooks.example", "https://hooks.example"),
    ],
)
def test_urls_are_shown_without_credentials_query_or_fragment(url: str, shown: str) -> None:
    assert subscribers.shown(url) == shown


def test_a_slot_emptied_while_adding_is_passed_over(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A slot taken when the add tried it and gone when its URL is read (the job was deleted in
    between) is not the URL's: the add goes on to the next slot instead of failing."""
    real_add = store.add
    emptied = subscribers.slot_key("job-5", 0)

    def add(ns: str, key: str, value: object) -> bool:
        return False if key == emptied else real_add(ns, key, value)

    monkeypatch.setattr(store, "add", add)
    assert subscribers.add(store, {"id": "job-5"}, "https://a.example/x") == (1, True)
    assert store.get("jobs", emptied) is None
