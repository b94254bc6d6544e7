"""Re-published games: the corrections a scorer sends after a game, applied to its record and its feed in step.

A republished game keeps its pk and gets a new revision. Each revision makes two corrections, drawn from
``(seed, game_pk, revision)``: one pitch call (a called strike that was swung at, or the reverse) and one
two-strike foul dropped or added. A two-strike foul leaves the count as it was, so the plate appearance, its
result and every later count stay valid while the pitch count moves by one.

The corrections are applied to the ``GameRecord`` (so the box score and the game logs, counted from it,
follow) and mirrored on the rendered ``allPlays`` (so every other event keeps its ``playId``, tracking
numbers and timestamps, as when the real API re-sends a corrected game).
"""

from __future__ import annotations

import copy
import dataclasses
import random
from dataclasses import dataclass
from typing import Any

from fake_statsapi.feed import play_id
from fake_statsapi.simulation import CALLS, Play


@dataclass(frozen=True)
class Correction:
    """One change to one plate appearance.

    Attributes:
        revision: The revision that made it (1 for the first republication).
        kind: ``"call"`` (the pitch's call code changed), ``"drop_foul"`` (the event removed) or
            ``"add_foul"`` (a copy of the event inserted right after it).
        play: Position of the play in ``allPlays`` (its ``atBatIndex``).
        event: Index of the event in the play's ``playEvents`` when the correction was made.
        pitch_number: The pitch's ``pitchNumber`` before the correction.
        old_code: The call code before.
        new_code: The call code after (``old_code`` for a foul dropped or added).
    """

    revision: int
    kind: str
    play: int
    event: int
    pitch_number: int
    old_code: str
    new_code: str

    def as_dict(self) -> dict[str, Any]:
        """The correction as a plain dict (``atBatIndex`` naming the play, as the API would)."""
        return {
            "revision": self.revision,
            "kind": self.kind,
            "atBatIndex": self.play,
            "eventIndex": self.event,
            "pitchNumber": self.pitch_number,
            "fromCode": self.old_code,
            "toCode": self.new_code,
        }


_SWAPPED_CALLS = {"C": "S", "S": "C"}


def correct(plays: list[Play], seed: int, game_pk: int, revision: int) -> list[Correction]:
    """Apply revisions 1..``revision`` to ``plays`` (mutated in place) and return what was changed."""
    out: list[Correction] = []
    for rev in range(1, revision + 1):
        rng = random.Random(f"{seed}/republish/{game_pk}/{rev}")
        for kind in ("call", "drop_foul" if rng.random() < 0.5 else "add_foul"):
            found = _pick(plays, kind, rng)
            if found is None:
                continue
            play_at, event_at = found
            event = plays[play_at].events[event_at]
            new_code = _SWAPPED_CALLS[event.code] if kind == "call" else event.code
            fix = Correction(rev, kind, play_at, event_at, event.pitch_number or 0, event.code, new_code)
            _apply_to_play(plays[play_at], fix)
            out.append(fix)
    return out


def _pick(plays: list[Play], kind: str, rng: random.Random) -> tuple[int, int] | None:
    candidates: list[tuple[int, int]] = []
    for p, play in enumerate(plays):
        last = len(play.events) - 1
        for e, event in enumerate(play.events):
            if event.kind != "pitch" or e == last:
                continue
            if kind == "call" and event.code in _SWAPPED_CALLS:
                candidates.append((p, e))
            elif kind != "call" and event.code == "F" and e > 0 and play.events[e - 1].strikes == 2:
                candidates.append((p, e))  # a foul with two strikes: the count does not move
    return rng.choice(candidates) if candidates else None


def _apply_to_play(play: Play, fix: Correction) -> None:
    events = play.events
    if fix.kind == "call":
        events[fix.event].code = fix.new_code
        return
    shift = -1 if fix.kind == "drop_foul" else 1
    if fix.kind == "drop_foul":
        del events[fix.event]
        first_moved = fix.event
    else:
        events.insert(fix.event + 1, dataclasses.replace(events[fix.event], pitch_number=fix.pitch_number + 1))
        first_moved = fix.event + 2
    for event in events[first_moved:]:
        if event.kind == "pitch" and event.pitch_number:
            event.pitch_number += shift
    for move in play.movements:
        if move.play_index > fix.event:  # runners move on the events after the foul
            move.play_index += shift


def apply_to_feed_plays(all_plays: list[dict[str, Any]], fixes: list[Correction], seed: int, game_pk: int) -> None:
    """Mirror ``fixes`` on rendered ``allPlays`` (mutated in place), in the order they were made."""
    for fix in fixes:
        play = all_plays[fix.play]
        events = play["playEvents"]
        if fix.kind == "call":
            details = events[fix.event]["details"]
            description = CALLS[fix.new_code][0]
            details["call"] = {"code": fix.new_code, "description": description}
            details["description"] = description
            details["code"] = fix.new_code
            continue
        if fix.kind == "drop_foul":
            del events[fix.event]
            first_moved, shift = fix.event, -1
        else:
            foul = events[fix.event]
            added = copy.deepcopy(foul)
            added["playId"] = play_id(random.Random(f"{seed}/republish/{game_pk}/{fix.revision}/{fix.event}"))
            added["pitchNumber"] = fix.pitch_number + 1
            added["startTime"] = foul["endTime"]
            nxt = events[fix.event + 1] if fix.event + 1 < len(events) else foul
            added["endTime"] = max(foul["endTime"], nxt["startTime"])
            events.insert(fix.event + 1, added)
            first_moved, shift = fix.event + 2, 1
        for index, event in enumerate(events):
            event["index"] = index
            if index >= first_moved and event["type"] == "pitch":
                event["pitchNumber"] += shift
        for runner in play["runners"]:
            if runner["details"]["playIndex"] > fix.event:
                runner["details"]["playIndex"] += shift
        play["pitchIndex"] = [i for i, event in enumerate(events) if event["type"] == "pitch"]
        play["actionIndex"] = [i for i, event in enumerate(events) if event["type"] != "pitch"]
