"""When the server's garbage collector makes its full collections: not while the user types.

A full collection walks every object the server keeps (loaded specs, readings of Python
files, botocore's model): on a 3,000-line document about 100 ms, holding the interpreter.
With Python's own policy one comes every few edits, in the middle of the check the user
waits for. Full collections still matter: a spec's models and what is worked out from them
(``Table.memo``) refer to each other, so a spec replaced by a newer version is freed only by
a full collection.

So the server makes its full collections itself. Python's policy decides *whether* one is
due (ten collections of the middle generation since the last full one); this policy
decides *when*: at once while nobody types, and while someone types, when typing pauses
(no edit for :data:`QUIET_S`), or when far more is due than Python would let wait
(:data:`OVERDUE` middle collections), so memory stays bounded in a long typing session.
The data loaded once at start are frozen out of the collections (``gc.freeze``).
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable

DUE = 10
"""Middle-generation collections after which a full one is due (Python's own threshold)."""
OVERDUE = 1000
"""... after which it is made even while someone types. An edit makes next to no cyclic
garbage (a Python check about ten objects; a spec edit none, see ``spec.loader.release``),
so this only bounds what else may pile up in a long typing session: about one full
collection per 250 keystrokes in a 3,000-line spec."""
QUIET_S = 0.75
"""How long after the last edit typing counts as paused."""
NEVER = 1_000_000
"""Python's threshold for full collections while this policy is in charge."""


class Collector:
    """The server's full garbage collections (one per server; call from the event loop)."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._last_edit = float("-inf")
        self.full_collections = 0
        """Full collections made (tests count them)."""
        self.deferred = 0
        """Times a due collection waited for typing to pause."""
        self._saved_thresholds: tuple[int, int, int] | None = None

    def install(self) -> None:
        """Take full collections over from Python (the younger generations stay Python's)."""
        if self._saved_thresholds is None:
            self._saved_thresholds = gc.get_threshold()
        young, middle, _ = self._saved_thresholds
        gc.set_threshold(young, middle, NEVER)

    def uninstall(self) -> None:
        """Give full collections back to Python."""
        if self._saved_thresholds is not None:
            gc.set_threshold(*self._saved_thresholds)
            self._saved_thresholds = None

    def edited(self) -> None:
        """A document was edited (the user is typing)."""
        self._last_edit = self._clock()

    def typing(self) -> bool:
        return self._clock() - self._last_edit < QUIET_S

    def due(self) -> int:
        """Middle-generation collections since the last full one."""
        return gc.get_count()[2]

    def maybe_collect(self) -> bool:
        """Make a full collection if one is due and now is a good time; True if made."""
        due = self.due()
        if due < DUE:
            return False
        if self.typing() and due < OVERDUE:
            self.deferred += 1
            return False
        gc.collect()
        self.full_collections += 1
        return True
