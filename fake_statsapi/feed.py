"""Rendering a simulated game as the ``liveData`` of a ``feed/live`` document.

Everything the outcome does not decide (speeds, spin, release point, plate location, launch numbers,
timestamps, play ids) is drawn here from the game's second random stream, in a fixed order, so the same
seed always renders the same bytes.
"""

from __future__ import annotations

import datetime as dt
import math
import random
from typing import Any

from fake_statsapi.players import PITCH_TYPES, POSITIONS, Player
from fake_statsapi.simulation import CALLS, Event, GameRecord, Play
from fake_statsapi.stats import (
    GameLines,
    batting_stat,
    pitching_stat,
    team_batting_stat,
    team_pitching_stat,
)

# Tracking coverage of a park: what a pitch's ``pitchData`` and a ball in play's ``hitData`` carry there.
FULL, PARTIAL, VELO, NONE = "full", "partial", "velo", "none"

# Velocity offsets from a pitcher's fastball, spin, and movement (pfxX, pfxZ in inches, right-hander's view).
_PITCH_SHAPES: dict[str, tuple[float, int, float, float]] = {
    "FF": (0.0, 2250, -4.0, 8.5),
    "SI": (-0.8, 2150, -8.0, 4.5),
    "FC": (-4.5, 2350, 1.5, 4.5),
    "SL": (-8.0, 2450, 3.5, 1.0),
    "ST": (-10.0, 2550, 8.0, 0.0),
    "CU": (-13.0, 2600, 4.5, -6.0),
    "KC": (-11.5, 2500, 4.5, -5.5),
    "CH": (-8.5, 1750, -7.0, 3.0),
    "FS": (-7.0, 1350, -5.0, 1.0),
    "SV": (-11.0, 2500, 6.0, -3.0),
}
_LEVEL_VELO: dict[int, float] = {1: 1.5, 11: 0.7, 12: 0.3, 13: 0.0, 14: -0.5, 16: -1.2}
_SPRAY: dict[str, float] = {
    "1": 0.0,
    "2": 0.0,
    "3": 38.0,
    "4": 14.0,
    "5": -36.0,
    "6": -14.0,
    "7": -28.0,
    "8": 0.0,
    "9": 28.0,
}
_BALL_COLORS = {
    "ball": "rgba(39, 161, 39, 1.0)",
    "strike": "rgba(170, 21, 11, 1.0)",
    "in_play": "rgba(26, 86, 190, 1.0)",
}


class _Clock:
    """Event timestamps kept as integer milliseconds: formatting a datetime per event was the hot spot."""

    __slots__ = ("day0", "ms", "_day", "_prefix")

    def __init__(self, start: dt.datetime) -> None:
        self.day0 = dt.datetime(start.year, start.month, start.day)
        self.ms = int((start - self.day0).total_seconds() * 1000)
        self._day = -1
        self._prefix = ""

    def now(self) -> str:
        """The current time as the API writes it: ``2024-07-01T19:28:04.055Z``."""
        day, rem = divmod(self.ms, 86_400_000)
        if day != self._day:
            self._day = day
            self._prefix = (self.day0 + dt.timedelta(days=day)).strftime("%Y-%m-%dT")
        hours, rem = divmod(rem, 3_600_000)
        minutes, rem = divmod(rem, 60_000)
        seconds, millis = divmod(rem, 1000)
        return f"{self._prefix}{hours:02d}:{minutes:02d}:{seconds:02d}.{millis:03d}Z"

    def datetime(self) -> dt.datetime:
        """The current time as a datetime."""
        return self.day0 + dt.timedelta(milliseconds=self.ms)


def play_id(rng: random.Random) -> str:
    """A UUID-shaped play id drawn from the stream (``uuid4`` would not be reproducible)."""
    bits = rng.getrandbits(128)
    text = f"{bits:032x}"
    variant = "89ab"[int(text[16], 16) & 3]
    return f"{text[:8]}-{text[8:12]}-4{text[13:16]}-{variant}{text[17:20]}-{text[20:]}"


def ref(person: Player) -> dict[str, Any]:
    """``{id, fullName, link}`` of a person."""
    return {"id": person.player_id, "fullName": person.full_name, "link": f"/api/v1/people/{person.player_id}"}


def position_dict(abbreviation: str) -> dict[str, str]:
    """The API's position object from an abbreviation (``"SS"`` -> code 6, Shortstop, Infielder)."""
    code, name, kind, abbr = POSITIONS.get(abbreviation, POSITIONS["DH"])
    return {"code": code, "name": name, "type": kind, "abbreviation": abbr}


class FeedRenderer:
    """Builds ``liveData`` for one game from its record, its stat lines and the park's tracking coverage."""

    def __init__(
        self,
        record: GameRecord,
        plays: list[Play],
        lines: GameLines,
        rng: random.Random,
        profile: str,
        first_pitch: dt.datetime,
        is_final: bool,
        legacy: bool = False,
    ) -> None:
        self.legacy = legacy  # 2019-era tracking: breaks without the vertical/horizontal movement fields
        self.record = record
        self.plays = plays
        self.lines = lines
        self.rng = rng
        self.profile = profile
        self.clock = _Clock(first_pitch)
        self._refs: dict[int, dict[str, Any]] = {}
        self._shapes: dict[tuple[int, str], tuple[float, ...]] = {}
        self.is_final = is_final
        self.velo_shift = _LEVEL_VELO.get(record.setup.sport_id, 0.0)
        self.people: dict[int, Player] = {}
        for side in (record.setup.away, record.setup.home):
            for player, _ in side.lineup:
                self.people[player.player_id] = player
            for player in [*side.bench, side.starter, *side.bullpen]:
                self.people[player.player_id] = player

    # ------------------------------------------------------------------ plays
    def all_plays(self) -> list[dict[str, Any]]:
        """``liveData.plays.allPlays``."""
        return [self._play(play) for play in self.plays]

    def _tick(self, low: float, high: float) -> tuple[str, str]:
        start = self.clock.now()
        self.clock.ms += int(low * 1000 + self.rng.random() * (high - low) * 1000)
        return start, self.clock.now()

    def _ref(self, person: Player) -> dict[str, Any]:
        found = self._refs.get(person.player_id)
        if found is None:
            found = self._refs[person.player_id] = ref(person)
        return found

    def _play(self, play: Play) -> dict[str, Any]:
        play_start = self.clock.now()
        events = []
        pitch_index: list[int] = []
        action_index: list[int] = []
        for index, event in enumerate(play.events):
            if event.kind == "pitch":
                pitch_index.append(index)
                events.append(self._pitch(play, event, index))
            else:
                action_index.append(index)
                events.append(self._non_pitch(play, event, index))
        play_end = self.clock.now()
        self._tick(15, 45)
        result = {
            "type": "atBat",
            "event": play.event,
            "eventType": play.event_type,
            "description": play.description,
            "rbi": play.rbi,
            "awayScore": play.away_score,
            "homeScore": play.home_score,
            "isOut": play.is_out,
        }
        scoring = any(m.is_scoring for m in play.movements)
        pitcher = play.pitcher
        batter = play.batter
        return {
            "result": result,
            "about": {
                "atBatIndex": play.at_bat_index,
                "halfInning": "top" if play.is_top else "bottom",
                "isTopInning": play.is_top,
                "inning": play.inning,
                "startTime": play_start,
                "endTime": play_end,
                "isComplete": True,
                "isScoringPlay": scoring,
                "hasReview": False,
                "hasOut": any(m.is_out for m in play.movements),
                "captivatingIndex": 0,
            },
            "count": {"balls": play.balls, "strikes": play.strikes, "outs": play.outs},
            "matchup": {
                "batter": self._ref(batter),
                "batSide": {"code": play.bat_side, "description": "Left" if play.bat_side == "L" else "Right"},
                "pitcher": self._ref(pitcher),
                "pitchHand": {
                    "code": pitcher.pitch_hand,
                    "description": "Left" if pitcher.pitch_hand == "L" else "Right",
                },
                "batterHotColdZones": [],
                "pitcherHotColdZones": [],
                "splits": {
                    "batter": f"vs_{pitcher.pitch_hand}HP",
                    "pitcher": f"vs_{play.bat_side}HB",
                    "menOnBase": play.men_on,
                },
            },
            "pitchIndex": pitch_index,
            "actionIndex": action_index,
            "runnerIndex": list(range(len(play.movements))),
            "runners": [self._runner(play, move) for move in play.movements],
            "playEvents": events,
            "playEndTime": play_end,
            "atBatIndex": play.at_bat_index,
        }

    def _runner(self, play: Play, move: Any) -> dict[str, Any]:
        runner = self.people.get(move.runner_id)
        return {
            "movement": {
                "originBase": move.start,
                "start": move.start,
                "end": move.end,
                "outBase": move.out_base,
                "isOut": move.is_out,
                "outNumber": move.out_number,
            },
            "details": {
                "event": move.event,
                "eventType": move.event_type,
                "movementReason": None,
                "runner": self._ref(runner) if runner else {"id": move.runner_id},
                "responsiblePitcher": (
                    {"id": move.responsible_pitcher_id, "link": f"/api/v1/people/{move.responsible_pitcher_id}"}
                    if move.is_scoring and move.responsible_pitcher_id
                    else None
                ),
                "isScoringEvent": move.is_scoring,
                "rbi": move.rbi,
                "earned": move.earned,
                "teamUnearned": False,
                "playIndex": move.play_index,
            },
            "credits": [],
        }

    def _non_pitch(self, play: Play, event: Event, index: int) -> dict[str, Any]:
        start, end = self._tick(4, 30)
        count = {"balls": event.balls, "strikes": event.strikes, "outs": event.outs}
        if event.kind == "action":
            extra = dict(event.extra or {})
            details: dict[str, Any] = {
                "description": event.text,
                "event": extra.pop("event", ""),
                "eventType": event.code,
                "awayScore": event.away_score,
                "homeScore": event.home_score,
                "isScoringPlay": event.is_scoring,
                "isOut": event.is_out,
                "hasReview": False,
            }
            out: dict[str, Any] = {
                "details": details,
                "count": count,
                "index": index,
                "startTime": start,
                "endTime": end,
                "isPitch": False,
                "type": "action",
            }
            if extra.pop("isBaseRunningPlay", False):
                out["actionPlayId"] = play_id(self.rng)
                out["isBaseRunningPlay"] = True
            if extra.pop("isSubstitution", False):
                out["isSubstitution"] = True
            if event.player_id is not None:
                out["player"] = {"id": event.player_id, "link": f"/api/v1/people/{event.player_id}"}
            if "position" in extra:
                out["position"] = position_dict(str(extra.pop("position")))
            if "battingOrder" in extra:
                out["battingOrder"] = extra.pop("battingOrder")
            if "replacedPlayer" in extra:
                replaced = extra.pop("replacedPlayer")
                out["replacedPlayer"] = {"id": replaced, "link": f"/api/v1/people/{replaced}"}
            return out
        if event.kind == "no_pitch":
            description = CALLS[event.code][0]
            _, is_strike, is_ball, _ = CALLS[event.code]
            # The bare variant of the real feeds has no call, no code and no description.
            call = {"code": event.code, "description": description}
            no_pitch: dict[str, Any] = (
                {"call": call, "description": description, "code": event.code} if event.code else {}
            )
            return {
                "details": {
                    **no_pitch,
                    "isInPlay": False,
                    "isStrike": is_strike,
                    "isBall": is_ball,
                    "isOut": event.is_out,
                    "hasReview": False,
                },
                "count": count,
                "index": index,
                "playId": play_id(self.rng),
                # Not a pitch of the plate appearance: the number of the pitch before it (0 before the first).
                "pitchNumber": event.pitch_number or 0,
                "startTime": start,
                "endTime": end,
                "isPitch": False,
                "type": "no_pitch",
            }
        extra = event.extra or {}
        details = {
            "description": "Pickoff Attempt " + {"1": "1B", "2": "2B", "3": "3B"}[event.code]
            if event.kind == "pickoff"
            else "Pitcher Step Off",
            "code": event.code,
            "isOut": False,
            "hasReview": False,
            "fromCatcher": bool(extra.get("fromCatcher", False)),
        }
        if "disengagementNum" in extra:
            details["disengagementNum"] = extra["disengagementNum"]
        return {
            "details": details,
            "count": count,
            "index": index,
            "playId": play_id(self.rng),
            "startTime": start,
            "endTime": end,
            "isPitch": False,
            "type": event.kind,
        }

    def _pitch(self, play: Play, event: Event, index: int) -> dict[str, Any]:
        rng = self.rng
        start, end = self._tick(12, 28)
        description, is_strike, is_ball, in_play = CALLS[event.code]
        color = "in_play" if in_play else ("strike" if is_strike else "ball")
        details: dict[str, Any] = {
            "call": {"code": event.code, "description": description},
            "description": description,
            "code": event.code,
            "ballColor": _BALL_COLORS[color],
            "trailColor": "rgba(188, 0, 33, 1.0)",
            "isInPlay": in_play,
            "isStrike": is_strike,
            "isBall": is_ball,
        }
        has_type = self.profile in (FULL, PARTIAL) and event.code not in ("I", "P")
        if has_type:
            details["type"] = {"code": event.pitch_type, "description": PITCH_TYPES[event.pitch_type]}
        details["isOut"] = event.is_out
        details["hasReview"] = False
        out: dict[str, Any] = {
            "details": details,
            "count": {"balls": event.balls, "strikes": event.strikes, "outs": event.outs},
            "pitchData": self._pitch_data(play, event),
        }
        if event.batted is not None:
            out["hitData"] = self._hit_data(event)
        out["index"] = index
        out["playId"] = play_id(rng)
        out["pitchNumber"] = event.pitch_number
        out["startTime"] = start
        out["endTime"] = end
        out["isPitch"] = True
        out["type"] = "pitch"
        return out

    def _location(self, play: Play, event: Event) -> tuple[float, float, int]:
        """Plate location (pX, pZ) and Gameday zone consistent with the simulated call."""
        rnd = self.rng.random
        batter = play.batter
        top, bottom = batter.sz_top, batter.sz_bottom
        height = top - bottom
        code = event.code
        if code == "H":
            inside = -1.0 if play.bat_side == "R" else 1.0
            p_x, p_z = inside * (1.35 + rnd() * 0.75), 1.6 + rnd() * 2.0
        elif code == "*B" or code == "W":
            p_x, p_z = (rnd() + rnd() + rnd() - 1.5) * 1.6, -0.6 + rnd() * 1.3
        elif code in ("P", "I"):
            p_x, p_z = (2.3 if play.bat_side == "R" else -2.3) + (rnd() - 0.5) * 0.6, 2.0 + rnd() * 1.5
        elif event.in_zone:
            p_x = -0.78 + rnd() * 1.56
            p_z = bottom + 0.05 + rnd() * (height - 0.1)
        else:
            middle = (top + bottom) / 2
            while True:
                p_x = (rnd() + rnd() + rnd() - 1.5) * 2.1
                p_z = middle + (rnd() + rnd() + rnd() - 1.5) * 2.0
                if abs(p_x) > 0.83 or p_z < bottom or p_z > top:
                    break
            if code == "C" and abs(p_x) > 0.83:  # a called strike out of the zone is a borderline one
                p_x = math.copysign(0.83 + rnd() * 0.15, p_x)
        if abs(p_x) <= 0.83 and bottom <= p_z <= top:
            col = 0 if p_x < -0.277 else (1 if p_x <= 0.277 else 2)
            row = 0 if p_z > bottom + 2 * height / 3 else (1 if p_z > bottom + height / 3 else 2)
            zone = row * 3 + col + 1
        else:
            zone = (11 if p_x < 0 else 12) if p_z > (top + bottom) / 2 else (13 if p_x < 0 else 14)
        return p_x, p_z, zone

    def _shape(self, pitcher: Player, ptype: str) -> tuple[float, ...]:
        """A pitcher's repeatable pitch: speed, spin, movement, release point and extension."""
        key = (pitcher.player_id, ptype)
        shape = self._shapes.get(key)
        if shape is None:
            rng = self.rng
            velo_off, spin, pfx_x, pfx_z = _PITCH_SHAPES.get(ptype, _PITCH_SHAPES["FF"])
            hand = -1.0 if pitcher.pitch_hand == "L" else 1.0
            release = self._shapes.get((pitcher.player_id, ""))
            if release is None:
                release = (-hand * rng.uniform(1.2, 2.6), rng.uniform(5.2, 6.4), rng.uniform(5.6, 7.1))
                self._shapes[(pitcher.player_id, "")] = release
            shape = (
                pitcher.velocity + self.velo_shift + velo_off,
                spin + rng.gauss(0, 120),
                hand * (pfx_x + rng.gauss(0, 1.2)),
                pfx_z + rng.gauss(0, 1.2),
                hand,
                *release,
            )
            self._shapes[key] = shape
        return shape

    def _pitch_data(self, play: Play, event: Event) -> dict[str, Any]:
        rnd = self.rng.random
        batter = play.batter
        p_x, p_z, zone = self._location(play, event)
        gx = round(117.0 - 38.1 * p_x, 2)
        gy = round(238.8 - 27.0 * p_z, 2)
        profile = self.profile
        if profile == NONE:
            return {
                "strikeZoneTop": batter.sz_top,
                "strikeZoneBottom": batter.sz_bottom,
                "coordinates": {"x": gx, "y": gy},
                "breaks": {},
            }
        velo, spin, pfx_x0, pfx_z0, hand, release_x, release_z, extension = self._shape(
            play.pitcher, event.pitch_type or "FF"
        )
        if event.code in ("I", "P"):
            velo -= 12.0
        # Sums of uniforms: bell-shaped noise at a fraction of ``gauss``'s cost, thousands of times per game.
        start_speed = round(velo + (rnd() + rnd() + rnd() - 1.5) * 1.8, 1)
        if profile == VELO:
            return {
                "startSpeed": start_speed,
                "strikeZoneTop": batter.sz_top,
                "strikeZoneBottom": batter.sz_bottom,
                "coordinates": {"x": gx, "y": gy},
                "breaks": {},
            }
        end_speed = round(start_speed * (0.905 + rnd() * 0.025), 1)
        if profile == PARTIAL:
            return {
                "startSpeed": start_speed,
                "endSpeed": end_speed,
                "strikeZoneTop": batter.sz_top,
                "strikeZoneBottom": batter.sz_bottom,
                "coordinates": {"pX": p_x, "pZ": p_z, "x": gx, "y": gy},
                "breaks": {},
                "zone": zone,
            }
        pfx_x = pfx_x0 + (rnd() + rnd() - 1.0) * 1.6
        pfx_z = pfx_z0 + (rnd() + rnd() - 1.0) * 1.6
        ivb = pfx_z * 1.7
        drop = 29.4 + (95.9 - start_speed) * 0.78
        breaks: dict[str, Any] = {
            "breakAngle": round(abs(pfx_x) * 2.4 + rnd() * 6, 1),
            "breakLength": round(4.8 + max(0.0, -pfx_z) * 0.8 + rnd() * 2.4, 1),
            "breakY": 24.0,
            "breakVertical": round(ivb - drop, 1),
            "breakVerticalInduced": round(ivb, 1),
            "breakHorizontal": round(-pfx_x * 1.9, 1),
            "spinRate": int(spin + (rnd() + rnd() - 1.0) * 160),
            "spinDirection": int((180 - math.degrees(math.atan2(pfx_x, pfx_z)) + (rnd() - 0.5) * 20) % 360),
        }
        if self.legacy:
            for key in ("breakVertical", "breakVerticalInduced", "breakHorizontal"):
                del breaks[key]
        # Even at tracked parks a few pitches lose their spin reading.
        if rnd() < 0.015:
            del breaks["spinRate"]
            del breaks["spinDirection"]
        return {
            "startSpeed": start_speed,
            "endSpeed": end_speed,
            "strikeZoneTop": batter.sz_top,
            "strikeZoneBottom": batter.sz_bottom,
            "coordinates": {
                "aY": 24.0 + rnd() * 7.0,
                "aZ": -32.174 + pfx_z * 2.1 + rnd() - 0.5,
                "pfxX": pfx_x,
                "pfxZ": pfx_z,
                "pX": p_x,
                "pZ": p_z,
                "vX0": -release_x * 2.2 + p_x * 2.5 + rnd() - 0.5,
                "vY0": -start_speed * 1.467 * (0.985 + rnd() * 0.015),
                "vZ0": (p_z - release_z) * 2.6 + rnd() - 0.5,
                "x": gx,
                "y": gy,
                "x0": release_x + (rnd() - 0.5) * 0.2,
                "y0": 50.0 + rnd() * 0.01,
                "z0": release_z + (rnd() - 0.5) * 0.2,
                "aX": pfx_x * 1.8 + rnd() - 0.5,
            },
            "breaks": breaks,
            "zone": zone,
            "typeConfidence": round(0.9 + rnd() * 1.1, 2),
            "plateTime": 55.0 / ((start_speed + end_speed) * 0.7335),
            "extension": extension + (rnd() - 0.5) * 0.2,
        }

    def _hit_data(self, event: Event) -> dict[str, Any]:
        rng = self.rng
        batted = event.batted
        assert batted is not None
        trajectory, hardness, outcome = batted.trajectory, batted.hardness, batted.outcome
        speed = {"hard": rng.gauss(101.0, 4.5), "medium": rng.gauss(88.0, 4.0), "soft": rng.gauss(72.0, 7.0)}[hardness]
        if trajectory == "ground_ball":
            angle = rng.uniform(-25.0, 9.0)
            distance = speed * rng.uniform(0.9, 1.6)
        elif trajectory == "line_drive":
            angle = rng.uniform(10.0, 25.0)
            distance = speed * rng.uniform(1.9, 2.9)
        elif trajectory == "fly_ball":
            angle = rng.uniform(24.0, 38.0) if outcome == "home_run" else rng.uniform(25.0, 50.0)
            distance = rng.uniform(370.0, 450.0) if outcome == "home_run" else speed * rng.uniform(2.6, 3.8)
        elif trajectory == "popup":
            angle = rng.uniform(50.0, 80.0)
            distance = rng.uniform(90.0, 200.0)
        else:  # bunts
            speed = rng.uniform(25.0, 55.0)
            angle = rng.uniform(-40.0, 5.0)
            distance = rng.uniform(10.0, 45.0)
        if outcome == "home_run":
            speed = max(speed, rng.uniform(98.0, 112.0))
        spray = math.radians(_SPRAY.get(batted.location, 0.0) + rng.gauss(0, 6))
        pixels = distance / 2.5
        coordinates = {
            "coordX": round(125.42 + pixels * math.sin(spray), 2),
            "coordY": round(198.27 - pixels * math.cos(spray), 2),
        }
        if self.profile != FULL:
            return {
                "trajectory": trajectory,
                "hardness": hardness,
                "location": batted.location,
                "coordinates": coordinates,
            }
        data: dict[str, Any] = {
            "launchSpeed": round(min(speed, 118.0), 1),
            "launchAngle": round(angle, 1),
            "totalDistance": round(distance, 1),
            "trajectory": trajectory,
            "hardness": hardness,
            "location": batted.location,
            "coordinates": coordinates,
        }
        # Some tracked balls in play still come without an exit velocity (as in the recorded feeds).
        if rng.random() < 0.03:
            del data["launchSpeed"]
        return data

    # ------------------------------------------------------------------ box score
    def boxscore(self) -> dict[str, Any]:
        """``liveData.boxscore``: each side's players with their lines, and team totals."""
        teams: dict[str, Any] = {}
        for side_name, side in (("away", self.record.away), ("home", self.record.home)):
            setup = side.setup
            team = setup.team
            players: dict[str, Any] = {}
            batters: list[int] = []
            pitchers: list[int] = []
            orders: dict[int, str] = {}
            positions: dict[int, str] = {}
            for player, pos, order in side.batting_order:
                if player.player_id in self.lines.batting:
                    orders[player.player_id] = order
                    positions[player.player_id] = pos if order.endswith("00") else "PH"
                    batters.append(player.player_id)
            for pitcher in side.pitchers:
                if pitcher.player_id in self.lines.pitching:
                    pitchers.append(pitcher.player_id)
                    batters.append(pitcher.player_id)
            roster = [player for player, _ in setup.lineup] + list(setup.bench)
            roster += [setup.starter, *setup.bullpen]
            appeared = set(batters)
            for player in roster:
                pid = player.player_id
                batting = self.lines.batting.get(pid) if pid in orders else None
                pitching = self.lines.pitching.get(pid) if pid in pitchers else None
                entry: dict[str, Any] = {
                    "person": ref(player),
                    "jerseyNumber": player.number,
                    "position": position_dict(positions.get(pid, player.position)),
                    "status": {"code": "A", "description": "Active"},
                    "parentTeamId": team.org_id,
                }
                if pid in orders:
                    entry["battingOrder"] = orders[pid]
                entry["stats"] = {
                    "batting": batting_stat(batting, game_log=False) if batting is not None else {},
                    "pitching": pitching_stat(pitching, game_log=False) if pitching is not None else {},
                    "fielding": {},
                }
                entry["gameStatus"] = {
                    "isCurrentBatter": False,
                    "isCurrentPitcher": False,
                    "isOnBench": pid not in appeared,
                    "isSubstitute": pid in orders and not orders[pid].endswith("00"),
                }
                entry["allPositions"] = [position_dict(positions.get(pid, player.position))] if pid in appeared else []
                players[f"ID{pid}"] = entry
            hitting_lines = [self.lines.batting[pid] for pid in orders]
            pitching_lines = [self.lines.pitching[pid] for pid in pitchers]
            teams[side_name] = {
                "team": {"id": team.team_id, "name": team.name, "link": f"/api/v1/teams/{team.team_id}"},
                "teamStats": {
                    "batting": team_batting_stat(hitting_lines),
                    "pitching": team_pitching_stat(pitching_lines),
                    "fielding": {},
                },
                "players": players,
                "batters": batters,
                "pitchers": pitchers,
                "bench": [p.player_id for p in setup.bench if p.player_id not in appeared],
                "bullpen": [p.player_id for p in setup.bullpen if p.player_id not in appeared],
                "battingOrder": [player.player_id for player, _ in setup.lineup],
                "info": [],
                "note": [],
            }
        return {"teams": teams, "officials": [], "info": [], "pitchingNotes": [], "topPerformers": []}
