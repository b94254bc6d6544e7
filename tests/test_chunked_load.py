"""Chunked loads: fetching runs ahead of the chunk being committed, within a bound; games are appended,
re-fetched games replace their rows, and a games job re-run after a crash does not double them."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any, cast

import duckdb
import pytest

from fake_statsapi.faults import Faults
from fake_statsapi.generator import FakeSeason
from fake_statsapi.server import start_server
from loader import run
from loader.fetch import FeedPrefetch
from loader.levels import levels
from loader.run import LoadOptions, run_load
from loader.statsapi import FeedResult, StatsApiClient
from tests.conftest import CURRENT_GAMES, RAW, Warehouse

SEASON = 2025


class StubClient:
    """Answers every feed 404 at once (no HTTP), counting requests; ``fail_at`` raises instead."""

    def __init__(self, fail_at: int | None = None) -> None:
        self.requested = 0
        self.fail_at = fail_at

    def feed(self, game_pk: int) -> FeedResult:
        self.requested += 1
        if game_pk == self.fail_at:
            raise ValueError(f"boom {game_pk}")
        return FeedResult(game_pk, None, 404, "not_found", "no feed")

    def map_bounded(self, fn: Callable[[Any], Any], items: Iterable[Any]) -> Iterator[Any]:
        for item in items:
            yield fn(item)


def prefetch(client: StubClient, game_pks: list[int], ready: int = 300) -> FeedPrefetch:
    return FeedPrefetch(cast(StatsApiClient, client), game_pks, ready=ready)


def wait_until(condition: Callable[[], bool], seconds: float = 10.0) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.01)


def test_fetching_runs_ahead_of_the_chunk_up_to_the_bound_in_plan_order() -> None:
    client = StubClient()
    with prefetch(client, list(range(1, 101)), ready=10) as feeds:
        first = list(feeds.take(20))
        # While the first chunk commits, the thread fills the queue, and stops there.
        wait_until(lambda: feeds.queued == 10)
        time.sleep(0.2)
        assert feeds.queued == 10
        assert client.requested <= 20 + 10 + 1  # one more may wait for room
        rest = list(feeds.take(80))
    outcomes = first + rest
    assert [outcome.ledger["game_pk"] for outcome in outcomes if outcome.ledger] == list(range(1, 101))


def test_an_error_on_the_fetch_thread_reaches_the_chunk_that_reads_it() -> None:
    with prefetch(StubClient(fail_at=5), list(range(1, 11))) as feeds:
        chunk = feeds.take(10)
        assert [next(chunk).ledger["game_pk"] for _ in range(4)] == [1, 2, 3, 4]  # type: ignore[index]
        with pytest.raises(ValueError, match="boom 5"):
            next(chunk)


def test_closing_stops_the_fetch_thread_mid_plan() -> None:
    client = StubClient()
    feeds = prefetch(client, list(range(1, 10_001)), ready=5)
    with feeds:
        next(feeds.take(1))
    assert not feeds.fetching
    assert client.requested < 100


def test_the_last_commit_of_several_is_a_tenth_so_little_is_left_after_the_final_feed() -> None:
    chunks = run.commit_chunks(list(range(2000)), 500)
    assert [len(chunk) for chunk in chunks] == [500, 500, 500, 450, 50]
    assert [pk for chunk in chunks for pk in chunk] == list(range(2000))
    assert [len(chunk) for chunk in run.commit_chunks(list(range(120)), 500)] == [120]
    assert [len(chunk) for chunk in run.commit_chunks(list(range(5)), 2)] == [2, 2, 1]
    assert run.commit_chunks([], 500) == [[]]


def _options(warehouse: Warehouse, base_url: str, game_pks: list[int], **overrides: Any) -> LoadOptions:
    settings: dict[str, Any] = {"rate_per_second": 0, "backoff": 0.0, "max_attempts": 1, "timeout": 5.0}
    settings.update(overrides)
    levels_ = list(levels().values())
    return LoadOptions(
        season=SEASON, levels=levels_, target=warehouse.target, base_url=base_url, game_pks=game_pks, **settings
    )


@pytest.fixture
def season() -> FakeSeason:
    return FakeSeason(season=SEASON, n_games=60, seed=6)


def playable(season: FakeSeason) -> list[int]:
    unplayable = set(season.not_found_games()) | set(season.empty_play_games()) | set(season.in_progress_games())
    return [game.game_pk for game in season.games if game.game_pk not in unplayable]


def test_feeds_are_fetched_while_a_chunk_commits(
    duckdb_warehouse: Warehouse, season: FakeSeason, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name, value in duckdb_warehouse.env.items():
        monkeypatch.setenv(name, value)
    game_pks = playable(season)[:40]
    seen: list[tuple[int, int]] = []
    with start_server(season) as api:

        def feeds_fetched() -> int:
            return int(api.stats()["requests"].get("feed", 0))

        def slow_commit(stage: str) -> None:
            # The first chunk's commit holds until more feeds arrive: fetching inside the extract never would.
            if stage == "normalized" and not seen:
                before = feeds_fetched()
                wait_until(lambda: feeds_fetched() >= min(before + 5, 40), seconds=20)
                seen.append((before, feeds_fetched()))

        monkeypatch.setattr(run, "checkpoint", slow_commit)
        # 40 feeds at 4 a second outlast the first chunk's extract and normalise even on a loaded machine.
        summary = run_load(_options(duckdb_warehouse, api.base_url, game_pks, rate_per_second=4, commit_every=10))
    assert summary.games_fetched == 40
    ((before, after),) = seen
    assert before < 40 and after > before, seen
    assert duckdb_warehouse.query(f"select count(*), count(distinct game_pk) from {RAW}.games") == [(40, 40)]


def test_a_refetched_game_is_a_new_version_and_a_failed_one_keeps_the_old(
    warehouse: Warehouse, season: FakeSeason, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name, value in warehouse.env.items():
        monkeypatch.setenv(name, value)
    kept, replaced, new = playable(season)[:3]
    with start_server(season) as api:
        run_load(_options(warehouse, api.base_url, [kept, replaced]))
    season.republish(replaced)
    with start_server(season, faults=Faults(fail_game_pks={kept: "500"})) as api:
        summary = run_load(_options(warehouse, api.base_url, [kept, replaced, new]))
    assert summary.games_fetched == 2 and summary.games_failed == {"http_error": 1}
    # Raw games only appends: the re-published game is a second version, nothing is deleted.
    rows = warehouse.query(f"select game_pk, count(*) from {RAW}.games group by 1 order by 1")
    assert rows == sorted([(kept, 1), (replaced, 2), (new, 1)])
    current = warehouse.query(f"select game_pk, count(*) from {CURRENT_GAMES} group by 1 order by 1")
    assert current == sorted([(kept, 1), (replaced, 1), (new, 1)])
    newest = warehouse.scalar(f"select max(feed_timestamp) from {RAW}.games where game_pk = {replaced}")
    assert warehouse.scalar(f"select feed_timestamp from {CURRENT_GAMES} where game_pk = {replaced}") == newest


def test_a_games_job_run_again_after_a_crash_does_not_double_a_current_game(
    duckdb_warehouse: Warehouse, season: FakeSeason
) -> None:
    games = playable(season)
    with start_server(season) as api:
        args = ("--season", str(SEASON), "--base-url", api.base_url, "--rate", "0")
        duckdb_warehouse.env["MILB_KILL_AT"] = "normalized"
        killed = duckdb_warehouse.load(*args, "--games", ",".join(str(pk) for pk in games[:10]), check=False)
        assert killed.returncode == -9
        del duckdb_warehouse.env["MILB_KILL_AT"]
        # As if the process died inside the games job, after its insert committed.
        (job,) = Path(duckdb_warehouse.env["MILB_PIPELINES_DIR"]).glob("*/load/normalized/*/new_jobs/games.*")
        started = job.parent.parent / "started_jobs" / job.name
        job.rename(started)
        with duckdb.connect(duckdb_warehouse.env["MILB_DUCKDB_PATH"]) as con:
            con.execute(f"insert into {RAW}.games by name select * from read_parquet('{started}')")
        # The next run (another game) finishes the package first: dlt runs the job again.
        duckdb_warehouse.load(*args, "--games", str(games[10]))
    assert duckdb_warehouse.query(f"select count(*), count(distinct game_pk) from {RAW}.games") == [(21, 11)]
    assert duckdb_warehouse.query(f"select count(*), count(distinct game_pk) from {CURRENT_GAMES}") == [(11, 11)]


def test_a_warehouse_loaded_before_feed_timestamp_is_planned_and_upgraded(
    duckdb_warehouse: Warehouse, season: FakeSeason
) -> None:
    first, second = playable(season)[:2]
    with start_server(season) as api:
        args = ("--season", str(SEASON), "--base-url", api.base_url, "--rate", "0")
        duckdb_warehouse.load(*args, "--games", str(first))
        with duckdb.connect(duckdb_warehouse.env["MILB_DUCKDB_PATH"]) as con:
            con.execute(f"alter table {RAW}.games drop column feed_timestamp")
        planned = duckdb_warehouse.load(*args, "--games", f"{first},{second}", "--plan")
        assert "games to fetch: 2" in planned.stdout
        duckdb_warehouse.load(*args, "--games", f"{first},{second}")
    versions = duckdb_warehouse.query(
        f"select game_pk, count(*), count(feed_timestamp) from {RAW}.games group by 1 order by 1"
    )
    assert versions == sorted([(first, 2, 1), (second, 1, 1)])
    assert duckdb_warehouse.scalar(f"select count(*) from {CURRENT_GAMES} where feed_timestamp is not null") == 2
