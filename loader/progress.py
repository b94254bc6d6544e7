"""Per-game fetch progress: a bar on a terminal, plain log lines elsewhere (CI, files, pipes).

dlt's own progress reports its extract/normalize/load stages, not how many game feeds are fetched, failed
or left; this does.
"""

from __future__ import annotations

import logging
import sys
import threading
import time
from typing import TextIO

from tqdm import tqdm

log = logging.getLogger("loader")


def _duration(seconds: float) -> str:
    seconds = int(seconds)
    if seconds >= 3600:
        return f"{seconds // 3600}h{seconds % 3600 // 60:02d}m"
    if seconds >= 60:
        return f"{seconds // 60}m{seconds % 60:02d}s"
    return f"{seconds}s"


class FetchProgress:
    """Counts games done, missing (no feed) and failed (transient); shows rate and ETA.

    Args:
        total: games planned.
        stream: where a terminal bar goes (stderr).
        interval: seconds between log lines when not on a terminal.
    """

    def __init__(self, total: int, stream: TextIO | None = None, interval: float = 10.0) -> None:
        self.total = total
        self.done = 0
        self.missing = 0
        self.failed = 0
        self._stream = stream or sys.stderr
        self._interval = interval
        self._started = time.monotonic()
        self._last_line = self._started
        self._lock = threading.Lock()
        self._bar: tqdm | None = None
        if total and self._stream.isatty():
            self._bar = tqdm(total=total, unit="game", desc="feeds", file=self._stream, dynamic_ncols=True)

    def advance(self, ok: bool, missing: bool = False) -> None:
        """One game done: loaded (``ok``), missing (no feed: 404, no plays) or failed (transient)."""
        with self._lock:
            self.done += 1
            if not ok:
                self.missing += 1 if missing else 0
                self.failed += 0 if missing else 1
            if self._bar is not None:
                self._bar.update(1)
                if not ok:
                    self._bar.set_postfix(missing=self.missing, failed=self.failed, refresh=False)
                return
            now = time.monotonic()
            if now - self._last_line >= self._interval or self.done == self.total:
                self._last_line = now
                log.info("%s", self.line(now))

    def line(self, now: float | None = None) -> str:
        elapsed = max((now or time.monotonic()) - self._started, 1e-9)
        rate = self.done / elapsed
        left = self.total - self.done
        eta = _duration(left / rate) if rate > 0 else "?"
        percent = 100 * self.done / self.total if self.total else 100
        return (
            f"feeds {self.done}/{self.total} ({percent:.0f}%), {rate:.1f} games/s, ETA {eta}, "
            f"missing {self.missing}, failures {self.failed}"
        )

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()
