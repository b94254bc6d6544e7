"""Serving a directory of recorded (or dumped) responses laid out as the API path + ``.json``.

- A path without a query mapping, e.g. ``/api/v1.1/game/744914/feed/live``, is the file
  ``api/v1.1/game/744914/feed/live.json`` (its bytes as stored); no file -> 404.
- ``/api/v1/people/{id}/stats?stats=gameLog&group=G&sportId=N&season=S`` is
  ``api/v1/people/{id}/stats/gameLog-G-sportIdN-seasonS.json``; no file -> the API's empty ``{"stats": []}``.
  Without ``sportId`` the API answers for sportId 1 (a minor-leaguer gets ``stats: []``); without ``season``
  the newest ``season*`` file of that group and sportId is served.
- ``/api/v1/schedule?sportId=N&season=S...`` is ``api/v1/schedule/sportIdN-seasonS.json``; else the
  ``sportIdN-*.json`` schedule documents holding games of season S, merged by date; else
  ``{"dates": [], "totalGames": 0, ...}``.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import orjson

from fake_statsapi.league import COPYRIGHT, schedule_document

EMPTY_GAME_LOG = orjson.dumps({"copyright": COPYRIGHT, "stats": []})
EMPTY_SCHEDULE = orjson.dumps(schedule_document([]))


class ReplaySource:
    """Answers requests from files under ``root`` (see the module docstring for the mapping)."""

    def __init__(self, root: str | Path) -> None:
        self.root = Path(root).resolve()
        if not self.root.is_dir():
            raise FileNotFoundError(f"replay directory not found: {root}")
        self._merged: dict[tuple[int, str], bytes] = {}
        self._lock = threading.Lock()

    def describe(self) -> str:
        """One line for logs: what is being served."""
        return f"replaying {self.root}"

    def file_for(self, path: str) -> Path | None:
        """The file a plain path maps to, if it exists inside the directory."""
        relative = path.strip("/")
        if not relative:
            return None
        candidate = (self.root / f"{relative}.json").resolve()
        if self.root not in candidate.parents or not candidate.is_file():
            return None  # also refuses ``..`` escapes
        return candidate

    def plain(self, path: str) -> bytes | None:
        """Bytes of the file a path maps to, or None (the server answers 404)."""
        found = self.file_for(path)
        return found.read_bytes() if found is not None else None

    def game_log(self, player_id: int, group: str, season: int | None, sport_id: int | None) -> bytes:
        """A stored gameLog response, or the API's empty answer."""
        folder = self.root / "api" / "v1" / "people" / str(player_id) / "stats"
        sport = sport_id if sport_id is not None else 1
        if season is not None:
            found = folder / f"gameLog-{group}-sportId{sport}-season{season}.json"
            return found.read_bytes() if found.is_file() else EMPTY_GAME_LOG
        candidates = sorted(folder.glob(f"gameLog-{group}-sportId{sport}-season*.json"))
        return candidates[-1].read_bytes() if candidates else EMPTY_GAME_LOG

    def schedule(self, sport_id: int, season: int) -> bytes:
        """A stored schedule, the merge of this sportId's stored schedules for the season, or an empty one."""
        folder = self.root / "api" / "v1" / "schedule"
        exact = folder / f"sportId{sport_id}-season{season}.json"
        if exact.is_file():
            return exact.read_bytes()
        key = (sport_id, str(season))
        with self._lock:
            if key in self._merged:
                return self._merged[key]
        merged = _merge_schedules(sorted(folder.glob(f"sportId{sport_id}-*.json")), str(season))
        data = orjson.dumps(merged) if merged is not None else EMPTY_SCHEDULE
        with self._lock:
            self._merged[key] = data
        return data


def _merge_schedules(files: list[Path], season: str) -> dict[str, Any] | None:
    """Dates of every stored schedule document whose games belong to ``season``, one listing per (game, day)."""
    listings: list[tuple[str, dict[str, Any]]] = []
    seen: set[tuple[int, str]] = set()
    copyright_text = COPYRIGHT
    for path in files:
        raw = path.read_bytes()
        try:
            document = orjson.loads(raw[3:] if raw.startswith(b"\xef\xbb\xbf") else raw)
        except orjson.JSONDecodeError:
            continue
        if not isinstance(document, dict) or not isinstance(document.get("dates"), list):
            continue  # single-game fragments and other shapes are not schedules
        copyright_text = document.get("copyright", copyright_text)
        for day in document["dates"]:
            for game in day.get("games", []):
                if str(game.get("season")) != season:
                    continue
                listing = (game.get("gamePk"), day.get("date"))
                if listing in seen:
                    continue
                seen.add(listing)
                listings.append((day["date"], game))
    if not listings:
        return None
    # By date; within a date, in the order the files listed the games (a stable sort).
    return schedule_document(sorted(listings, key=lambda listing: listing[0]), copyright_text)
