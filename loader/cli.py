"""``milb-load``: load a season of minor-league game feeds into the raw schema (``make load`` wraps it)."""

from __future__ import annotations

import logging
import os
import sys
from datetime import date
from functools import partial
from pathlib import Path

import click
from dlt.pipeline.exceptions import PipelineStepFailed

from loader.documents import MalformedDocument
from loader.inputs import PlayersFileError
from loader.levels import parse_levels
from loader.lock import LoadInProgress
from loader.pipeline import TARGETS, WarehouseUnavailable
from loader.plan import PERMANENT_REASONS
from loader.run import LoadOptions, run_load
from loader.settings import (
    DEFAULT_BASE_URL,
    DEFAULT_CONCURRENCY,
    DEFAULT_GAME_TYPES,
    DEFAULT_PLAYERS_CSV,
    DEFAULT_RATE_PER_SECOND,
    FIRST_SEASON,
    GAME_TYPES,
)
from loader.statsapi import StatsApiError


class PartialLoad(click.ClickException):
    """The load committed what it could, but some games failed for reasons another run may not meet."""

    exit_code = 3


class InputError(click.ClickException):
    """Bad input: reported as one line, exit code 2."""

    exit_code = 2


def parse_season(text: str) -> int:
    if not text.strip().isdigit():
        raise InputError(f"season must be a year, got {text!r}")
    season = int(text)
    if not FIRST_SEASON <= season <= date.today().year + 1:
        raise InputError(f"season {season} is out of range: the Stats API has play-by-play from {FIRST_SEASON}")
    return season


def parse_game_types(text: str) -> list[str]:
    chosen = [raw.strip().upper() for raw in text.split(",") if raw.strip()]
    unknown = [code for code in chosen if code not in GAME_TYPES]
    if unknown or not chosen:
        raise InputError(f"unknown game type {', '.join(unknown) or text!r}; known game types: {','.join(GAME_TYPES)}")
    return list(dict.fromkeys(chosen))


def parse_game_pks(text: str | None) -> list[int] | None:
    if not text:
        return None
    game_pks: list[int] = []
    for raw in text.split(","):
        raw = raw.strip()
        if not raw:
            continue
        if not raw.isdigit():
            raise InputError(f"game_pk must be a number, got {raw!r}")
        game_pks.append(int(raw))
    if not game_pks:
        raise InputError("games= lists no game_pk")
    return game_pks


@click.command(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--season", required=True, help="Season to load, e.g. 2025.")
@click.option("--levels", default=None, help="Comma-separated levels (AAA,AA,A+,A,ROK,MLB). Default: all MiLB.")
@click.option("--games", default=None, help="Load exactly these game_pks (comma-separated), nothing else.")
@click.option(
    "--game-types",
    default=",".join(DEFAULT_GAME_TYPES),
    show_default=True,
    help="Schedule game types, comma-separated: R regular season, F, D, L, W postseason rounds.",
)
@click.option(
    "--target",
    default=os.environ.get("MILB_TARGET", "duckdb"),
    show_default=True,
    help="Warehouse: duckdb or postgres.",
)
@click.option(
    "--base-url",
    default=os.environ.get("MLB_API_BASE_URL", DEFAULT_BASE_URL),
    show_default=True,
    help="Stats API root (env MLB_API_BASE_URL).",
)
@click.option(
    "--players",
    "players_csv",
    type=click.Path(path_type=Path),
    default=DEFAULT_PLAYERS_CSV,
    show_default=True,
    help="CSV of tracked players (player_id, full_name, position, organization).",
)
@click.option(
    "--all-games",
    is_flag=True,
    help="Also fetch every played game of the schedule, not only the tracked players' games.",
)
@click.option(
    "--plan", "dry_run", is_flag=True, help="Plan only: print what a load would fetch, fetch no feed, write nothing."
)
@click.option("--yes", "-y", is_flag=True, help="Load without asking (needed when stdin is not a terminal).")
@click.option("--retry-missing", is_flag=True, help="Fetch again games the ledger holds as missing (404, empty).")
@click.option(
    "--rate",
    type=float,
    default=DEFAULT_RATE_PER_SECOND,
    show_default=True,
    help="Cap on requests per second (0 = none).",
)
@click.option(
    "--concurrency",
    type=click.IntRange(1, 64),
    default=DEFAULT_CONCURRENCY,
    show_default=True,
    help="Game feeds fetched at once.",
)
@click.option(
    "--commit-every",
    type=click.IntRange(1, 100_000),
    default=500,
    show_default=True,
    help="Games per load package: each is committed before the next is fetched.",
)
@click.option(
    "--backoff",
    type=float,
    default=1.0,
    show_default=True,
    help="Seconds of the first retry's wait; it doubles on each further retry (Retry-After wins).",
)
@click.option("--timeout", type=float, default=30.0, show_default=True, help="Seconds before a request is retried.")
@click.option(
    "--max-attempts",
    type=click.IntRange(1, 20),
    default=5,
    show_default=True,
    help="Attempts per request (429/5xx/timeouts are retried with backoff, honouring Retry-After).",
)
def load(
    season: str,
    levels: str | None,
    games: str | None,
    game_types: str,
    target: str,
    base_url: str,
    players_csv: Path,
    all_games: bool,
    retry_missing: bool,
    dry_run: bool,
    yes: bool,
    rate: float,
    concurrency: int,
    commit_every: int,
    backoff: float,
    timeout: float,
    max_attempts: int,
) -> None:
    """Load MLB Stats API game feeds for a season into the raw schema (dlt), keyed on game_pk."""
    if target not in TARGETS:
        raise InputError(f"unknown target {target!r}; known targets: {', '.join(TARGETS)}")
    if not base_url.startswith(("http://", "https://")):
        raise InputError(f"base URL must start with http:// or https://, got {base_url!r}")
    try:
        chosen_levels = parse_levels(levels)
    except ValueError as exc:
        raise InputError(str(exc)) from None
    parsed_season, game_pks = parse_season(season), parse_game_pks(games)
    chosen_game_types = parse_game_types(game_types)
    if not (yes or dry_run or sys.stdin.isatty()):
        raise InputError("stdin is not a terminal: pass --yes (make load ... yes=1) to load without the prompt")
    options = LoadOptions(
        season=parsed_season,
        levels=chosen_levels,
        target=target,
        base_url=base_url,
        players_csv=players_csv,
        game_pks=game_pks,
        game_types=chosen_game_types,
        all_games=all_games,
        retry_missing=retry_missing,
        rate_per_second=rate,
        concurrency=concurrency,
        timeout=timeout,
        max_attempts=max_attempts,
        dry_run=dry_run,
        commit_every=commit_every,
        backoff=backoff,
    )
    try:
        summary = run_load(options, confirm=partial(_confirm, yes))
    except PlayersFileError as exc:
        raise InputError(str(exc)) from None
    except LoadInProgress as exc:
        raise click.ClickException(str(exc)) from None
    except WarehouseUnavailable as exc:
        raise click.ClickException(f"cannot open the {target} warehouse: {exc}") from None
    except StatsApiError as exc:
        raise click.ClickException(f"Stats API request failed: {exc}") from None
    except MalformedDocument as exc:
        raise click.ClickException(f"Stats API response is malformed: {exc}") from None
    except PipelineStepFailed as exc:
        # The load packages stay in the pipeline's directory: the next run finishes them first.
        cause = str(exc.exception).strip().splitlines()
        raise click.ClickException(
            f"load failed at dlt step '{exc.step}': {cause[0] if cause else type(exc.exception).__name__}"
        ) from None
    if dry_run:
        for line in summary.plan:
            click.echo(line)
    for line in summary.lines():
        click.echo(line)
    if not dry_run and not summary.written:
        raise click.ClickException("not confirmed: nothing fetched or written")
    transient = {reason: n for reason, n in summary.games_failed.items() if reason not in PERMANENT_REASONS}
    if transient:
        raise PartialLoad(
            f"{sum(transient.values())} game(s) could not be fetched ("
            + ", ".join(f"{reason} {n}" for reason, n in sorted(transient.items()))
            + "): everything else is loaded; they are in the ledger and the next run fetches them again"
        )


def _confirm(yes: bool, plan_lines: list[str]) -> bool:
    for line in plan_lines:
        click.echo(line)
    return yes or click.confirm("Fetch and load these games?", default=False)


def main(argv: list[str] | None = None) -> None:
    """Entry point: click's usage errors become one ``error:`` line, like every other failure."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
    try:
        load.main(args=argv, standalone_mode=False)
        sys.exit(0)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except click.ClickException as exc:
        click.echo(f"error: {exc.format_message()}", err=True)
        sys.exit(exc.exit_code)
    except click.Abort:
        click.echo("error: aborted", err=True)
        sys.exit(130)


if __name__ == "__main__":
    main()
