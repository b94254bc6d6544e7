"""One load, from plan to raw schema: the steps the CLI (and the demo) run."""

from __future__ import annotations

import contextlib
import logging
import shutil
import signal
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from dlt.pipeline.exceptions import PipelineStepFailed
from dlt.pipeline.pipeline import Pipeline

from loader import pipeline as pipelines
from loader import settings
from loader.fetch import FeedOutcome, FeedPrefetch, FetchTally
from loader.inputs import (
    UnresolvedPlayers,
    game_pks_from_query,
    lookup_player_ids,
    players_file_names_only,
    players_from_query,
    read_named_players,
    read_players,
    write_resolved_players,
)
from loader.killpoints import checkpoint
from loader.levels import Level, levels
from loader.lock import HeldLock, warehouse_lock
from loader.plan import PERMANENT_REASONS, LoadPlan, SeasonsPlan, explicit_plan, plan_seasons
from loader.progress import FetchProgress
from loader.source import statsapi_source
from loader.state import WarehouseState, warehouse_state
from loader.statsapi import StatsApiClient

log = logging.getLogger("loader")


def _configured(name: str) -> Any:
    """A field whose default is the configured one (``.dlt/config.toml``, or the environment)."""
    return field(default_factory=lambda: getattr(settings.api_settings(), name))


@dataclass
class LoadOptions:
    """Everything a load needs, validated by the CLI; what it leaves out is the configured default."""

    season: int
    levels: list[Level]
    target: str = field(default_factory=settings.target)
    base_url: str = _configured("base_url")
    players_csv: Path | None = None
    game_pks: list[int] | None = None
    game_types: list[str] = field(default_factory=lambda: list(settings.DEFAULT_GAME_TYPES))
    all_games: bool = False
    retry_missing: bool = False
    rate_per_second: float = _configured("rate_per_second")
    concurrency: int = _configured("concurrency")
    timeout: float = _configured("timeout_seconds")
    max_attempts: int = _configured("max_attempts")
    dry_run: bool = False
    commit_every: int = _configured("commit_every")
    backoff: float = _configured("backoff_seconds")
    # Several seasons in one run (``season`` is then the first); None: ``season`` alone.
    seasons: list[int] | None = None
    # Tracked players from a query on the target's database instead of the CSV.
    players_sql: str | None = None
    # Known games (a ``game_pk`` column, optionally ``season``) from a query, joined to the plan.
    games_sql: str | None = None
    # A names-only players file: load the names that resolve, list the others, instead of stopping.
    skip_unresolved: bool = False

    @property
    def chosen_seasons(self) -> list[int]:
        return list(self.seasons) if self.seasons else [self.season]


@dataclass
class SeasonRow:
    """One season of a run's summary: games planned, and the games and pitches this run committed."""

    season: int | None
    planned: int = 0
    loaded: int = 0
    pitches: int = 0


@dataclass
class LoadSummary:
    """What a load did, printed at the end and returned for tests."""

    games_planned: int = 0
    games_fetched: int = 0
    games_skipped_final: int = 0
    games_skipped_missing: int = 0
    games_failed: dict[str, int] = field(default_factory=dict)
    requests: int = 0
    retries: int = 0
    seconds: float = 0.0
    load_id: str | None = None
    pitches_by_level: dict[str, int] = field(default_factory=dict)
    plan: SeasonsPlan | None = None
    # The games the warehouse held before this run (for the plan's backfill lines).
    loaded_games: set[int] = field(default_factory=set)
    written: bool = True
    seasons: list[SeasonRow] = field(default_factory=list)

    def lines(self) -> list[str]:
        if not self.written:
            return ["nothing fetched or written (plan only)"]
        failed = ", ".join(f"{reason} {count}" for reason, count in sorted(self.games_failed.items())) or "none"
        by_season = [
            f"  season {row.season if row.season is not None else 'not known'}: games planned {row.planned}, "
            f"loaded {row.loaded}, pitches {row.pitches}"
            for row in self.seasons
        ]
        return [
            f"games planned {self.games_planned}, fetched {self.games_fetched}, "
            f"skipped (already Final) {self.games_skipped_final}, skipped (known missing) {self.games_skipped_missing}",
            f"games not loaded: {failed}",
            "pitches loaded: "
            + (", ".join(f"{level} {n}" for level, n in sorted(self.pitches_by_level.items())) or "none"),
            f"HTTP requests {self.requests} (retries {self.retries}), {self.seconds:.1f} s",
            *(
                ["by season (loaded: games committed by this run, by the season their feeds name):"]
                if by_season
                else []
            ),
            *by_season,
        ]


Confirm = Callable[[SeasonsPlan, set[int]], bool]


def run_load(options: LoadOptions, confirm: Confirm | None = None) -> LoadSummary:
    """Plan, fetch and load one or more seasons (or the given games) into the raw schema of the target.

    The steps, in the order the data walks: read the inputs (players, known games), finish what a previous
    run left pending, ask the warehouse what it holds (once), ask the API what exists and decide (the plan),
    confirm, then fetch and load chunk by chunk. ``confirm`` gets the plan and the games already loaded.

    Raises:
        WarehouseUnavailable: the target database cannot be opened (nothing fetched, nothing written).
        StatsApiError: a schedule or game-log call failed after retries (nothing written).
    """
    started = time.monotonic()
    # Input first: a bad players file must fail before the warehouse is written (or created).
    players, named = _players_from_file(options)
    fresh = _absent_paths(options.target)
    pipeline_dir = Path(*pipelines.pipeline_location(options.target))
    writes = _Writes()
    try:
        # Queries read the warehouse's database: under the load lock, so a load running meanwhile is reported
        # as such (not as a failing query), and before the warehouse is written to.
        with warehouse_lock(options.target) as lock:
            players, known_games = _inputs_from_queries(options, players)
            with pipelines.open_pipeline(options.target) as pipeline:
                pipelines.check_warehouse(pipeline)
                if pipeline.has_pending_data and not options.dry_run:
                    writes.started = True
                    _finish_pending(pipeline, lock)
                state = warehouse_state(pipeline)
                client = _client(options)
                try:
                    if named is not None:
                        players = _resolve_names(options, client, named)
                    planned = _plan(options, client, state, players, known_games)
                    if options.dry_run or (confirm is not None and not confirm(planned, state.loaded_games)):
                        return _unwritten(planned, state, client, time.monotonic() - started)
                    writes.started = True
                    tally, load_ids = _fetch_and_load(options, pipeline, client, planned.combined, state, lock)
                finally:
                    client.close()
                return _summary(planned, tally, client, load_ids, pipeline, time.monotonic() - started)
    finally:
        if not writes.started:
            # A plan, a declined load or one that failed before its first write leaves nothing behind.
            _remove(fresh, pipeline_dir)


def _players_from_file(options: LoadOptions) -> tuple[list[dict[str, Any]] | None, list[dict[str, Any]] | None]:
    """The players file's rows: (players with ids, None), or (None, names to look up) for a names-only file."""
    if options.game_pks or options.players_sql or not options.players_csv:
        return None, None
    if players_file_names_only(options.players_csv):
        return None, read_named_players(options.players_csv)
    return read_players(options.players_csv), None


def _inputs_from_queries(
    options: LoadOptions, players: list[dict[str, Any]] | None
) -> tuple[list[dict[str, Any]] | None, dict[int, int | None] | None]:
    """Players from ``players_sql`` (else those given) and known games from ``games_sql``."""
    if options.game_pks:
        return players, None
    if options.players_sql:
        players = players_from_query(options.target, options.players_sql)
    known_games = game_pks_from_query(options.target, options.games_sql) if options.games_sql else None
    return players, known_games


def _finish_pending(pipeline: Pipeline, lock: HeldLock) -> None:
    """Load the packages a previous run extracted but did not load, before planning this one.

    They then count as loaded, and the order of loads stays the order of fetches.
    """
    log.info("finishing the load packages a previous run left pending")
    pipeline.normalize()
    lock.check()
    pipeline.load().raise_on_failed_jobs()


def _client(options: LoadOptions) -> StatsApiClient:
    return StatsApiClient(
        options.base_url,
        rate_per_second=options.rate_per_second,
        concurrency=options.concurrency,
        timeout=options.timeout,
        max_attempts=options.max_attempts,
        backoff_factor=options.backoff,
    )


def _plan(
    options: LoadOptions,
    client: StatsApiClient,
    state: WarehouseState,
    players: list[dict[str, Any]] | None,
    known_games: dict[int, int | None] | None,
) -> SeasonsPlan:
    """The games to fetch: exactly ``game_pks``, or each season's planned from the API and the state."""
    if options.game_pks:
        return explicit_plan(options.game_pks)
    planned = plan_seasons(
        client,
        state,
        options.chosen_seasons,
        options.levels,
        players or [],
        known_games=known_games,
        all_games=options.all_games,
        retry_missing=options.retry_missing,
        game_types=options.game_types,
    )
    if players is not None:
        planned.combined.players = players
    return planned


def commit_chunks(game_pks: list[int], size: int) -> list[list[int]]:
    """The planned games in commits of ``size``, of which the last, when there are several, is a tenth as big.

    Every commit but the last runs while the next chunk's feeds are fetched; the last runs after the final
    feed with nothing to overlap, so a small one ends the load sooner (~0.6 s at 50 games against ~3 s of
    normalize and insert at 500; the commit before it may still be running when the final feed arrives).
    A load of one chunk or less is one commit.
    """
    size = max(1, size)
    if len(game_pks) <= size:
        return [game_pks]
    tail = max(1, size // 10)
    head = game_pks[:-tail]
    return [head[start : start + size] for start in range(0, len(head), size)] + [game_pks[-tail:]]


def _fetch_and_load(
    options: LoadOptions,
    pipeline: Pipeline,
    client: StatsApiClient,
    plan: LoadPlan,
    state: WarehouseState,
    lock: HeldLock,
) -> tuple[FetchTally, list[str]]:
    """Fetch the planned games on a thread of their own and load them a chunk (one load package) at a time.

    A season is committed a few hundred games at a time, so memory does not grow with the season and a
    crash loses at most one chunk's fetches (and the games fetched ahead of it).
    """
    progress = FetchProgress(len(plan.game_pks))
    tally = FetchTally(progress, missing_reasons=PERMANENT_REASONS)
    load_ids: list[str] = []
    chunks = commit_chunks(plan.game_pks, options.commit_every)
    feeds = FeedPrefetch(
        client,
        plan.game_pks,
        ledger=state.ledger,
        tally=tally,
        fetched_from=client.base_url,
        defaults=plan.game_defaults,
        # A feed without its season takes the one asked for, when one was.
        season=options.season if len(options.chosen_seasons) == 1 else None,
    )
    committed = 0
    ctrl_c = threading.Event()
    try:
        with feeds, _ctrl_c_noted(ctrl_c):
            # While the first feeds are on their way (the fetch thread has started).
            pipelines.ensure_raw_tables(pipeline, options.target)
            for index, chunk in enumerate(chunks):
                first = index == 0
                in_chunk = _GameCount()
                source = statsapi_source(
                    in_chunk.counting(feeds.take(len(chunk))),
                    schedule=plan.schedule if first else None,
                    game_logs=plan.game_logs if first else None,
                    players=plan.players if first else None,
                    target=options.target,
                )
                pipeline.extract(source, loader_file_format=pipelines.loader_file_format(options.target))
                checkpoint("extracted")
                pipeline.normalize()
                checkpoint("normalized")
                lock.check()
                info = pipeline.load()
                info.raise_on_failed_jobs()
                load_ids.extend(info.loads_ids)
                committed += in_chunk.games
                if ctrl_c.is_set():
                    raise KeyboardInterrupt
    except KeyboardInterrupt:
        raise LoadInterrupted(committed) from None
    except PipelineStepFailed as exc:
        # A DuckDB statement that Ctrl-C cut short fails its step with duckdb's own error.
        if isinstance(exc.exception, KeyboardInterrupt) or ctrl_c.is_set():
            raise LoadInterrupted(committed) from None
        raise
    finally:
        progress.close()
    checkpoint("loaded")
    return tally, load_ids


@contextlib.contextmanager
def _ctrl_c_noted(noted: threading.Event) -> Iterator[None]:
    """Ctrl-C raises KeyboardInterrupt as always, and is also noted, to be raised again after the chunk's commit.

    A SIGINT that arrives while the main thread is inside a DuckDB call does not always surface: the duckdb
    module checks Python's pending signals itself and the KeyboardInterrupt was seen only at interpreter exit,
    after the load had gone on to its end (exit 0); a statement it cuts short fails with duckdb's own error.
    The note makes the next chunk boundary, or that failure, stop the load as Ctrl-C does. The handler is
    installed even when the process started with SIGINT ignored (a background job): a SIGINT sent to a load
    always ends it at a commit, with the count of what is committed.
    """
    if threading.current_thread() is not threading.main_thread():
        yield  # signal handlers belong to the main thread; elsewhere Ctrl-C is not ours to catch
        return

    def on_ctrl_c(signum: int, frame: Any) -> None:
        noted.set()
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGINT, on_ctrl_c)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


def _unwritten(planned: SeasonsPlan, state: WarehouseState, client: StatsApiClient, seconds: float) -> LoadSummary:
    """The summary of a plan only, or of a load declined at the question."""
    plan = planned.combined
    return LoadSummary(
        games_planned=len(plan.game_pks),
        games_skipped_final=plan.skipped_final,
        games_skipped_missing=plan.skipped_missing,
        requests=client.request_count,
        seconds=seconds,
        plan=planned,
        loaded_games=state.loaded_games,
        written=False,
    )


def _summary(
    planned: SeasonsPlan,
    tally: FetchTally,
    client: StatsApiClient,
    load_ids: list[str],
    pipeline: Pipeline,
    seconds: float,
) -> LoadSummary:
    plan = planned.combined
    level_by_sport = {level.sport_id: level.code for level in levels().values()}
    return LoadSummary(
        games_planned=len(plan.game_pks),
        games_fetched=tally.fetched,
        games_skipped_final=plan.skipped_final,
        games_skipped_missing=plan.skipped_missing,
        games_failed=dict(tally.failed),
        pitches_by_level={
            level_by_sport.get(sport, f"sportId {sport}"): n for sport, n in tally.pitches_by_sport.items()
        },
        requests=client.request_count,
        retries=client.retries,
        seconds=seconds,
        load_id=load_ids[-1] if load_ids else None,
        plan=planned,
        seasons=_season_rows(pipeline, planned.seasons, load_ids),
    )


def _resolve_names(options: LoadOptions, client: StatsApiClient, named: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Ids of a names-only players file, from the levels' players lists; the resolved ones written back."""
    assert options.players_csv is not None
    lookup = lookup_player_ids(client, named, options.chosen_seasons, [level.sport_id for level in options.levels])
    kept = write_resolved_players(options.players_csv, lookup.resolved)
    log.info("player names resolved: %d of %d, written to %s", len(lookup.resolved), len(named), kept)
    if lookup.unresolved:
        listed = "; ".join(lookup.unresolved[:20]) + (
            f"; and {len(lookup.unresolved) - 20} more" if len(lookup.unresolved) > 20 else ""
        )
        if not options.skip_unresolved or not lookup.resolved:
            raise UnresolvedPlayers(
                f"{len(lookup.unresolved)} of {len(named)} player name(s) in {options.players_csv} not resolved: "
                f"{listed} (resolved ids written to {kept}; "
                + ("fix the names or give player_id" if lookup.resolved else "no name resolved")
                + ("" if options.skip_unresolved else ", or pass --skip-unresolved to load the others")
                + ")"
            )
        log.warning("skipping unresolved player names: %s", listed)
    return lookup.resolved


class LoadInterrupted(Exception):
    """Ctrl-C during the fetch: the chunks committed so far stay, the next run fetches the rest."""

    def __init__(self, committed: int) -> None:
        super().__init__(f"{committed} games committed")
        self.committed = committed


class _GameCount:
    """Counts the games (rows, not ledger entries) a chunk's source hands dlt."""

    def __init__(self) -> None:
        self.games = 0

    def counting(self, outcomes: Iterator[FeedOutcome]) -> Iterator[FeedOutcome]:
        for outcome in outcomes:
            self.games += outcome.game is not None
            yield outcome


@dataclass
class _Writes:
    started: bool = False


def _absent_paths(target: str) -> list[Path]:
    """The files and folders a run would create for this target that do not exist yet (deepest first)."""
    pipelines_dir, name = pipelines.pipeline_location(target)
    absent: list[Path] = []
    path = pipelines_dir / name
    while not path.exists() and path != path.parent:
        absent.append(path)
        path = path.parent
    if target == "duckdb":
        warehouse = settings.duckdb_path()
        absent += [p for p in (warehouse, warehouse.with_name(warehouse.name + ".wal")) if not p.exists()]
    lake = settings.local_lake() if target == "spark" else None
    if lake is not None:
        path = lake
        while not path.exists() and path != path.parent:
            absent.append(path)
            path = path.parent
    return absent


def _remove(paths: list[Path], pipeline_dir: Path) -> None:
    for path in paths:
        if path.is_dir():
            # The pipeline's own folder goes whole; the folders above it only if nothing else came to live there.
            if path == pipeline_dir:
                shutil.rmtree(path, ignore_errors=True)
            else:
                with contextlib.suppress(OSError):
                    path.rmdir()
        else:
            path.unlink(missing_ok=True)


def _season_rows(pipeline: Pipeline, plans: dict[int | None, LoadPlan], load_ids: list[str]) -> list[SeasonRow]:
    """A summary row per planned season: games planned, and games and pitches this run's loads committed."""
    rows = {season: SeasonRow(season, planned=len(plan.game_pks)) for season, plan in plans.items()}
    ids = [load_id for load_id in load_ids if load_id.replace(".", "").isdigit()]
    if rows and ids:
        listed = ", ".join(f"'{load_id}'" for load_id in ids)
        sql = (
            f"select season, count(*), coalesce(sum(pitch_count), 0) from {pipelines.qualified(pipeline, 'games')} "
            f"where _dlt_load_id in ({listed}) group by season"
        )
        for season, games, pitches in pipelines.query(pipeline, sql):
            year = int(season) if season is not None else None
            row = rows.setdefault(year if year in rows else None, SeasonRow(None))
            row.loaded += int(games)
            row.pitches += int(pitches)
    return [rows[season] for season in sorted(rows, key=lambda year: (year is None, year or 0))]
