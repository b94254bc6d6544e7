"""Deterministic kill points for the crash tests: ``MILB_KILL_AT=<stage>`` makes the load die there as
kill -9 would (no cleanup, no finally blocks), so a test can prove the next run loses and doubles nothing.

Stages: ``fetch:N`` (after the N-th game feed is fetched), ``extracted``, ``normalized``, ``loaded``.
Unset in normal use; checking it costs one dictionary lookup per stage.
"""

from __future__ import annotations

import os
import signal


def _die() -> None:
    os.kill(os.getpid(), signal.SIGKILL)


def checkpoint(stage: str) -> None:
    """Die if ``MILB_KILL_AT`` names this stage."""
    if os.environ.get("MILB_KILL_AT") == stage:
        _die()


def fetch_limit() -> int | None:
    """N of ``MILB_KILL_AT=fetch:N``, else None."""
    value = os.environ.get("MILB_KILL_AT", "")
    if value.startswith("fetch:") and value[6:].isdigit():
        return int(value[6:])
    return None


def fetched(count: int, limit: int | None) -> None:
    """Die once ``count`` feeds have been fetched, if a fetch kill point is set."""
    if limit is not None and count >= limit:
        _die()
