"""The per-worker bound on open event streams (service.api.streams), under concurrent opens.

A gthread worker opens streams from many threads at once; the bound must hold exactly (no race
between a count check and its increment) and a closed stream must give its slot back once.
"""

from __future__ import annotations

import threading

from service.api.streams import EventStream
from service.config import Config
from service.errors import TooManyStreams

BOUND = 7  # a size no other test uses: the slots are per process and per bound


def open_stream(config: Config) -> EventStream | None:
    try:
        return EventStream(None, "job", None, 0, [], config, lambda: False)  # type: ignore[arg-type]
    except TooManyStreams:
        return None


def open_at_once(config: Config, tries: int) -> list[EventStream]:
    """`tries` threads open a stream at the same moment; the streams they got."""
    start, got, lock = threading.Barrier(tries), [], threading.Lock()

    def run() -> None:
        start.wait()
        stream = open_stream(config)
        if stream is not None:
            with lock:
                got.append(stream)

    threads = [threading.Thread(target=run) for _ in range(tries)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)
    return got


def test_concurrent_opens_get_exactly_the_bound_and_closing_frees_each_slot_once() -> None:
    config = Config(max_streams=BOUND)
    first = open_at_once(config, 40)
    assert len(first) == BOUND
    first[0].close()
    first[0].close()  # closed twice (the server may): one slot back, not two
    again = open_at_once(config, 40)
    assert len(again) == 1
    for stream in first + again:
        stream.close()
    last = open_at_once(config, 40)
    assert len(last) == BOUND
    for stream in last:
        stream.close()  # the slots are free for any later test in this process
