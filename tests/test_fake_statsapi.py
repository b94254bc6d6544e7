"""The fake Stats API: a generated season over real HTTP on 127.0.0.1, replay of recorded responses, the CLI."""

from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import orjson
import pytest
import requests

from fake_statsapi import FakeSeason, Faults, documents, start_replay_server, start_server
from fake_statsapi.players import is_pitcher_position, read_tracked_players_csv
from fake_statsapi.server import FakeStatsApiServer
from tests.conftest import is_plate_appearance, pitches_thrown

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared" / "data" / "statsapi"
SEASON = 2025
MINOR_SPORT_IDS = (11, 12, 13, 14, 16)
needs_shared = pytest.mark.skipif(
    not SHARED.is_dir(), reason=f"recorded Stats API responses not found at {SHARED} (kept outside the repo)"
)


@pytest.fixture(scope="module")
def season() -> FakeSeason:
    return FakeSeason(season=SEASON, n_games=120, seed=7, live_games=2)


@pytest.fixture(scope="module")
def api(season: FakeSeason) -> Iterator[FakeStatsApiServer]:
    with start_server(season) as server:
        yield server


@pytest.fixture(scope="module")
def http() -> Iterator[requests.Session]:
    with requests.Session() as session:
        yield session


@pytest.fixture(scope="module")
def feeds(season: FakeSeason, api: FakeStatsApiServer, http: requests.Session) -> dict[int, dict[str, Any]]:
    """Every game's feed of the season, fetched over HTTP (404s left out)."""
    out = {}
    for game in season.games:
        response = http.get(f"{api.base_url}/api/v1.1/game/{game.game_pk}/feed/live", timeout=10)
        if response.status_code == 200:
            out[game.game_pk] = response.json()
        else:
            assert response.status_code == 404
    return out


def get(http: requests.Session, api: FakeStatsApiServer, path: str, **params: Any) -> requests.Response:
    return http.get(f"{api.base_url}{path}", params=params, timeout=10)


def pitches(play: dict[str, Any]) -> int:
    return sum(1 for event in play["playEvents"] if event["isPitch"])


# ---------------------------------------------------------------------- determinism and realism
def test_same_seed_gives_the_same_bytes(season: FakeSeason) -> None:
    again = FakeSeason(season=SEASON, n_games=120, seed=7, live_games=2)
    other = FakeSeason(season=SEASON, n_games=120, seed=8, live_games=2)
    pks = [game.game_pk for game in season.games if game.fate == "ok"][:3]
    for pk in pks:
        assert documents.feed_bytes(again, pk) == documents.feed_bytes(season, pk)
        assert documents.feed_bytes(other, pk) != documents.feed_bytes(season, pk)
    assert orjson.dumps(documents.schedule(again, 12, SEASON)) == orjson.dumps(documents.schedule(season, 12, SEASON))
    player = int(season.tracked_players[0]["player_id"])
    again_log, log = (documents.game_log(fake, player, "hitting", SEASON, 11) for fake in (again, season))
    assert again_log == log


def test_pitches_per_plate_appearance_are_realistic(feeds: dict[int, dict[str, Any]]) -> None:
    plays = [play for feed in feeds.values() for play in feed["liveData"]["plays"]["allPlays"]]
    assert len(feeds) >= 100
    assert 3.7 <= sum(pitches(play) for play in plays) / len(plays) <= 4.1


def test_box_score_agrees_with_play_by_play_in_every_game(feeds: dict[int, dict[str, Any]]) -> None:
    checked = 0
    for feed in feeds.values():
        plays = feed["liveData"]["plays"]["allPlays"]
        if not plays:
            continue  # a Final game without play-by-play: nothing to agree with
        players = [p for side in feed["liveData"]["boxscore"]["teams"].values() for p in side["players"].values()]
        thrown = sum(p["stats"]["pitching"].get("numberOfPitches", 0) for p in players)
        appearances = sum(p["stats"]["batting"].get("plateAppearances", 0) for p in players)
        assert thrown == sum(pitches(play) for play in plays), feed["gamePk"]
        assert appearances == sum(1 for play in plays if is_plate_appearance(play)), feed["gamePk"]
        batters = Counter(play["matchup"]["batter"]["id"] for play in plays if is_plate_appearance(play))
        for player in players:
            if player["stats"]["batting"]:
                assert player["stats"]["batting"]["plateAppearances"] == batters[player["person"]["id"]]
        checked += 1
    assert checked >= 100


def test_an_inning_can_end_on_a_runners_out_and_the_batter_leads_off_the_next(
    feeds: dict[int, dict[str, Any]],
) -> None:
    seen: Counter[str] = Counter()
    for feed in feeds.values():
        plays = feed["liveData"]["plays"]["allPlays"]
        for index, play in enumerate(plays):
            if is_plate_appearance(play) or not play["about"].get("isComplete", True):
                continue
            seen[play["result"]["eventType"]] += 1
            assert play["count"]["outs"] == 3
            assert (
                play["result"]["isOut"]
                and play["playEvents"][-1]["details"]["eventType"] == play["result"]["eventType"]
            )
            later = [p for p in plays[index + 1 :] if p["about"]["halfInning"] == play["about"]["halfInning"]]
            if later:  # his side bats again: he leads off
                assert later[0]["matchup"]["batter"]["id"] == play["matchup"]["batter"]["id"]
    assert set(seen) == {"caught_stealing_2b", "pickoff_caught_stealing_2b", "other_out"}


def test_play_events_count_after_and_only_pitches_are_pitches(feeds: dict[int, dict[str, Any]]) -> None:
    kinds: Counter[str] = Counter()
    for feed in feeds.values():
        for play in feed["liveData"]["plays"]["allPlays"]:
            balls = strikes = 0
            numbers = []
            for index, event in enumerate(play["playEvents"]):
                assert event["index"] == index
                kinds[event["type"]] += 1
                assert event["isPitch"] == (event["type"] == "pitch")
                details = event["details"]
                if event["type"] in ("pitch", "no_pitch"):
                    if details["isBall"]:
                        balls = min(balls + 1, 4)
                    elif details["isStrike"] and not (details["code"] == "F" and strikes == 2):
                        strikes += 1
                if event["isPitch"]:
                    numbers.append(event["pitchNumber"])
                # ``count`` is the count AFTER the event, pitches and non-pitches alike.
                assert (event["count"]["balls"], event["count"]["strikes"]) == (balls, strikes)
            assert numbers == list(range(1, len(numbers) + 1))
            assert (play["count"]["balls"], play["count"]["strikes"]) == (balls, strikes)
    assert {"pitch", "action", "pickoff", "stepoff", "no_pitch"} <= set(kinds)


def test_call_codes_and_tracking_fields(feeds: dict[int, dict[str, Any]]) -> None:
    codes: Counter[str] = Counter()
    by_level: dict[int, list[bool]] = {}
    for feed in feeds.values():
        sport_id = feed["gameData"]["teams"]["home"]["sport"]["id"]
        for play in feed["liveData"]["plays"]["allPlays"]:
            for event in play["playEvents"]:
                if event["isPitch"]:
                    codes[event["details"]["call"]["code"]] += 1
                    by_level.setdefault(sport_id, []).append("spinRate" in event["pitchData"].get("breaks", {}))
                    if event["details"]["isInPlay"]:
                        assert {"trajectory", "location", "coordinates"} <= set(event["hitData"])
    assert {"B", "*B", "C", "S", "F", "T", "X", "D", "E", "H"} <= set(codes)
    assert sum(by_level[11]) / len(by_level[11]) > 0.95  # Triple-A parks track nearly everything
    assert sum(by_level[16]) / len(by_level[16]) < 0.6  # complex and Dominican parks mostly do not


def test_feed_shape_follows_the_api(feeds: dict[int, dict[str, Any]]) -> None:
    feed = next(iter(feeds.values()))
    game = feed["gameData"]["game"]
    assert game["season"] == str(SEASON) and game["pk"] == feed["gamePk"]
    assert feed["gameData"]["datetime"]["officialDate"][:4] == str(SEASON)
    home = feed["gameData"]["teams"]["home"]
    assert {"id", "name", "sport", "league", "parentOrgId"} <= set(home)
    play = feed["liveData"]["plays"]["allPlays"][0]
    assert {"result", "about", "count", "matchup", "playEvents", "atBatIndex"} <= set(play)
    assert play["result"]["type"] == "atBat"


# ---------------------------------------------------------------------- schedule
def test_schedule_lists_the_suspended_game_twice(season: FakeSeason, api: FakeStatsApiServer, http: Any) -> None:
    (pk,) = season.suspended_games()
    sport_id = season.games_by_pk[pk].sport_id
    schedule = get(http, api, "/api/v1/schedule", sportId=sport_id, season=SEASON, gameType="R", hydrate="team")
    listings = [(day["date"], g) for day in schedule.json()["dates"] for g in day["games"] if g["gamePk"] == pk]
    assert len(listings) == 2
    (first_day, first), (second_day, second) = listings
    assert first_day < second_day
    assert first["status"]["detailedState"] == "Suspended"
    assert second["status"]["detailedState"] == "Final"
    assert second["resumedFromDate"] == first_day


def test_schedule_has_doubleheaders_live_games_and_hydrated_teams(
    season: FakeSeason, api: FakeStatsApiServer, http: Any
) -> None:
    games = []
    for sport_id in MINOR_SPORT_IDS:
        body = get(http, api, "/api/v1/schedule", sportId=sport_id, season=SEASON, gameType="R", hydrate="team")
        games += [(day["date"], game) for day in body.json()["dates"] for game in day["games"]]
    pks = {game["gamePk"] for _, game in games}
    assert len(pks) == 120
    doubleheaders = [game for _, game in games if game["doubleHeader"] in ("Y", "S")]
    assert {game["gameNumber"] for game in doubleheaders} == {1, 2}
    assert sum(game["status"]["abstractGameState"] == "Live" for _, game in games) == 2
    for _, game in games:
        team = game["teams"]["home"]["team"]
        assert team["sport"]["id"] in MINOR_SPORT_IDS and "league" in team and "parentOrgId" in team
    bare = get(http, api, "/api/v1/schedule", sportId=11, season=SEASON, gameType="R").json()
    assert set(bare["dates"][0]["games"][0]["teams"]["home"]["team"]) == {"id", "name", "link"}
    assert get(http, api, "/api/v1/schedule", sportId=11, season=SEASON - 1).json()["dates"] == []


def test_a_full_season_schedule_is_generated(season: FakeSeason) -> None:
    full = FakeSeason(season=SEASON, n_games=8300, seed=7)
    minors = [game for game in full.games if game.sport_id != 1]
    assert len(minors) == 8300
    schedule = documents.schedule(full, 11, SEASON)
    assert schedule["totalGames"] > 1500
    assert {g["teams"]["home"]["team"]["league"]["id"] for d in schedule["dates"] for g in d["games"]} == {117, 112}


# ---------------------------------------------------------------------- missing games
def test_missing_games_404_or_come_without_plays(
    season: FakeSeason, api: FakeStatsApiServer, http: Any, feeds: dict[int, dict[str, Any]]
) -> None:
    missing = season.not_found_games()
    assert missing
    response = get(http, api, f"/api/v1.1/game/{missing[0]}/feed/live")
    assert response.status_code == 404
    assert response.json()["messageNumber"] == 10
    empty = season.empty_play_games()
    assert empty
    assert feeds[empty[0]]["gameData"]["status"]["abstractGameState"] == "Final"
    assert feeds[empty[0]]["liveData"]["plays"]["allPlays"] == []


def test_a_404_game_still_appears_in_a_game_log(season: FakeSeason, api: FakeStatsApiServer, http: Any) -> None:
    pk = season.not_found_games()[0]
    game = season.games_by_pk[pk]
    lines = season.lines(pk)
    assert lines is not None
    player = next(iter(lines.batting))
    body = get(
        http,
        api,
        f"/api/v1/people/{player}/stats",
        stats="gameLog",
        group="hitting",
        season=SEASON,
        sportId=game.sport_id,
    ).json()
    assert pk in {split["game"]["gamePk"] for split in body["stats"][0]["splits"]}


# ---------------------------------------------------------------------- game logs
def test_game_logs_agree_with_the_feeds(
    season: FakeSeason, api: FakeStatsApiServer, http: Any, feeds: dict[int, dict[str, Any]]
) -> None:
    compared = 0
    for row in season.tracked_players:
        player = int(row["player_id"])
        group = "pitching" if is_pitcher_position(row["position"]) else "hitting"
        role = "pitcher" if group == "pitching" else "batter"
        for sport_id in (1, *MINOR_SPORT_IDS):
            body = get(
                http,
                api,
                f"/api/v1/people/{player}/stats",
                stats="gameLog",
                group=group,
                season=SEASON,
                sportId=sport_id,
            ).json()
            for split in body["stats"][0]["splits"] if body["stats"] else []:
                assert split["sport"]["id"] == sport_id
                feed = feeds.get(split["game"]["gamePk"])
                if feed is None or not feed["liveData"]["plays"]["allPlays"]:
                    continue
                mine = [p for p in feed["liveData"]["plays"]["allPlays"] if p["matchup"][role]["id"] == player]
                if group == "pitching":
                    thrown = pitches_thrown(feed["liveData"]["plays"]["allPlays"])[0][player]
                else:
                    thrown = sum(pitches(p) for p in mine)
                assert split["stat"]["numberOfPitches"] == thrown
                key = "battersFaced" if group == "pitching" else "plateAppearances"
                assert split["stat"][key] == sum(1 for p in mine if is_plate_appearance(p))
                assert feed["gameData"]["teams"]["home"]["sport"]["id"] == sport_id
                compared += 1
    assert compared >= 20


def test_game_log_without_sport_id_is_empty(season: FakeSeason, api: FakeStatsApiServer, http: Any) -> None:
    minor_leaguer = next(
        int(row["player_id"]) for row in season.tracked_players if int(row["player_id"]) != season.mlb_call_up
    )
    body = get(http, api, f"/api/v1/people/{minor_leaguer}/stats", stats="gameLog", group="hitting", season=SEASON)
    assert body.status_code == 200
    assert body.json()["stats"] == []
    assert "copyright" in body.json()


def test_tracked_players_play_at_several_levels_and_one_in_mlb(
    season: FakeSeason, api: FakeStatsApiServer, http: Any, feeds: dict[int, dict[str, Any]]
) -> None:
    levels_played: dict[int, set[int]] = {}
    for row in season.tracked_players:
        player = int(row["player_id"])
        group = "pitching" if is_pitcher_position(row["position"]) else "hitting"
        for sport_id in (1, *MINOR_SPORT_IDS):
            body = get(
                http,
                api,
                f"/api/v1/people/{player}/stats",
                stats="gameLog",
                group=group,
                season=SEASON,
                sportId=sport_id,
            ).json()
            if body["stats"] and body["stats"][0]["splits"]:
                levels_played.setdefault(player, set()).add(sport_id)
    assert sum(len(levels) > 1 for levels in levels_played.values()) >= 2
    assert season.mlb_call_up is not None and 1 in levels_played[season.mlb_call_up]
    mlb_games = [game.game_pk for game in season.games if game.sport_id == 1]
    assert feeds[mlb_games[0]]["gameData"]["teams"]["home"]["sport"]["id"] == 1


def hydrated_logs(http: Any, api: FakeStatsApiServer, ids: list[int], scope: str) -> dict[str, Any]:
    hydrate = f"stats(group=[hitting,pitching],type=[gameLog],season={SEASON},{scope})"
    response = get(http, api, "/api/v1/people", personIds=",".join(map(str, ids)), hydrate=hydrate)
    assert response.status_code == 200
    return response.json()  # type: ignore[no-any-return]


def test_several_players_game_logs_in_one_request(season: FakeSeason, api: FakeStatsApiServer, http: Any) -> None:
    ids = [int(row["player_id"]) for row in season.tracked_players]
    body = hydrated_logs(http, api, [*ids, 1], "leagueListId=milb_all")
    people = {person["id"]: person for person in body["people"]}
    assert set(people) == set(ids)  # an unknown id is simply absent
    for player in ids:
        for group in ("hitting", "pitching"):
            blocks = [block for block in people[player]["stats"] if block["group"]["displayName"] == group]
            assert all(block["type"]["displayName"] == "gameLog" for block in blocks)
            splits = [split for block in blocks for split in block["splits"]]
            expected = [
                split
                for sport_id in MINOR_SPORT_IDS
                for block in documents.game_log(season, player, group, SEASON, sport_id)["stats"]
                for split in block["splits"]
            ]
            assert splits == json.loads(json.dumps(expected))
    one_level = hydrated_logs(http, api, ids, "sportId=11")
    sports = {split["sport"]["id"] for p in one_level["people"] for b in p["stats"] for split in b["splits"]}
    assert sports == {11}


def test_hydrated_game_logs_are_counted_as_their_own_route(season: FakeSeason) -> None:
    with start_server(season) as server, requests.Session() as session:
        ids = [int(row["player_id"]) for row in season.tracked_players[:3]]
        hydrated_logs(session, server, ids, "leagueListId=milb_all")
        assert server.stats()["requests"] == {"people": 1}
        bad = get(session, server, "/api/v1/people", personIds="x", hydrate="stats(type=[gameLog])")
        assert bad.status_code == 400


def test_a_full_seasons_stat_lines_all_fit_the_cache() -> None:
    # A batched game-log request of 40 players reads lines of most of a season's games: with fewer cached
    # than the season holds, each request recomputed them (LRU order cycles), 12-15 s a request at 8,400 games.
    full = FakeSeason(season=2025, n_games=8400, seed=7)
    assert full.cache_size >= len(full.games)
    assert FakeSeason(season=2025, n_games=20, seed=7, cache_size=5).cache_size == 5


def test_tracked_players_csv_round_trips(season: FakeSeason, tmp_path: Path) -> None:
    path = season.write_tracked_players_csv(tmp_path / "players.csv")
    assert path.read_text(encoding="utf-8").splitlines()[0] == "player_id,full_name,position,organization"
    assert read_tracked_players_csv(path) == season.tracked_players
    mine = [{"player_id": 123456, "full_name": "Test Prospect", "position": "LHP", "organization": "TOR"}]
    custom = FakeSeason(n_games=60, seed=1, tracked_players=mine)
    assert custom.players_by_id[123456].is_pitcher and custom.levels_of(123456)


# ---------------------------------------------------------------------- server behaviour
def test_errors_and_counters(api: FakeStatsApiServer, http: Any) -> None:
    before = api.stats()["requests"].get("schedule", 0)
    bad = get(http, api, "/api/v1/schedule", sportId=11, season="twenty")
    assert bad.status_code == 400 and "messageNumber" in bad.json()
    assert get(http, api, "/api/v1/nothing/here").status_code == 404
    assert get(http, api, "/api/v1/people/999").status_code == 404
    assert get(http, api, "/api/v1/people/700001").json()["people"][0]["primaryPosition"]["abbreviation"] == "SS"
    assert {11, 12, 13, 14, 16, 1} <= {s["id"] for s in get(http, api, "/api/v1/sports").json()["sports"]}
    counters = get(http, api, "/__stats").json()
    assert counters["requests"]["schedule"] == before + 1 == api.stats()["requests"]["schedule"]
    assert counters["responses"]["400"] >= 1


def test_faults_are_deterministic_and_retryable(season: FakeSeason) -> None:
    def statuses() -> list[tuple[int, str | None]]:
        faults = Faults(seed=3, rate_429=0.3, status_5xx_rate=0.2, retry_after_s=2)
        with start_server(season, faults=faults) as server, requests.Session() as session:
            return [
                (r.status_code, r.headers.get("Retry-After"))
                for r in (session.get(f"{server.base_url}/api/v1/sports", timeout=5) for _ in range(30))
            ]

    first = statuses()
    assert first == statuses()
    assert {429, 200} <= {status for status, _ in first}
    assert all(retry == "2" for status, retry in first if status == 429)
    gone = Faults(seed=3, not_found_rate=1.0, routes=("feed",))
    with start_server(season, faults=gone) as server:
        pk = season.games[0].game_pk
        assert [requests.get(f"{server.base_url}/api/v1.1/game/{pk}/feed/live", timeout=5).status_code] * 2 == [
            404,
            404,
        ]
        assert requests.get(f"{server.base_url}/api/v1/sports", timeout=5).status_code == 200


def test_latency_is_applied(season: FakeSeason) -> None:
    with start_server(season, latency_ms=50) as server:
        response = requests.get(f"{server.base_url}/api/v1/sports", timeout=5)
    assert response.elapsed.total_seconds() >= 0.05


# ---------------------------------------------------------------------- replay
@needs_shared
def test_replay_serves_recorded_files_byte_for_byte() -> None:
    recorded = SHARED / "api" / "v1.1" / "game" / "744914" / "feed" / "live.json"
    with start_replay_server(SHARED) as server, requests.Session() as session:
        feed = session.get(f"{server.base_url}/api/v1.1/game/744914/feed/live", timeout=10)
        assert feed.status_code == 200 and feed.content == recorded.read_bytes()
        log = session.get(
            f"{server.base_url}/api/v1/people/691185/stats",
            params={"stats": "gameLog", "group": "hitting", "sportId": 11, "season": 2026},
            timeout=10,
        ).json()
        assert len(log["stats"][0]["splits"]) == 18
        assert {split["sport"]["id"] for split in log["stats"][0]["splits"]} == {11}
        other_level = session.get(
            f"{server.base_url}/api/v1/people/691185/stats",
            params={"stats": "gameLog", "group": "hitting", "sportId": 12, "season": 2026},
            timeout=10,
        )
        assert other_level.status_code == 200 and other_level.json()["stats"] == []
        assert session.get(f"{server.base_url}/api/v1.1/game/1/feed/live", timeout=10).status_code == 404
        day = session.get(f"{server.base_url}/api/v1/schedule", params={"sportId": 13, "season": 2019}, timeout=10)
        assert day.json()["totalGames"] == 18 and day.json()["totalGamesInProgress"] == 4
        none = session.get(f"{server.base_url}/api/v1/schedule", params={"sportId": 11, "season": 2025}, timeout=10)
        assert none.json()["dates"] == [] and none.json()["totalGames"] == 0


def test_dump_then_replay_gives_the_generated_responses(tmp_path: Path) -> None:
    small = FakeSeason(season=SEASON, n_games=40, seed=5)
    pks = [game.game_pk for game in small.games[:6]]
    documents.write_directory(small, tmp_path, game_pks=pks)
    tracked = int(small.tracked_players[1]["player_id"])
    sport_id = small.levels_of(tracked)[0]
    with start_replay_server(tmp_path) as server:
        for pk in pks:
            response = requests.get(f"{server.base_url}/api/v1.1/game/{pk}/feed/live", timeout=10)
            expected = documents.feed_bytes(small, pk)
            assert (response.status_code, response.content) == (
                (200, expected) if expected else (404, response.content)
            )
        schedule = requests.get(
            f"{server.base_url}/api/v1/schedule",
            params={"sportId": 12, "season": SEASON, "hydrate": "team"},
            timeout=10,
        )
        assert schedule.json() == documents.schedule(small, 12, SEASON)
        log = requests.get(
            f"{server.base_url}/api/v1/people/{tracked}/stats",
            params={"stats": "gameLog", "group": "hitting", "sportId": sport_id, "season": SEASON},
            timeout=10,
        )
        assert log.json() == json.loads(json.dumps(documents.game_log(small, tracked, "hitting", SEASON, sport_id)))


def test_a_directory_of_feeds_alone_is_enough(tmp_path: Path) -> None:
    small = FakeSeason(season=SEASON, n_games=20, seed=2)
    pk = next(game.game_pk for game in small.games if game.fate == "ok")
    target = tmp_path / "api" / "v1.1" / "game" / str(pk) / "feed" / "live.json"
    target.parent.mkdir(parents=True)
    target.write_bytes(documents.feed_bytes(small, pk) or b"")
    with start_replay_server(tmp_path) as server:
        assert (
            requests.get(f"{server.base_url}/api/v1.1/game/{pk}/feed/live", timeout=10).content == target.read_bytes()
        )
        assert requests.get(f"{server.base_url}/api/v1.1/game/{pk + 1}/feed/live", timeout=10).status_code == 404
        assert requests.get(f"{server.base_url}/api/v1.1/game/..%2F..%2F/feed/live", timeout=10).status_code == 404


# ---------------------------------------------------------------------- CLI
def test_cli_serves_until_terminated() -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "fake_statsapi", "serve", "--port", "0", "--games", "20", "--seed", "3"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=REPO,
    )
    try:
        assert process.stdout is not None
        banner = process.stdout.readline().strip()
        assert banner.startswith("fake Stats API (generated season 2025, 20 games, seed 3) on http://127.0.0.1:")
        base_url = banner.rsplit(" ", 1)[1]
        assert requests.get(f"{base_url}/api/v1/sports", timeout=5).status_code == 200
    finally:
        process.terminate()
        assert process.wait(timeout=10) == 0


def test_cli_replay_of_a_missing_directory_exits_2(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "fake_statsapi", "replay", "--dir", str(tmp_path / "absent"), "--port", "0"],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=30,
    )
    assert result.returncode == 2
    assert "not found" in result.stderr


def test_cli_dump_writes_the_replay_layout(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "fake_statsapi", "dump", "--dir", str(tmp_path), "--games", "20", "--feeds", "2"],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "api" / "v1" / "schedule" / f"sportId11-season{SEASON}.json").is_file()
    assert (tmp_path / "tracked_players.csv").is_file()
    assert 1 <= len(list(tmp_path.glob("api/v1.1/game/*/feed/live.json"))) <= 2


@pytest.mark.parametrize("command", [["serve", "--games", "40"], ["replay", "--dir", "."]])
def test_a_busy_port_is_one_error_line(command: list[str]) -> None:
    import socket

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = subprocess.run(
            [sys.executable, "-m", "fake_statsapi", *command, "--port", str(port)],
            capture_output=True,
            text=True,
            timeout=120,
        )
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        f"error: port {port} on 127.0.0.1 is in use (another fake API?): "
        "pick another with --port (make fake-api port=N)"
    ]


# ---------------------------------------------------------------------- players lists and several seasons
def test_a_levels_players_list_holds_its_tracked_players(
    season: FakeSeason, api: FakeStatsApiServer, http: Any
) -> None:
    tracked = {int(row["player_id"]) for row in season.tracked_players}
    seen: set[int] = set()
    for sport_id in MINOR_SPORT_IDS:
        people = get(http, api, f"/api/v1/sports/{sport_id}/players", season=SEASON).json()["people"]
        assert people, sport_id
        for person in people:
            assert person["fullName"] and person["currentTeam"]["parentOrgName"]
            if person["id"] in tracked:
                assert sport_id in season.levels_of(person["id"])
                seen.add(person["id"])
    assert seen == tracked
    assert get(http, api, "/api/v1/sports/11/players", season=SEASON - 1).json()["people"] == []
    assert api.stats()["requests"]["sportPlayers"] >= len(MINOR_SPORT_IDS)


def test_several_seasons_are_served_each_by_its_own_season(http: Any) -> None:
    seasons = [FakeSeason(season=2024, n_games=40, seed=3, first_game_pk=675001), FakeSeason(season=2025, n_games=40)]
    with start_server(seasons) as server:
        for season in seasons:
            listed = {
                game["gamePk"]
                for day in get(http, server, "/api/v1/schedule", sportId=11, season=season.season).json()["dates"]
                for game in day["games"]
            }
            assert listed and listed <= set(season.games_by_pk)
            game = season.games[0]
            feed = get(http, server, f"/api/v1.1/game/{game.game_pk}/feed/live")
            if game.game_pk not in season.not_found_games():
                assert feed.json()["gameData"]["game"]["season"] == str(season.season)
    assert min(seasons[1].games_by_pk) - max(seasons[0].games_by_pk) > 0


# ---------------------------------------------------------------------- schedule cases of the real API
def _listings(body: dict[str, Any]) -> list[tuple[str, int, str]]:
    return [
        (day["date"], game["gamePk"], game["status"]["detailedState"]) for day in body["dates"] for game in day["games"]
    ]


def test_a_postponed_game_is_listed_final_postponed_then_made_up(
    season: FakeSeason, api: FakeStatsApiServer, http: requests.Session
) -> None:
    (pk,) = season.postponed_games()
    game = season.games_by_pk[pk]
    body = get(http, api, "/api/v1/schedule", sportId=game.sport_id, season=SEASON, gameType="R", hydrate="team").json()
    listed = [game for day in body["dates"] for game in day["games"] if game["gamePk"] == pk]
    assert [g["status"]["detailedState"] for g in listed] == ["Postponed", "Final"]
    rained_out, made_up = listed
    assert rained_out["status"]["abstractGameState"] == "Final" and rained_out["status"]["codedGameState"] == "D"
    assert rained_out["rescheduleGameDate"] == made_up["officialDate"] == game.date.isoformat()
    assert made_up["rescheduledFromDate"] == rained_out["officialDate"] < made_up["officialDate"]


def test_schedule_filters_date_range_and_game_pks(
    season: FakeSeason, api: FakeStatsApiServer, http: requests.Session
) -> None:
    whole = _listings(get(http, api, "/api/v1/schedule", sportId=12, season=SEASON).json())
    day = whole[len(whole) // 2][0]
    on_day = _listings(get(http, api, "/api/v1/schedule", sportId=12, season=SEASON, date=day).json())
    assert on_day and on_day == [listing for listing in whole if listing[0] == day]
    us_style = f"{day[5:7]}/{day[8:10]}/{day[:4]}"
    assert _listings(get(http, api, "/api/v1/schedule", sportId=12, season=SEASON, date=us_style).json()) == on_day
    start, end = whole[3][0], whole[-4][0]
    ranged = _listings(
        get(http, api, "/api/v1/schedule", sportId=12, season=SEASON, startDate=start, endDate=end).json()
    )
    assert ranged == [listing for listing in whole if start <= listing[0] <= end]
    pks = sorted({whole[0][1], whole[-1][1]})
    picked = _listings(get(http, api, "/api/v1/schedule", gamePks=",".join(map(str, pks))).json())
    assert sorted({pk for _, pk, _ in picked}) == pks
    assert get(http, api, "/api/v1/schedule", sportId=12, date="someday").status_code == 400


def test_no_pitch_events_have_the_real_feeds_variants(feeds: dict[int, dict[str, Any]]) -> None:
    seen: Counter[str] = Counter()
    for feed in feeds.values():
        for play in feed["liveData"]["plays"]["allPlays"]:
            last_pitch = 0
            for event in play["playEvents"]:
                if event["isPitch"]:
                    last_pitch = event["pitchNumber"]
                if event["type"] != "no_pitch":
                    continue
                details = event["details"]
                code = details.get("call", {}).get("code")
                seen[code or "bare"] += 1
                if code != "VB":
                    # The number of the pitch before it: (at-bat, pitchNumber) is a key only over pitches.
                    assert event["pitchNumber"] == last_pitch
                    seen["after a pitch"] += last_pitch > 0
                if details["isOut"]:
                    seen["ends the plate appearance"] += 1
                    assert event is play["playEvents"][-1] and play["result"]["eventType"] == "strikeout"
    assert {"AC", "VB", "VP", "bare", "after a pitch", "ends the plate appearance"} <= {k for k, n in seen.items() if n}


def test_a_pitching_change_in_the_middle_of_a_plate_appearance_splits_its_pitches(
    feeds: dict[int, dict[str, Any]],
) -> None:
    changes = 0
    for feed in feeds.values():
        plays = feed["liveData"]["plays"]["allPlays"]
        if not plays:
            continue
        thrown, mid_plate_appearance = pitches_thrown(plays)
        changes += mid_plate_appearance
        players = [p for side in feed["liveData"]["boxscore"]["teams"].values() for p in side["players"].values()]
        box = {
            p["person"]["id"]: p["stats"]["pitching"]["numberOfPitches"]
            for p in players
            if p["stats"]["pitching"].get("numberOfPitches")
        }
        assert box == dict(thrown), feed["gamePk"]
    assert changes > 0


def test_an_earlier_era_season_has_the_earlier_documents() -> None:
    season = FakeSeason(season=2019, n_games=30, seed=3)
    schedule = documents.schedule(season, 12, 2019)
    assert schedule["dates"] and all("officialDate" not in g for d in schedule["dates"] for g in d["games"])
    pk = next(game.game_pk for game in season.games if game.fate == "ok")
    feed = documents.feed(season, pk)
    assert feed is not None
    assert "officialDate" not in feed["gameData"]["datetime"] and feed["gameData"]["datetime"]["originalDate"]
    breaks = [
        event["pitchData"]["breaks"]
        for play in feed["liveData"]["plays"]["allPlays"]
        for event in play["playEvents"]
        if event["isPitch"]
    ]
    assert breaks and not any({"breakVertical", "breakVerticalInduced", "breakHorizontal"} & set(b) for b in breaks)


@pytest.mark.parametrize("command", ["serve", "dump"])
def test_a_tracked_player_id_the_generator_holds_is_a_usage_error_on_players(command: str, tmp_path: Path) -> None:
    from click.testing import CliRunner

    from fake_statsapi.cli import main

    players = tmp_path / "players.csv"
    taken = next(iter(FakeSeason(season=2025, n_games=20, seed=7).players_by_id))
    players.write_text(f"player_id,full_name,position,organization\n{taken},Some One,SS,\n", encoding="utf-8")
    args = [command, "--games", "20", "--players", str(players)]
    args += ["--port", "0"] if command == "serve" else ["--dir", str(tmp_path / "out")]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 2, result.output
    assert "Invalid value for --players: tracked player id" in result.output and "already taken" in result.output
