"""The translation memory's expiry by generations (service/jobs/memory.py), on the real SQLite
store with a clock the test moves: a piece in use is carried forward and kept, an unused one is
dropped once its generation is older than the previous one, and TTL 0 keeps everything."""

from __future__ import annotations

from pathlib import Path

from service.config import Config
from service.jobs.memory import GENERATIONS, DurableMemory, namespace
from service.jobs.store import Store
from service.translate.segments import PieceResult

TTL = 100


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def fresh_reader(store: Store, clock: Clock, ttl: int = TTL) -> DurableMemory:
    """Another process: no in-process front cache, the same store."""
    return DurableMemory(store, ttl, clock=clock)


def test_a_piece_in_use_is_kept_and_an_unused_one_expires(tmp_path: Path) -> None:
    store, clock = Store(Config(data_dir=tmp_path)), Clock()
    writer = DurableMemory(store, TTL, clock=clock)
    used, unused = ("m", "zh", "en", "推进。"), ("m", "zh", "en", "发展。")
    writer.put(used, PieceResult("Advance.", ()))
    writer.put(unused, PieceResult("Develop.", ("flag",)))

    clock.now = 150  # generation 1: generation 0 is the previous one, still read
    assert fresh_reader(store, clock).get(used) == PieceResult("Advance.", ())
    assert writer.expire() == 0

    clock.now = 250  # generation 2: generation 0 goes, with the piece nobody used since
    assert writer.expire() == 1
    reader = fresh_reader(store, clock)
    assert reader.get(used) == PieceResult("Advance.", ())
    assert reader.get(unused) is None
    assert (reader.hits, reader.misses) == (1, 1)
    assert store.size(namespace(0)) == 0
    assert sorted(store.items(GENERATIONS)) == ["1", "2"]


def test_ttl_zero_keeps_every_piece(tmp_path: Path) -> None:
    store, clock = Store(Config(data_dir=tmp_path)), Clock()
    DurableMemory(store, 0, clock=clock).put(("k",), PieceResult("kept", ()))
    clock.now = 10**9
    memory = fresh_reader(store, clock, ttl=0)
    assert memory.expire() == 0 and memory.get(("k",)) == PieceResult("kept", ())
