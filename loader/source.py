"""The dlt source: schedule, game logs, tracked players, game feeds and the ledger of games that failed.

The plan (which games to fetch) is made before extraction by ``loader.plan``; the resources here only fetch
and shape. Each distinct game_pk is fetched once, however many tracked players appear in it.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import dlt
import pyarrow as pa
from dlt.common.schema.typing import TTableSchemaColumns

from loader import killpoints
from loader.documents import GameDefaults, MalformedDocument, RejectedDocument, check_game_document, game_row
from loader.progress import FetchProgress
from loader.statsapi import FeedResult, StatsApiClient

GAME_COLUMNS: TTableSchemaColumns = {
    "game_pk": {"data_type": "bigint", "nullable": False},
    "season": {"data_type": "bigint"},
    "game_type": {"data_type": "text"},
    "game_date": {"data_type": "date"},
    "abstract_game_state": {"data_type": "text"},
    "detailed_state": {"data_type": "text"},
    "double_header": {"data_type": "text"},
    "game_number": {"data_type": "bigint"},
    "home_team_id": {"data_type": "bigint"},
    "away_team_id": {"data_type": "bigint"},
    "home_sport_id": {"data_type": "bigint"},
    "away_sport_id": {"data_type": "bigint"},
    "home_league_id": {"data_type": "bigint"},
    "away_league_id": {"data_type": "bigint"},
    "venue_id": {"data_type": "bigint"},
    "play_count": {"data_type": "bigint"},
    "pitch_count": {"data_type": "bigint"},
    "fetched_at": {"data_type": "timestamp"},
    # The API's own time of this version of the document (metaData.timeStamp): staging keeps the newest
    # version of each game by it, whichever host's clock loaded it.
    "feed_timestamp": {"data_type": "timestamp"},
    # The API root it came from: a warehouse loaded from a local fake (or replay) says so in its data.
    "fetched_from": {"data_type": "text"},
    # One json value per game: the normaliser does not explode plays into child tables (slow, large);
    # the dbt models unnest them in SQL.
    "all_plays": {"data_type": "json"},
    "boxscore_players": {"data_type": "json"},
}
GAME_LOG_COLUMNS: TTableSchemaColumns = {
    "player_id": {"data_type": "bigint", "nullable": False},
    "stat_group": {"data_type": "text", "nullable": False},
    "season": {"data_type": "bigint"},
    "sport_id": {"data_type": "bigint"},
    "league_id": {"data_type": "bigint"},
    "team_id": {"data_type": "bigint"},
    "game_pk": {"data_type": "bigint", "nullable": False},
    "game_date": {"data_type": "date"},
    "game_type": {"data_type": "text"},
    "is_home": {"data_type": "bool"},
    "plate_appearances": {"data_type": "bigint"},
    "batters_faced": {"data_type": "bigint"},
    "number_of_pitches": {"data_type": "bigint"},
    "fetched_at": {"data_type": "timestamp"},
    "stat": {"data_type": "json"},
}
SCHEDULE_COLUMNS: TTableSchemaColumns = {
    "game_pk": {"data_type": "bigint", "nullable": False},
    "season": {"data_type": "bigint"},
    "sport_id": {"data_type": "bigint"},
    "game_date": {"data_type": "date", "nullable": False},
    "game_type": {"data_type": "text"},
    "abstract_game_state": {"data_type": "text"},
    "detailed_state": {"data_type": "text"},
    "double_header": {"data_type": "text"},
    "game_number": {"data_type": "bigint"},
    "home_team_id": {"data_type": "bigint"},
    "away_team_id": {"data_type": "bigint"},
    "home_league_id": {"data_type": "bigint"},
    "away_league_id": {"data_type": "bigint"},
    "home_sport_id": {"data_type": "bigint"},
    "away_sport_id": {"data_type": "bigint"},
    "venue_id": {"data_type": "bigint"},
    "fetched_at": {"data_type": "timestamp"},
}
PLAYER_COLUMNS: TTableSchemaColumns = {
    "player_id": {"data_type": "bigint", "nullable": False},
    "full_name": {"data_type": "text"},
    "position": {"data_type": "text"},
    "organization": {"data_type": "text"},
}
LEDGER_COLUMNS: TTableSchemaColumns = {
    "game_pk": {"data_type": "bigint", "nullable": False},
    "reason": {"data_type": "text"},
    "detail": {"data_type": "text"},
    "last_status": {"data_type": "bigint"},
    "attempts": {"data_type": "bigint"},
    "first_seen_at": {"data_type": "timestamp"},
    "last_seen_at": {"data_type": "timestamp"},
    "is_resolved": {"data_type": "bool"},
}


# Games per Arrow batch: big enough for columnar files, small enough to keep a few MB in memory.
BATCH_GAMES = 50
# Games fetched ahead of the chunk being committed (~0.45 MB of serialised text each): 300 cover a 15 s
# commit at 20 requests a second, ~135 MB.
PREFETCH_GAMES = 300
ARROW_TYPES = {
    "bigint": pa.int64(),
    "text": pa.string(),
    "date": pa.date32(),
    "timestamp": pa.timestamp("us", tz="UTC"),
    "bool": pa.bool_(),
    # Serialised JSON text; PostgreSQL parses it into jsonb on load.
    "json": pa.string(),
}


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
    if result.document is not None:
        try:
            row = game_row(result.document, now, defaults)
            check_game_document(result.document, result.game_pk, row)
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


def for_target(columns: TTableSchemaColumns, target: str) -> TTableSchemaColumns:
    """Column hints as a target stores them: on DuckDB and in the lake json documents are kept as text.

    DuckDB's JSON type parses every value on insert, a whole vector of games at a time; the models parse
    the text once anyway (``from_json``, on Spark too). PostgreSQL parses ``jsonb`` row by row and stores it
    smaller.
    """
    if target == "postgres":
        return columns
    return {
        name: {**spec, "data_type": "text"} if spec["data_type"] == "json" else spec for name, spec in columns.items()
    }


def arrow_table(rows: list[dict[str, Any]], columns: TTableSchemaColumns) -> pa.Table:
    """Rows as an Arrow table typed by the table's column hints.

    dlt writes Arrow tables straight to parquet (DuckDB) or csv (PostgreSQL) without normalising each row,
    which is most of the CPU per game and lets the database read a columnar file instead of JSON lines.
    """
    schema = pa.schema([(name, ARROW_TYPES[spec["data_type"]]) for name, spec in columns.items()])
    return pa.Table.from_pylist(rows, schema=schema)


def arrow_tables(rows: list[dict[str, Any]], columns: TTableSchemaColumns, size: int = 10_000) -> Iterator[pa.Table]:
    for start in range(0, len(rows), size):
        yield arrow_table(rows[start : start + size], columns)


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


@dlt.source(name="statsapi", max_table_nesting=0)
def statsapi_source(
    feeds: Iterable[FeedOutcome],
    schedule: list[dict[str, Any]] | None = None,
    game_logs: list[dict[str, Any]] | None = None,
    players: list[dict[str, Any]] | None = None,
    target: str = "duckdb",
) -> Iterable[Any]:
    """The raw-schema resources of one load (or one chunk of it).

    Args:
        feeds: this chunk's fetched games, each a games row or a ledger row (``FeedPrefetch.take``).
        schedule: schedule rows fetched while planning (None: leave the table alone).
        game_logs: game-log rows fetched while planning (None: leave the table alone).
        players: the tracked players list (None: leave the table alone).
        target: the destination (``duckdb``, ``postgres`` or ``spark``, a lake), which decides how json
            documents are stored and whether tables merge (a lake appends).
    """

    def outcomes() -> Iterator[list[FeedOutcome]]:
        """Each game of the chunk, in batches: its games row, or the ledger row saying why not."""
        batch: list[FeedOutcome] = []
        for outcome in feeds:
            batch.append(outcome)
            if len(batch) >= BATCH_GAMES:
                yield batch
                batch = []
        if batch:
            yield batch

    # A lake of parquet files only appends (docs/scale-out.md): the models keep each key's newest row.
    merge = "append" if target == "spark" else "merge"

    # Two transformers over one fetch, so each table keeps static hints: per-item (callable) hints made
    # dlt recompute and validate a table schema for every game.
    fetched = dlt.resource(outcomes, name="feed_outcomes", selected=False)

    # Appended, never deleted or merged: a game fetched again is a new row, and staging keeps each game's
    # newest version (stg_statsapi__games). A replayed package, a second writer or a crash between a delete
    # and an insert can then never double or lose a game, and dlt's merge would copy every document through
    # a staging table although most games of a load are new.
    @dlt.transformer(
        data_from=fetched,
        name="games",
        write_disposition="append",
        columns=for_target(GAME_COLUMNS, target),
    )
    def games(batch: list[FeedOutcome]) -> Iterator[pa.Table]:
        rows = [outcome.game for outcome in batch if outcome.game is not None]
        if rows:
            yield arrow_table(rows, GAME_COLUMNS)

    @dlt.transformer(
        data_from=fetched,
        name="game_fetch_ledger",
        write_disposition=merge,
        primary_key="game_pk",
        columns=for_target(LEDGER_COLUMNS, target),
    )
    def game_fetch_ledger(batch: list[FeedOutcome]) -> Iterator[pa.Table]:
        rows = [outcome.ledger for outcome in batch if outcome.ledger is not None]
        if rows:
            yield arrow_table(rows, LEDGER_COLUMNS)

    yield games
    yield game_fetch_ledger
    if schedule is not None:
        yield dlt.resource(
            arrow_tables(schedule, SCHEDULE_COLUMNS),
            name="schedule_games",
            write_disposition=merge,
            primary_key=("game_pk", "game_date"),
            columns=for_target(SCHEDULE_COLUMNS, target),
        )
    if game_logs is not None:
        yield dlt.resource(
            arrow_tables(game_logs, GAME_LOG_COLUMNS),
            name="game_logs",
            write_disposition=merge,
            primary_key=("player_id", "stat_group", "game_pk"),
            columns=for_target(GAME_LOG_COLUMNS, target),
        )
    if players is not None:
        yield dlt.resource(
            arrow_tables(players, PLAYER_COLUMNS),
            name="tracked_players",
            write_disposition="replace",
            columns=for_target(PLAYER_COLUMNS, target),
        )
