"""The plan as a user reads it (``milb-load --plan`` and the question before a load)."""

from __future__ import annotations

from loader.levels import levels
from loader.plan import LoadPlan, SeasonsPlan


def _level_by_sport() -> dict[int, str]:
    return {level.sport_id: level.code for level in levels().values()}


def describe_plan(plan: LoadPlan, loaded_games: set[int], rate_per_second: float) -> list[str]:
    """The plan as a user reads it before saying yes: who needs backfill, what will be fetched, how long.

    A player's loaded pitches are the pitches his game logs count in the games the raw schema already holds
    (``WarehouseState.loaded_games``): the gap is what a load can add, whether or not dbt has built since.
    """
    level_by_sport = _level_by_sport()
    lines: list[str] = []
    if plan.players and plan.game_logs is not None:
        expected: dict[tuple[str, int], int] = {}
        loaded: dict[tuple[str, int], int] = {}
        for row in plan.game_logs:
            key = (row["stat_group"], row["player_id"])
            expected[key] = expected.get(key, 0) + (row["number_of_pitches"] or 0)
            if row["game_pk"] in loaded_games:
                loaded[key] = loaded.get(key, 0) + (row["number_of_pitches"] or 0)
        names = {player["player_id"]: player["full_name"] for player in plan.players}
        gaps = sorted(
            ((expected[key] - loaded.get(key, 0), key) for key in expected if expected[key] > loaded.get(key, 0)),
            reverse=True,
        )
        lines.append(
            f"tracked players: {len(plan.players)}, needing backfill: {len(gaps)} "
            "(pitches the game logs count vs those of the games already loaded)"
        )
        if gaps:
            lines.append(f"  {'player':<28} {'group':<9} {'expected':>9} {'loaded':>8} {'missing':>8}")
            for missing, (group, player_id) in gaps[:20]:
                name = names.get(player_id) or str(player_id)
                lines.append(
                    f"  {name[:28]:<28} {group:<9} {expected[(group, player_id)]:>9} "
                    f"{loaded.get((group, player_id), 0):>8} {missing:>8}"
                )
    sport_of: dict[int, int] = {}
    for row in (plan.schedule or []) + (plan.game_logs or []):
        sport_of.setdefault(row["game_pk"], row["sport_id"])
    by_level: dict[str, int] = {}
    for game_pk in plan.game_pks:
        sport = sport_of.get(game_pk)
        level = level_by_sport.get(sport, f"sportId {sport}") if sport is not None else "unknown"
        by_level[level] = by_level.get(level, 0) + 1
    lines.append(
        f"games to fetch: {len(plan.game_pks)} of {plan.candidates} "
        f"({plan.skipped_final} already Final, {plan.skipped_missing} known missing)"
        + (": " + ", ".join(f"{level} {n}" for level, n in sorted(by_level.items())) if by_level else "")
    )
    seconds = len(plan.game_pks) / rate_per_second if rate_per_second > 0 else 0.0
    lines.append(
        f"requests to make: {len(plan.game_pks)} feeds, about {seconds / 60:.1f} min at {rate_per_second:g} req/s"
        if rate_per_second > 0
        else f"requests to make: {len(plan.game_pks)} feeds (no rate cap)"
    )
    return lines


def describe_sources(sources: dict[str, set[int]]) -> str:
    """How many games each source knew, and how many only one of them knew (``games by source: …``)."""
    parts = [f"{name} {len(games)}" for name, games in sources.items()]
    if len(sources) > 1:
        only = []
        for name, games in sources.items():
            others = set().union(*(known for other, known in sources.items() if other != name))
            only.append(f"only in {name} {len(games - others)}")
        parts[-1] += " (" + ", ".join(only) + ")"
    return "games by source: " + (", ".join(parts) if parts else "none")


def describe_seasons(plans: SeasonsPlan, loaded_games: set[int], rate_per_second: float) -> list[str]:
    """The plan across seasons: the whole (``describe_plan``), where its games came from, then each season.

    A plan of explicit ``game_pks`` (no season planned) is the whole alone.
    """
    lines = describe_plan(plans.combined, loaded_games, rate_per_second)
    if not plans.seasons:
        return lines
    level_by_sport = _level_by_sport()
    lines.append(describe_sources(plans.combined.sources))
    if plans.other_seasons:
        lines.append(f"games_sql: {plans.other_seasons} game(s) of seasons not asked for left out")
    if len(plans.seasons) == 1:
        return lines
    sport_of: dict[int, int] = {}
    for row in (plans.combined.schedule or []) + (plans.combined.game_logs or []):
        sport_of.setdefault(row["game_pk"], row["sport_id"])
    for season, plan in plans.seasons.items():
        by_level: dict[str, int] = {}
        for game_pk in plan.game_pks:
            sport = sport_of.get(game_pk)
            level = level_by_sport.get(sport, f"sportId {sport}") if sport is not None else "level from its feed"
            by_level[level] = by_level.get(level, 0) + 1
        minutes = len(plan.game_pks) / rate_per_second / 60 if rate_per_second > 0 else 0.0
        label = f"season {season}" if season is not None else "season not known (only games_sql lists them)"
        lines.append(
            f"  {label}: {len(plan.game_pks)} games to fetch of {plan.candidates} "
            f"({plan.skipped_final} already Final, {plan.skipped_missing} known missing)"
            + (": " + ", ".join(f"{level} {n}" for level, n in sorted(by_level.items())) if by_level else "")
            + (f"; about {minutes:.1f} min at {rate_per_second:g} req/s" if rate_per_second > 0 else "")
        )
        lines.append(f"    {describe_sources(plan.sources)}")
    return lines
