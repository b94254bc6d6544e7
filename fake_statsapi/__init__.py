"""A fake MLB Stats API for a minor-league season: a deterministic generator and a local HTTP server.

The demo, tests and benchmarks use it instead of the real API; the loader's runtime never imports it.
"""

from fake_statsapi.faults import Fault, Faults
from fake_statsapi.generator import FakeSeason
from fake_statsapi.players import default_tracked_players, read_tracked_players_csv, write_tracked_players_csv
from fake_statsapi.replay import ReplaySource
from fake_statsapi.server import FakeStatsApiServer, start_replay_server, start_server

__all__ = [
    "FakeSeason",
    "FakeStatsApiServer",
    "Fault",
    "Faults",
    "ReplaySource",
    "default_tracked_players",
    "read_tracked_players_csv",
    "start_replay_server",
    "start_server",
    "write_tracked_players_csv",
]
