"""The reports of a site and period kept while the usage view stays where it was: the same
request again is answered from memory, and any new event (a booking, a refusal, a change of
opening hours) moves the view's position and so makes a new key. One cache per database
(per engine of the views), bounded, shared by the threads of a server process."""

from __future__ import annotations

import threading
import weakref
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

from sqlalchemy import Engine

T = TypeVar("T")

# A year's reports of one site take a few MB at most; the pilot's five sites with a few
# periods and languages each fit well within this.
ENTRIES = 64


class ReportCache:
    def __init__(self, entries: int = ENTRIES) -> None:
        self.entries = entries
        self._items: OrderedDict[Hashable, Any] = OrderedDict()
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    def get(self, key: Hashable, compute: Callable[[], T]) -> T:
        """The value kept for ``key``, or ``compute()`` kept for it. Two threads asking for
        the same missing key may both compute it; the results are equal."""
        with self._lock:
            if key in self._items:
                self._items.move_to_end(key)
                self.hits += 1
                return self._items[key]
            self.misses += 1
        value = compute()
        with self._lock:
            self._items[key] = value
            self._items.move_to_end(key)
            while len(self._items) > self.entries:
                self._items.popitem(last=False)
        return value

    def clear(self) -> None:
        with self._lock:
            self._items.clear()


_caches: weakref.WeakKeyDictionary[Engine, ReportCache] = weakref.WeakKeyDictionary()
_caches_lock = threading.Lock()


def cache_for(engine: Engine) -> ReportCache:
    """The cache of the database behind ``engine`` (gone with the engine)."""
    with _caches_lock:
        cache = _caches.get(engine)
        if cache is None:
            cache = _caches[engine] = ReportCache()
        return cache
