"""``fake-statsapi``: serve a generated season, replay a directory, or dump a season to files."""

from __future__ import annotations

import errno
import os
import signal
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from types import FrameType
from typing import Any

import click

from fake_statsapi import documents
from fake_statsapi.faults import FAIL_GAMES_ENV, FAULTS_ENV, HANG_THEN, Faults, parse_fail_games, parse_spec
from fake_statsapi.generator import FakeSeason, TrackedPlayersError
from fake_statsapi.players import default_tracked_players, read_tracked_players_csv, write_tracked_players_csv
from fake_statsapi.replay import ReplaySource
from fake_statsapi.server import FakeStatsApiServer

LOOPBACK = "127.0.0.1"


def _season(
    games: int, seed: int, season: int, players: Path | None, live_games: int = 0, empty_plays: tuple[int, ...] = ()
) -> FakeSeason:
    """The generated season; a players file or game the generator refuses is click's usage error on its option."""
    tracked = read_tracked_players_csv(players) if players is not None else None
    try:
        return FakeSeason(
            season=season,
            n_games=games,
            seed=seed,
            tracked_players=tracked,
            live_games=live_games,
            empty_plays_game_pks=empty_plays,
        )
    except TrackedPlayersError as exc:
        raise click.BadParameter(str(exc), param_hint="--players") from exc
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--empty-plays-game" if empty_plays else "--games") from exc


_RATE = click.FloatRange(min=0, max=1)
# Flag -> ``Faults`` field; each overrides the same setting from --faults or FAKE_STATSAPI_FAULTS.
_FAULT_FLAGS: tuple[tuple[str, str, Any, str], ...] = (
    ("--fault-404", "not_found_rate", _RATE, "Share of paths answered 404, permanently."),
    ("--fault-429", "rate_429", _RATE, "Share of attempts answered 429 with Retry-After."),
    ("--retry-after", "retry_after_s", click.IntRange(min=0), "Retry-After seconds of a 429 [1]."),
    ("--fault-5xx", "status_5xx_rate", _RATE, "Share of attempts answered 500/502/503/504."),
    ("--fault-hang", "hang_rate", _RATE, "Share of attempts held open --hang-s seconds."),
    ("--hang-s", "hang_s", click.FloatRange(min=0), "How long a hung request is held [5]."),
    ("--hang-then", "hang_then", click.Choice(HANG_THEN), "After a hang: answer, or drop the connection [answer]."),
    ("--fault-reset", "reset_rate", _RATE, "Share of attempts reset (TCP RST), before or mid-body."),
    ("--fault-truncate", "truncate_rate", _RATE, "Share of attempts answered with half the body."),
    ("--fault-invalid-json", "invalid_json_rate", _RATE, "Share of attempts answered 200 with an HTML page."),
    ("--fault-seed", "seed", int, "Seed of the fault draws [0]."),
)


def _fault_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """The fault flags shared by ``serve`` and ``replay``."""
    for flag, name, kind, text in reversed(_FAULT_FLAGS):
        # Prefixed, so --fault-seed never lands on serve's own --seed.
        command = click.option(flag, f"fault_{name}", type=kind, default=None, help=text)(command)
    command = click.option(
        "--fault-routes",
        "routes",
        default=None,
        help="Comma-separated routes the rates apply to (sports,schedule,people,gameLog,person,feed,other) [all].",
    )(command)
    command = click.option(
        "--fail-game",
        "fail_games",
        multiple=True,
        metavar="PK=KIND[:N]",
        help="Make one game's feed fail (404, 429, 500, 502, 503, 504, hang, reset, reset_mid, truncate, "
        "invalid_json), every time or the first N attempts. Repeatable; adds to " + FAIL_GAMES_ENV + ".",
    )(command)
    return click.option(
        "--faults",
        "fault_spec",
        default=None,
        metavar="SPEC",
        help="All fault settings in one string: 404=0.1,429=0.05,retry_after=1,5xx=0.02,seed=3,... "
        "(keys in docs/fake_statsapi.md; default $" + FAULTS_ENV + ").",
    )(command)


def _faults(fault_spec: str | None, fail_games: tuple[str, ...], routes: str | None, **flags: Any) -> Faults:
    """Environment, then --faults, then the single flags: each later one wins for the settings it names."""
    try:
        settings = parse_spec(os.environ.get(FAULTS_ENV, "") if fault_spec is None else fault_spec)
        settings.update({name.removeprefix("fault_"): value for name, value in flags.items() if value is not None})
        if routes is not None:
            settings["routes"] = tuple(route.strip() for route in routes.split(",") if route.strip())
        games = parse_fail_games(os.environ.get(FAIL_GAMES_ENV, ""))
        games.update(parse_fail_games(",".join(fail_games)))
        return Faults(**settings, fail_game_pks=games)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="fault settings") from exc


def _listen(port: int, make: Callable[[], FakeStatsApiServer]) -> FakeStatsApiServer:
    """The server, bound to its port; a port in use (another fake, a second terminal) is one error line."""
    try:
        return make()
    except OSError as exc:
        reason = (
            "is in use (another fake API?)" if exc.errno == errno.EADDRINUSE else f"cannot be bound: {exc.strerror}"
        )
        click.echo(
            f"error: port {port} on {LOOPBACK} {reason}: pick another with --port (make fake-api port=N)", err=True
        )
        sys.exit(1)


def _serve_until_stopped(server: FakeStatsApiServer, banner: str) -> None:
    """Print the one banner line, then serve until Ctrl-C or SIGTERM."""
    stop = threading.Event()

    def _on_signal(signum: int, frame: FrameType | None) -> None:
        stop.set()

    signal.signal(signal.SIGTERM, _on_signal)
    signal.signal(signal.SIGINT, _on_signal)
    server.start()
    click.echo(f"{banner} on {server.base_url}")
    sys.stdout.flush()
    if server.faults.active():
        click.echo(f"faults: {server.faults.describe()}", err=True)
    try:
        # Wake up regularly so the signal handler gets to run on every platform.
        while not stop.wait(0.5):
            pass
    finally:
        server.stop()


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
def main() -> None:
    """A fake MLB Stats API on 127.0.0.1: a generated minor-league season, or recorded responses."""


@main.command()
@click.option("--port", type=int, default=8765, show_default=True, help="Port; 0 picks a free one.")
@click.option("--games", type=click.IntRange(min=1), default=400, show_default=True, help="Minor-league games.")
@click.option("--seed", type=int, default=7, show_default=True)
@click.option("--season", type=int, default=2025, show_default=True)
@click.option("--latency-ms", type=click.FloatRange(min=0), default=0, show_default=True)
@click.option("--live-games", type=click.IntRange(min=0), default=0, help="Leave the last N games in progress.")
@click.option(
    "--empty-plays-game",
    "empty_plays",
    type=int,
    multiple=True,
    metavar="PK",
    help="Make this game Final with allPlays [] (repeatable).",
)
@click.option(
    "--players",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Tracked players CSV (player_id,full_name,position,organization).",
)
@click.option("--verbose", is_flag=True, help="Log every request to stderr.")
@_fault_options
def serve(
    port: int,
    games: int,
    seed: int,
    season: int,
    latency_ms: float,
    live_games: int,
    empty_plays: tuple[int, ...],
    players: Path | None,
    verbose: bool,
    **fault_settings: Any,
) -> None:
    """Serve a generated season until Ctrl-C (faults: see docs/fake_statsapi.md)."""
    faults = _faults(**fault_settings)
    fake = _season(games, seed, season, players, live_games, empty_plays)
    server = _listen(port, lambda: FakeStatsApiServer(fake, LOOPBACK, port, latency_ms, faults=faults, verbose=verbose))
    _serve_until_stopped(server, f"fake Stats API (generated season {season}, {games} games, seed {seed})")


@main.command()
@click.option("--dir", "directory", type=click.Path(path_type=Path), required=True, help="Directory to serve.")
@click.option("--port", type=int, default=8765, show_default=True, help="Port; 0 picks a free one.")
@click.option("--latency-ms", type=click.FloatRange(min=0), default=0, show_default=True)
@click.option("--verbose", is_flag=True, help="Log every request to stderr.")
@_fault_options
def replay(directory: Path, port: int, latency_ms: float, verbose: bool, **fault_settings: Any) -> None:
    """Serve a directory laid out as API path + .json (see docs/fake_statsapi.md)."""
    faults = _faults(**fault_settings)
    if not directory.is_dir():
        click.echo(f"error: replay directory not found: {directory}", err=True)
        sys.exit(2)
    source = ReplaySource(directory)
    server = _listen(
        port, lambda: FakeStatsApiServer(source, LOOPBACK, port, latency_ms, faults=faults, verbose=verbose)
    )
    _serve_until_stopped(server, f"fake Stats API (replaying {directory})")


@main.command()
@click.option("--dir", "directory", type=click.Path(file_okay=False, path_type=Path), required=True)
@click.option("--games", type=click.IntRange(min=1), default=400, show_default=True)
@click.option("--seed", type=int, default=7, show_default=True)
@click.option("--season", type=int, default=2025, show_default=True)
@click.option("--players", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--feeds",
    type=click.IntRange(min=0),
    default=None,
    help="Write only the first N games' feeds (default: all; about 0.5 MB each).",
)
@click.option("--all-game-logs", is_flag=True, help="Game logs of every rostered player, not only tracked ones.")
def dump(
    directory: Path,
    games: int,
    seed: int,
    season: int,
    players: Path | None,
    feeds: int | None,
    all_game_logs: bool,
) -> None:
    """Write a generated season as files that `replay` serves."""
    fake = _season(games, seed, season, players)
    pks = [game.game_pk for game in fake.games][:feeds] if feeds is not None else None
    documents.write_directory(fake, directory, game_pks=pks, all_game_logs=all_game_logs)
    click.echo(f"wrote generated season {season} ({games} games, seed {seed}) to {directory}")


@main.command("players")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), required=True)
def players_csv(out: Path) -> None:
    """Write the default tracked prospects as CSV."""
    write_tracked_players_csv(default_tracked_players(), out)
    click.echo(f"wrote {len(default_tracked_players())} tracked players to {out}")


if __name__ == "__main__":
    main()
