"""frozen_heap hands the heap back to the collector, even on error."""

from __future__ import annotations

import gc

import pytest

from boost_qa.pipeline.heap import frozen_heap


def test_frozen_heap_freezes_and_unfreezes_even_on_error() -> None:
    before = gc.get_freeze_count()
    with pytest.raises(RuntimeError), frozen_heap():
        assert gc.get_freeze_count() > before
        raise RuntimeError("boom")
    assert gc.get_freeze_count() == before
