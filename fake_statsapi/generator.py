"""A deterministic minor-league season: schedule, rosters, tracked prospects, games, fates and revisions.

Nothing is pre-computed per game beyond the schedule: a game is simulated on demand from ``(seed, game_pk)``
and game logs come from light per-game stat lines kept in an LRU cache (a season's worth by default), so a full
~8,300-game season starts in about a second and never holds its feeds in memory. ``documents.py`` says it in
the API's words.
"""

from __future__ import annotations

import datetime as dt
import random
import threading
from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple

from fake_statsapi.corrections import Correction, correct
from fake_statsapi.league import (
    LEAGUES,
    LEAGUES_BY_ID,
    ORGANIZATIONS,
    ORGS_BY_ID,
    League,
    Team,
    build_teams,
    find_organization,
)
from fake_statsapi.players import (
    HITTER_SLOTS,
    ROTATION_SIZE,
    Player,
    default_tracked_players,
    generated_roster,
    is_pitcher_position,
    make_player,
    write_tracked_players_csv,
)
from fake_statsapi.simulation import GameRecord, GameSetup, Play, SideSetup, simulate
from fake_statsapi.stats import GameLines, count_lines

FIRST_GAME_PK = 775001
FIRST_MLB_GAME_PK = 774901
# Above every real MLBAM person id (they reach the low 800,000s), so a real tracked id never collides.
FIRST_PLAYER_ID = 900000
NOT_FOUND_RATE = 0.04
EMPTY_PLAYS_RATE = 0.01
DOUBLEHEADER_RATE = 0.025

# Level paths tracked prospects follow, cycled over the list: most are promoted at least once.
_PATHS: tuple[tuple[int, ...], ...] = (
    (12, 11),
    (13, 12),
    (14, 13),
    (11,),
    (16, 14),
    (13, 12, 11),
    (12,),
    (14,),
)

# Seasons before this one are served as the earlier era's documents (see FakeSeason.is_earlier_era).
EARLIER_ERA_BEFORE = 2020


@dataclass(slots=True)
class ScheduledGame:
    """One game of the season: when, where, who, and what the API will say about it."""

    game_pk: int
    sport_id: int
    league_id: int
    date: dt.date
    home: Team
    away: Team
    game_number: int
    double_header: str
    innings: int
    start_utc: dt.datetime
    day_night: str
    fate: str = "ok"  # "ok", "not_found" (404 feed), "empty_plays" (Final, allPlays [])
    is_live: bool = False
    resumed_on: dt.date | None = None  # set on the suspended game: the date it was completed
    postponed_from: dt.date | None = None  # set on the postponed game: the date it was first listed (rained out)

    @property
    def is_final(self) -> bool:
        """Whether the game is over (every game but the live ones)."""
        return not self.is_live


class Edition(NamedTuple):
    """A game as its feed shows it now, read in one state of the season (see ``FakeSeason.edition``)."""

    is_live: bool
    revision: int
    record: GameRecord
    plays: list[Play]
    lines: GameLines
    corrections: list[Correction]


@dataclass(slots=True)
class Placement:
    """A tracked player's stint on one club: roster slot and dates (end exclusive)."""

    player: Player
    team: Team
    start: dt.date
    end: dt.date
    slot: int


class TrackedPlayersError(ValueError):
    """The tracked players given cannot join the generated season (an id taken twice, or one of the generator's)."""


class FakeSeason:
    """A generated season: what the Stats API's documents (``documents.py``) report.

    Args:
        season: The season year (``gameData.game.season`` is its string).
        n_games: Minor-league games in the season, spread over the levels roughly as real schedules are
            (a full season is about 8,300). A tracked hitter's three MLB games come on top.
        seed: Every random draw derives from it: the same seed gives the same bytes.
        tracked_players: Rows ``{player_id, full_name, position, organization}``; ``None`` tracks
            ``default_tracked_players()``.
        live_games: How many of the last scheduled games are still in progress (``abstractGameState`` Live);
            ``finish_live_games()`` ends them later.
        empty_plays_game_pks: Games forced to be Final with ``allPlays: []`` (on top of the ~1% drawn).
        cache_size: Games whose stat lines are kept for game-log requests; ``None``, every game of the season
            (a batched game-log request reads most of them, so a smaller cache recomputes them each time).
        first_game_pk: The first minor-league game's ``gamePk`` (the call-up's MLB games come 100 before it);
            seasons served together need ranges of their own, as real seasons have.

    A season changes only through ``finish_live_games()`` and ``republish()``; each change bumps ``version``,
    which is how a server knows to drop what it has cached.
    """

    def __init__(
        self,
        season: int = 2025,
        n_games: int = 400,
        seed: int = 7,
        tracked_players: list[dict[str, Any]] | None = None,
        live_games: int = 0,
        empty_plays_game_pks: Iterable[int] = (),
        cache_size: int | None = None,
        first_game_pk: int = FIRST_GAME_PK,
    ) -> None:
        if n_games < 1:
            raise ValueError("n_games must be at least 1")
        self.season = season
        self.n_games = n_games
        self.seed = seed
        self.live_games = live_games
        self.first_game_pk = first_game_pk
        self.tracked_players: list[dict[str, Any]] = [
            dict(row) for row in (tracked_players if tracked_players is not None else default_tracked_players())
        ]
        self.teams: list[Team] = build_teams()
        self.teams_by_id: dict[int, Team] = {team.team_id: team for team in self.teams}
        self._affiliates: dict[tuple[int, int], Team] = {}
        for team in self.teams:
            if team.league_id != 130:  # the complex league, not the DSL, is an org's rookie club
                self._affiliates.setdefault((team.org_id, team.sport_id), team)
        self.rosters: dict[int, list[Player]] = {}
        self.players_by_id: dict[int, Player] = {}
        # Each player's clubs: (team_id, start, end), end exclusive.
        self.player_teams: dict[int, list[tuple[int, dt.date, dt.date]]] = {}
        far_past, far_future = dt.date(season - 1, 1, 1), dt.date(season + 1, 12, 31)
        for index, team in enumerate(self.teams):
            rng = random.Random(f"{seed}/roster/{team.team_id}")
            roster = generated_roster(team.team_id, FIRST_PLAYER_ID + index * 26, rng, season)
            self.rosters[team.team_id] = roster
            for player in roster:
                self.players_by_id[player.player_id] = player
                self.player_teams[player.player_id] = [(team.team_id, far_past, far_future)]
        self.games: list[ScheduledGame] = self._build_schedule()
        self._placements: dict[int, list[Placement]] = {}
        self.mlb_call_up: int | None = None
        self._place_tracked_players()
        self.games.sort(key=lambda g: (g.date, g.start_utc, g.game_pk))
        self.games_by_pk: dict[int, ScheduledGame] = {game.game_pk: game for game in self.games}
        self._team_games: dict[int, list[ScheduledGame]] = {}
        for game in self.games:
            self._team_games.setdefault(game.home.team_id, []).append(game)
            self._team_games.setdefault(game.away.team_id, []).append(game)
        self._team_game_index: dict[tuple[int, int], int] = {}
        for team_id, games in self._team_games.items():
            for i, game in enumerate(games):
                self._team_game_index[(team_id, game.game_pk)] = i
        self._assign_fates()
        for pk in empty_plays_game_pks:
            self._scheduled(pk).fate = "empty_plays"
        # Lines are cached per (pk, is_live, revision), so a change never serves stale lines.
        self._cache: OrderedDict[tuple[int, bool, int], GameLines] = OrderedDict()
        self.cache_size = len(self.games) if cache_size is None else cache_size
        self._lock = threading.Lock()
        self._revisions: dict[int, int] = {}
        self.version = 0

    # ------------------------------------------------------------------ schedule
    def _build_schedule(self) -> list[ScheduledGame]:
        leagues = list(LEAGUES)
        weights = [league.n_teams * league.games_per_team / 2 for league in leagues]
        targets = _largest_remainder(self.n_games, weights)
        # Every season, however small, has at least one doubleheader: in the league with the most games.
        busiest = max(range(len(leagues)), key=lambda i: targets[i])
        games: list[ScheduledGame] = []
        for i, (league, target) in enumerate(zip(leagues, targets, strict=True)):
            if target:
                games += self._league_games(league, target, force_doubleheader=i == busiest and target >= 4)
        games.sort(key=lambda g: (g.date, LEAGUES.index(LEAGUES_BY_ID[g.league_id]), g.home.team_id, g.game_number))
        for i, game in enumerate(games):
            game.game_pk = self.first_game_pk + i
        return games

    def _league_games(self, league: League, target: int, force_doubleheader: bool = False) -> list[ScheduledGame]:
        rng = random.Random(f"{self.seed}/schedule/{league.league_id}")
        teams = [team for team in self.teams if team.league_id == league.league_id]
        opens, closes = league.window(self.season)
        days = [opens + dt.timedelta(days=i) for i in range((closes - opens).days + 1)]
        days = [day for day in days if day.weekday() != 0]  # Mondays off, as in the minors
        slots: list[tuple[dt.date, Team, Team]] = []
        ring: list[Team | None] = list(teams) + ([None] if len(teams) % 2 else [])
        n = len(ring)
        for day in days:
            week = (day - opens).days // 7
            rotation = week % (n - 1)
            order = [ring[0], *(ring[1:][-rotation:] + ring[1:][:-rotation] if rotation else ring[1:])]
            flip = (week // (n - 1)) % 2 == 1
            for i in range(n // 2):
                a, b = order[i], order[n - 1 - i]
                if a is None or b is None:
                    continue
                home, away = (a, b) if (i % 2 == 0) != flip else (b, a)
                slots.append((day, home, away))
        capacity = len(slots)
        n_dh = max(1 if (target >= 20 or force_doubleheader) else 0, round(target * DOUBLEHEADER_RATE))
        base = min(target - n_dh, capacity)
        picked = [slots[int((i + 0.5) * capacity / base)] for i in range(base)]
        out: list[ScheduledGame] = []
        dh_picks = set(rng.sample(range(len(picked)), min(n_dh, len(picked)))) if n_dh else set()
        for i, (day, home, away) in enumerate(picked):
            if i in dh_picks:
                kind = "S" if rng.random() < 0.5 else "Y"
                out.append(self._game(league, day, home, away, 1, kind, 7, rng))
                out.append(self._game(league, day, home, away, 2, kind, 7, rng))
            else:
                out.append(self._game(league, day, home, away, 1, "N", 9, rng))
        return out

    def _game(
        self,
        league: League,
        day: dt.date,
        home: Team,
        away: Team,
        game_number: int,
        double_header: str,
        innings: int,
        rng: random.Random,
    ) -> ScheduledGame:
        if double_header != "N":
            local = (16, 5) if game_number == 1 else ((19, 5) if double_header == "S" else (19, 15))
        elif day.weekday() == 6:
            local = (13, 5)
        elif day.weekday() == 2 and rng.random() < 0.3:
            local = (11, 5)
        else:
            local = (19, 5) if rng.random() < 0.6 else (18, 35)
        if league.abbreviation in ("ACL", "FCL", "DSL"):
            local = (10, 0) if game_number == 1 else (13, 0)  # complex leagues play in the morning heat
        start_local = dt.datetime(day.year, day.month, day.day, *local)
        start_utc = start_local - dt.timedelta(hours=home.utc_offset)
        return ScheduledGame(
            game_pk=0,
            sport_id=league.sport_id,
            league_id=league.league_id,
            date=day,
            home=home,
            away=away,
            game_number=game_number,
            double_header=double_header,
            innings=innings,
            start_utc=start_utc,
            day_night="night" if local[0] >= 17 else "day",
        )

    def _assign_fates(self) -> None:
        minors = [game for game in self.games if game.sport_id != 1]
        if self.live_games > 0:
            for game in minors[-self.live_games :]:
                game.is_live = True
        candidates = [game for game in minors if not game.is_live and game.resumed_on is None]
        draws = {game.game_pk: random.Random(f"{self.seed}/fate/{game.game_pk}").random() for game in candidates}
        for game in candidates:
            u = draws[game.game_pk]
            if u < NOT_FOUND_RATE:
                game.fate = "not_found"
            elif u < NOT_FOUND_RATE + EMPTY_PLAYS_RATE:
                game.fate = "empty_plays"
        # Small seasons still get one game of each kind, so every trap exists whatever n_games is.
        ordered = sorted(candidates, key=lambda g: draws[g.game_pk])
        if len(ordered) >= 3 and not any(game.fate == "not_found" for game in ordered):
            ordered[0].fate = "not_found"
        if len(ordered) >= 3 and not any(game.fate == "empty_plays" for game in ordered):
            next(game for game in ordered if game.fate == "ok").fate = "empty_plays"
        self._mark_suspended(minors)

    def _mark_suspended(self, minors: list[ScheduledGame]) -> None:
        pool = [g for g in minors if g.double_header == "N" and g.fate == "ok" and not g.is_live]
        preferred = [g for g in pool if g.sport_id == 12] or pool
        if not preferred:
            return
        game = preferred[int(len(preferred) * 0.4)]
        game.resumed_on = game.date + dt.timedelta(days=1)
        # One game is postponed: listed first on the day before it was played (Final / Postponed / D), then
        # made up on its own date with the same pk.
        others = [g for g in pool if g is not game]
        if others:
            made_up = others[int(len(others) * 0.6)]
            made_up.postponed_from = made_up.date - dt.timedelta(days=1)

    # ------------------------------------------------------------------ tracked players
    def _place_tracked_players(self) -> None:
        hitters_first_aaa: int | None = None
        rows = self.tracked_players
        for i, row in enumerate(rows):
            path = _PATHS[i % len(_PATHS)]
            if not is_pitcher_position(str(row.get("position", ""))) and path[-1] == 11 and hitters_first_aaa is None:
                hitters_first_aaa = i
        if hitters_first_aaa is None:
            hitters_first_aaa = next(
                (i for i, row in enumerate(rows) if not is_pitcher_position(str(row.get("position", "")))), None
            )
        for i, row in enumerate(rows):
            player_id = int(row["player_id"])
            if player_id in self.players_by_id:
                raise TrackedPlayersError(
                    f"tracked player id {player_id} is already taken (duplicate, or a generated id)"
                )
            position = str(row.get("position", "")).strip().upper() or "DH"
            pitcher = is_pitcher_position(position)
            name = str(row.get("full_name", "")).strip() or f"Player {player_id}"
            first, _, last = name.partition(" ")
            rng = random.Random(f"{self.seed}/tracked/{player_id}")
            player = make_player(
                player_id,
                rng,
                is_pitcher=pitcher,
                position=position if not pitcher else position,
                season=self.season,
                name=(first, last),
                is_tracked=True,
            )
            if not pitcher:
                player.position = position if position in HITTER_SLOTS or position in ("OF", "IF") else "DH"
            org = find_organization(row.get("organization")) or ORGANIZATIONS[player_id % len(ORGANIZATIONS)]
            path = _PATHS[i % len(_PATHS)]
            call_up = i == hitters_first_aaa
            if call_up and path[-1] != 11:
                path = (12, 11)
            self.players_by_id[player_id] = player
            self.player_teams[player_id] = []
            stints = self._stints(org.org_id, path)
            if call_up:
                stints = self._with_call_up(player, org.org_id, stints)
            for team, start, end in stints:
                self._place(player, team, start, end)

    def _team_dates(self, team: Team) -> list[dt.date]:
        return sorted({g.date for g in self.games if g.home is team or g.away is team})

    def _stints(self, org_id: int, path: tuple[int, ...]) -> list[tuple[Team, dt.date, dt.date]]:
        teams = [self._affiliates[(org_id, sport_id)] for sport_id in path]
        season_start = min(LEAGUES_BY_ID[t.league_id].window(self.season)[0] for t in teams)
        season_end = max(LEAGUES_BY_ID[t.league_id].window(self.season)[1] for t in teams)
        span = (season_end - season_start).days
        boundaries = [season_start]
        for k in range(1, len(teams)):
            target = season_start + dt.timedelta(days=span * k // len(teams))
            before = [d for d in self._team_dates(teams[k - 1]) if boundaries[-1] <= d]
            after = self._team_dates(teams[k])
            # Promote on a date the new club plays, with games left behind at the old one, so the player
            # really appears at both levels even in a small generated season.
            choice = next((d for d in after if d >= target and any(b < d for b in before)), None)
            if choice is None:
                choice = next((d for d in after if any(b < d for b in before)), target)
            boundaries.append(max(choice, boundaries[-1] + dt.timedelta(days=1)))
        boundaries.append(season_end + dt.timedelta(days=1))
        return [(team, boundaries[k], boundaries[k + 1]) for k, team in enumerate(teams)]

    def _with_call_up(
        self, player: Player, org_id: int, stints: list[tuple[Team, dt.date, dt.date]]
    ) -> list[tuple[Team, dt.date, dt.date]]:
        """Three MLB games in the middle of the player's Triple-A stint (a call-up, then back down)."""
        aaa_team, start, end = stints[-1]
        first = start + dt.timedelta(days=max(1, (end - start).days * 3 // 5))
        mlb_team = self.teams_by_id[org_id]
        opponents = [o for o in ORGANIZATIONS if o.league_id == ORGS_BY_ID[org_id].league_id and o.org_id != org_id]
        opponent = self.teams_by_id[opponents[org_id % len(opponents)].org_id]
        league = League(mlb_team.league_id, mlb_team.league_name, "MLB", 1, 30, 162, (3, 27), (9, 28))
        rng = random.Random(f"{self.seed}/mlb/{player.player_id}")
        for k in range(3):
            day = first + dt.timedelta(days=k)
            game = self._game(league, day, mlb_team, opponent, 1, "N", 9, rng)
            game.game_pk = self.first_game_pk - (FIRST_GAME_PK - FIRST_MLB_GAME_PK) + k
            self.games.append(game)
        back = first + dt.timedelta(days=3)
        self.mlb_call_up = player.player_id
        return [*stints[:-1], (aaa_team, start, first), (mlb_team, first, back), (aaa_team, back, end)]

    def _place(self, player: Player, team: Team, start: dt.date, end: dt.date) -> None:
        if start >= end:
            return
        taken = {
            p.slot
            for p in self._placements.get(team.team_id, [])
            if p.player.is_pitcher == player.is_pitcher and p.start < end and start < p.end
        }
        if player.is_pitcher:
            first = next((g for g in self._team_dates_games(team) if start <= g.date < end), None)
            index = 0
            if first is not None:
                index = self._team_dates_games(team).index(first)
            options = [(index + k) % ROTATION_SIZE for k in range(ROTATION_SIZE)]
        else:
            options = list(player.slot_preference()) + list(range(9))
        slot = next((s for s in options if s not in taken), options[0])
        self._placements.setdefault(team.team_id, []).append(Placement(player, team, start, end, slot))
        self.player_teams[player.player_id].append((team.team_id, start, end))

    def _team_dates_games(self, team: Team) -> list[ScheduledGame]:
        return sorted((g for g in self.games if g.home is team or g.away is team), key=lambda g: (g.date, g.start_utc))

    # ------------------------------------------------------------------ one game
    def _side(self, team: Team, game: ScheduledGame, rng: random.Random) -> SideSetup:
        roster = self.rosters[team.team_id]
        hitters = roster[:13]
        pitchers = roster[13:]
        for placement in self._placements.get(team.team_id, ()):
            if placement.start <= game.date < placement.end:
                if placement.player.is_pitcher:
                    pitchers[placement.slot] = placement.player
                else:
                    hitters[placement.slot] = placement.player
        starters = list(range(9))
        for bench_slot, targets, chance in (
            (9, (0,), 0.22),
            (10, (2, 3, 4), 0.12),
            (11, (5, 6, 7), 0.12),
            (12, (1, 8), 0.12),
        ):
            if rng.random() < chance:
                target = rng.choice(targets)
                if not hitters[target].is_tracked:
                    starters[target] = bench_slot
        for bench_slot in range(9, 13):
            if hitters[bench_slot].is_tracked and bench_slot not in starters:
                free = next((t for t in (8, 1, 5, 7, 2, 3) if not hitters[starters[t]].is_tracked), None)
                if free is not None:
                    starters[free] = bench_slot
        keyed = [(-(hitters[s].contact + hitters[s].power) + rng.gauss(0, 0.25), t, s) for t, s in enumerate(starters)]
        keyed.sort()
        order = [keyed[k] for k in (2, 0, 1, 3, 4, 5, 6, 7, 8)]  # best contact-power bats second and third
        lineup = [(hitters[s], HITTER_SLOTS[t]) for _, t, s in order]
        bench = [hitters[s] for s in range(13) if s not in starters]
        index = self._team_game_index.get((team.team_id, game.game_pk), 0)
        starter = pitchers[index % ROTATION_SIZE]
        bullpen = pitchers[ROTATION_SIZE:]
        rng.shuffle(bullpen)
        return SideSetup(team=team, lineup=lineup, bench=bench, starter=starter, bullpen=bullpen)

    def _simulate(self, game: ScheduledGame) -> GameRecord:
        rng = random.Random(f"{self.seed}/lineups/{game.game_pk}")
        setup = GameSetup(
            game_pk=game.game_pk,
            sport_id=game.sport_id,
            scheduled_innings=game.innings,
            away=self._side(game.away, game, rng),
            home=self._side(game.home, game, rng),
        )
        return simulate(setup, random.Random(f"{self.seed}/game/{game.game_pk}"))

    def _visible_plays(self, game: ScheduledGame, record: GameRecord, is_live: bool) -> list[Play]:
        if not is_live:
            return record.plays
        cut = random.Random(f"{self.seed}/live/{game.game_pk}").uniform(0.35, 0.75)
        return record.plays[: max(1, int(len(record.plays) * cut))]

    def _state(self, game: ScheduledGame) -> tuple[bool, int]:
        """``(is_live, revision)`` read together, so one document never mixes two states."""
        with self._lock:
            return game.is_live, self._revisions.get(game.game_pk, 0)

    def _corrected(
        self, game: ScheduledGame, is_live: bool, revision: int
    ) -> tuple[GameRecord, list[Play], list[Correction]]:
        """The game's record with the corrections of ``revision`` applied, its visible plays, the corrections."""
        record = self._simulate(game)
        plays = self._visible_plays(game, record, is_live)
        fixes = correct(plays, self.seed, game.game_pk, revision) if revision else []
        return record, plays, fixes

    def edition(self, game: ScheduledGame) -> Edition:
        """What a feed is rendered from: the first edition's record and visible plays, the stat lines of the
        corrected plays, and the corrections still to apply to the rendered plays."""
        is_live, revision = self._state(game)
        record, plays, fixes = self._corrected(game, is_live, revision)
        lines = count_lines(record, plays)
        if fixes:
            # Render the first edition, then edit it: every event the corrections leave alone keeps its
            # playId, tracking numbers and timestamps. Lines (box score) come from the corrected plays.
            record = self._simulate(game)
            plays = self._visible_plays(game, record, is_live)
        return Edition(is_live, revision, record, plays, lines, fixes)

    def lines(self, game_pk: int) -> GameLines | None:
        """Every player's stat lines in a game (cached): what game logs and box scores are made of."""
        game = self.games_by_pk.get(game_pk)
        if game is None:
            return None
        is_live, revision = self._state(game)
        key = (game_pk, is_live, revision)
        with self._lock:
            cached = self._cache.get(key)
            if cached is not None:
                self._cache.move_to_end(key)
                return cached
        record, plays, _ = self._corrected(game, is_live, revision)
        computed = count_lines(record, plays)
        with self._lock:
            self._cache[key] = computed
            while len(self._cache) > self.cache_size:
                self._cache.popitem(last=False)
        return computed

    def player_games(self, player_id: int, sport_id: int) -> list[ScheduledGame]:
        """Games at one level in which the player was on one of the two clubs' rosters."""
        out: list[ScheduledGame] = []
        seen: set[int] = set()
        for team_id, start, end in self.player_teams.get(player_id, []):
            team = self.teams_by_id[team_id]
            if team.sport_id != sport_id:
                continue
            for game in self._team_games.get(team_id, []):
                if start <= game.date < end and game.game_pk not in seen:
                    seen.add(game.game_pk)
                    out.append(game)
        out.sort(key=lambda g: (g.date, g.game_number, g.game_pk))
        return out

    # ------------------------------------------------------------------ summaries and files
    def levels_of(self, player_id: int) -> list[int]:
        """The sportIds a player has games at (by roster, before looking at who actually played)."""
        return sorted({self.teams_by_id[t].sport_id for t, _, _ in self.player_teams.get(player_id, [])})

    def not_found_games(self) -> list[int]:
        """Game pks whose feed is a 404."""
        return [game.game_pk for game in self.games if game.fate == "not_found"]

    def empty_play_games(self) -> list[int]:
        """Game pks whose feed is Final with an empty ``allPlays``."""
        return [game.game_pk for game in self.games if game.fate == "empty_plays"]

    @property
    def is_earlier_era(self) -> bool:
        """Seasons before 2020 are served in the earlier era's shape: no ``officialDate`` in feeds or schedules,
        2019-style ``pitchData.breaks`` (no ``breakVertical``, ``breakVerticalInduced``, ``breakHorizontal``)."""
        return self.season < EARLIER_ERA_BEFORE

    def postponed_games(self) -> list[int]:
        """Game pks listed as Postponed on one day and played (same pk) the next."""
        return [game.game_pk for game in self.games if game.postponed_from is not None]

    def suspended_games(self) -> list[int]:
        """Game pks listed twice in the schedule (suspended, then completed the next day)."""
        return [game.game_pk for game in self.games if game.resumed_on is not None]

    def doubleheaders(self) -> list[tuple[int, int]]:
        """``(game 1 pk, game 2 pk)`` of every doubleheader, in schedule order."""
        pairs: dict[tuple[dt.date, int], list[int]] = {}
        for game in self.games:
            if game.double_header != "N":
                pairs.setdefault((game.date, game.home.team_id), []).append(game.game_pk)
        return [(pks[0], pks[1]) for pks in pairs.values() if len(pks) == 2]

    def in_progress_games(self) -> list[int]:
        """Game pks still Live (``live_games``, until ``finish_live_games()``)."""
        return [game.game_pk for game in self.games if game.is_live]

    # ------------------------------------------------------------------ changes between runs
    def finish_live_games(self, game_pks: Iterable[int] | None = None) -> list[int]:
        """Play live games to the end: from now on their feed is the full Final game and the schedule says Final.

        The plays served while the game was live are the first plays of the Final feed, byte for byte.

        Args:
            game_pks: The games to finish (default: every game still live); games not live are left alone.

        Returns:
            The pks that changed from Live to Final.
        """
        games = [self._scheduled(pk) for pk in game_pks] if game_pks is not None else self.games
        finished = []
        with self._lock:
            for game in games:
                if game.is_live:
                    game.is_live = False
                    finished.append(game.game_pk)
            if finished:
                self.version += 1
        return finished

    def republish(self, game_pk: int) -> int:
        """Publish a corrected edition of a game (same pk); returns its new revision (1 the first time).

        Each revision corrects one pitch call and drops or adds one two-strike foul (see ``corrections.py``);
        the box score and game logs follow the corrected plays, and ``metaData.timeStamp`` moves an hour on.
        """
        game = self._scheduled(game_pk)
        with self._lock:
            self._revisions[game_pk] = self._revisions.get(game_pk, 0) + 1
            self.version += 1
            return self._revisions[game.game_pk]

    def revision(self, game_pk: int) -> int:
        """How many times a game has been republished (0: the first edition)."""
        with self._lock:
            return self._revisions.get(game_pk, 0)

    def corrections(self, game_pk: int) -> list[dict[str, Any]]:
        """What the republications of a game changed, oldest first (see ``corrections.Correction``)."""
        game = self._scheduled(game_pk)
        is_live, revision = self._state(game)
        return [fix.as_dict() for fix in self._corrected(game, is_live, revision)[2]]

    def _scheduled(self, game_pk: int) -> ScheduledGame:
        game = self.games_by_pk.get(game_pk)
        if game is None:
            raise ValueError(f"no game {game_pk} in this season")
        return game

    def write_tracked_players_csv(self, path: str | Path) -> Path:
        """Write the tracked players as CSV (``player_id,full_name,position,organization``)."""
        return write_tracked_players_csv(self.tracked_players, path)


def _largest_remainder(total: int, weights: list[float]) -> list[int]:
    scale = total / sum(weights)
    raw = [w * scale for w in weights]
    out = [int(x) for x in raw]
    order = sorted(range(len(raw)), key=lambda i: raw[i] - out[i], reverse=True)
    for i in order[: total - sum(out)]:
        out[i] += 1
    return out
