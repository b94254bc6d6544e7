"""Fetching the planned games: one thread ahead of the commits, each feed shaped into its raw row or ledger row.

Beside ``loader.statsapi`` (which talks HTTP): this module decides what a fetched feed becomes, a ``games``
row, a ``game_fetch_ledger`` row or both, and counts what happened (``FetchTally``) for the run's summary.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from loader import killpoints
from loader.documents import GameDefaults, MalformedDocument, RejectedDocument, feed_row
from loader.progress import FetchProgress
from loader.statsapi import FeedResult, StatsApiClient

# Games fetched ahead of the chunk being committed: enough to cover one chunk's commit at the rate cap, in
# bounded memory (the sizing: docs/benchmarks.md).
PREFETCH_GAMES = 300


@dataclass
class FeedOutcome:
    """One fetched game: a ``games`` row, a ``game_fetch_ledger`` row, or both (a missing game now found)."""

    game: dict[str, Any] | None
    ledger: dict[str, Any] | None


class FetchTally:
    """Counts of what the games resource did, for progress and the run summary."""

    def __init__(self, progress: FetchProgress | None = None, missing_reasons: Iterable[str] = ()) -> None:
        self.fetched = 0
        self.failed: dict[str, int] = {}
        self.pitches_by_sport: dict[int, int] = {}
        self._progress = progress
        # Reasons that mean "this game has no feed" (404, no plays): shown as missing, not as failures.
        self._missing_reasons = frozenset(missing_reasons)

    def loaded(self, row: dict[str, Any]) -> None:
        self.fetched += 1
        sport_id = row["home_sport_id"]
        self.pitches_by_sport[sport_id] = self.pitches_by_sport.get(sport_id, 0) + row["pitch_count"]
        if self._progress is not None:
            self._progress.advance(ok=True)

    @property
    def done(self) -> int:
        return self.fetched + sum(self.failed.values())

    def fail(self, reason: str) -> None:
        self.failed[reason] = self.failed.get(reason, 0) + 1
        if self._progress is not None:
            self._progress.advance(ok=False, missing=reason in self._missing_reasons)


def _outcome(
    result: FeedResult,
    ledger: dict[int, dict[str, Any]],
    tally: FetchTally,
    fetched_from: str | None = None,
    defaults: GameDefaults | None = None,
) -> FeedOutcome:
    now = datetime.now(UTC)
    reason, detail = result.reason, result.error
    row = None
    if result.body is not None:
        try:
            row = feed_row(result.body, result.game_pk, now, defaults)
        except RejectedDocument as exc:
            reason, detail, row = exc.reason, str(exc), None
        except MalformedDocument as exc:
            reason, detail, row = "malformed_response", str(exc), None
        else:
            if row["play_count"] == 0 and row["abstract_game_state"] == "Final":
                reason, detail, row = "empty_plays", "Final game without play-by-play", None
    if row is not None:
        row["fetched_from"] = fetched_from
        tally.loaded(row)
        previous = ledger.get(result.game_pk)
        resolved = dict(previous, is_resolved=True, last_seen_at=now) if previous else None
        return FeedOutcome(row, resolved)
    tally.fail(reason or "http_error")
    return FeedOutcome(None, _ledger_row(result, reason or "http_error", detail, ledger.get(result.game_pk), now))


class _FetchFailed:
    """An exception raised on the fetch thread, handed to the chunk that would have read its game."""

    def __init__(self, error: BaseException) -> None:
        self.error = error


class FeedPrefetch:
    """Every planned game fetched once, in plan order, on a thread that keeps going while chunks commit.

    dlt extracts, normalises and loads one chunk at a time; fetching inside the extract would leave the
    rate budget idle during each commit. One thread runs the bounded, rate-capped fetch (and shapes each
    game's row) into a queue of at most ``ready`` outcomes; each chunk's source drains its share (``take``).
    A hand-rolled queue rather than dlt's parallelised resources, whose buffers live inside one extract.

    Args:
        client: the Stats API client (one per run).
        game_pks: the distinct games to fetch, already planned.
        ledger: unresolved ledger rows by game_pk, to carry attempts and first-seen times forward.
        tally: receives the counts of fetched and failed games.
        ready: how many outcomes may wait in the queue.
        fetched_from: the API root, recorded in each games row.
        defaults: what the plan knows of each game (schedule day, sportId), for fields an era's feed lacks.
        season: the season asked for, for a feed without one.
    """

    def __init__(
        self,
        client: StatsApiClient,
        game_pks: list[int],
        ledger: dict[int, dict[str, Any]] | None = None,
        tally: FetchTally | None = None,
        ready: int = PREFETCH_GAMES,
        fetched_from: str | None = None,
        defaults: dict[int, GameDefaults] | None = None,
        season: int | None = None,
    ) -> None:
        self._defaults = defaults or {}
        self._season = season
        self._client = client
        self._fetched_from = fetched_from
        self._game_pks = game_pks
        self._ledger = ledger or {}
        self.tally = tally if tally is not None else FetchTally()
        self._queue: queue.Queue[FeedOutcome | _FetchFailed] = queue.Queue(maxsize=max(1, ready))
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._fetch, name="feed-prefetch", daemon=True)

    def __enter__(self) -> FeedPrefetch:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _fetch(self) -> None:
        kill_limit = killpoints.fetch_limit()
        results = self._client.map_bounded(self._client.feed, self._game_pks)
        try:
            for result in results:
                killpoints.fetched(self.tally.done + 1, kill_limit)
                known = self._defaults.get(result.game_pk, GameDefaults())
                defaults = GameDefaults(known.season or self._season, known.game_date, known.sport_id)
                if not self._put(_outcome(result, self._ledger, self.tally, self._fetched_from, defaults)):
                    return
        except BaseException as exc:  # handed to the main thread, which decides what it means
            self._put(_FetchFailed(exc))
        finally:
            results.close()

    def _put(self, item: FeedOutcome | _FetchFailed) -> bool:
        while not self._stop.is_set():
            try:
                self._queue.put(item, timeout=0.2)
                return True
            except queue.Full:
                continue
        return False

    def _next(self) -> FeedOutcome:
        while True:
            try:
                item = self._queue.get(timeout=1.0)
            except queue.Empty:
                if self._thread.is_alive():
                    continue
                try:
                    item = self._queue.get_nowait()
                except queue.Empty:
                    raise RuntimeError("the feed fetch thread stopped before every planned game") from None
            if isinstance(item, _FetchFailed):
                raise item.error
            return item

    def take(self, count: int) -> Iterator[FeedOutcome]:
        """The next ``count`` outcomes in plan order, waiting for the fetch thread when none is ready."""
        for _ in range(count):
            yield self._next()

    @property
    def queued(self) -> int:
        """Outcomes fetched and waiting for their chunk."""
        return self._queue.qsize()

    @property
    def fetching(self) -> bool:
        return self._thread.is_alive()

    def close(self) -> None:
        """Stop fetching (the requests already running finish) and wait a moment for the thread."""
        self._stop.set()
        while True:
            try:
                self._queue.get_nowait()
            except queue.Empty:
                break
        if self._thread.is_alive():
            self._thread.join(timeout=5.0)


def _ledger_row(
    result: FeedResult, reason: str, detail: str | None, previous: dict[str, Any] | None, now: datetime
) -> dict[str, Any]:
    previous = previous or {}
    return {
        "game_pk": result.game_pk,
        "reason": reason,
        "detail": detail,
        "last_status": result.status,
        "attempts": int(previous.get("attempts") or 0) + 1,
        "first_seen_at": previous.get("first_seen_at") or now,
        "last_seen_at": now,
        "is_resolved": False,
    }
