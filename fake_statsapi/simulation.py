"""Pitch-by-pitch simulation of one game: who batted, every pitch's call, every run, nothing cosmetic.

The simulation draws only what decides the game (pitch type, in/out of zone, call, batted-ball class) from
its own random stream. Speeds, spin, coordinates and launch numbers are drawn later by ``feed.py`` from a
second stream, so a game log can be computed from the outcome alone without building the full document,
and both always agree.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from fake_statsapi.league import Team
from fake_statsapi.players import Player

# Call codes: (description, is_strike, is_ball, is_in_play) as the API's details carry them.
CALLS: dict[str, tuple[str, bool, bool, bool]] = {
    "B": ("Ball", False, True, False),
    "*B": ("Ball In Dirt", False, True, False),
    "C": ("Called Strike", True, False, False),
    "S": ("Swinging Strike", True, False, False),
    "W": ("Swinging Strike (Blocked)", True, False, False),
    "F": ("Foul", True, False, False),
    "T": ("Foul Tip", True, False, False),
    "L": ("Foul Bunt", True, False, False),
    "M": ("Missed Bunt", True, False, False),
    "X": ("In play, out(s)", False, False, True),
    "D": ("In play, no out", False, False, True),
    "E": ("In play, run(s)", False, False, True),
    "H": ("Hit By Pitch", False, True, False),
    "I": ("Intent Ball", False, True, False),
    "P": ("Pitchout", False, True, False),
    # Automatic balls and strikes: no pitch is thrown (type "no_pitch", isPitch false), the count still moves.
    "VB": ("Automatic Ball - Intentional", False, True, False),
    "VP": ("Automatic Ball - Pitcher Pitch Timer Violation", False, True, False),
    "VC": ("Automatic Strike - Batter Pitch Timer Violation", True, False, False),
    "VS": ("Automatic Strike - Batter Timeout Violation", True, False, False),
    "AC": ("Automatic Strike - Batter Pitch Timer Violation", True, False, False),
    # A bare no_pitch: the real feeds have one with no call at all; the count does not move.
    "": ("No Pitch", False, False, False),
}

# Level knobs: base zone rate, contact shift, hit-by-pitch and wildness multipliers. Lower levels throw fewer
# strikes and make less contact, which is what real minor-league walk and strikeout rates show.
_LEVEL_KNOBS: dict[int, tuple[float, float, float]] = {
    1: (0.480, 0.020, 1.0),
    11: (0.472, 0.000, 1.1),
    12: (0.468, -0.010, 1.2),
    13: (0.464, -0.015, 1.3),
    14: (0.458, -0.025, 1.4),
    16: (0.448, -0.035, 1.6),
}

_BREAKING = frozenset({"SL", "ST", "CU", "KC", "SV", "CH", "FS"})
# Inning-ending runner's outs seen in real feeds (play result eventType, event): no plate appearance.
RUNNER_OUTS = (
    ("caught_stealing_2b", "Caught Stealing 2B"),
    ("pickoff_caught_stealing_2b", "Pickoff Caught Stealing 2B"),
    ("other_out", "Runner Out"),
)
NOT_PLATE_APPEARANCES = frozenset(kind for kind, _ in RUNNER_OUTS)


@dataclass(slots=True)
class BattedBall:
    """What the scorer records about a ball in play (the feed adds launch numbers from it)."""

    trajectory: str
    hardness: str
    location: str
    outcome: str


@dataclass(slots=True)
class Event:
    """One ``playEvents`` entry: a pitch, an automatic ball/strike, a pickoff, a step-off or an action."""

    kind: str
    code: str
    balls: int
    strikes: int
    outs: int
    pitch_type: str = ""
    in_zone: bool = False
    pitch_number: int | None = None
    batted: BattedBall | None = None
    text: str = ""
    player_id: int | None = None
    away_score: int = 0
    home_score: int = 0
    is_out: bool = False
    is_scoring: bool = False
    extra: dict[str, object] | None = None


@dataclass(slots=True)
class Movement:
    """A runner's move on a play (the batter's included), as ``runners[]`` describes it."""

    runner_id: int
    start: str | None
    end: str | None
    out_base: str | None
    is_out: bool
    out_number: int | None
    event: str
    event_type: str
    play_index: int
    responsible_pitcher_id: int | None = None
    is_scoring: bool = False
    rbi: bool = False
    earned: bool = False


@dataclass(slots=True)
class Play:
    """One plate appearance and everything that happened during it."""

    at_bat_index: int
    inning: int
    is_top: bool
    batter: Player
    pitcher: Player
    bat_side: str
    men_on: str
    events: list[Event] = field(default_factory=list)
    event: str = ""
    event_type: str = ""
    description: str = ""
    rbi: int = 0
    away_score: int = 0
    home_score: int = 0
    is_out: bool = False
    outs: int = 0
    balls: int = 0
    strikes: int = 0
    runners_after: int = 0
    movements: list[Movement] = field(default_factory=list)
    # Set when the pitcher was changed in the middle of the plate appearance: the one who threw its first
    # pitches (``pitcher`` is the one who finished it, the play's matchup.pitcher).
    first_pitcher: Player | None = None


@dataclass(slots=True)
class SideSetup:
    """One team's players for a game: batting order with positions, bench, starting pitcher, bullpen."""

    team: Team
    lineup: list[tuple[Player, str]]
    bench: list[Player]
    starter: Player
    bullpen: list[Player]


@dataclass(slots=True)
class GameSetup:
    """Everything the simulation needs to play one game."""

    game_pk: int
    sport_id: int
    scheduled_innings: int
    away: SideSetup
    home: SideSetup


@dataclass(slots=True)
class SideResult:
    """Who played for one side, in the order they entered."""

    setup: SideSetup
    batting_order: list[tuple[Player, str, str]]
    pitchers: list[Player]
    pitch_limit: int


@dataclass(slots=True)
class GameRecord:
    """The outcome of a simulated game: its plays and who played."""

    setup: GameSetup
    plays: list[Play]
    away: SideResult
    home: SideResult


_POSITION_WORDS: dict[str, str] = {
    "1": "pitcher",
    "2": "catcher",
    "3": "first baseman",
    "4": "second baseman",
    "5": "third baseman",
    "6": "shortstop",
    "7": "left fielder",
    "8": "center fielder",
    "9": "right fielder",
}
_POSITION_CODES: dict[str, str] = {
    "P": "1",
    "C": "2",
    "1B": "3",
    "2B": "4",
    "3B": "5",
    "SS": "6",
    "LF": "7",
    "CF": "8",
    "RF": "9",
}
_FIELD_SIDE: dict[str, str] = {"7": "left field", "8": "center field", "9": "right field"}
_TRAJECTORY_WORDS: dict[str, str] = {
    "ground_ball": "ground ball",
    "line_drive": "line drive",
    "fly_ball": "fly ball",
    "popup": "pop up",
    "bunt_grounder": "bunt ground ball",
}
_BASE_NAMES = ("1B", "2B", "3B")
_BASE_WORDS = ("1st", "2nd", "3rd")


class _Side:
    """Mutable state of one team during the simulation."""

    __slots__ = (
        "setup",
        "order",
        "entered",
        "next_slot",
        "pitcher",
        "pitchers",
        "bullpen",
        "bench",
        "pitches",
        "outs_recorded",
        "runs_allowed",
        "limit",
        "subs_in_slot",
        "fielders",
        "is_starter",
    )

    def __init__(self, setup: SideSetup, limit: int) -> None:
        self.setup = setup
        self.order: list[tuple[Player, str, str]] = [
            (player, pos, f"{i + 1}00") for i, (player, pos) in enumerate(setup.lineup)
        ]
        self.entered = list(self.order)
        self.next_slot = 0
        self.pitcher = setup.starter
        self.pitchers: list[Player] = [setup.starter]
        self.bullpen = list(setup.bullpen)
        self.bench = list(setup.bench)
        self.pitches = 0
        self.outs_recorded = 0
        self.runs_allowed = 0
        self.limit = limit
        self.subs_in_slot = [0] * 9
        self.fielders: dict[str, Player] = {
            _POSITION_CODES[pos]: player for player, pos in setup.lineup if pos in _POSITION_CODES
        }
        self.fielders["1"] = setup.starter
        self.is_starter = True


class _Base:
    """A runner on base: who, which pitcher answers for him, and whether his run would be earned."""

    __slots__ = ("player", "pitcher_id", "earned")

    def __init__(self, player: Player, pitcher_id: int, earned: bool) -> None:
        self.player = player
        self.pitcher_id = pitcher_id
        self.earned = earned


class GameSimulator:
    """Plays one game from a setup and a seeded random stream."""

    def __init__(self, setup: GameSetup, rng: random.Random) -> None:
        self.setup = setup
        self.rng = rng
        self.zone_rate, self.contact_shift, self.wild = _LEVEL_KNOBS.get(setup.sport_id, _LEVEL_KNOBS[11])
        low = setup.sport_id in (14, 16)
        base = 62 if setup.sport_id == 16 else (72 if low else 82)
        if setup.scheduled_innings == 7:
            base -= 8
        self.away = _Side(setup.away, base + rng.randint(-8, 16))
        self.home = _Side(setup.home, base + rng.randint(-8, 16))
        self.plays: list[Play] = []
        self.score = [0, 0]  # away, home
        self.bases: list[_Base | None] = [None, None, None]
        self.outs = 0

    # ------------------------------------------------------------------ game flow
    def run(self) -> None:
        """Simulate the whole game; the plays and who played stay on the simulator."""
        scheduled = self.setup.scheduled_innings
        inning = 1
        while True:
            self._half_inning(inning, True)
            if inning >= scheduled and self.score[1] > self.score[0]:
                break
            self._half_inning(inning, False)
            if inning >= scheduled and self.score[0] != self.score[1]:
                break
            inning += 1
            if inning > 30:  # a guard, not a rule: the extra-inning runner ends games long before this
                break

    def _half_inning(self, inning: int, is_top: bool) -> None:
        batting = self.away if is_top else self.home
        fielding = self.home if is_top else self.away
        self.outs = 0
        self.bases = [None, None, None]
        if inning > self.setup.scheduled_innings:
            # Extra innings start with the previous batter on second base (the minor-league rule).
            prev = batting.order[(batting.next_slot - 1) % 9][0]
            self.bases[1] = _Base(prev, fielding.pitcher.player_id, False)
        first_pa = True
        while self.outs < 3:
            walk_off_zone = not is_top and inning >= self.setup.scheduled_innings
            self._plate_appearance(inning, is_top, batting, fielding, first_pa, walk_off_zone)
            first_pa = False
            if walk_off_zone and self.score[1] > self.score[0]:
                return

    # ------------------------------------------------------------------ one plate appearance
    def _plate_appearance(
        self, inning: int, is_top: bool, batting: _Side, fielding: _Side, first_pa: bool, walk_off_zone: bool
    ) -> None:
        rnd = self.rng.random
        events: list[Event] = []
        if inning == 1 and is_top and first_pa:
            for text in ("Status Change - Pre-Game", "Status Change - Warmup", "Status Change - In Progress"):
                events.append(self._action("game_advisory", "Game Advisory", text, None, 0, 0))
        self._maybe_change_pitcher(fielding, first_pa, events)
        slot = batting.next_slot
        batter, bat_pos, order = batting.order[slot]
        if inning >= 7 and not batter.is_tracked and batting.bench and rnd() < 0.035:
            sub = batting.bench.pop(0)
            batting.subs_in_slot[slot] += 1
            order = f"{slot + 1}{batting.subs_in_slot[slot]:02d}"
            events.append(
                self._action(
                    "offensive_substitution",
                    "Offensive Substitution",
                    f"Offensive Substitution: Pinch-hitter {sub.full_name} replaces {batter.full_name}.",
                    sub.player_id,
                    0,
                    0,
                    extra={"position": "PH", "battingOrder": order, "replacedPlayer": batter.player_id},
                    substitution=True,
                )
            )
            batting.order[slot] = (sub, bat_pos, order)
            batting.entered.append((sub, bat_pos, order))
            code = _POSITION_CODES.get(bat_pos)
            if code is not None:
                batting.fielders[code] = sub  # he stays in the game at the position he hit for
            batter = sub
        elif rnd() < 0.02:
            events.append(self._action("mound_visit", "Mound Visit", "Mound Visit.", None, 0, 0))
        pitcher = fielding.pitcher
        bat_side = batter.bat_side
        if bat_side == "S":
            bat_side = "L" if pitcher.pitch_hand == "R" else "R"
        play = Play(
            at_bat_index=len(self.plays),
            inning=inning,
            is_top=is_top,
            batter=batter,
            pitcher=pitcher,
            bat_side=bat_side,
            men_on=self._men_on(),
            events=events,
        )
        self.plays.append(play)
        batting.next_slot = (slot + 1) % 9
        outs_before = self.outs
        self._pitches(play, batting, fielding, walk_off_zone)
        if play.event_type in NOT_PLATE_APPEARANCES:
            batting.next_slot = slot  # his plate appearance was not finished: he leads off the next inning
        fielding.outs_recorded += self.outs - outs_before
        play.away_score, play.home_score = self.score
        play.outs = self.outs
        play.runners_after = sum(1 for base in self.bases if base is not None)
        for event in play.events:
            if event.kind == "pitch":
                fielding.pitches += 1

    def _maybe_change_pitcher(self, fielding: _Side, first_pa: bool, events: list[Event]) -> None:
        if not fielding.bullpen:
            return
        rnd = self.rng.random
        if fielding.is_starter:
            tired = fielding.pitches >= fielding.limit or (fielding.runs_allowed >= 6 and fielding.pitches > 35)
            tired = tired or (first_pa and fielding.pitches >= fielding.limit - 12)
        else:
            tired = fielding.pitches >= 34 or (first_pa and fielding.outs_recorded >= 3 and rnd() < 0.8)
            tired = tired or (first_pa and fielding.outs_recorded >= 6)
        if not tired:
            return
        self._change_pitcher(fielding, events)

    def _change_pitcher(self, fielding: _Side, events: list[Event], balls: int = 0, strikes: int = 0) -> None:
        new = fielding.bullpen.pop(0)
        old = fielding.pitcher
        fielding.pitcher = new
        fielding.pitchers.append(new)
        fielding.fielders["1"] = new
        fielding.pitches = 0
        fielding.outs_recorded = 0
        fielding.runs_allowed = 0
        fielding.is_starter = False
        events.append(
            self._action(
                "pitching_substitution",
                "Pitching Substitution",
                f"Pitching Change: {new.full_name} replaces {old.full_name}.",
                new.player_id,
                balls,
                strikes,
                extra={"position": "P"},
                substitution=True,
            )
        )

    def _pitches(self, play: Play, batting: _Side, fielding: _Side, walk_off_zone: bool) -> None:
        rng = self.rng
        rnd = rng.random
        events = play.events
        batter, pitcher = play.batter, play.pitcher
        balls = strikes = 0
        pitch_number = 0
        disengagements = 0
        wild = self.wild
        # An intentional walk is decided before the first pitch: first base open, a runner in scoring position.
        if self.bases[0] is None and (self.bases[1] or self.bases[2]) and rnd() < 0.03:
            automatic = rnd() < 0.85
            for _ in range(4):
                balls += 1
                if automatic:
                    events.append(self._count_event("no_pitch", "VB", balls, strikes, pitch_number=0))
                else:
                    pitch_number += 1
                    events.append(
                        self._count_event("pitch", "I", balls, strikes, pitch_number=pitch_number, ptype="FF")
                    )
            self._walk(play, fielding, "Intent Walk", "intent_walk")
            return
        contact_base = 0.875 + self.contact_shift + 0.10 * (batter.contact - 0.5) - 0.08 * (pitcher.stuff - 0.5)
        zone_base = self.zone_rate + 0.06 * (pitcher.control - 0.5)
        chase_base = 0.29 - 0.10 * (batter.eye - 0.5)
        while True:
            # Non-pitch events between pitches: disengagements, clock violations, timeouts.
            runners_on = self.bases[0] is not None or self.bases[1] is not None or self.bases[2] is not None
            r = rnd()
            if runners_on and disengagements < 2 and r < 0.05:
                disengagements += 1
                if r < 0.04:
                    base = "1" if self.bases[0] else ("2" if self.bases[1] else "3")
                    events.append(
                        self._count_event(
                            "pickoff",
                            base,
                            balls,
                            strikes,
                            extra={"disengagementNum": disengagements, "fromCatcher": rnd() < 0.08},
                        )
                    )
                else:
                    events.append(
                        self._count_event("stepoff", "PSO", balls, strikes, extra={"disengagementNum": disengagements})
                    )
                continue
            if r > 0.9935:
                # Clock violations: as in the real feeds they carry the number of the pitch before them (0 before
                # the first), so (at-bat, pitchNumber) is a key only over pitches; AC is the newer batter code.
                code = "VP" if rnd() < 0.55 else ("VC" if rnd() < 0.45 else ("AC" if rnd() < 0.6 else "VS"))
                if code == "VP":
                    balls += 1
                else:
                    strikes += 1
                events.append(self._count_event("no_pitch", code, balls, strikes, pitch_number=pitch_number))
                if balls == 4:
                    self._walk(play, fielding)
                    return
                if strikes == 3:
                    events[-1].is_out = True  # the violation ends the plate appearance: a strikeout
                    self._strikeout(play, "called")
                    return
                continue
            if pitch_number and 0.9930 < r <= 0.9935:
                events.append(self._count_event("no_pitch", "", balls, strikes, pitch_number=pitch_number))
                continue
            if pitch_number and 0.05 <= r < 0.062:
                events.append(
                    self._action(
                        "batter_timeout", "Batter Timeout", "Batter Timeout.", batter.player_id, balls, strikes
                    )
                )
            # The pitch.
            pitch_number += 1
            ptype = self._pitch_type(pitcher, balls, strikes)
            breaking = ptype in _BREAKING
            bunt = (
                strikes < 2
                and self.outs == 0
                and self.bases[2] is None
                and (self.bases[0] is not None or self.bases[1] is not None)
                and batter.power < 0.35
                and rnd() < 0.05
            )
            zone_p = zone_base
            if balls == 3 and strikes < 2:
                zone_p += 0.12
            elif strikes == 2 and balls < 2:
                zone_p -= 0.12
            if balls == 0 and strikes == 0:
                zone_p += 0.03
            in_zone = rnd() < zone_p
            code: str
            if bunt:
                r = rnd()
                if r < 0.35:
                    code = "L"
                elif r < 0.47:
                    code = "M"
                else:
                    events.append(
                        self._count_event(
                            "pitch", "X", balls, strikes, pitch_number=pitch_number, ptype=ptype, zone=in_zone
                        )
                    )
                    self._sac_bunt(play, fielding, events[-1])
                    return
            elif runners_on and self.bases[0] and not self.bases[1] and strikes < 2 and rnd() < 0.0015:
                code = "P"
                in_zone = False
            else:
                if in_zone:
                    swing_p = 0.66 + 0.06 * (batter.contact - 0.5)
                    if strikes == 2:
                        swing_p = 0.90
                else:
                    swing_p = chase_base + (0.13 if strikes == 2 else 0.0)
                if balls == 3 and strikes == 0:
                    swing_p *= 0.3
                elif balls == 0 and strikes == 0:
                    swing_p *= 0.72
                if rnd() < swing_p:
                    contact_p = contact_base if in_zone else contact_base - 0.25
                    if breaking:
                        contact_p -= 0.05
                    if strikes == 2:
                        contact_p += 0.05  # two-strike swings protect the plate
                    if rnd() < contact_p:
                        foul_p = 0.48 if strikes < 2 else 0.67
                        if not in_zone:
                            foul_p += 0.04
                        if rnd() < foul_p:
                            code = "T" if rnd() < 0.055 else "F"
                        else:
                            events.append(
                                self._count_event(
                                    "pitch",
                                    "X",
                                    balls,
                                    strikes,
                                    pitch_number=pitch_number,
                                    ptype=ptype,
                                    zone=in_zone,
                                )
                            )
                            self._ball_in_play(play, fielding, events[-1])
                            return
                    else:
                        code = "W" if (not in_zone and breaking and rnd() < 0.14) else "S"
                else:
                    if in_zone:
                        code = "C" if rnd() < 0.93 else "B"
                    elif rnd() < 0.011 * wild:
                        code = "H"
                    elif rnd() < 0.055:
                        code = "C"
                    else:
                        code = "*B" if rnd() < (0.2 if breaking else 0.04) * wild else "B"
            # Apply the call to the count.
            if code in ("B", "*B", "P"):
                balls += 1
            elif code == "H":
                balls = min(balls + 1, 4)
                events.append(
                    self._count_event("pitch", code, balls, strikes, pitch_number=pitch_number, ptype=ptype, zone=False)
                )
                self._walk(play, fielding, "Hit By Pitch", "hit_by_pitch")
                return
            elif code == "F":
                if strikes < 2:
                    strikes += 1
            else:  # C, S, W, T, L, M
                strikes += 1
            events.append(
                self._count_event("pitch", code, balls, strikes, pitch_number=pitch_number, ptype=ptype, zone=in_zone)
            )
            if balls == 4:
                self._walk(play, fielding)
                return
            if strikes == 3:
                self._strikeout(play, "called" if code == "C" else "swinging")
                return
            # Running game after a pitch that did not end the plate appearance.
            if runners_on and self._after_pitch(play, fielding, code, walk_off_zone):
                return
            # Never in the side's first plate appearance: the play-by-play names no pitcher before it (the models
            # credit the pitches before a change to the side's pitcher of the previous play).
            if (
                fielding.bullpen
                and play.first_pitcher is None
                and rnd() < 0.0015
                and any(earlier.is_top == play.is_top for earlier in self.plays[:-1])
            ):
                # A pitching change in the middle of the plate appearance (an injury, a matchup): the pitches
                # so far are the replaced pitcher's, the rest and the play's matchup the new one's.
                play.first_pitcher = play.first_pitcher or pitcher
                self._change_pitcher(fielding, events, balls, strikes)
                pitcher = play.pitcher = fielding.pitcher

    def _pitch_type(self, pitcher: Player, balls: int, strikes: int) -> str:
        r = self.rng.random()
        if balls > strikes:
            r *= 0.8  # behind in the count: lean on the fastball (listed first)
        for (code, _), cumulative in zip(pitcher.arsenal, pitcher.arsenal_weights, strict=True):
            if r <= cumulative:
                return code
        return pitcher.arsenal[-1][0]

    def _after_pitch(self, play: Play, fielding: _Side, code: str, walk_off_zone: bool) -> bool:
        """The running game between pitches: wild pitches, passed balls, steals.

        Returns True when a runner's out ended the inning, and so the play, before the plate appearance did.
        """
        rnd = self.rng.random
        count = play.events[-1]
        index = len(play.events)
        runner = self.bases[0]
        if self.outs == 2 and runner is not None and self.bases[1] is None and rnd() < 0.01:
            # The third out on the bases: the play ends on the runner's out, with the batter's pitches in it,
            # but it is no plate appearance (the API's registry says so) and he leads off the next inning.
            kind, event = RUNNER_OUTS[int(rnd() * len(RUNNER_OUTS))]
            runner_id, name = runner.player.player_id, runner.player.full_name
            self.bases[0] = None
            self._put_out(play, runner_id, "1B", "2B", event, kind, index)
            text = {
                "caught_stealing_2b": f"{name} caught stealing 2nd base.",
                "pickoff_caught_stealing_2b": f"{name} picked off and caught stealing 2nd base.",
                "other_out": f"{name} out at 2nd on the throw after the pitch.",
            }[kind]
            play.events.append(
                self._action(kind, event, text, runner_id, count.balls, count.strikes, base_running=True, is_out=True)
            )
            self._finish(play, event, kind, text, [], rbi=0, is_out=True)
            return True
        if code in ("B", "*B") and not walk_off_zone and rnd() < (0.09 if code == "*B" else 0.005) * self.wild:
            kind, name = ("wild_pitch", "Wild Pitch") if rnd() < 0.78 else ("passed_ball", "Passed Ball")
            moves = [(base, base + 1) for base in (2, 1, 0) if self.bases[base] is not None]
            tails = self._advance(play, fielding, moves, name, kind, index, rbi=False)
            if kind == "wild_pitch":
                lead = f"Wild pitch by pitcher {fielding.pitcher.full_name}."
            else:
                lead = f"Passed ball by catcher {_name(fielding.fielders.get('2'))}."
            scored = any(m.is_scoring and m.play_index == index for m in play.movements)
            runner_id = play.movements[-1].runner_id
            play.events.append(
                self._action(
                    kind, name, "   ".join([lead, *tails]), runner_id, count.balls, count.strikes,
                    base_running=True, scoring=scored,
                )
            )  # fmt: skip
            return False
        if self.outs < 2 and runner is not None and self.bases[1] is None and rnd() < 0.05:
            runner_id, name = runner.player.player_id, runner.player.full_name
            if rnd() < 0.78:
                self._advance(play, fielding, [(0, 1)], "Stolen Base 2B", "stolen_base_2b", index, rbi=False)
                text, kind, event, is_out = f"{name} steals 2nd base.", "stolen_base_2b", "Stolen Base 2B", False
            else:
                self.bases[0] = None
                self._put_out(play, runner_id, "1B", "2B", "Caught Stealing 2B", "caught_stealing_2b", index)
                catcher, shortstop = _name(fielding.fielders.get("2")), _name(fielding.fielders.get("6"))
                text = f"{name} caught stealing 2nd base, catcher {catcher} to shortstop {shortstop}."
                kind, event, is_out = "caught_stealing_2b", "Caught Stealing 2B", True
            play.events.append(
                self._action(kind, event, text, runner_id, count.balls, count.strikes, base_running=True, is_out=is_out)
            )
        return False

    # ------------------------------------------------------------------ runner bookkeeping
    def _put_out(
        self, play: Play, runner_id: int, start: str | None, out_base: str, event: str, event_type: str, index: int
    ) -> None:
        self.outs += 1
        play.movements.append(Movement(runner_id, start, None, out_base, True, self.outs, event, event_type, index))

    def _advance(
        self,
        play: Play,
        fielding: _Side,
        moves: list[tuple[int, int]],
        event: str,
        event_type: str,
        index: int,
        rbi: bool,
    ) -> list[str]:
        """Move runners (base index -> target, 3 = home), lead runner first; returns description tails."""
        runners = [(self.bases[base], base, target) for base, target in moves]
        for base, _ in moves:
            self.bases[base] = None
        tails: list[str] = []
        for runner, base, target in runners:
            if runner is None:
                continue
            pid, name = runner.player.player_id, runner.player.full_name
            if target >= 3:
                self.score[1 if fielding is self.away else 0] += 1
                fielding.runs_allowed += 1
                play.movements.append(
                    Movement(
                        pid, _BASE_NAMES[base], "score", None, False, None, event, event_type, index,
                        runner.pitcher_id, True, rbi, runner.earned,
                    )
                )  # fmt: skip
                tails.append(f"{name} scores.")
            else:
                self.bases[target] = runner
                play.movements.append(
                    Movement(pid, _BASE_NAMES[base], _BASE_NAMES[target], None, False, None, event, event_type, index)
                )
                tails.append(f"{name} to {_BASE_WORDS[target]}.")
        return tails

    def _batter_reaches(
        self, play: Play, fielding: _Side, base: int, event: str, event_type: str, index: int, earned: bool = True
    ) -> list[str]:
        """Put the batter on ``base`` (3 = he scored: a home run)."""
        batter = _Base(play.batter, fielding.pitcher.player_id, earned)
        if base >= 3:
            self.bases[2], held = batter, self.bases[2]
            tails = self._advance(play, fielding, [(2, 3)], event, event_type, index, rbi=True)
            self.bases[2] = held
            play.movements[-1].start = None
            return tails
        self.bases[base] = batter
        play.movements.append(
            Movement(play.batter.player_id, None, _BASE_NAMES[base], None, False, None, event, event_type, index)
        )
        return []

    def _runs_on(self, play: Play, index: int) -> int:
        return sum(1 for m in play.movements if m.is_scoring and m.play_index == index)

    # ------------------------------------------------------------------ outcomes
    def _walk(self, play: Play, fielding: _Side, event: str = "Walk", event_type: str = "walk") -> None:
        """Walk, intentional walk or hit batter: the batter takes first, forced runners move up."""
        index = len(play.events) - 1
        forced = 0
        while forced < 3 and self.bases[forced] is not None:
            forced += 1
        moves = [(base, base + 1) for base in range(forced - 1, -1, -1)]
        tails = self._advance(play, fielding, moves, event, event_type, index, rbi=True)
        self._batter_reaches(play, fielding, 0, event, event_type, index)
        batter = play.batter.full_name
        text = {
            "walk": f"{batter} walks.",
            "intent_walk": f"{fielding.pitcher.full_name} intentionally walks {batter}.",
            "hit_by_pitch": f"{batter} hit by pitch.",
        }[event_type]
        self._finish(play, event, event_type, text, tails, rbi=self._runs_on(play, index))

    def _strikeout(self, play: Play, how: str) -> None:
        self._put_out(play, play.batter.player_id, None, "1B", "Strikeout", "strikeout", len(play.events) - 1)
        name = play.batter.full_name
        text = f"{name} strikes out swinging." if how == "swinging" else f"{name} called out on strikes."
        self._finish(play, "Strikeout", "strikeout", text, [], rbi=0, is_out=True)

    def _sac_bunt(self, play: Play, fielding: _Side, pitch: Event) -> None:
        location = self.rng.choice(("1", "2", "3", "5"))
        pitch.batted = BattedBall("bunt_grounder", "soft", location, "sac_bunt")
        pitch.is_out = True
        index = len(play.events) - 1
        moves = [(base, base + 1) for base in (1, 0) if self.bases[base] is not None and self.bases[base + 1] is None]
        tails = self._advance(play, fielding, moves, "Sac Bunt", "sac_bunt", index, rbi=False)
        self._put_out(play, play.batter.player_id, None, "1B", "Sac Bunt", "sac_bunt", index)
        fielder, first = _name(fielding.fielders.get(location)), _name(fielding.fielders.get("3"))
        text = (
            f"{play.batter.full_name} out on a sacrifice bunt, {_POSITION_WORDS[location]} {fielder} "
            f"to first baseman {first}."
        )
        self._finish(play, "Sac Bunt", "sac_bunt", text, tails, rbi=0, is_out=True)

    def _ball_in_play(self, play: Play, fielding: _Side, pitch: Event) -> None:
        """Classify the batted ball (what a scorer records), then play it out."""
        rng = self.rng
        rnd = rng.random
        power = play.batter.power
        r = rnd()
        if r < 0.43 - 0.06 * (power - 0.5):
            trajectory = "ground_ball"
        elif r < 0.64:
            trajectory = "line_drive"
        elif r < 0.92:
            trajectory = "fly_ball"
        else:
            trajectory = "popup"
        outcome = _outcome(trajectory, rnd(), power)
        if outcome == "home_run":
            hardness = "hard"
        elif outcome == "out" and trajectory == "popup":
            hardness = "soft" if rnd() < 0.7 else "medium"
        else:
            h = rnd()
            hardness = "hard" if h < (0.45 if outcome != "out" else 0.25) else ("medium" if h < 0.85 else "soft")
        if trajectory == "ground_ball" and outcome in ("out", "error"):
            location = rng.choice(("6", "6", "4", "4", "5", "3", "1"))
        elif trajectory == "ground_ball":
            location = rng.choice(("7", "8", "9", "8")) if outcome == "single" else rng.choice(("7", "9"))
        elif trajectory == "popup":
            location = rng.choice(("2", "3", "4", "5", "6", "6"))
        else:
            location = rng.choice(("7", "8", "9"))
        pitch.batted = BattedBall(trajectory, hardness, location, outcome)
        if outcome == "out":
            self._fielded_out(play, fielding, pitch, pitch.batted)
        elif outcome == "error":
            self._reached_on_error(play, fielding, pitch, pitch.batted)
        else:
            self._hit(play, fielding, pitch, pitch.batted)

    def _hit(self, play: Play, fielding: _Side, pitch: Event, batted: BattedBall) -> None:
        rnd = self.rng.random
        outcome = batted.outcome
        index = len(play.events) - 1
        event = {"single": "Single", "double": "Double", "triple": "Triple", "home_run": "Home Run"}[outcome]
        bases = {"single": 1, "double": 2, "triple": 3, "home_run": 4}[outcome]
        two_out = self.outs == 2
        moves: list[tuple[int, int]] = []
        taken: set[int] = set()
        for base in (2, 1, 0):
            if self.bases[base] is None:
                continue
            target = base + bases
            if outcome == "single" and base == 1 and rnd() < (0.75 if two_out else 0.6):
                target = 3
            elif outcome == "single" and base == 0 and 2 not in taken and rnd() < 0.28:
                target = 2
            elif outcome == "double" and base == 0 and rnd() < (0.6 if two_out else 0.45):
                target = 3
            target = min(target, 3)
            taken.add(target)
            moves.append((base, target))
        tails = self._advance(play, fielding, moves, event, outcome, index, rbi=True)
        tails += self._batter_reaches(play, fielding, bases - 1, event, outcome, index)
        name = play.batter.full_name
        words = _TRAJECTORY_WORDS[batted.trajectory]
        if batted.hardness == "hard" and batted.trajectory == "line_drive":
            words = "sharp line drive"
        if outcome == "home_run":
            text = f"{name} homers on a {words} to {_FIELD_SIDE.get(batted.location, 'center field')}."
            tails = tails[:-1]  # the batter's own run is the homer itself
        else:
            verb = {"single": "singles", "double": "doubles", "triple": "triples"}[outcome]
            fielder = _name(fielding.fielders.get(batted.location))
            text = f"{name} {verb} on a {words} to {_POSITION_WORDS[batted.location]} {fielder}."
        runs = self._runs_on(play, index)
        pitch.code = "E" if runs else "D"
        self._finish(play, event, outcome, text, tails, rbi=runs)

    def _reached_on_error(self, play: Play, fielding: _Side, pitch: Event, batted: BattedBall) -> None:
        index = len(play.events) - 1
        third = self.bases[2]
        if third is not None:
            third.earned = False  # he scores on the error
        moves = [(base, base + 1) for base in (2, 1, 0) if self.bases[base] is not None]
        tails = self._advance(play, fielding, moves, "Field Error", "field_error", index, rbi=False)
        self._batter_reaches(play, fielding, 0, "Field Error", "field_error", index, earned=False)
        fielder = _name(fielding.fielders.get(batted.location))
        text = f"{play.batter.full_name} reaches on a fielding error by {_POSITION_WORDS[batted.location]} {fielder}."
        pitch.code = "E" if self._runs_on(play, index) else "D"
        self._finish(play, "Field Error", "field_error", text, tails, rbi=0)

    def _fielded_out(self, play: Play, fielding: _Side, pitch: Event, batted: BattedBall) -> None:
        rnd = self.rng.random
        index = len(play.events) - 1
        name = play.batter.full_name
        batter_id = play.batter.player_id
        fielder = f"{_POSITION_WORDS[batted.location]} {_name(fielding.fielders.get(batted.location))}"
        first = f"first baseman {_name(fielding.fielders.get('3'))}"
        second = f"second baseman {_name(fielding.fielders.get('4'))}"
        pitch.is_out = True
        r1 = self.bases[0]
        if batted.trajectory == "ground_ball" and r1 is not None and self.outs < 2 and rnd() < 0.8:
            self.bases[0] = None
            runner = r1.player.full_name
            if rnd() < 0.55:
                event, event_type = "Grounded Into DP", "grounded_into_double_play"
                self._put_out(play, r1.player.player_id, "1B", "2B", event, event_type, index)
                self._put_out(play, batter_id, None, "1B", event, event_type, index)
                tails: list[str] = []
                if self.outs < 3:
                    moves = [(base, base + 1) for base in (2, 1) if self.bases[base] is not None]
                    tails = self._advance(play, fielding, moves, event, event_type, index, rbi=False)
                text = f"{name} grounds into a double play, {fielder} to {second} to {first}.   {runner} out at 2nd."
                pitch.code = "E" if self._runs_on(play, index) else "X"
                self._finish(play, event, event_type, text, tails, rbi=0, is_out=True)
                return
            event, event_type = "Forceout", "force_out"
            self._put_out(play, r1.player.player_id, "1B", "2B", event, event_type, index)
            moves = [(1, 2)] if self.bases[1] is not None else []
            if moves and self.bases[2] is not None:
                moves.insert(0, (2, 3))  # bases were loaded: the runner from third is forced home
            tails = self._advance(play, fielding, moves, event, event_type, index, rbi=True)
            self._batter_reaches(play, fielding, 0, event, event_type, index, earned=r1.earned)
            text = f"{name} grounds into a force out, {fielder} to {second}.   {runner} out at 2nd."
            runs = self._runs_on(play, index)
            pitch.code = "E" if runs else "X"
            self._finish(play, event, event_type, text, tails, rbi=runs, is_out=True)
            return
        if batted.trajectory == "ground_ball":
            self._put_out(play, batter_id, None, "1B", "Groundout", "field_out", index)
            tails = []
            if self.outs < 3:
                moves = []
                if self.bases[2] is not None and rnd() < 0.45:
                    moves.append((2, 3))
                if self.bases[1] is not None and (self.bases[2] is None or moves) and rnd() < 0.5:
                    moves.append((1, 2))
                if self.bases[0] is not None and (self.bases[1] is None or (1, 2) in moves):
                    moves.append((0, 1))
                tails = self._advance(play, fielding, moves, "Groundout", "field_out", index, rbi=True)
            if batted.location == "3":
                text = f"{name} grounds out to {first}."
            else:
                text = f"{name} grounds out, {fielder} to {first}."
            runs = self._runs_on(play, index)
            pitch.code = "E" if runs else "X"
            self._finish(play, "Groundout", "field_out", text, tails, rbi=runs, is_out=True)
            return
        if batted.trajectory == "fly_ball" and self.bases[2] is not None and self.outs < 2 and rnd() < 0.55:
            self._put_out(play, batter_id, None, "1B", "Sac Fly", "sac_fly", index)
            tails = self._advance(play, fielding, [(2, 3)], "Sac Fly", "sac_fly", index, rbi=True)
            pitch.code = "E"
            self._finish(play, "Sac Fly", "sac_fly", f"{name} out on a sacrifice fly to {fielder}.", tails, 1, True)
            return
        event, verb = {
            "fly_ball": ("Flyout", "flies out"),
            "line_drive": ("Lineout", "lines out"),
            "popup": ("Pop Out", "pops out"),
        }[batted.trajectory]
        self._put_out(play, batter_id, None, "1B", event, "field_out", index)
        pitch.code = "X"
        self._finish(play, event, "field_out", f"{name} {verb} to {fielder}.", [], rbi=0, is_out=True)

    # ------------------------------------------------------------------ helpers
    def _finish(
        self,
        play: Play,
        event: str,
        event_type: str,
        text: str,
        moves: list[str],
        rbi: int,
        is_out: bool = False,
    ) -> None:
        play.event = event
        play.event_type = event_type
        play.description = "   ".join([text, *moves]) if moves else text
        play.rbi = rbi
        play.is_out = is_out
        last = play.events[-1]
        play.balls, play.strikes = last.balls, last.strikes

    def _men_on(self) -> str:
        b = self.bases
        if b[0] and b[1] and b[2]:
            return "Loaded"
        if b[1] or b[2]:
            return "RISP"
        if b[0]:
            return "Men_On"
        return "Empty"

    def _count_event(
        self,
        kind: str,
        code: str,
        balls: int,
        strikes: int,
        *,
        pitch_number: int | None = None,
        ptype: str = "",
        zone: bool = False,
        extra: dict[str, object] | None = None,
    ) -> Event:
        return Event(
            kind=kind,
            code=code,
            balls=balls,
            strikes=strikes,
            outs=self.outs,
            pitch_type=ptype,
            in_zone=zone,
            pitch_number=pitch_number,
            away_score=self.score[0],
            home_score=self.score[1],
            extra=extra,
        )

    def _action(
        self,
        event_type: str,
        event: str,
        text: str,
        player_id: int | None,
        balls: int,
        strikes: int,
        *,
        extra: dict[str, object] | None = None,
        substitution: bool = False,
        base_running: bool = False,
        is_out: bool = False,
        scoring: bool = False,
    ) -> Event:
        details: dict[str, object] = dict(extra or {})
        details["event"] = event
        if substitution:
            details["isSubstitution"] = True
        if base_running:
            details["isBaseRunningPlay"] = True
        return Event(
            kind="action",
            code=event_type,
            balls=balls,
            strikes=strikes,
            outs=self.outs,
            text=text,
            player_id=player_id,
            away_score=self.score[0],
            home_score=self.score[1],
            is_out=is_out,
            is_scoring=scoring,
            extra=details,
        )


def _outcome(trajectory: str, r: float, power: float) -> str:
    """What a batted ball of this trajectory becomes, from one uniform draw (hit rates by batted-ball type)."""
    if trajectory == "ground_ball":
        table = ((0.25, "single"), (0.27, "double"), (0.29, "error"))
    elif trajectory == "line_drive":
        hr = 0.02 + 0.04 * power
        table = ((0.49, "single"), (0.64, "double"), (0.65, "triple"), (0.65 + hr, "home_run"))
    elif trajectory == "fly_ball":
        hr = 0.06 + 0.16 * power
        table = ((hr, "home_run"), (hr + 0.07, "double"), (hr + 0.08, "triple"), (hr + 0.13, "single"))
    else:
        table = ((0.015, "single"),)
    for limit, outcome in table:
        if r < limit:
            return outcome
    return "out"


def _name(player: Player | None) -> str:
    return player.full_name if player is not None else "Unknown"


def simulate(setup: GameSetup, rng: random.Random) -> GameRecord:
    """Play one game."""
    sim = GameSimulator(setup, rng)
    sim.run()
    return GameRecord(
        setup=setup,
        plays=sim.plays,
        away=SideResult(setup.away, sim.away.entered, sim.away.pitchers, sim.away.limit),
        home=SideResult(setup.home, sim.home.entered, sim.home.pitchers, sim.home.limit),
    )
