"""``fake-statsapi``: serve a generated season, replay a directory, or dump a season to files."""

from __future__ import annotations

import signal
import sys
import threading
from pathlib import Path
from types import FrameType

import click

from fake_statsapi.generator import FakeSeason
from fake_statsapi.players import default_tracked_players, read_tracked_players_csv, write_tracked_players_csv
from fake_statsapi.replay import ReplaySource
from fake_statsapi.server import FakeStatsApiServer

LOOPBACK = "127.0.0.1"


def _season(games: int, seed: int, season: int, players: Path | None, live_games: int = 0) -> FakeSeason:
    tracked = read_tracked_players_csv(players) if players is not None else None
    return FakeSeason(season=season, n_games=games, seed=seed, tracked_players=tracked, live_games=live_games)


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
    "--players",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Tracked players CSV (player_id,full_name,position,organization).",
)
@click.option("--verbose", is_flag=True, help="Log every request to stderr.")
def serve(
    port: int,
    games: int,
    seed: int,
    season: int,
    latency_ms: float,
    live_games: int,
    players: Path | None,
    verbose: bool,
) -> None:
    """Serve a generated season until Ctrl-C."""
    fake = _season(games, seed, season, players, live_games)
    server = FakeStatsApiServer(fake, LOOPBACK, port, latency_ms, verbose=verbose)
    _serve_until_stopped(server, f"fake Stats API (generated season {season}, {games} games, seed {seed})")


@main.command()
@click.option("--dir", "directory", type=click.Path(path_type=Path), required=True, help="Directory to serve.")
@click.option("--port", type=int, default=8765, show_default=True, help="Port; 0 picks a free one.")
@click.option("--latency-ms", type=click.FloatRange(min=0), default=0, show_default=True)
@click.option("--verbose", is_flag=True, help="Log every request to stderr.")
def replay(directory: Path, port: int, latency_ms: float, verbose: bool) -> None:
    """Serve a directory laid out as API path + .json (see docs/fake_statsapi.md)."""
    if not directory.is_dir():
        click.echo(f"error: replay directory not found: {directory}", err=True)
        sys.exit(2)
    server = FakeStatsApiServer(ReplaySource(directory), LOOPBACK, port, latency_ms, verbose=verbose)
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
    fake.write_directory(directory, game_pks=pks, all_game_logs=all_game_logs)
    click.echo(f"wrote generated season {season} ({games} games, seed {seed}) to {directory}")


@main.command("players")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), required=True)
def players_csv(out: Path) -> None:
    """Write the default tracked prospects as CSV."""
    write_tracked_players_csv(default_tracked_players(), out)
    click.echo(f"wrote {len(default_tracked_players())} tracked players to {out}")


if __name__ == "__main__":
    main()
