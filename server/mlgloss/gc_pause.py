"""The cyclic garbage collector paused while long-lived data is made (the glossary, its index).

Decoding the built-in glossary and building its term index make some 20,000 objects that
live as long as the process and hold no reference cycles; with the collector on, each new
batch of 700 objects makes it pass over the young ones again and promote them, about a
tenth of the work. Reference counting still frees what dies at once.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """The collector off inside the block, and back as it was after."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
