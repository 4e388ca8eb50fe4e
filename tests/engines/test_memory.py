"""Workers hand freed memory back to the system once they have grown by the slack."""
from __future__ import annotations

import pytest

from claimscope import pipeline


def test_memory_is_handed_back_only_after_the_slack_is_used_up(monkeypatch):
    freed = pipeline._FreedMemory()
    if freed.trim is None:
        pytest.skip("not glibc on Linux: nothing is handed back here")
    assert freed.resident() > 0  # reads this process's resident size
    sizes = iter([1000, 1000 + pipeline.MEMORY_SLACK, 1001 + pipeline.MEMORY_SLACK, 1200, 1300])
    trims = []
    monkeypatch.setattr(freed, "resident", lambda: next(sizes))
    monkeypatch.setattr(freed, "trim", lambda pad: trims.append(pad))
    freed.after_page()  # the first page sets the floor
    freed.after_page()  # grown by exactly the slack: not yet
    assert trims == [] and freed.floor == 1000
    freed.after_page()  # past it: handed back, and the floor is what is left
    assert trims == [0] and freed.floor == 1200
    freed.after_page()
    assert trims == [0]


def test_freed_heap_memory_goes_back_to_the_system(monkeypatch):
    freed = pipeline._FreedMemory()
    if freed.trim is None:
        pytest.skip("not glibc on Linux")
    monkeypatch.setattr(pipeline, "MEMORY_SLACK", 64 * 1024 * 1024)
    freed.trim(0)  # earlier tests' free memory out of the way: the blocks below need new pages
    freed.after_page()  # floor: now
    blocks = [bytearray(64 * 1024) for _ in range(3200)]  # 200 MB in heap-sized blocks
    pin = bytearray(64 * 1024)  # above them, so the heap's top cannot simply shrink
    del blocks
    kept = freed.resident()
    assert kept > freed.floor + 150 * 1024 * 1024  # freed, yet still held by this process
    freed.after_page()  # grown past the slack (the freed blocks are still resident): hand back
    assert freed.resident() < kept - 100 * 1024 * 1024
    del pin
