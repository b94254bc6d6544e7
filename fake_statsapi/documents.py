"""The Stats API's documents, rendered from a ``FakeSeason``: one function per route, the one place its JSON
shape is written.

    sports()                            api/v1/sports
    schedule(season, sport_id, year)    api/v1/schedule
    game_log(season, player_id, ...)    api/v1/people/{id}/stats?stats=gameLog
    people_game_logs(season, ...)       api/v1/people?personIds=...&hydrate=stats(...)
    sport_players(season, ...)          api/v1/sports/{id}/players
    person(season, player_id)           api/v1/people/{id}
    feed(season, game_pk)               api/v1.1/game/{pk}/feed/live (None: the API's 404)

``write_directory`` writes them as the files a replay serves. The season decides what happened (schedule,
fates, plays, stat lines, revisions); this module says it in the API's words, ``feed.FeedRenderer`` the
play-by-play inside a feed.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import orjson

from fake_statsapi.corrections import apply_to_feed_plays
from fake_statsapi.feed import FULL, NONE, PARTIAL, VELO, FeedRenderer, play_id, position_dict, ref
from fake_statsapi.generator import FakeSeason, ScheduledGame
from fake_statsapi.league import COPYRIGHT, LEVELS, MINOR_SPORT_IDS, OTHER_SPORTS, Team, schedule_document
from fake_statsapi.players import Player
from fake_statsapi.simulation import GameRecord
from fake_statsapi.stats import batting_stat, pitching_stat

# Tracking coverage by park: (full, partial, velo, none) shares per level; league overrides for the
# Florida State League (tracked spring-training parks) and the Dominican Summer League (almost nothing).
_COVERAGE: dict[int, tuple[float, float, float, float]] = {
    1: (1.0, 0.0, 0.0, 0.0),
    11: (1.0, 0.0, 0.0, 0.0),
    12: (0.6, 0.25, 0.15, 0.0),
    13: (0.35, 0.3, 0.25, 0.1),
    14: (0.15, 0.25, 0.35, 0.25),
    16: (0.3, 0.2, 0.2, 0.3),
}
_LEAGUE_COVERAGE: dict[int, tuple[float, float, float, float]] = {
    123: (0.9, 0.1, 0.0, 0.0),
    130: (0.0, 0.0, 0.2, 0.8),
}

_STATUS_FINAL = {
    "abstractGameState": "Final",
    "codedGameState": "F",
    "detailedState": "Final",
    "statusCode": "F",
    "startTimeTBD": False,
    "abstractGameCode": "F",
}
_STATUS_LIVE = {
    "abstractGameState": "Live",
    "codedGameState": "I",
    "detailedState": "In Progress",
    "statusCode": "I",
    "startTimeTBD": False,
    "abstractGameCode": "L",
}
# How a real schedule lists a game rained out and made up later: Final does not mean played.
_STATUS_POSTPONED = {
    "abstractGameState": "Final",
    "codedGameState": "D",
    "detailedState": "Postponed",
    "statusCode": "DR",
    "startTimeTBD": False,
    "reason": "Rain",
    "abstractGameCode": "F",
}
_STATUS_SUSPENDED = {
    "abstractGameState": "Final",
    "codedGameState": "U",
    "detailedState": "Suspended",
    "statusCode": "U",
    "startTimeTBD": False,
    "reason": "Rain",
    "abstractGameCode": "F",
}


def _tracking_profile(season: FakeSeason, game: ScheduledGame) -> str:
    """What the home park's tracking records: "full", "partial", "velo" (speed only) or "none"."""
    shares = _LEAGUE_COVERAGE.get(game.league_id) or _COVERAGE.get(game.sport_id, _COVERAGE[11])
    u = random.Random(f"{season.seed}/park/{game.home.venue_id}").random()
    for profile, share in zip((FULL, PARTIAL, VELO, NONE), shares, strict=True):
        if u < share:
            return profile
        u -= share
    return NONE


def feed(season: FakeSeason, game_pk: int) -> dict[str, Any] | None:
    """The ``api/v1.1/game/{pk}/feed/live`` document, or None where the API answers 404."""
    game = season.games_by_pk.get(game_pk)
    if game is None or game.fate == "not_found":
        return None
    is_live, revision, record, plays, lines, fixes = season.edition(game)
    renderer = FeedRenderer(
        record,
        plays,
        lines,
        random.Random(f"{season.seed}/detail/{game_pk}"),
        _tracking_profile(season, game),
        game.start_utc + dt.timedelta(minutes=random.Random(f"{season.seed}/delay/{game_pk}").randint(1, 25)),
        not is_live,
        legacy=season.is_earlier_era,
    )
    all_plays = [] if game.fate == "empty_plays" else renderer.all_plays()
    apply_to_feed_plays(all_plays, fixes if all_plays else [], season.seed, game_pk)
    boxscore = renderer.boxscore()
    status = _STATUS_LIVE if is_live else _STATUS_FINAL
    end_time = renderer.clock.datetime()
    first_pitch = game.start_utc
    duration = int((end_time - first_pitch).total_seconds() // 60)
    by_inning = _plays_by_inning(all_plays)
    return {
        "copyright": COPYRIGHT,
        "gamePk": game_pk,
        "link": f"/api/v1.1/game/{game_pk}/feed/live",
        "metaData": {
            "wait": 10,
            # A corrected edition is stamped later than the first, as the real API stamps re-sends.
            "timeStamp": (end_time + dt.timedelta(hours=revision)).strftime("%Y%m%d_%H%M%S"),
            "gameEvents": [],
            "logicalEvents": [],
        },
        "gameData": {
            "game": {
                "pk": game_pk,
                "type": "R",
                "doubleHeader": game.double_header,
                "id": f"{game.date:%Y/%m/%d}/{game.away.abbreviation.lower()}{game.away.sport_id}-"
                f"{game.home.abbreviation.lower()}{game.home.sport_id}-{game.game_number}",
                "gamedayType": "P" if game.sport_id == 1 else "Y",
                "tiebreaker": "N",
                "gameNumber": game.game_number,
                "calendarEventID": f"44-{game_pk}-{game.date.isoformat()}",
                "season": str(season.season),
                "seasonDisplay": str(season.season),
            },
            "datetime": _datetime(season, game),
            "status": dict(status),
            "teams": {"away": _team(season, game.away), "home": _team(season, game.home)},
            "players": _game_players(season, record),
            "venue": _venue(season, game.home, full=True),
            "officialVenue": {"id": game.home.venue_id, "link": f"/api/v1/venues/{game.home.venue_id}"},
            "gameInfo": {
                "attendance": random.Random(f"{season.seed}/gate/{game_pk}").randint(800, 9000),
                "firstPitch": first_pitch.strftime("%Y-%m-%dT%H:%M:%S.000Z"),
                "gameDurationMinutes": max(duration, 60),
            },
            "review": {
                "hasChallenges": game.sport_id in (1, 11),
                "away": {"used": 0, "remaining": 1},
                "home": {"used": 0, "remaining": 1},
            },
            "flags": {
                "noHitter": False,
                "perfectGame": False,
                "awayTeamNoHitter": False,
                "awayTeamPerfectGame": False,
                "homeTeamNoHitter": False,
                "homeTeamPerfectGame": False,
            },
            "alerts": [],
            "probablePitchers": {
                "away": ref(record.setup.away.starter),
                "home": ref(record.setup.home.starter),
            },
        },
        "liveData": {
            "plays": {
                "allPlays": all_plays,
                "currentPlay": all_plays[-1] if all_plays else {},
                "scoringPlays": [p["about"]["atBatIndex"] for p in all_plays if p["about"]["isScoringPlay"]],
                "playsByInning": by_inning,
            },
            "boxscore": boxscore,
            "leaders": {},
        },
    }


def feed_bytes(season: FakeSeason, game_pk: int) -> bytes | None:
    """The feed serialized as the server sends it."""
    document = feed(season, game_pk)
    return None if document is None else orjson.dumps(document)


def _datetime(season: FakeSeason, game: ScheduledGame) -> dict[str, Any]:
    local = game.start_utc + dt.timedelta(hours=game.home.utc_offset)
    hour = local.hour % 12 or 12
    out: dict[str, Any] = {
        "dateTime": game.start_utc.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "originalDate": game.date.isoformat(),
    }
    if not season.is_earlier_era:  # feeds before 2020 have no officialDate (originalDate and dateTime only)
        out["officialDate"] = game.date.isoformat()
    if game.resumed_on is not None:
        resume = game.start_utc + dt.timedelta(days=(game.resumed_on - game.date).days, hours=-1)
        out["resumeDate"] = game.resumed_on.isoformat()
        out["resumeDateTime"] = resume.strftime("%Y-%m-%dT%H:%M:%SZ")
    out.update(
        {
            "dayNight": game.day_night,
            "time": f"{hour}:{local.minute:02d}",
            "ampm": "PM" if local.hour >= 12 else "AM",
        }
    )
    return out


def _game_players(season: FakeSeason, record: GameRecord) -> dict[str, Any]:
    people: dict[str, Any] = {}
    for side in (record.setup.away, record.setup.home):
        for player in [*(p for p, _ in side.lineup), *side.bench, side.starter, *side.bullpen]:
            people[f"ID{player.player_id}"] = _person(season, player)
    return people


def _team(season: FakeSeason, team: Team, hydrated: bool = True) -> dict[str, Any]:
    """A team object: ``{id, name, link}``, or the ``hydrate=team`` form with sport, league, parent org."""
    link = f"/api/v1/teams/{team.team_id}"
    if not hydrated:
        return {"id": team.team_id, "name": team.name, "link": link}
    out: dict[str, Any] = {
        "allStarStatus": "N",
        "id": team.team_id,
        "name": team.name,
        "link": link,
        "season": season.season,
        "venue": _venue(season, team),
        "teamCode": team.abbreviation.lower(),
        "fileCode": f"t{team.team_id}" if team.sport_id != 1 else team.abbreviation.lower(),
        "abbreviation": team.abbreviation,
        "teamName": team.club,
        "locationName": team.location,
        "firstYearOfPlay": str(team.first_year),
        "league": {"id": team.league_id, "name": team.league_name, "link": f"/api/v1/league/{team.league_id}"},
        "sport": {
            "id": team.sport_id,
            "link": f"/api/v1/sports/{team.sport_id}",
            "name": LEVELS[team.sport_id].name,
        },
        "shortName": team.location,
    }
    if team.sport_id != 1:
        out["parentOrgName"] = team.parent_org_name
        out["parentOrgId"] = team.org_id
    out["franchiseName"] = team.location
    out["clubName"] = team.club
    out["active"] = True
    return out


def _venue(season: FakeSeason, team: Team, full: bool = False) -> dict[str, Any]:
    """The home club's park."""
    out: dict[str, Any] = {
        "id": team.venue_id,
        "name": team.venue_name,
        "link": f"/api/v1/venues/{team.venue_id}",
    }
    if full:
        out["location"] = {
            "city": team.location,
            "country": "USA" if team.league_id != 130 else "Dominican Republic",
        }
        out["timeZone"] = {"offset": team.utc_offset, "offsetAtGameTime": team.utc_offset}
        out["fieldInfo"] = {"capacity": 2000 + (team.venue_id * 137) % 9000, "leftLine": 330, "center": 400}
        out["active"] = True
        out["season"] = str(season.season)
    return out


def _person(season: FakeSeason, player: Player, detailed: bool = False) -> dict[str, Any]:
    """A person as ``gameData.players`` and ``/people/{id}`` describe one."""
    birth = dt.date.fromisoformat(player.birth_date)
    age = season.season - birth.year
    last_init = f"{player.last_name}, {player.first_name[:1]}"
    out: dict[str, Any] = {
        "id": player.player_id,
        "fullName": player.full_name,
        "link": f"/api/v1/people/{player.player_id}",
        "firstName": player.first_name,
        "lastName": player.last_name,
        "primaryNumber": player.number,
        "birthDate": player.birth_date,
        "currentAge": age,
        "birthCity": player.extra.get("birth_city", ""),
        "birthCountry": player.extra.get("birth_country", ""),
        "height": player.height,
        "weight": player.weight,
        "active": True,
        "primaryPosition": position_dict("P" if player.is_pitcher else player.position),
        "useName": player.first_name,
        "useLastName": player.last_name,
        "boxscoreName": last_init,
        "gender": "M",
        "isPlayer": True,
        "isVerified": False,
        "batSide": {
            "code": player.bat_side,
            "description": {"L": "Left", "R": "Right"}.get(player.bat_side, "Switch"),
        },
        "pitchHand": {"code": player.pitch_hand, "description": "Left" if player.pitch_hand == "L" else "Right"},
        "nameFirstLast": player.full_name,
        "nameSlug": f"{player.full_name.lower().replace(' ', '-')}-{player.player_id}",
        "firstLastName": player.full_name,
        "lastFirstName": f"{player.last_name}, {player.first_name}",
        "lastInitName": last_init,
        "initLastName": f"{player.first_name[:1]} {player.last_name}",
        "fullFMLName": player.full_name,
        "fullLFMName": f"{player.last_name}, {player.first_name}",
        "strikeZoneTop": player.sz_top,
        "strikeZoneBottom": player.sz_bottom,
    }
    if detailed:
        stints = season.player_teams.get(player.player_id, [])
        if stints:
            team = season.teams_by_id[stints[-1][0]]
            out["currentTeam"] = {"id": team.team_id, "link": f"/api/v1/teams/{team.team_id}"}
    return out


def schedule(
    season: FakeSeason,
    sport_id: int | None,
    year: int,
    game_type: str = "R",
    hydrate_team: bool = True,
    *,
    start_date: dt.date | None = None,
    end_date: dt.date | None = None,
    game_pks: Iterable[int] | None = None,
) -> dict[str, Any]:
    """``api/v1/schedule?sportId=N&season=S&gameType=R[&hydrate=team]``.

    A suspended game is listed twice: on the day it stopped (``detailedState`` "Suspended") and on the
    day it was finished ("Final"); a postponed one too: on the day it was rained out (Final / Postponed /
    ``codedGameState`` D) and on the day it was made up. Without ``hydrate_team`` the team objects have only
    id/name/link, so the level lives only in the request. The filters the real API honours: listings from
    ``start_date`` to ``end_date`` (``date`` is both), only ``game_pks`` (then ``sport_id`` None means any).
    """
    types = {part.strip() for part in game_type.split(",") if part.strip()} or {"R"}
    wanted = set(game_pks) if game_pks is not None else None
    listings: list[tuple[dt.date, ScheduledGame, dict[str, Any], bool]] = []
    if year == season.season and "R" in types:
        for game in season.games:
            if (sport_id is not None and game.sport_id != sport_id) or (
                wanted is not None and game.game_pk not in wanted
            ):
                continue
            if game.postponed_from is not None:
                listings.append((game.postponed_from, game, _STATUS_POSTPONED, False))
            if game.resumed_on is not None:
                listings.append((game.date, game, _STATUS_SUSPENDED, False))
                listings.append((game.resumed_on, game, _STATUS_FINAL, True))
            else:
                listings.append((game.date, game, _STATUS_LIVE if game.is_live else _STATUS_FINAL, False))
    listings = [
        listing
        for listing in listings
        if (start_date is None or listing[0] >= start_date) and (end_date is None or listing[0] <= end_date)
    ]
    listings.sort(key=lambda item: (item[0], item[1].start_utc, item[1].game_pk))
    return schedule_document(
        (day.isoformat(), _schedule_game(season, game, day, status, resumed, hydrate_team))
        for day, game, status, resumed in listings
    )


def _schedule_game(
    season: FakeSeason, game: ScheduledGame, day: dt.date, status: dict[str, Any], resumed: bool, hydrate_team: bool
) -> dict[str, Any]:
    pk = game.game_pk
    guid_rng = random.Random(f"{season.seed}/guid/{pk}")
    start = game.start_utc + dt.timedelta(days=(day - game.date).days)
    out: dict[str, Any] = {
        "gamePk": pk,
        "gameGuid": play_id(guid_rng),
        "link": f"/api/v1.1/game/{pk}/feed/live",
        "gameType": "R",
        "season": str(season.season),
        "gameDate": start.strftime("%Y-%m-%dT%H:%M:%SZ"),
    }
    if not season.is_earlier_era:  # a 2019 schedule lists games under their day without officialDate
        out["officialDate"] = day.isoformat()
    if game.resumed_on is not None and not resumed:
        out["resumeDate"] = (start + dt.timedelta(days=1)).strftime("%Y-%m-%dT%H:%M:%SZ")
        out["resumeGameDate"] = game.resumed_on.isoformat()
    if resumed:
        out["resumedFrom"] = game.start_utc.strftime("%Y-%m-%dT%H:%M:%SZ")
        out["resumedFromDate"] = game.date.isoformat()
    if game.postponed_from is not None:
        if status is _STATUS_POSTPONED:
            out["rescheduleDate"] = game.start_utc.strftime("%Y-%m-%dT%H:%M:%SZ")
            out["rescheduleGameDate"] = game.date.isoformat()
        else:
            out["rescheduledFrom"] = (game.start_utc - dt.timedelta(days=1)).strftime("%Y-%m-%dT%H:%M:%SZ")
            out["rescheduledFromDate"] = game.postponed_from.isoformat()
    out["status"] = dict(status)
    out["teams"] = {
        side: {
            "team": _team(season, team, hydrated=hydrate_team),
            "splitSquad": False,
            "seriesNumber": 1 + (game.date - dt.date(season.season, 3, 1)).days // 7,
        }
        for side, team in (("away", game.away), ("home", game.home))
    }
    out["venue"] = _venue(season, game.home)
    out["content"] = {"link": f"/api/v1/game/{pk}/content"}
    out["isTie"] = False
    out["gameNumber"] = game.game_number
    out["publicFacing"] = True
    out["doubleHeader"] = game.double_header
    out["gamedayType"] = "P" if game.sport_id == 1 else "Y"
    out["tiebreaker"] = "N"
    out["calendarEventID"] = f"44-{pk}-{game.date.isoformat()}"
    out["seasonDisplay"] = str(season.season)
    out["dayNight"] = game.day_night
    if resumed:
        out["description"] = f"Suspended from {game.date.month}/{game.date.day}"
    out["scheduledInnings"] = game.innings
    out["reverseHomeAwayStatus"] = False
    out["inningBreakLength"] = 120
    out["gamesInSeries"] = 6
    out["seriesGameNumber"] = 1 + (game.date.weekday() - 1) % 6
    out["seriesDescription"] = "Regular Season"
    out["recordSource"] = "S"
    out["ifNecessary"] = "N"
    out["ifNecessaryDescription"] = "Normal Game"
    return out


def game_log(season: FakeSeason, player_id: int, group: str, year: int, sport_id: int | None) -> dict[str, Any]:
    """``people/{id}/stats?stats=gameLog&group=G&season=S&sportId=N``.

    Without ``sportId`` the API answers for sportId 1 (MLB): for a minor-leaguer that is ``stats: []``,
    the trap that makes a loader ask once per level. Games whose feed is a 404 are listed too.
    """
    empty = {"copyright": COPYRIGHT, "stats": []}
    player = season.players_by_id.get(player_id)
    if player is None or year != season.season or group not in ("hitting", "pitching"):
        return empty
    level = LEVELS.get(sport_id if sport_id is not None else 1)
    if level is None:
        return empty
    splits: list[dict[str, Any]] = []
    for game in season.player_games(player_id, level.sport_id):
        lines = season.lines(game.game_pk)
        if lines is None:
            continue
        line = lines.batting.get(player_id) if group == "hitting" else lines.pitching.get(player_id)
        if line is None:
            continue
        is_home = any(
            tid == game.home.team_id and start <= game.date < end for tid, start, end in season.player_teams[player_id]
        )
        team, opponent = (game.home, game.away) if is_home else (game.away, game.home)
        split: dict[str, Any] = {
            "season": str(season.season),
            "stat": batting_stat(line, game_log=True)  # type: ignore[arg-type]
            if group == "hitting"
            else pitching_stat(line, game_log=True),  # type: ignore[arg-type]
            "team": _team(season, team, hydrated=False),
            "player": {"id": player.player_id, "fullName": player.full_name, "link": f"/api/v1/people/{player_id}"},
            "league": {"id": team.league_id, "name": team.league_name, "link": f"/api/v1/league/{team.league_id}"},
            "sport": {
                "id": level.sport_id,
                "link": f"/api/v1/sports/{level.sport_id}",
                "abbreviation": level.abbreviation,
            },
            "opponent": _team(season, opponent, hydrated=False),
            "date": game.date.isoformat(),
            "gameType": "R",
            "isHome": is_home,
            "isWin": game.is_final
            and ((lines.home_runs > lines.away_runs) if is_home else (lines.away_runs > lines.home_runs)),
        }
        if group == "hitting":
            split["positionsPlayed"] = [position_dict(lines.positions.get(player_id, player.position))]
        split["game"] = {
            "gamePk": game.game_pk,
            "link": f"/api/v1.1/game/{game.game_pk}/feed/live",
            "content": {"link": f"/api/v1/game/{game.game_pk}/content"},
            "gameNumber": game.game_number,
            "dayNight": game.day_night,
        }
        splits.append(split)
    if not splits:
        return empty
    return {
        "copyright": COPYRIGHT,
        "stats": [
            {
                "type": {"displayName": "gameLog"},
                "group": {"displayName": group},
                "exemptions": [],
                "splits": splits,
            }
        ],
    }


def people_game_logs(
    season: FakeSeason, player_ids: Iterable[int], groups: Iterable[str], year: int, sport_ids: Iterable[int] | None
) -> dict[str, Any]:
    """``api/v1/people?personIds=…&hydrate=stats(group=[…],type=[gameLog],season=S,leagueListId|sportId)``.

    Each known person with a ``stats`` list: one gameLog block per group that has games, its splits the
    ones ``people/{id}/stats`` gives at each sportId in turn (``sport_ids`` None: no stats hydrated).
    Unknown ids are left out, as the real API does.
    """
    groups = list(groups)
    levels = list(sport_ids) if sport_ids is not None else None
    people: list[dict[str, Any]] = []
    for player_id in player_ids:
        player = season.players_by_id.get(player_id)
        if player is None:
            continue
        person = _person(season, player)
        if levels is not None:
            blocks: list[dict[str, Any]] = []
            for group in groups:
                splits = [
                    split
                    for sport_id in levels
                    for block in game_log(season, player_id, group, year, sport_id)["stats"]
                    for split in block["splits"]
                ]
                if splits:
                    blocks.append(
                        {
                            "type": {"displayName": "gameLog"},
                            "group": {"displayName": group},
                            "exemptions": [],
                            "splits": splits,
                        }
                    )
            person["stats"] = blocks
        people.append(person)
    return {"copyright": COPYRIGHT, "people": people}


def sport_players(season: FakeSeason, sport_id: int, year: int) -> dict[str, Any]:
    """``api/v1/sports/{sportId}/players?season=S``: everyone on a club of that level that season.

    Each person as ``/people/{id}`` describes one, ``currentTeam`` being the club of that level (with its
    parent organization); a season this one is not answers ``people: []``.
    """
    people: list[dict[str, Any]] = []
    if year == season.season:
        for player_id, stints in season.player_teams.items():
            teams = [season.teams_by_id[team_id] for team_id, _, _ in stints]
            at_level = [team for team in teams if team.sport_id == sport_id]
            if not at_level:
                continue
            team = at_level[-1]
            person = _person(season, season.players_by_id[player_id])
            person["currentTeam"] = {
                "id": team.team_id,
                "name": team.name,
                "link": f"/api/v1/teams/{team.team_id}",
                "parentOrgId": team.org_id,
                "parentOrgName": team.parent_org_name,
            }
            people.append(person)
    people.sort(key=lambda person: person["id"])
    return {"copyright": COPYRIGHT, "people": people}


def person(season: FakeSeason, player_id: int) -> dict[str, Any] | None:
    """``api/v1/people/{id}``, or None for an unknown id."""
    player = season.players_by_id.get(player_id)
    if player is None:
        return None
    return {"copyright": COPYRIGHT, "people": [_person(season, player, detailed=True)]}


def sports() -> dict[str, Any]:
    """``api/v1/sports``: the levels (and the non-affiliated sports the real list also holds)."""
    rows = [(level.sport_id, level.code, level.name, level.abbreviation, level.sort_order) for level in LEVELS.values()]
    rows += list(OTHER_SPORTS)
    return {
        "copyright": COPYRIGHT,
        "sports": [
            {
                "id": sid,
                "code": code,
                "link": f"/api/v1/sports/{sid}",
                "name": name,
                "abbreviation": abbr,
                "sortOrder": order,
                "activeStatus": True,
            }
            for sid, code, name, abbr, order in rows
        ],
    }


def write_directory(
    season: FakeSeason, root: str | Path, game_pks: Iterable[int] | None = None, all_game_logs: bool = False
) -> Path:
    """Write the season in the replay layout (API path + ``.json``); see docs/fake_statsapi.md.

    Args:
        root: Directory to write into (created).
        game_pks: Only these games' feeds (default: every game; about half a megabyte each).
        all_game_logs: Game logs of every rostered player, not only the tracked ones.
    """
    root = Path(root)
    api = root / "api"
    _write_json(api / "v1" / "sports.json", sports())
    for sport_id in (1, *MINOR_SPORT_IDS):
        _write_json(
            api / "v1" / "schedule" / f"sportId{sport_id}-season{season.season}.json",
            schedule(season, sport_id, season.season),
        )
    wanted = list(game_pks) if game_pks is not None else [game.game_pk for game in season.games]
    for pk in wanted:
        data = feed_bytes(season, pk)
        if data is not None:
            path = api / "v1.1" / "game" / str(pk) / "feed" / "live.json"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
    people = list(season.players_by_id) if all_game_logs else [int(row["player_id"]) for row in season.tracked_players]
    for pid in people:
        document = person(season, pid)
        if document is not None:
            _write_json(api / "v1" / "people" / f"{pid}.json", document)
        for sport_id in season.levels_of(pid):
            for group in ("hitting", "pitching"):
                log = game_log(season, pid, group, season.season, sport_id)
                if log["stats"]:
                    name = f"gameLog-{group}-sportId{sport_id}-season{season.season}.json"
                    _write_json(api / "v1" / "people" / str(pid) / "stats" / name, log)
    season.write_tracked_players_csv(root / "tracked_players.csv")
    return root


def _plays_by_inning(all_plays: list[dict[str, Any]]) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for play in all_plays:
        about = play["about"]
        index = about["atBatIndex"]
        if not out or out[-1]["_inning"] != about["inning"]:
            out.append(
                {
                    "_inning": about["inning"],
                    "startIndex": index,
                    "endIndex": index,
                    "top": [],
                    "bottom": [],
                    "hits": {"away": [], "home": []},
                }
            )
        entry = out[-1]
        entry["endIndex"] = index
        entry["top" if about["isTopInning"] else "bottom"].append(index)
    for entry in out:
        del entry["_inning"]
    return out


def _write_json(path: Path, document: dict[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(orjson.dumps(document))
