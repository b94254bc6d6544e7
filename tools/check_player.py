"""``make check player=...``: how complete one player's pitches are, per season and level.

For each season and level the player's game logs put him at: the games the logs list, how many of them the
warehouse holds, the ones it does not (with the ledger's reason), the pitches loaded against the pitches the
logs count (``numberOfPitches``), and pitches per plate appearance. A hitter gets the pitches he saw, a
pitcher the pitches he threw, a two-way player both.
"""

from __future__ import annotations

import difflib
import json
import unicodedata
from dataclasses import asdict, dataclass

import click

from loader.levels import level_order
from loader.settings import PITCHER_POSITIONS, TARGETS
from tools.coverage import ROLES, LevelCoverage, MissingGame, level_lines, missing_games
from tools.entry import run_command
from tools.warehouse import WarehouseReader, open_warehouse


class UnknownPlayer(Exception):
    """No tracked player matches: the message names the closest ones."""


@dataclass(frozen=True)
class Player:
    player_id: int
    full_name: str
    position: str | None = None
    organization: str | None = None


def normalize_name(name: str) -> str:
    """Case-, accent- and spacing-insensitive form of a name: "José  Ramírez" -> "jose ramirez"."""
    decomposed = unicodedata.normalize("NFKD", name)
    letters = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(letters.casefold().replace(".", " ").split())


def tracked_players(reader: WarehouseReader) -> list[Player]:
    rows = reader.rows(
        f"select player_id, full_name, position, organization from {reader.raw}.tracked_players order by player_id"
    )
    return [Player(int(row["player_id"]), row["full_name"], row["position"], row["organization"]) for row in rows]


def find_player(reader: WarehouseReader, query: str) -> Player:
    """The tracked player named (any case, accents optional) or numbered ``query``.

    Raises:
        UnknownPlayer: nobody matches, or a name matches several players.
    """
    players = tracked_players(reader)
    query = query.strip()
    if not query:
        raise UnknownPlayer('name a player: make check player="Full Name" (or player=MLBAM_ID)')
    if query.isdigit():
        player_id = int(query)
        for player in players:
            if player.player_id == player_id:
                return player
        raise UnknownPlayer(f"no tracked player has MLBAM id {player_id}")
    wanted = normalize_name(query)
    matches = [player for player in players if normalize_name(player.full_name) == wanted]
    if len(matches) == 1:
        return matches[0]
    if matches:
        ids = ", ".join(f"{player.full_name} ({player.player_id})" for player in matches)
        raise UnknownPlayer(f"{query!r} names {len(matches)} tracked players: {ids}; pass the MLBAM id instead")
    by_normalized = {normalize_name(player.full_name): player.full_name for player in players}
    names = list(by_normalized)
    # A last name alone ("valdespino") is far from a full name as a whole string, hence the substring pass.
    closest = (
        difflib.get_close_matches(wanted, names, n=3, cutoff=0.6)
        or [name for name in names if wanted in name][:3]
        or difflib.get_close_matches(wanted, names, n=3, cutoff=0.0)
    )
    hint = f"; closest: {', '.join(by_normalized[name] for name in closest)}" if closest else ""
    raise UnknownPlayer(f"no tracked player named {query!r}{hint}")


def roles(player: Player, logged: set[str]) -> list[str]:
    """The roles to report: the stat groups of his game logs, else what his position says."""
    if logged:
        return [group for group in ROLES if group in logged]
    position = (player.position or "").upper()
    if position == "TWP":
        return list(ROLES)
    return ["pitching"] if position in PITCHER_POSITIONS else ["hitting"]


def with_missing(lines: list[LevelCoverage], missing: list[MissingGame]) -> list[LevelCoverage]:
    """The lines, highest level first in each season, with the ledger's reasons of their missing games, each
    season closed by its total when it has several levels."""
    for line in lines:
        for game in missing:
            if (game.season, game.level) == (line.season, line.level):
                line.missing_reasons[game.feed_status] = line.missing_reasons.get(game.feed_status, 0) + 1
    result: list[LevelCoverage] = []
    for season in sorted({line.season for line in lines}):
        season_lines = sorted(
            (line for line in lines if line.season == season), key=lambda line: level_order(line.level)
        )
        result.extend(season_lines)
        if len(season_lines) > 1:
            result.append(LevelCoverage.total(season, season_lines))
    return result


COLUMNS = (
    "season",
    "level",
    "games in logs",
    "games loaded",
    "games missing",
    "pitches loaded",
    "expected pitches",
    "coverage",
    "pitches/PA",
    "missing (ledger reason)",
)


def _cells(line: LevelCoverage) -> list[str]:
    reasons = ", ".join(f"{reason} {count}" for reason, count in sorted(line.missing_reasons.items()))
    return [
        str(line.season),
        line.level,
        str(line.games_logged),
        str(line.games_loaded),
        str(line.games_missing),
        str(line.pitches_loaded),
        str(line.expected_pitches),
        "-" if line.coverage_pct is None else f"{line.coverage_pct:.1f}%",
        "-" if line.pitches_per_pa is None else f"{line.pitches_per_pa:.2f}",
        reasons or "-",
    ]


def render_table(lines: list[LevelCoverage]) -> str:
    """A plain-text table: text columns left-aligned, numbers right-aligned, the reasons last."""
    rows = [list(COLUMNS)] + [_cells(line) for line in lines]
    widths = [max(len(row[i]) for row in rows) for i in range(len(COLUMNS))]
    out = []
    for row in rows:
        cells = []
        for i, cell in enumerate(row):
            last = i == len(COLUMNS) - 1
            cells.append(cell if last else cell.ljust(widths[i]) if i < 2 else cell.rjust(widths[i]))
        out.append("  ".join(cells).rstrip())
    return "\n".join(out)


def render_missing(missing: list[MissingGame]) -> str:
    """The games of his logs the warehouse does not hold, one a line: game_pk, date, level, reason."""
    if not missing:
        return ""
    missing = sorted(missing, key=lambda game: (game.game_date is None, game.game_date, game.game_pk))
    rows = [[str(game.game_pk), str(game.game_date or "-"), game.level, game.feed_status] for game in missing]
    widths = [max(len(row[i]) for row in rows) for i in range(3)]
    lines = ["  " + "  ".join(cell.ljust(widths[i]) if i < 3 else cell for i, cell in enumerate(row)) for row in rows]
    return f"missing games ({len(missing)}: game_pk, date, level, reason):\n" + "\n".join(lines)


def check_player(
    reader: WarehouseReader, query: str
) -> tuple[Player, dict[str, list[LevelCoverage]], dict[str, list[MissingGame]]]:
    """The player ``query`` names, his coverage lines and his missing games, per role (stat group)."""
    reader.require_models("milb_player_coverage", "milb_player_game_reconciliation")
    player = find_player(reader, query)
    lines = level_lines(reader, player.player_id)
    missing = missing_games(reader, player.player_id)
    chosen = roles(player, set(lines))
    missing_by_role = {group: [game for game in missing if game.stat_group == group] for group in chosen}
    by_role = {group: with_missing(lines.get(group, []), missing_by_role[group]) for group in chosen}
    return player, by_role, missing_by_role


def _heading(player: Player, group: str, reader: WarehouseReader) -> str:
    about = ", ".join(part for part in (player.position, player.organization) if part)
    role = "pitches seen as a hitter" if group == "hitting" else "pitches thrown as a pitcher"
    return f"{player.full_name} (id {player.player_id}{', ' + about if about else ''}): {role}, {reader.description}"


def _as_json(player: Player, by_role: dict[str, list[LevelCoverage]]) -> str:
    lines_by_role = {group: [asdict(line) for line in lines] for group, lines in by_role.items()}
    return json.dumps({"player": asdict(player), "roles": lines_by_role}, indent=2)


@click.command(context_settings={"help_option_names": ["-h", "--help"]})
@click.argument("player")
@click.option("--target", type=click.Choice(TARGETS), default=None, help="Warehouse (default: MILB_TARGET or duckdb).")
@click.option("--json", "as_json", is_flag=True, help="Print the lines as JSON instead of a table.")
def check(player: str, target: str | None, as_json: bool) -> None:
    """Validate one player's pitches (PLAYER: a tracked player's name or an MLBAM id)."""
    with open_warehouse(target) as reader:
        found, by_role, missing_by_role = check_player(reader, player)
        if as_json:
            click.echo(_as_json(found, by_role))
            return
        blocks = []
        for group, lines in by_role.items():
            body = render_table(lines) if lines else "no game log in the warehouse: run `make load` for his season"
            missing = render_missing(missing_by_role[group])
            blocks.append(f"{_heading(found, group, reader)}\n\n{body}" + (f"\n\n{missing}" if missing else ""))
        click.echo("\n\n".join(blocks))


def main(argv: list[str] | None = None) -> None:
    """Entry point: every failure is one ``error:`` line; an unknown player or bad input exits 2."""
    run_command(check, argv, {UnknownPlayer: 2})


if __name__ == "__main__":
    main()
