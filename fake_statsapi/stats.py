"""Per-player stat lines of one game, counted from its plays, and their API renderings.

The box score and the game logs are both rendered from ``count_lines``: that is what makes a generated box
score agree with its own play-by-play, and a game log agree with the feed, by construction.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from fake_statsapi.simulation import NOT_PLATE_APPEARANCES, GameRecord, Play

_STRIKE_CODES = frozenset({"C", "S", "W", "F", "T", "L", "M", "X", "D", "E"})
_HITS = {"single": 1, "double": 2, "triple": 3, "home_run": 4}
_NOT_AT_BATS = frozenset({"walk", "intent_walk", "hit_by_pitch", "sac_fly", "sac_bunt"})
_IN_PLAY_OUTS = frozenset({"field_out", "force_out", "grounded_into_double_play", "sac_fly", "sac_bunt"})


@dataclass(slots=True)
class BattingLine:
    """A hitter's counting stats in one game (``np`` = pitches he saw)."""

    pa: int = 0
    ab: int = 0
    r: int = 0
    h: int = 0
    d: int = 0
    t: int = 0
    hr: int = 0
    rbi: int = 0
    bb: int = 0
    ibb: int = 0
    so: int = 0
    hbp: int = 0
    sf: int = 0
    sh: int = 0
    sb: int = 0
    cs: int = 0
    gidp: int = 0
    lob: int = 0
    fo: int = 0
    go: int = 0
    lo: int = 0
    po: int = 0
    np: int = 0


@dataclass(slots=True)
class PitchingLine:
    """A pitcher's counting stats in one game (``np`` = pitches he threw)."""

    gs: int = 0
    bf: int = 0
    outs: int = 0
    h: int = 0
    r: int = 0
    er: int = 0
    bb: int = 0
    ibb: int = 0
    so: int = 0
    hbp: int = 0
    hr: int = 0
    d: int = 0
    t: int = 0
    ab: int = 0
    np: int = 0
    strikes: int = 0
    balls: int = 0
    fo: int = 0
    go: int = 0
    lo: int = 0
    po: int = 0
    wp: int = 0
    sb: int = 0
    cs: int = 0
    sf: int = 0
    sh: int = 0
    rbi: int = 0
    gidp: int = 0


@dataclass(slots=True)
class GameLines:
    """Every player's lines in one game, plus the score."""

    batting: dict[int, BattingLine] = field(default_factory=dict)
    pitching: dict[int, PitchingLine] = field(default_factory=dict)
    positions: dict[int, str] = field(default_factory=dict)
    away_runs: int = 0
    home_runs: int = 0


def count_lines(record: GameRecord, plays: list[Play]) -> GameLines:
    """Count every player's line from ``plays`` (all of the game's plays, or the first n of a live game)."""
    lines = GameLines()
    batting = lines.batting
    pitching = lines.pitching
    for side in (record.away, record.home):
        for player, pos, order in side.batting_order:
            if order.endswith("00"):
                batting[player.player_id] = BattingLine()
                lines.positions[player.player_id] = pos
        starter = side.pitchers[0]
        pitching[starter.player_id] = PitchingLine(gs=1)
    for play in plays:
        bid = play.batter.player_id
        b = batting.get(bid)
        if b is None:
            b = batting[bid] = BattingLine()
            lines.positions[bid] = "PH"
        pid = play.pitcher.player_id
        p = pitching.get(pid)
        if p is None:
            p = pitching[pid] = PitchingLine()
        et = play.event_type
        # A play ended by a runner's third out is no plate appearance, nor a batter faced, nor an at-bat.
        is_plate_appearance = et not in NOT_PLATE_APPEARANCES
        if is_plate_appearance:
            b.pa += 1
            p.bf += 1
        in_play = None
        # Each pitch is the line of the pitcher who threw it: a change in the middle of the plate appearance
        # leaves its first pitches with the pitcher replaced (batters faced stay with the play's pitcher).
        thrower = p
        if play.first_pitcher is not None:
            thrower = pitching.get(play.first_pitcher.player_id) or p
        for event in play.events:
            if event.kind == "action" and event.code == "pitching_substitution" and event.player_id is not None:
                thrower = pitching.setdefault(event.player_id, PitchingLine())
            if event.kind == "pitch":
                b.np += 1
                thrower.np += 1
                if event.code in _STRIKE_CODES:
                    thrower.strikes += 1
                else:
                    thrower.balls += 1
                if event.batted is not None:
                    in_play = event.batted
            elif event.kind == "action" and event.code == "wild_pitch":
                p.wp += 1
        bases = _HITS.get(et)
        if bases:
            b.h += 1
            p.h += 1
            if bases == 2:
                b.d += 1
                p.d += 1
            elif bases == 3:
                b.t += 1
                p.t += 1
            elif bases == 4:
                b.hr += 1
                p.hr += 1
        if is_plate_appearance and et not in _NOT_AT_BATS:
            b.ab += 1
            p.ab += 1
        if et in ("walk", "intent_walk"):
            b.bb += 1
            p.bb += 1
            if et == "intent_walk":
                b.ibb += 1
                p.ibb += 1
        elif et == "strikeout":
            b.so += 1
            p.so += 1
        elif et == "hit_by_pitch":
            b.hbp += 1
            p.hbp += 1
        elif et == "sac_fly":
            b.sf += 1
            p.sf += 1
        elif et == "sac_bunt":
            b.sh += 1
            p.sh += 1
        elif et == "grounded_into_double_play":
            b.gidp += 1
            p.gidp += 1
        if et in _IN_PLAY_OUTS and in_play is not None:
            trajectory = in_play.trajectory
            if trajectory in ("ground_ball", "bunt_grounder"):
                b.go += 1
                p.go += 1
            elif trajectory == "fly_ball":
                b.fo += 1
                p.fo += 1
            elif trajectory == "line_drive":
                b.lo += 1
                p.lo += 1
            else:
                b.po += 1
                p.po += 1
        b.rbi += play.rbi
        p.rbi += play.rbi
        if play.is_out:
            b.lob += play.runners_after
        for move in play.movements:
            if move.is_out:
                p.outs += 1
            if move.is_scoring:
                runner = batting.get(move.runner_id)
                if runner is not None:
                    runner.r += 1
                charged = pitching.get(move.responsible_pitcher_id or pid)
                if charged is None:
                    charged = p
                charged.r += 1
                if move.earned:
                    charged.er += 1
            if move.event_type.startswith("stolen_base"):
                batting[move.runner_id].sb += 1
                p.sb += 1
            elif move.event_type.startswith("caught_stealing"):
                batting[move.runner_id].cs += 1
                p.cs += 1
    last = plays[-1] if plays else None
    lines.away_runs = last.away_score if last else 0
    lines.home_runs = last.home_score if last else 0
    return lines


# ---------------------------------------------------------------------- renderings
def _rate(num: float, den: float, digits: int = 3) -> str:
    """The API's rate strings: ".333", "1.000", ".---" for 0/0."""
    if den == 0:
        return "." + "-" * digits
    text = f"{num / den:.{digits}f}"
    return text[1:] if text.startswith("0.") else text


def _per9(num: float, outs: int) -> str:
    if outs == 0:
        return "-.--"
    return f"{num * 27 / outs:.2f}"


def innings_pitched(outs: int) -> str:
    """Outs as the API writes innings: 17 outs -> "5.2"."""
    return f"{outs // 3}.{outs % 3}"


def _count_word(n: int, word: str, show_one: bool = False) -> str | None:
    if n == 0:
        return None
    if n == 1 and not show_one:
        return word
    return f"{n} {word}"


def batting_summary(b: BattingLine) -> str:
    """The box score's one-line summary: "1-3 | 2B, K"."""
    parts = [
        _count_word(b.d, "2B"),
        _count_word(b.t, "3B"),
        _count_word(b.hr, "HR"),
        _count_word(b.rbi, "RBI"),
        _count_word(b.r, "R"),
        _count_word(b.bb, "BB"),
        _count_word(b.hbp, "HBP"),
        _count_word(b.so, "K"),
        _count_word(b.sb, "SB"),
        _count_word(b.sf, "SF"),
    ]
    tail = ", ".join(part for part in parts if part)
    return f"{b.h}-{b.ab}" + (f" | {tail}" if tail else "")


def pitching_summary(p: PitchingLine) -> str:
    """The box score's one-line summary: "0.2 IP, 5 ER, K, 2 BB"."""
    k = "K" if p.so == 1 else f"{p.so} K"
    bb = "BB" if p.bb == 1 else f"{p.bb} BB"
    return f"{innings_pitched(p.outs)} IP, {p.er} ER, {k}, {bb}"


def batting_stat(b: BattingLine, *, game_log: bool) -> dict[str, object]:
    """``stats.batting`` of a box-score player, or ``stat`` of a hitting gameLog split."""
    tb = b.h + b.d + 2 * b.t + 3 * b.hr
    air = b.fo + b.lo + b.po
    stat: dict[str, object] = {
        "summary": batting_summary(b),
        "gamesPlayed": 1,
        "flyOuts": b.fo,
        "groundOuts": b.go,
        "airOuts": air,
        "runs": b.r,
        "doubles": b.d,
        "triples": b.t,
        "homeRuns": b.hr,
        "strikeOuts": b.so,
        "baseOnBalls": b.bb,
        "intentionalWalks": b.ibb,
        "hits": b.h,
        "hitByPitch": b.hbp,
    }
    if game_log:
        obp_den = b.ab + b.bb + b.hbp + b.sf
        stat["avg"] = _rate(b.h, b.ab)
        stat["atBats"] = b.ab
        stat["obp"] = _rate(b.h + b.bb + b.hbp, obp_den)
        stat["slg"] = _rate(tb, b.ab)
        ops = (0 if obp_den == 0 else (b.h + b.bb + b.hbp) / obp_den) + (0 if b.ab == 0 else tb / b.ab)
        stat["ops"] = _rate(ops, 1) if (obp_den or b.ab) else ".---"
    else:
        stat["atBats"] = b.ab
    stat["caughtStealing"] = b.cs
    stat["stolenBases"] = b.sb
    stat["stolenBasePercentage"] = _rate(b.sb, b.sb + b.cs)
    if game_log:
        stat["caughtStealingPercentage"] = _rate(b.cs, b.sb + b.cs)
    stat["groundIntoDoublePlay"] = b.gidp
    stat["groundIntoTriplePlay"] = 0
    if game_log:
        stat["numberOfPitches"] = b.np
    stat["plateAppearances"] = b.pa
    stat["totalBases"] = tb
    stat["rbi"] = b.rbi
    stat["leftOnBase"] = b.lob
    stat["sacBunts"] = b.sh
    stat["sacFlies"] = b.sf
    if game_log:
        babip_den = b.ab - b.so - b.hr + b.sf
        stat["babip"] = _rate(b.h - b.hr, babip_den)
        stat["groundOutsToAirouts"] = _rate(b.go, air, 2) if air else "-.--"
    stat["catchersInterference"] = 0
    if not game_log:
        stat["pickoffs"] = 0
    stat["atBatsPerHomeRun"] = f"{b.ab / b.hr:.2f}" if b.hr else "-.--"
    if not game_log:
        stat["popOuts"] = b.po
        stat["lineOuts"] = b.lo
    return stat


def pitching_stat(p: PitchingLine, *, game_log: bool) -> dict[str, object]:
    """``stats.pitching`` of a box-score player, or ``stat`` of a pitching gameLog split."""
    air = p.fo + p.lo + p.po
    tb = p.h + p.d + 2 * p.t + 3 * p.hr
    stat: dict[str, object] = {
        "summary": pitching_summary(p),
        "gamesPlayed": 1,
        "gamesStarted": p.gs,
        "flyOuts": p.fo,
        "groundOuts": p.go,
        "airOuts": air,
        "runs": p.r,
        "doubles": p.d,
        "triples": p.t,
        "homeRuns": p.hr,
        "strikeOuts": p.so,
        "baseOnBalls": p.bb,
        "intentionalWalks": p.ibb,
        "hits": p.h,
        "hitByPitch": p.hbp,
    }
    obp_den = p.ab + p.bb + p.hbp + p.sf
    if game_log:
        stat["avg"] = _rate(p.h, p.ab)
        stat["atBats"] = p.ab
        stat["obp"] = _rate(p.h + p.bb + p.hbp, obp_den)
        stat["slg"] = _rate(tb, p.ab)
        ops = (0 if obp_den == 0 else (p.h + p.bb + p.hbp) / obp_den) + (0 if p.ab == 0 else tb / p.ab)
        stat["ops"] = _rate(ops, 1) if (obp_den or p.ab) else ".---"
    else:
        stat["atBats"] = p.ab
    stat["caughtStealing"] = p.cs
    stat["stolenBases"] = p.sb
    stat["stolenBasePercentage"] = _rate(p.sb, p.sb + p.cs)
    if game_log:
        stat["caughtStealingPercentage"] = _rate(p.cs, p.sb + p.cs)
        stat["groundIntoDoublePlay"] = p.gidp
    stat["numberOfPitches"] = p.np
    stat["inningsPitched"] = innings_pitched(p.outs)
    stat["saves"] = 0
    stat["saveOpportunities"] = 0
    stat["holds"] = 0
    stat["blownSaves"] = 0
    stat["earnedRuns"] = p.er
    stat["battersFaced"] = p.bf
    stat["outs"] = p.outs
    stat["gamesPitched"] = 1
    stat["completeGames"] = 0
    stat["shutouts"] = 0
    if not game_log:
        stat["pitchesThrown"] = p.np
        stat["balls"] = p.balls
    stat["strikes"] = p.strikes
    stat["strikePercentage"] = _rate(p.strikes, p.np)
    stat["hitBatsmen"] = p.hbp
    stat["balks"] = 0
    stat["wildPitches"] = p.wp
    stat["pickoffs"] = 0
    if game_log:
        stat["totalBases"] = tb
        stat["groundOutsToAirouts"] = _rate(p.go, air, 2) if air else "-.--"
    if not game_log:
        stat["rbi"] = p.rbi
    stat["runsScoredPer9"] = _per9(p.r, p.outs)
    stat["homeRunsPer9"] = _per9(p.hr, p.outs)
    stat["inheritedRunners"] = 0
    stat["inheritedRunnersScored"] = 0
    stat["catchersInterference"] = 0
    stat["sacBunts"] = p.sh
    stat["sacFlies"] = p.sf
    if not game_log:
        stat["passedBall"] = 0
        stat["popOuts"] = p.po
        stat["lineOuts"] = p.lo
    return stat


_TEAM_BATTING_KEYS = (  # noqa: SIM905 - a long key list reads better as words
    "flyOuts groundOuts airOuts runs doubles triples homeRuns strikeOuts baseOnBalls intentionalWalks "
    "hits hitByPitch avg atBats obp slg ops caughtStealing stolenBases stolenBasePercentage "
    "groundIntoDoublePlay groundIntoTriplePlay plateAppearances totalBases rbi leftOnBase sacBunts "
    "sacFlies catchersInterference pickoffs atBatsPerHomeRun popOuts lineOuts"
).split()
_TEAM_PITCHING_KEYS = (  # noqa: SIM905 - a long key list reads better as words
    "flyOuts groundOuts airOuts runs doubles triples homeRuns strikeOuts baseOnBalls intentionalWalks "
    "hits hitByPitch atBats obp caughtStealing stolenBases stolenBasePercentage caughtStealingPercentage "
    "numberOfPitches inningsPitched saveOpportunities earnedRuns battersFaced outs completeGames "
    "shutouts pitchesThrown balls strikes strikePercentage hitBatsmen balks wildPitches pickoffs "
    "groundOutsToAirouts rbi runsScoredPer9 homeRunsPer9 inheritedRunners "
    "inheritedRunnersScored catchersInterference sacBunts sacFlies passedBall popOuts lineOuts"
).split()


def team_batting_stat(lines: list[BattingLine]) -> dict[str, object]:
    """``teamStats.batting``: the hitters' sum, with the keys a box score's team line has."""
    total = team_batting(lines)
    merged = {**batting_stat(total, game_log=True), **batting_stat(total, game_log=False)}
    return {key: merged[key] for key in _TEAM_BATTING_KEYS}


def team_pitching_stat(lines: list[PitchingLine]) -> dict[str, object]:
    """``teamStats.pitching``: the pitchers' sum, with the keys a box score's team line has."""
    total = team_pitching(lines)
    merged = {**pitching_stat(total, game_log=True), **pitching_stat(total, game_log=False)}
    return {key: merged[key] for key in _TEAM_PITCHING_KEYS}


def team_batting(lines: list[BattingLine]) -> BattingLine:
    """A team's batting line: the sum of its hitters'."""
    total = BattingLine()
    for line in lines:
        for name in BattingLine.__slots__:
            setattr(total, name, getattr(total, name) + getattr(line, name))
    return total


def team_pitching(lines: list[PitchingLine]) -> PitchingLine:
    """A team's pitching line: the sum of its pitchers'."""
    total = PitchingLine()
    for line in lines:
        for name in PitchingLine.__slots__:
            setattr(total, name, getattr(total, name) + getattr(line, name))
    return total
