"""Bulk work on many records at once."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["paused_gc"]


@contextmanager
def paused_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector while creating many acyclic objects.

    Validating a million records allocates millions of container objects, each of which counts
    towards the collector's thresholds, so it runs full collections over objects that cannot form
    cycles: about a third of the validation time at that size. Reference counting still frees
    everything as usual; the collector is re-enabled afterwards if it was enabled before.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
