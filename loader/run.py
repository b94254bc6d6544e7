"""One load, from plan to raw schema: the steps the CLI (and the demo) run."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

from dlt.pipeline.pipeline import Pipeline

from loader import pipeline as pipelines
from loader import settings
from loader.inputs import read_players
from loader.killpoints import checkpoint
from loader.levels import Level, levels
from loader.lock import warehouse_lock
from loader.plan import describe_plan, loaded_pitches, plan_load, warehouse_state
from loader.progress import FetchProgress
from loader.source import FeedPrefetch, FetchTally, statsapi_source
from loader.statsapi import StatsApiClient

log = logging.getLogger("loader")


@dataclass
class LoadOptions:
    """Everything a load needs, validated by the CLI."""

    season: int
    levels: list[Level]
    target: str = "duckdb"
    base_url: str = "https://statsapi.mlb.com"
    players_csv: Path | None = None
    game_pks: list[int] | None = None
    game_types: list[str] = field(default_factory=lambda: list(settings.DEFAULT_GAME_TYPES))
    all_games: bool = False
    retry_missing: bool = False
    rate_per_second: float = 10.0
    concurrency: int = 8
    timeout: float = 30.0
    max_attempts: int = 5
    dry_run: bool = False
    commit_every: int = 500
    backoff: float = 1.0


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
    plan: list[str] = field(default_factory=list)
    written: bool = True

    def lines(self) -> list[str]:
        if not self.written:
            return ["nothing fetched or written (plan only)"]
        failed = ", ".join(f"{reason} {count}" for reason, count in sorted(self.games_failed.items())) or "none"
        return [
            f"games planned {self.games_planned}, fetched {self.games_fetched}, "
            f"skipped (already Final) {self.games_skipped_final}, skipped (known missing) {self.games_skipped_missing}",
            f"games not loaded: {failed}",
            "pitches loaded: "
            + (", ".join(f"{level} {n}" for level, n in sorted(self.pitches_by_level.items())) or "none"),
            f"HTTP requests {self.requests} (retries {self.retries}), {self.seconds:.1f} s",
        ]


Confirm = Callable[[list[str]], bool]


def run_load(options: LoadOptions, confirm: Confirm | None = None) -> LoadSummary:
    """Plan, fetch and load one season (or the given games) into the raw schema of the target.

    Raises:
        WarehouseUnavailable: the target database cannot be opened (nothing fetched, nothing written).
        StatsApiError: a schedule or game-log call failed after retries (nothing written).
    """
    started = time.monotonic()
    # Input first: a bad players file must fail before the warehouse is opened (or created).
    players = read_players(options.players_csv) if options.players_csv and not options.game_pks else None
    pipeline = pipelines.make_pipeline(options.target)
    pipelines.check_warehouse(pipeline)
    with warehouse_lock(options.target):
        return _load(options, pipeline, players, started, confirm)


def _load(
    options: LoadOptions,
    pipeline: Pipeline,
    players: list[dict[str, Any]] | None,
    started: float,
    confirm: Confirm | None,
) -> LoadSummary:
    file_format = pipelines.loader_file_format(options.target)
    if pipeline.has_pending_data and not options.dry_run:
        # A previous run died after extracting: finish loading its games before planning this one,
        # so they count as loaded (and the order of loads stays the order of fetches).
        log.info("finishing the load packages a previous run left pending")
        pipeline.normalize()
        pipelines.undo_interrupted_appends(pipeline)
        pipeline.load().raise_on_failed_jobs()
    state = warehouse_state(pipeline)
    client = StatsApiClient(
        options.base_url,
        rate_per_second=options.rate_per_second,
        concurrency=options.concurrency,
        timeout=options.timeout,
        max_attempts=options.max_attempts,
        backoff_factor=options.backoff,
    )
    try:
        plan = plan_load(
            client,
            state,
            options.season,
            options.levels,
            players or [],
            game_pks=options.game_pks,
            game_types=options.game_types,
            all_games=options.all_games,
            retry_missing=options.retry_missing,
        )
        if players is not None:
            plan.players = players
        level_by_sport = {level.sport_id: level.code for level in levels().values()}
        loaded = loaded_pitches(pipeline, settings.dbt_schema()) if plan.players else {}
        plan_lines = describe_plan(plan, loaded, options.rate_per_second, level_by_sport)
        if options.dry_run or (confirm is not None and not confirm(plan_lines)):
            return LoadSummary(
                games_planned=len(plan.game_pks),
                games_skipped_final=plan.skipped_final,
                games_skipped_missing=plan.skipped_missing,
                requests=client.request_count,
                seconds=time.monotonic() - started,
                plan=plan_lines,
                written=False,
            )
        pipelines.ensure_raw_tables(pipeline, options.target)
        progress = FetchProgress(len(plan.game_pks))
        tally = FetchTally(progress)
        load_ids: list[str] = []
        size = max(1, options.commit_every)
        chunks = [plan.game_pks[start : start + size] for start in range(0, len(plan.game_pks), size)] or [[]]
        loaded_games = state.final_games | state.unfinished_games
        # Fetching runs ahead on its own thread while each chunk is normalised and loaded.
        feeds = FeedPrefetch(
            client,
            plan.game_pks,
            ledger=state.ledger,
            tally=tally,
            defaults=plan.game_defaults,
            season=options.season,
        )
        try:
            with feeds:
                for index, chunk in enumerate(chunks):
                    # One load package per chunk: a season is committed a few hundred games at a time, so
                    # memory does not grow with the season and a crash loses at most one chunk's fetches
                    # (and the games fetched ahead of it).
                    first = index == 0
                    source = statsapi_source(
                        feeds.take(len(chunk)),
                        schedule=plan.schedule if first else None,
                        game_logs=plan.game_logs if first else None,
                        players=plan.players if first else None,
                        target=options.target,
                        loaded_games=loaded_games,
                        replace_games=partial(pipelines.delete_games, pipeline),
                    )
                    pipeline.extract(source, loader_file_format=file_format)
                    checkpoint("extracted")
                    pipeline.normalize()
                    checkpoint("normalized")
                    info = pipeline.load()
                    info.raise_on_failed_jobs()
                    load_ids.extend(info.loads_ids)
        finally:
            progress.close()
        checkpoint("loaded")
    finally:
        client.close()
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
        seconds=time.monotonic() - started,
        load_id=load_ids[-1] if load_ids else None,
        plan=plan_lines,
    )
