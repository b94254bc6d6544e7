"""Decide what a load fetches: the tracked players' games (∪ the schedule), each distinct game once.

Given what the warehouse holds (``loader.state``, asked once before), this asks the API what exists (the
schedule, the players' game logs) and decides; the fetch and the load come after (``loader.fetch``).

A game already loaded as Final is skipped; one loaded before it was Final is fetched again; one in the
ledger (404, no play-by-play) is skipped unless ``retry_missing``. Explicit ``game_pks`` are always fetched.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from loader.documents import REJECTION_REASONS, GameDefaults, game_log_rows, people_game_log_rows, schedule_rows
from loader.inputs import stat_groups
from loader.levels import Level
from loader.settings import DEFAULT_GAME_TYPES, GAME_LOG_BATCH_SIZE, STAT_GROUPS
from loader.state import WarehouseState
from loader.statsapi import StatsApiClient, StatsApiError

# Ledger reasons that another fetch will not change: retried only when asked (--retry-missing). Network
# errors, 5xx after retries and malformed bodies are transient and retried by the next run on its own.
# A rejected document (another game's, NUL characters, repeated plays or pitches) is quarantined the same way.
PERMANENT_REASONS = frozenset({"not_found", "empty_plays"}) | REJECTION_REASONS

# Listed in a schedule but never played: their feeds have no play-by-play to load.
UNPLAYED_STATES = frozenset({"Postponed", "Cancelled", "Canceled"})


@dataclass
class LoadPlan:
    """The games a load will fetch, and the rows gathered while deciding."""

    game_pks: list[int]
    schedule: list[dict[str, Any]] | None = None
    game_logs: list[dict[str, Any]] | None = None
    players: list[dict[str, Any]] | None = None
    skipped_final: int = 0
    skipped_missing: int = 0
    candidates: int = 0
    # The games each source knew (game logs; the schedule's played games with all_games; games_sql).
    sources: dict[str, set[int]] = field(default_factory=dict)
    # What the schedule and the logs say of each game: fallbacks for fields an era's feed lacks.
    game_defaults: dict[int, GameDefaults] = field(default_factory=dict)


def game_defaults(schedule: list[dict[str, Any]], logs: list[dict[str, Any]]) -> dict[int, GameDefaults]:
    """Each listed game's first schedule day (else its game-log date) and requested sportId."""
    known: dict[int, GameDefaults] = {}
    for row in sorted(schedule, key=lambda row: (row["game_date"] is None, row["game_date"] or 0)) + logs:
        if row["game_pk"] not in known:
            known[row["game_pk"]] = GameDefaults(row.get("season"), row.get("game_date"), row.get("sport_id"))
    return known


def game_logs(
    client: StatsApiClient, season: int, levels: list[Level], players: list[dict[str, Any]], now: datetime
) -> list[dict[str, Any]]:
    """The tracked players' ``game_logs`` rows at the chosen levels, in batches of players.

    One ``people?personIds=…`` request per ``GAME_LOG_BATCH_SIZE`` players carries both stat groups and every
    minor level (``leagueListId=milb_all``; MLB, when chosen, is one more request per batch). Each split names
    its level, so only the chosen levels and each player's own groups (``stat_groups``) are kept. A player
    whose splits do not name their level, or a batch the API does not serve (a replay of per-player files
    answers 404), is asked the per-player way: one gameLog call per (player, stat group, level).
    """
    sport_ids = [level.sport_id for level in levels]
    minor = [level.sport_id for level in levels if level.is_minor_league]
    # None = every minor level in one request; one chosen level is asked alone (a smaller answer).
    scopes: list[int | None] = ([minor[0]] if len(minor) == 1 else [None]) if minor else []
    scopes += [level.sport_id for level in levels if not level.is_minor_league]
    groups_of = {player["player_id"]: stat_groups(player["position"]) for player in players}
    ids = list(groups_of)
    batches = [ids[start : start + GAME_LOG_BATCH_SIZE] for start in range(0, len(ids), GAME_LOG_BATCH_SIZE)]
    calls = [(batch, scope) for batch in batches for scope in scopes]

    def fetch(call: tuple[list[int], int | None]) -> dict[str, Any] | None:
        batch, scope = call
        groups = [group for group in STAT_GROUPS if any(group in groups_of[player_id] for player_id in batch)]
        try:
            return client.game_logs_batch(batch, groups, season, scope)
        except StatsApiError as exc:
            if exc.status in (400, 404):
                return None  # the batched route is not served here: ask per player
            raise

    by_key: dict[tuple[int, str, int], list[dict[str, Any]]] = {}
    per_player: set[int] = set()
    # Batches are fetched like feeds, a few at a time under the rate cap, in a stable order.
    for (batch, _), document in zip(calls, client.map_bounded(fetch, calls), strict=True):
        if document is None:
            per_player.update(batch)
            continue
        batched = people_game_log_rows(document, now)
        per_player |= batched.unlabelled & set(batch)
        for player_id, rows in batched.rows.items():
            for row in rows:
                if (
                    player_id in groups_of
                    and row["stat_group"] in groups_of[player_id]
                    and row["sport_id"] in sport_ids
                ):
                    by_key.setdefault((player_id, row["stat_group"], row["sport_id"]), []).append(row)
    singles = [
        (player_id, group, sport_id)
        for player_id in ids
        if player_id in per_player
        for group in groups_of[player_id]
        for sport_id in sport_ids
    ]
    documents = client.map_bounded(lambda call: client.game_log(call[0], call[1], season, call[2]), singles)
    for (player_id, group, sport_id), document in zip(singles, documents, strict=True):
        by_key[(player_id, group, sport_id)] = list(game_log_rows(document, group, now))
    # In the players' order, then group, then level: the order the per-player calls gave.
    return [
        row
        for player in players
        for group in groups_of[player["player_id"]]
        for sport_id in sport_ids
        for row in by_key.get((player["player_id"], group, sport_id), [])
    ]


def plan_load(
    client: StatsApiClient,
    state: WarehouseState,
    season: int,
    levels: Iterable[Level],
    players: list[dict[str, Any]],
    game_pks: list[int] | None = None,
    all_games: bool = False,
    retry_missing: bool = False,
    known_games: Iterable[int] | None = None,
    game_types: Iterable[str] = DEFAULT_GAME_TYPES,
) -> LoadPlan:
    """Fetch the schedule and game logs needed, and list the distinct games to fetch.

    The schedule is asked once per level and game type; game-log rows of other game types are left out.
    ``known_games`` (from ``games_sql``) join the game logs' games (and the schedule's, with ``all_games``):
    a game only they know is fetched too, its level read from its own feed.
    """
    if game_pks:
        return LoadPlan(game_pks=list(dict.fromkeys(game_pks)), candidates=len(set(game_pks)))
    levels = list(levels)
    now = datetime.now(UTC)
    schedule: list[dict[str, Any]] = []
    game_types = list(game_types)
    for level in levels:
        for game_type in game_types:
            document = client.schedule(level.sport_id, season, game_type)
            schedule.extend(schedule_rows(document, level.sport_id, now, season))
    wanted: dict[int, None] = {}
    logs = [
        row
        for row in game_logs(client, season, levels, players, now)
        if row["game_type"] is None or row["game_type"] in game_types
    ]
    sources: dict[str, set[int]] = {GAME_LOGS_SOURCE: set()}
    for row in logs:
        wanted.setdefault(row["game_pk"])
        sources[GAME_LOGS_SOURCE].add(row["game_pk"])
    if all_games:
        sources[SCHEDULE_SOURCE] = set()
        for row in schedule:
            if row["detailed_state"] not in UNPLAYED_STATES and row["abstract_game_state"] in (
                "Final",
                "Live",
            ):
                wanted.setdefault(row["game_pk"])
                sources[SCHEDULE_SOURCE].add(row["game_pk"])
    if known_games is not None:
        sources[QUERY_SOURCE] = set()
        for game_pk in known_games:
            wanted.setdefault(game_pk)
            sources[QUERY_SOURCE].add(game_pk)
    plan = LoadPlan(
        game_pks=[],
        schedule=schedule,
        game_logs=logs,
        players=players,
        sources=sources,
        game_defaults=game_defaults(schedule, logs),
    )
    _add_wanted(plan, wanted, state, retry_missing)
    return plan


GAME_LOGS_SOURCE, SCHEDULE_SOURCE, QUERY_SOURCE = "game logs", "schedule", "games_sql"


def _add_wanted(plan: LoadPlan, wanted: Iterable[int], state: WarehouseState, retry_missing: bool) -> None:
    """Add candidate games to a plan: fetched, or counted as skipped (already Final, known missing)."""
    for game_pk in wanted:
        plan.candidates += 1
        if game_pk in state.final_games:
            plan.skipped_final += 1
        elif game_pk in state.ledger and state.ledger[game_pk]["reason"] in PERMANENT_REASONS and not retry_missing:
            plan.skipped_missing += 1
        else:
            plan.game_pks.append(game_pk)


@dataclass
class SeasonsPlan:
    """One plan across seasons: each season's own plan, and the union a load fetches in one run.

    ``seasons`` is keyed by year; ``None`` holds games only ``games_sql`` knew, whose season no schedule or
    game log of the chosen seasons tells (their feeds do).
    """

    seasons: dict[int | None, LoadPlan]
    combined: LoadPlan
    # Known games whose season (a games_sql ``season`` column) is none of the chosen seasons: left out.
    other_seasons: int = 0


def plan_seasons(
    client: StatsApiClient,
    state: WarehouseState,
    seasons: list[int],
    levels: Iterable[Level],
    players: list[dict[str, Any]],
    known_games: dict[int, int | None] | None = None,
    all_games: bool = False,
    retry_missing: bool = False,
    game_types: Iterable[str] = DEFAULT_GAME_TYPES,
) -> SeasonsPlan:
    """Plan each season (its schedule and game logs asked once), then join them into one plan.

    A known game whose season is given goes to that season (other seasons' are left out); one without a
    season goes to the season whose schedule or game logs list it; a single season takes them all.
    """
    levels = list(levels)
    given = known_games if known_games is not None else {}
    undated = [game_pk for game_pk, season in given.items() if season is None]
    by_season: dict[int | None, LoadPlan] = {}
    for season in seasons:
        known: list[int] | None = None
        if known_games is not None:
            known = [game_pk for game_pk, year in given.items() if year == season]
            if len(seasons) == 1:
                known += undated
        by_season[season] = plan_load(
            client,
            state,
            season,
            levels,
            players,
            all_games=all_games,
            retry_missing=retry_missing,
            known_games=known,
            game_types=game_types,
        )
    if len(seasons) > 1 and undated:
        unplaced: list[int] = []
        listed = {
            season: {row["game_pk"] for row in by_season[season].schedule or []}
            | by_season[season].sources.get(GAME_LOGS_SOURCE, set())
            for season in seasons
        }
        for game_pk in undated:
            home = next((season for season in seasons if game_pk in listed[season]), None)
            if home is None:
                unplaced.append(game_pk)
                continue
            plan = by_season[home]
            plan.sources[QUERY_SOURCE].add(game_pk)
            if not any(game_pk in games for name, games in plan.sources.items() if name != QUERY_SOURCE):
                _add_wanted(plan, [game_pk], state, retry_missing)
        if unplaced:
            orphan = LoadPlan(game_pks=[], sources={QUERY_SOURCE: set(unplaced)})
            _add_wanted(orphan, unplaced, state, retry_missing)
            by_season[None] = orphan
    combined = LoadPlan(game_pks=[], schedule=[], game_logs=[], players=players)
    for plan in by_season.values():
        combined.game_pks.extend(plan.game_pks)
        combined.schedule.extend(plan.schedule or [])  # type: ignore[union-attr]
        combined.game_logs.extend(plan.game_logs or [])  # type: ignore[union-attr]
        combined.skipped_final += plan.skipped_final
        combined.skipped_missing += plan.skipped_missing
        combined.candidates += plan.candidates
        for name, games in plan.sources.items():
            combined.sources.setdefault(name, set()).update(games)
        for game_pk, defaults in plan.game_defaults.items():
            combined.game_defaults.setdefault(game_pk, defaults)
    # A game two seasons list (a game suspended in one, finished in the next) is fetched once.
    combined.game_pks = list(dict.fromkeys(combined.game_pks))
    other = sum(1 for season in given.values() if season is not None and season not in seasons)
    return SeasonsPlan(seasons=by_season, combined=combined, other_seasons=other)


def explicit_plan(game_pks: list[int]) -> SeasonsPlan:
    """A plan of exactly these games (``--games``), fetched whatever the warehouse holds."""
    plan = LoadPlan(game_pks=list(dict.fromkeys(game_pks)), candidates=len(set(game_pks)))
    return SeasonsPlan(seasons={}, combined=plan)
