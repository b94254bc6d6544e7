"""Fault injection and season changes of the fake Stats API, observed over real HTTP with ``requests``."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import requests

from fake_statsapi import FakeSeason, Faults, documents, start_server
from fake_statsapi.server import FakeStatsApiServer
from tests.conftest import is_plate_appearance, pitches_thrown

REPO = Path(__file__).resolve().parents[1]
SEASON = 2025
KINDS = ("reset", "reset_mid", "truncate", "invalid_json", "hang", "404", "503", "429")


@pytest.fixture(scope="module")
def season() -> FakeSeason:
    """A season nobody changes (tests that finish or republish games build their own)."""
    return FakeSeason(season=SEASON, n_games=40, seed=7)


@pytest.fixture(scope="module")
def targets(season: FakeSeason) -> dict[str, int]:
    """One ordinary game per kind of fault."""
    pks = [game.game_pk for game in season.games if game.fate == "ok" and game.sport_id != 1]
    return dict(zip(KINDS, pks, strict=False))


@pytest.fixture(scope="module")
def api(season: FakeSeason, targets: dict[str, int]) -> Iterator[FakeStatsApiServer]:
    faults = Faults(fail_game_pks={pk: kind for kind, pk in targets.items()}, hang_s=5, retry_after_s=3)
    with start_server(season, faults=faults) as server:
        yield server


def feed_url(api: FakeStatsApiServer, pk: int) -> str:
    return f"{api.base_url}/api/v1.1/game/{pk}/feed/live"


def pitches(plays: list[dict[str, Any]]) -> int:
    return sum(event["isPitch"] for play in plays for event in play["playEvents"])


def assert_box_score_agrees(feed: dict[str, Any]) -> None:
    """The box score counts the pitches and plate appearances of the plays (per batter, too)."""
    plays = feed["liveData"]["plays"]["allPlays"]
    players = [p for side in feed["liveData"]["boxscore"]["teams"].values() for p in side["players"].values()]
    assert sum(p["stats"]["pitching"].get("numberOfPitches", 0) for p in players) == pitches(plays)
    appearances = [play for play in plays if is_plate_appearance(play)]
    assert sum(p["stats"]["batting"].get("plateAppearances", 0) for p in players) == len(appearances)
    batters = Counter(play["matchup"]["batter"]["id"] for play in appearances)
    for player in players:
        if player["stats"]["batting"]:
            assert player["stats"]["batting"]["plateAppearances"] == batters[player["person"]["id"]]
    for play in plays:
        numbers = [event["pitchNumber"] for event in play["playEvents"] if event["isPitch"]]
        assert numbers == list(range(1, len(numbers) + 1))
        assert [event["index"] for event in play["playEvents"]] == list(range(len(play["playEvents"])))


# ---------------------------------------------------------------------- faults named for a game
def test_a_reset_before_any_byte_is_a_connection_error(api: FakeStatsApiServer, targets: dict[str, int]) -> None:
    with pytest.raises(requests.exceptions.ConnectionError) as caught:
        requests.get(feed_url(api, targets["reset"]), timeout=5)
    assert "reset by peer" in str(caught.value)


def test_a_reset_mid_body_breaks_the_read(api: FakeStatsApiServer, targets: dict[str, int]) -> None:
    with pytest.raises(requests.exceptions.ChunkedEncodingError):
        requests.get(feed_url(api, targets["reset_mid"]), timeout=5)


def test_a_truncated_body_is_valid_http_but_not_json(
    season: FakeSeason, api: FakeStatsApiServer, targets: dict[str, int]
) -> None:
    pk = targets["truncate"]
    response = requests.get(feed_url(api, pk), timeout=5)
    full = documents.feed_bytes(season, pk) or b""
    assert response.status_code == 200
    assert int(response.headers["Content-Length"]) == len(response.content) == len(full) // 2
    assert full.startswith(response.content)
    with pytest.raises(requests.exceptions.JSONDecodeError):
        response.json()


def test_invalid_json_is_an_html_page_with_200(api: FakeStatsApiServer, targets: dict[str, int]) -> None:
    response = requests.get(feed_url(api, targets["invalid_json"]), timeout=5)
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("text/html")
    assert response.text.startswith("<!DOCTYPE html>")
    with pytest.raises(requests.exceptions.JSONDecodeError):
        response.json()


def test_a_hang_outlasts_the_client_timeout(api: FakeStatsApiServer, targets: dict[str, int]) -> None:
    started = time.monotonic()
    with pytest.raises(requests.exceptions.ReadTimeout):
        requests.get(feed_url(api, targets["hang"]), timeout=0.3)
    assert time.monotonic() - started < 2


def test_statuses_and_fault_counters(season: FakeSeason, api: FakeStatsApiServer, targets: dict[str, int]) -> None:
    assert requests.get(feed_url(api, targets["404"]), timeout=5).json()["messageNumber"] == 10
    assert requests.get(feed_url(api, targets["503"]), timeout=5).status_code == 503
    limited = requests.get(feed_url(api, targets["429"]), timeout=5)
    assert (limited.status_code, limited.headers["Retry-After"]) == (429, "3")
    other = next(game.game_pk for game in season.games if game.game_pk not in targets.values())
    assert requests.get(feed_url(api, other), timeout=10).status_code in (200, 404)
    counters = requests.get(f"{api.base_url}/__stats", timeout=5).json()
    assert {"not_found": 1, "server_error": 1, "rate_limited": 1}.items() <= counters["faults"].items()
    assert counters["responses"]["503"] == 1 and counters["responses"]["429"] == 1


def test_a_game_can_fail_n_attempts_then_answer(season: FakeSeason, targets: dict[str, int]) -> None:
    flaky, dead = targets["reset"], targets["truncate"]
    faults = Faults(fail_game_pks={flaky: ("500", 2), dead: "reset"})
    with start_server(season, faults=faults) as server:
        assert server.attempts_needed(f"/api/v1.1/game/{flaky}/feed/live") == 3
        assert server.attempts_needed(f"/api/v1.1/game/{dead}/feed/live") is None
        with requests.Session() as session:
            statuses = [session.get(feed_url(server, flaky), timeout=10).status_code for _ in range(4)]
        assert statuses == [500, 500, 200, 200]
        server.reset_stats()  # attempt numbers start again
        assert requests.get(feed_url(server, flaky), timeout=10).status_code == 500


@pytest.mark.parametrize(("then", "answered"), [("answer", True), ("drop", False)])
def test_after_a_hang_the_server_answers_or_drops(season: FakeSeason, then: str, answered: bool) -> None:
    with start_server(season, faults=Faults(hang_rate=1.0, hang_s=0.3, hang_then=then)) as server:
        started = time.monotonic()
        if answered:
            assert requests.get(f"{server.base_url}/api/v1/sports", timeout=5).status_code == 200
        else:
            with pytest.raises(requests.exceptions.ConnectionError, match="closed connection"):
                requests.get(f"{server.base_url}/api/v1/sports", timeout=5)
        assert time.monotonic() - started >= 0.3


def test_stop_returns_promptly_while_a_request_hangs(season: FakeSeason) -> None:
    server = start_server(season, faults=Faults(hang_rate=1.0, hang_s=60))
    errors: list[BaseException] = []

    def client() -> None:
        try:
            requests.get(f"{server.base_url}/api/v1/sports", timeout=30)
        except requests.RequestException as exc:
            errors.append(exc)

    thread = threading.Thread(target=client)
    thread.start()
    while not server.stats()["faults"]:
        time.sleep(0.01)
    started = time.monotonic()
    server.stop()
    thread.join(timeout=5)
    assert time.monotonic() - started < 2
    assert not thread.is_alive() and isinstance(errors[0], requests.exceptions.ConnectionError)


# ---------------------------------------------------------------------- rates: deterministic and retryable
def outcome(session: requests.Session, url: str) -> str:
    """What a client sees, in one word."""
    try:
        response = session.get(url, timeout=0.2)
    except requests.exceptions.ReadTimeout:
        return "hang"
    except requests.exceptions.ChunkedEncodingError:
        return "reset_mid"
    except requests.exceptions.ConnectionError:
        return "reset"
    if response.status_code != 200:
        return str(response.status_code)
    try:
        response.json()
    except requests.exceptions.JSONDecodeError:
        return "invalid_json" if response.headers["Content-Type"].startswith("text/html") else "truncate"
    return "ok"


def test_rates_are_deterministic_per_seed_and_a_retry_gets_through(season: FakeSeason) -> None:
    spec = "404=0.1,429=0.1,5xx=0.1,hang=0.05,hang_s=0.4,reset=0.1,truncate=0.1,invalid_json=0.1,seed=11"
    paths = ["/api/v1/sports", *(f"/api/v1/people/{pid}" for pid in list(season.players_by_id)[:24])]

    def run() -> tuple[list[list[str]], list[int | None]]:
        with start_server(season, faults=Faults.from_spec(spec)) as server, requests.Session() as session:
            needed = [server.attempts_needed(path) for path in paths]
            seen = []
            for path, attempts in zip(paths, needed, strict=True):
                seen.append([outcome(session, server.base_url + path) for _ in range(attempts or 2)])
            return seen, needed

    first, needed = run()
    assert run() == (first, needed)
    kinds = Counter(kind for attempts in first for kind in attempts)
    assert {"ok", "404", "429", "reset", "truncate", "invalid_json"} <= set(kinds), kinds
    for attempts, n in zip(first, needed, strict=True):
        if n is None:  # drawn as permanently missing
            assert attempts == ["404", "404"]
        else:
            assert attempts[-1] == "ok" and "ok" not in attempts[:-1]
    other = Faults.from_spec(spec.replace("seed=11", "seed=12"))
    assert [other.attempts_needed("person", path + "?") for path in paths[1:]] != needed[1:]


def test_rates_spare_routes_not_listed(season: FakeSeason) -> None:
    with start_server(season, faults=Faults(status_5xx_rate=1.0, routes=("feed",))) as server:
        assert requests.get(f"{server.base_url}/api/v1/sports", timeout=5).status_code == 200
        pk = season.games[0].game_pk
        assert requests.get(feed_url(server, pk), timeout=5).status_code >= 500


def test_fault_settings_from_strings() -> None:
    faults = Faults.from_env(
        {
            "FAKE_STATSAPI_FAULTS": "404=0.1,429=0.05,retry_after=2,hang_s=1.5,hang_then=drop,seed=3,"
            "routes=feed+gameLog",
            "FAKE_STATSAPI_FAIL_GAMES": "775010=reset,775011=500:2",
        }
    )
    assert faults == Faults(
        seed=3,
        not_found_rate=0.1,
        rate_429=0.05,
        retry_after_s=2,
        hang_s=1.5,
        hang_then="drop",
        routes=("feed", "gameLog"),
        fail_game_pks={775010: "reset", 775011: "500:2"},
    )
    assert faults.attempts_needed("feed", "/x?", game_pk=775011) in (3, None)
    for bad in ({"fail_game_pks": {1: "explode"}}, {"rate_429": 0.7, "status_5xx_rate": 0.7}, {"routes": ("x",)}):
        with pytest.raises(ValueError):
            Faults(**bad)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="KEY=VALUE"):
        Faults.from_spec("timeout=3")


def test_cli_flags_and_environment_inject_faults() -> None:
    env = {**os.environ, "FAKE_STATSAPI_FAULTS": "seed=5", "FAKE_STATSAPI_FAIL_GAMES": "775001=reset"}
    process = subprocess.Popen(
        [sys.executable, "-m", "fake_statsapi", "serve", "--port", "0", "--games", "20", "--live-games", "1"]
        + ["--fail-game", "775002=404", "--fault-429", "1", "--fault-routes", "person", "--retry-after", "4"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=REPO,
        env=env,
    )
    try:
        assert process.stdout is not None and process.stderr is not None
        base_url = process.stdout.readline().strip().rsplit(" ", 1)[1]
        assert "game 775001=reset" in process.stderr.readline()
        with pytest.raises(requests.exceptions.ConnectionError):
            requests.get(f"{base_url}/api/v1.1/game/775001/feed/live", timeout=5)
        assert requests.get(f"{base_url}/api/v1.1/game/775002/feed/live", timeout=5).status_code == 404
        limited = requests.get(f"{base_url}/api/v1/people/900001", timeout=5)
        assert (limited.status_code, limited.headers["Retry-After"]) == (429, "4")
        assert requests.get(f"{base_url}/api/v1/sports", timeout=5).status_code == 200
        control = requests.post(f"{base_url}/__control", json={"finish_live": True}, timeout=10).json()
        assert len(control["finished"]) == 1 and control["in_progress"] == []
    finally:
        process.terminate()
        assert process.wait(timeout=10) == 0


# ---------------------------------------------------------------------- season changes between runs
def test_forced_empty_play_games(season: FakeSeason, targets: dict[str, int]) -> None:
    pk = targets["hang"]
    forced = FakeSeason(season=SEASON, n_games=40, seed=7, empty_plays_game_pks=[pk])
    assert pk in forced.empty_play_games() and pk not in season.empty_play_games()
    with start_server(forced) as server:
        feed = requests.get(feed_url(server, pk), timeout=10).json()
    assert feed["gameData"]["status"]["abstractGameState"] == "Final"
    assert feed["liveData"]["plays"]["allPlays"] == []
    players = [p for side in feed["liveData"]["boxscore"]["teams"].values() for p in side["players"].values()]
    assert sum(p["stats"]["pitching"].get("numberOfPitches", 0) for p in players) > 100
    with pytest.raises(ValueError):
        FakeSeason(season=SEASON, n_games=40, seed=7, empty_plays_game_pks=[1])


def schedule_states(server: FakeStatsApiServer, sport_id: int) -> dict[int, str]:
    body = requests.get(
        f"{server.base_url}/api/v1/schedule", params={"sportId": sport_id, "season": SEASON}, timeout=10
    ).json()
    return {game["gamePk"]: game["status"]["abstractGameState"] for day in body["dates"] for game in day["games"]}


@pytest.mark.parametrize("over_http", [False, True])
def test_a_live_game_is_final_on_a_later_run(over_http: bool) -> None:
    fake = FakeSeason(season=SEASON, n_games=40, seed=7, live_games=2)
    first, second = fake.in_progress_games()
    sport_id = fake.games_by_pk[first].sport_id
    with start_server(fake) as server, requests.Session() as session:
        live = session.get(feed_url(server, first), timeout=10).json()
        assert live["gameData"]["status"]["abstractGameState"] == "Live"
        assert schedule_states(server, sport_id)[first] == "Live"
        assert_box_score_agrees(live)
        if over_http:
            answer = session.post(f"{server.base_url}/__control", json={"finish_live": [first]}, timeout=10).json()
            assert answer["finished"] == [first] and answer["in_progress"] == [second]
        else:
            assert fake.finish_live_games([first]) == [first]
        final = session.get(feed_url(server, first), timeout=10).json()
        assert schedule_states(server, sport_id)[first] == "Final"
        assert fake.in_progress_games() == [second]
    assert final["gameData"]["status"]["abstractGameState"] == "Final"
    assert_box_score_agrees(final)
    live_plays, final_plays = live["liveData"]["plays"]["allPlays"], final["liveData"]["plays"]["allPlays"]
    assert len(final_plays) > len(live_plays) and final_plays[: len(live_plays)] == live_plays


@pytest.mark.parametrize("over_http", [False, True])
def test_a_republished_game_comes_back_corrected(over_http: bool) -> None:
    fake = FakeSeason(season=SEASON, n_games=40, seed=7)
    pk = next(game.game_pk for game in fake.games if game.fate == "ok" and game.sport_id != 1)
    with start_server(fake) as server, requests.Session() as session:
        before = session.get(feed_url(server, pk), timeout=10).json()
        for revision in (1, 2):
            if over_http:
                answer = session.post(f"{server.base_url}/__control", json={"republish": [pk]}, timeout=10).json()
                assert answer["republished"] == {str(pk): revision}
            else:
                assert fake.republish(pk) == revision
        after = session.get(feed_url(server, pk), timeout=10).json()
        pitcher = next(iter(fake.lines(pk).pitching))  # type: ignore[union-attr]
        log = session.get(
            f"{server.base_url}/api/v1/people/{pitcher}/stats",
            params={
                "stats": "gameLog",
                "group": "pitching",
                "season": SEASON,
                "sportId": fake.games_by_pk[pk].sport_id,
            },
            timeout=10,
        ).json()
    assert after["gamePk"] == before["gamePk"] and after != before
    assert after["metaData"]["timeStamp"] > before["metaData"]["timeStamp"]
    assert_box_score_agrees(after)
    fixes = fake.corrections(pk)
    assert [fix["revision"] for fix in fixes] == [1, 1, 2, 2]
    change = sum({"drop_foul": -1, "add_foul": 1}.get(fix["kind"], 0) for fix in fixes)
    before_plays, after_plays = before["liveData"]["plays"]["allPlays"], after["liveData"]["plays"]["allPlays"]
    assert pitches(after_plays) == pitches(before_plays) + change
    call = next(fix for fix in fixes if fix["kind"] == "call")
    event = before_plays[call["atBatIndex"]]["playEvents"][call["eventIndex"]]
    assert event["details"]["call"]["code"] == call["fromCode"]
    # The game log follows the corrected edition.
    split = next(s for s in log["stats"][0]["splits"] if s["game"]["gamePk"] == pk)
    assert split["stat"]["numberOfPitches"] == pitches_thrown(after_plays)[0][pitcher]
    # Events the corrections did not touch keep their ids.
    before_ids = {e.get("playId") for play in before_plays for e in play["playEvents"]}
    after_ids = {e.get("playId") for play in after_plays for e in play["playEvents"]}
    assert len(before_ids ^ after_ids) <= 2


def test_doubleheader_and_suspended_game_accessors(season: FakeSeason) -> None:
    pairs = season.doubleheaders()
    assert pairs
    for one, two in pairs:
        g1, g2 = season.games_by_pk[one], season.games_by_pk[two]
        assert (g1.date, g1.home, g1.game_number, g2.game_number) == (g2.date, g2.home, 1, 2)
    (suspended,) = season.suspended_games()
    listed = [
        game["status"]["detailedState"]
        for day in documents.schedule(season, season.games_by_pk[suspended].sport_id, SEASON)["dates"]
        for game in day["games"]
        if game["gamePk"] == suspended
    ]
    assert listed == ["Suspended", "Final"]
