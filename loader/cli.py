"""``milb-load``: load a season of minor-league game feeds into the raw schema (``make load`` wraps it)."""

from __future__ import annotations

import logging
import sys
import traceback
from functools import partial
from pathlib import Path
from typing import Any

import click
from dlt.pipeline.exceptions import PipelineStepFailed

from loader import settings
from loader.describe import describe_seasons
from loader.documents import MalformedDocument
from loader.inputs import InputRejected, PlayersFileError, parse_seasons
from loader.levels import parse_levels
from loader.lock import LoadInProgress
from loader.pipeline import WarehouseUnavailable
from loader.plan import PERMANENT_REASONS, SeasonsPlan
from loader.run import LoadInterrupted, LoadOptions, LoadSummary, run_load
from loader.settings import DEFAULT_GAME_TYPES, DEFAULT_PLAYERS_CSV, GAME_TYPES, TARGETS
from loader.statsapi import StatsApiError, StatsApiUnreachable

# The defaults of .dlt/config.toml (and the environment), shown by --help.
API = settings.api_settings()


class PartialLoad(click.ClickException):
    """The load committed what it could, but some games failed for reasons another run may not meet."""

    exit_code = 3


class Interrupted(click.ClickException):
    """Ctrl-C: not an error, reported as one line of what is kept; exit code 130 (the shell's for SIGINT)."""

    exit_code = 130


# Set by the command, read by main(): whether a failure prints its whole chain of errors.
_VERBOSE = [False]


class InputError(click.ClickException):
    """Bad input: reported as one line, exit code 2."""

    exit_code = 2


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
        if not raw.isdigit() or int(raw) == 0:
            raise InputError(f"game_pk must be a positive whole number, got {raw!r}")
        game_pks.append(int(raw))
    if not game_pks:
        raise InputError("games= lists no game_pk")
    return game_pks


@click.command(context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--season",
    required=True,
    help="Season(s) to load: 2025, a range 2021-2025 or a list 2023,2025 (one plan, one run).",
)
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
    default=settings.target,
    show_default="MILB_TARGET or duckdb",
    help="Warehouse: duckdb or postgres.",
)
@click.option(
    "--base-url",
    default=API.base_url,
    show_default=True,
    help="Stats API root (env MLB_API_BASE_URL).",
)
@click.option(
    "--players",
    "players_csv",
    type=click.Path(path_type=Path),
    default=DEFAULT_PLAYERS_CSV,
    show_default=True,
    help="CSV of tracked players (player_id, full_name, position, organization); with full_name and no "
    "player_id column the names are looked up in the API's players lists.",
)
@click.option(
    "--players-sql",
    default=None,
    help="Tracked players from a query on the target's database (PostgreSQL; DuckDB: the warehouse file) "
    "returning player_id, full_name, position, organization; replaces --players.",
)
@click.option(
    "--games-sql",
    default=None,
    help="Known games from a query on the target's database returning game_pk (and optionally season): "
    "they join the game logs' games; the plan shows what each source knew.",
)
@click.option(
    "--skip-unresolved",
    is_flag=True,
    help="A --players file with names only (no player_id): load the names the API resolves, list the others.",
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
    default=API.rate_per_second,
    show_default=True,
    help="Cap on requests per second (0 = none).",
)
@click.option(
    "--concurrency",
    type=click.IntRange(1, 64),
    default=API.concurrency,
    show_default=True,
    help="Game feeds fetched at once.",
)
@click.option(
    "--commit-every",
    type=click.IntRange(1, 100_000),
    default=API.commit_every,
    show_default=True,
    help="Games per load package; the last of several is a tenth as big (no fetch overlaps it).",
)
@click.option(
    "--backoff",
    type=float,
    default=API.backoff_seconds,
    show_default=True,
    help="Seconds of the first retry's wait; it doubles on each further retry (Retry-After wins).",
)
@click.option("--verbose", "-v", is_flag=True, help="On failure, print the whole chain of errors, not only one line.")
@click.option(
    "--timeout", type=float, default=API.timeout_seconds, show_default=True, help="Seconds before a request is retried."
)
@click.option(
    "--max-attempts",
    type=click.IntRange(1, 20),
    default=API.max_attempts,
    show_default=True,
    help="Attempts per request (429/5xx/timeouts are retried with backoff, honouring Retry-After).",
)
def load(verbose: bool, yes: bool, **given: Any) -> None:
    """Load MLB Stats API game feeds for one or more seasons into the raw schema (dlt), keyed on game_pk.

    Players come from --players (a CSV with ids, or names only: ids are then looked up in the API's players
    lists per level and season and written to <file>.resolved.csv) or --players-sql; --games-sql adds games
    the app already knows. Bad input is one error line and exit 2, before anything is fetched.
    """
    _VERBOSE[0] = verbose
    options = load_options(**given)
    if not (yes or options.dry_run or sys.stdin.isatty()):
        raise InputError("stdin is not a terminal: pass --yes (make load ... yes=1) to load without the prompt")
    summary = _run(options, yes)
    if options.dry_run:
        assert summary.plan is not None
        for line in describe_seasons(summary.plan, summary.loaded_games, options.rate_per_second):
            click.echo(line)
    elif not summary.written:
        # Answering no is a choice, not a failure: exit 0.
        click.echo("not confirmed: nothing fetched or written")
        return
    for line in summary.lines():
        click.echo(line)
    transient = {reason: n for reason, n in summary.games_failed.items() if reason not in PERMANENT_REASONS}
    if transient:
        raise PartialLoad(
            f"{sum(transient.values())} game(s) could not be fetched ("
            + ", ".join(f"{reason} {n}" for reason, n in sorted(transient.items()))
            + "): everything else is loaded; they are in the ledger and the next run fetches them again"
        )


def load_options(
    season: str,
    levels: str | None,
    games: str | None,
    game_types: str,
    target: str,
    base_url: str,
    rate: float,
    **rest: Any,
) -> LoadOptions:
    """The command line's options, validated, as a load's options (bad input: ``InputError``, exit 2)."""
    if target not in TARGETS:
        raise InputError(f"unknown target {target!r}; known targets: {', '.join(TARGETS)}")
    if not base_url.startswith(("http://", "https://")):
        raise InputError(f"base URL must start with http:// or https://, got {base_url!r}")
    try:
        chosen_levels = parse_levels(levels)
        seasons = parse_seasons(season)
    except (ValueError, InputRejected) as exc:
        raise InputError(str(exc)) from None
    return LoadOptions(
        season=seasons[0],
        seasons=seasons,
        levels=chosen_levels,
        target=target,
        base_url=base_url,
        game_pks=parse_game_pks(games),
        game_types=parse_game_types(game_types),
        rate_per_second=rate,
        **rest,
    )


def _run(options: LoadOptions, yes: bool) -> LoadSummary:
    """``run_load``, each failure it can meet as the one line (and exit code) the user reads."""
    try:
        return run_load(options, confirm=partial(_confirm, yes, options.rate_per_second))
    except (PlayersFileError, InputRejected) as exc:
        raise InputError(str(exc)) from None
    except LoadInProgress as exc:
        raise click.ClickException(str(exc)) from None
    except WarehouseUnavailable as exc:
        raise click.ClickException(f"cannot open the {options.target} warehouse: {exc}") from exc
    except StatsApiUnreachable as exc:
        raise click.ClickException(str(exc)) from exc
    except StatsApiError as exc:
        raise click.ClickException(f"Stats API request failed: {exc}") from exc
    except MalformedDocument as exc:
        raise click.ClickException(f"Stats API response is malformed: {exc}") from exc
    except LoadInterrupted as exc:
        raise Interrupted(f"interrupted: {exc.committed} games committed, the next run goes on from there") from None
    except PipelineStepFailed as exc:
        # The load packages stay in the pipeline's directory: the next run finishes them first.
        cause = str(exc.exception).strip().splitlines()
        raise click.ClickException(
            f"load failed at dlt step '{exc.step}': {cause[0] if cause else type(exc.exception).__name__}"
        ) from exc.exception


def _confirm(yes: bool, rate: float, plan: SeasonsPlan, loaded_games: set[int]) -> bool:
    for line in describe_seasons(plan, loaded_games, rate):
        click.echo(line)
    return yes or click.confirm("Fetch and load these games?", default=False)


def main(argv: list[str] | None = None) -> None:
    """Entry point: click's usage errors become one ``error:`` line, like every other failure.

    ``--verbose`` prints the chain of errors behind that line first (a traceback, for a bug report).
    """
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
    _VERBOSE[0] = False
    try:
        load.main(args=argv, standalone_mode=False)
        sys.exit(0)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except Interrupted as exc:
        click.echo(exc.format_message(), err=True)
        sys.exit(exc.exit_code)
    except click.ClickException as exc:
        if _VERBOSE[0] and exc.__cause__ is not None:
            traceback.print_exception(exc.__cause__, file=sys.stderr)
        click.echo(f"error: {exc.format_message()}", err=True)
        sys.exit(exc.exit_code)
    except click.Abort:
        # Ctrl-C before the first game was fetched (while planning or at the question).
        click.echo("interrupted: nothing fetched or written", err=True)
        sys.exit(130)


if __name__ == "__main__":
    main()
