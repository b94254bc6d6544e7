"""A real HTTP server on 127.0.0.1 answering Stats API routes from a generated season or a directory.

    with start_server(FakeSeason(n_games=200)) as api:
        requests.get(f"{api.base_url}/api/v1/schedule", params={"sportId": 11, "season": 2025})

Routes: ``/api/v1/sports``, ``/api/v1/schedule``, ``/api/v1/people/{id}/stats`` (gameLog),
``/api/v1/people?personIds=…&hydrate=stats(…type=[gameLog]…)`` (several players' game logs at once),
``/api/v1/people/{id}``, ``/api/v1/sports/{id}/players?season=S`` (a level's players, for name look-ups),
``/api/v1.1/game/{pk}/feed/live``; several generated seasons at once with ``SeasonsSource``.
``GET /__stats`` returns the request counters and ``POST /__control`` changes a generated season between runs
(finish live games, republish games).
Unknown paths answer 404, malformed numbers 400, both with JSON bodies shaped like the real API's.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import re
import socket
import struct
import threading
import time
from collections import Counter, OrderedDict
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import parse_qs, urlsplit

import orjson

from fake_statsapi import documents
from fake_statsapi.faults import HANG, RESET, RESET_MID, RESPOND, TRUNCATE, Fault, Faults, error_body
from fake_statsapi.generator import FakeSeason
from fake_statsapi.league import MINOR_SPORT_IDS
from fake_statsapi.replay import ReplaySource

_ROUTES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("sports", re.compile(r"^/api/v1/sports/?$")),
    ("sportPlayers", re.compile(r"^/api/v1/sports/(?P<id>[^/]+)/players/?$")),
    ("schedule", re.compile(r"^/api/v1/schedule/?$")),
    ("people", re.compile(r"^/api/v1/people/?$")),
    ("gameLog", re.compile(r"^/api/v1/people/(?P<id>[^/]+)/stats/?$")),
    ("person", re.compile(r"^/api/v1/people/(?P<id>[^/]+)/?$")),
    ("feed", re.compile(r"^/api/v1\.1/game/(?P<id>[^/]+)/feed/live/?$")),
)
JSON_TYPE = "application/json;charset=UTF-8"


class BadRequest(ValueError):
    """A query value the API would reject (answered 400)."""


@dataclass
class ApiRequest:
    """A parsed request: route name, the id in the path (if any), the first value of each query key."""

    route: str
    path: str
    query: dict[str, str]
    path_id: str | None = None

    def int_param(self, name: str, default: int | None = None) -> int | None:
        """A query value that must be an integer (400 otherwise)."""
        raw = self.query.get(name)
        if raw is None or raw == "":
            return default
        try:
            return int(raw)
        except ValueError:
            raise BadRequest(f"Invalid Request with value: {raw}") from None

    def int_id(self) -> int:
        """The numeric id in the path (400 otherwise)."""
        try:
            return int(self.path_id or "")
        except ValueError:
            raise BadRequest(f"Invalid Request with value: {self.path_id}") from None


@dataclass
class ApiResponse:
    """Status, body bytes and extra headers (a ``Content-Type`` among them replaces the JSON one)."""

    status: int
    body: bytes
    headers: dict[str, str] = field(default_factory=dict)


def request_key(path: str, query: dict[str, str]) -> str:
    """Path and sorted query: what fault draws and attempt numbers are keyed on."""
    return path + "?" + "&".join(f"{k}={query[k]}" for k in sorted(query))


def parse_request(target: str) -> ApiRequest:
    """Route a request target (path and query string) to an ``ApiRequest``."""
    parts = urlsplit(target)
    query = {key: values[0] for key, values in parse_qs(parts.query, keep_blank_values=True).items()}
    for name, pattern in _ROUTES:
        match = pattern.match(parts.path)
        if match:
            return ApiRequest(name, parts.path, query, match.groupdict().get("id"))
    return ApiRequest("other", parts.path, query)


def not_found() -> ApiResponse:
    """The real API's 404: ``{"messageNumber": 10, "message": "Object not found", ...}``."""
    return ApiResponse(404, error_body(404, "Object not found"))


_HYDRATE_STATS = re.compile(r"^stats\((?P<body>.*)\)$")
_HYDRATE_PARAM = re.compile(r"(?P<key>\w+)=(?:\[(?P<list>[^\]]*)\]|(?P<value>[^,\[\]]*))(?:,|$)")


def parse_stats_hydrate(text: str) -> dict[str, str | list[str]]:
    """``stats(group=[hitting,pitching],type=[gameLog],season=2025,leagueListId=milb_all)`` as a dict.

    Bracketed values are lists, the rest single values; anything else is a 400, as on the real API.
    """
    match = _HYDRATE_STATS.match(text.strip())
    if match is None:
        raise BadRequest(f"Invalid Request with value: {text}")
    body = match["body"]
    out: dict[str, str | list[str]] = {}
    position = 0
    while position < len(body):
        param = _HYDRATE_PARAM.match(body, position)
        if param is None:
            raise BadRequest(f"Invalid Request with value: {text}")
        if param["list"] is not None:
            out[param["key"]] = [item.strip() for item in param["list"].split(",") if item.strip()]
        else:
            out[param["key"]] = param["value"]
        position = param.end()
    return out


def people_query(request: ApiRequest) -> tuple[list[int], dict[str, str | list[str]] | None]:
    """``personIds`` and the parsed ``hydrate=stats(...)`` of a ``/people`` request (None: no stats asked)."""
    try:
        ids = [int(raw) for raw in request.query.get("personIds", "").split(",") if raw.strip()]
    except ValueError:
        raise BadRequest(f"Invalid Request with value: {request.query['personIds']}") from None
    text = request.query.get("hydrate", "")
    if not text:
        return ids, None
    hydrate = parse_stats_hydrate(text)
    types = hydrate.get("type", [])
    if (types if isinstance(types, list) else [types]) != ["gameLog"]:
        raise BadRequest(f"Invalid Request with value: {text} (this API serves type=[gameLog] only)")
    season = hydrate.get("season")
    if season is not None and (not isinstance(season, str) or not season.isdigit()):
        raise BadRequest(f"Invalid Request with value: {season}")
    return ids, hydrate


def hydrate_groups(hydrate: dict[str, str | list[str]] | None) -> list[str]:
    """The stat groups a hydrate asks for (hitting when none is named, as the per-player route does)."""
    groups = (hydrate or {}).get("group", ["hitting"])
    return groups if isinstance(groups, list) else [groups]


def hydrate_sports(hydrate: dict[str, str | list[str]] | None) -> list[int] | None:
    """The sportIds a hydrate covers: ``leagueListId=milb_all`` is every minor level; no sportId is MLB."""
    if hydrate is None:
        return None
    if hydrate.get("leagueListId") == "milb_all":
        return list(MINOR_SPORT_IDS)
    sport = hydrate.get("sportId", "1")
    if not isinstance(sport, str) or not sport.isdigit():
        raise BadRequest(f"Invalid Request with value: {sport}")
    return [int(sport)]


class ResponseSource(Protocol):
    """Anything that can answer parsed API requests."""

    def describe(self) -> str:
        """One line saying what is served."""
        ...

    def respond(self, request: ApiRequest) -> ApiResponse:
        """The response to one request."""
        ...


class GeneratedSource:
    """Answers from a ``FakeSeason``; schedules and recent feeds are kept serialized.

    Cached documents are keyed on ``season.version`` too, so ``finish_live_games()`` and ``republish()``
    show on the next request.
    """

    def __init__(self, season: FakeSeason, feed_cache: int = 32) -> None:
        self.season = season
        self._schedules: dict[tuple[int, int, int, str, bool], bytes] = {}
        self._feeds: OrderedDict[tuple[int, int], bytes | None] = OrderedDict()
        self._feed_cache = feed_cache
        self._lock = threading.Lock()
        self._version = season.version

    def describe(self) -> str:
        """One line: season, number of games, seed."""
        s = self.season
        return f"generated season {s.season}, {s.n_games} games, seed {s.seed}"

    def respond(self, request: ApiRequest) -> ApiResponse:
        """Route a request to the season."""
        season = self.season
        version = season.version
        if version != self._version:
            with self._lock:
                self._schedules.clear()
                self._feeds.clear()
                self._version = version
        if request.route == "sports":
            return ApiResponse(200, orjson.dumps(documents.sports()))
        if request.route == "schedule":
            game_pks = request.query.get("gamePks")
            pks = tuple(int(pk) for pk in game_pks.split(",") if pk.strip().isdigit()) if game_pks else None
            # Asked by gamePks, the API needs no sportId; otherwise it defaults to MLB.
            sport_id = request.int_param("sportId", None if pks else 1)
            year = request.int_param("season", season.season)
            assert year is not None
            hydrate = "team" in request.query.get("hydrate", "").split(",")
            start, end = schedule_dates(request.query)
            key = (version, sport_id, year, request.query.get("gameType", "R"), hydrate, start, end, pks)
            with self._lock:
                cached = self._schedules.get(key)
            if cached is None:
                document = documents.schedule(
                    season, sport_id, year, key[3], hydrate_team=hydrate, start_date=start, end_date=end, game_pks=pks
                )
                cached = orjson.dumps(document)
                with self._lock:
                    self._schedules[key] = cached
            return ApiResponse(200, cached)
        if request.route == "gameLog":
            player_id = request.int_id()
            stats = request.query.get("stats", "")
            if stats != "gameLog":
                raise BadRequest(f"Invalid Request with value: {stats}")
            group = request.query.get("group", "hitting")
            year = request.int_param("season", season.season)
            sport_id = request.int_param("sportId")
            assert year is not None
            return ApiResponse(200, orjson.dumps(documents.game_log(season, player_id, group, year, sport_id)))
        if request.route == "people":
            ids, hydrate = people_query(request)
            year = int(str(hydrate.get("season") or season.season)) if hydrate else season.season
            document = documents.people_game_logs(season, ids, hydrate_groups(hydrate), year, hydrate_sports(hydrate))
            return ApiResponse(200, orjson.dumps(document))
        if request.route == "person":
            person = documents.person(season, request.int_id())
            return ApiResponse(200, orjson.dumps(person)) if person is not None else not_found()
        if request.route == "sportPlayers":
            year = request.int_param("season", season.season)
            assert year is not None
            return ApiResponse(200, orjson.dumps(documents.sport_players(season, request.int_id(), year)))
        if request.route == "feed":
            pk = request.int_id()
            feed_key = (version, pk)
            with self._lock:
                hit = feed_key in self._feeds
                data = self._feeds.get(feed_key)
            if not hit:
                data = documents.feed_bytes(season, pk)
                with self._lock:
                    self._feeds[feed_key] = data
                    while len(self._feeds) > self._feed_cache:
                        self._feeds.popitem(last=False)
            return ApiResponse(200, data) if data is not None else not_found()
        return not_found()


class SeasonsSource:
    """Several generated seasons served as one API: each request goes to the season it names.

    Schedules, game logs and players lists name their season in the query; a feed belongs to the season
    whose schedule holds its ``gamePk`` (give each season its own ``first_game_pk``).
    """

    def __init__(self, seasons: list[FakeSeason]) -> None:
        if not seasons:
            raise ValueError("SeasonsSource needs at least one season")
        self.sources = {season.season: GeneratedSource(season) for season in seasons}
        if len(self.sources) != len(seasons):
            raise ValueError("each season can be served once")
        self._first = self.sources[min(self.sources)]

    def describe(self) -> str:
        """One line per season, joined."""
        return "; ".join(source.describe() for _, source in sorted(self.sources.items()))

    def respond(self, request: ApiRequest) -> ApiResponse:
        """Route a request to the season it asks about (the first season when it names none)."""
        year: int | None = None
        if request.route == "people":
            _, hydrate = people_query(request)
            if hydrate and hydrate.get("season"):
                year = int(str(hydrate["season"]))
        elif request.route in ("schedule", "gameLog", "sportPlayers"):
            year = request.int_param("season")
        elif request.route == "feed":
            pk = request.int_id()
            year = next((y for y, source in self.sources.items() if pk in source.season.games_by_pk), None)
        elif request.route == "person":
            pk = request.int_id()
            year = next((y for y, source in self.sources.items() if pk in source.season.players_by_id), None)
        # A season not served goes to the first one, which answers it as a season it does not hold.
        return self.sources.get(year, self._first).respond(request)


class DirectorySource:
    """Answers from a ``ReplaySource`` directory (see ``replay.py`` for the file mapping)."""

    def __init__(self, replay: ReplaySource) -> None:
        self.replay = replay

    def describe(self) -> str:
        """One line: the directory served."""
        return self.replay.describe()

    def respond(self, request: ApiRequest) -> ApiResponse:
        """Map a request to a file."""
        if request.route == "gameLog":
            player_id = request.int_id()
            season = request.int_param("season")
            sport_id = request.int_param("sportId")
            group = request.query.get("group", "hitting")
            return ApiResponse(200, self.replay.game_log(player_id, group, season, sport_id))
        if request.route == "schedule":
            sport_id = request.int_param("sportId", 1)
            season = request.int_param("season")
            assert sport_id is not None
            if season is None:
                raise BadRequest("Invalid Request: season is required when replaying a schedule")
            return ApiResponse(200, self.replay.schedule(sport_id, season))
        data = self.replay.plain(request.path)
        return ApiResponse(200, data) if data is not None else not_found()


def as_source(handler_source: Any) -> ResponseSource:
    """A ``FakeSeason`` (or a list of them), a replay directory (path or ``ReplaySource``), a ``ResponseSource``."""
    if isinstance(handler_source, FakeSeason):
        return GeneratedSource(handler_source)
    if isinstance(handler_source, list | tuple) and all(isinstance(item, FakeSeason) for item in handler_source):
        return SeasonsSource(list(handler_source))
    if isinstance(handler_source, ReplaySource):
        return DirectorySource(handler_source)
    if isinstance(handler_source, str | Path):
        return DirectorySource(ReplaySource(handler_source))
    if hasattr(handler_source, "respond"):
        return handler_source  # type: ignore[no-any-return]
    raise TypeError(f"cannot serve {type(handler_source).__name__}")


class _Handler(BaseHTTPRequestHandler):
    server_version = "fake-statsapi/1"
    protocol_version = "HTTP/1.1"  # keep-alive, as clients with a Session expect
    # Headers and body leave in one buffered write with Nagle off: separate small writes on a kept-alive
    # connection otherwise stall ~40 ms each on delayed ACKs.
    disable_nagle_algorithm = True
    wbufsize = 1 << 16
    app: FakeStatsApiServer

    def do_GET(self) -> None:  # noqa: N802 - the stdlib's naming
        self.app.handle(self)

    def do_POST(self) -> None:  # noqa: N802
        self.app.handle_post(self)

    def _refuse(self) -> None:
        self.app.send(self, "other", ApiResponse(405, error_body(405, "Method not allowed")))

    do_PUT = do_DELETE = do_PATCH = _refuse  # noqa: N815

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the stdlib's signature
        if self.app.verbose:
            super().log_message(format, *args)


class FakeStatsApiServer:
    """The fake API on a background thread.

    Args:
        handler_source: What to serve (see ``as_source``).
        host: Interface to bind; loopback only by default.
        port: Port, 0 for a free one (read ``.port`` / ``.base_url`` after construction).
        latency_ms: Sleep this long before answering each request.
        faults: Injected failures (see ``faults.Faults``); None for none.
        verbose: Log each request to stderr.
    """

    def __init__(
        self,
        handler_source: Any,
        host: str = "127.0.0.1",
        port: int = 0,
        latency_ms: float = 0,
        faults: Faults | None = None,
        verbose: bool = False,
    ) -> None:
        self.source = as_source(handler_source)
        self.latency_ms = latency_ms
        self.faults = faults or Faults()
        self.verbose = verbose
        self.request_counts: Counter[str] = Counter()
        self.status_counts: Counter[str] = Counter()
        self.fault_counts: Counter[str] = Counter()
        self._attempts: Counter[str] = Counter()
        self._counter_lock = threading.Lock()
        handler = type("Handler", (_Handler,), {"app": self})
        self._httpd = ThreadingHTTPServer((host, port), handler)
        self._httpd.daemon_threads = True
        self._thread: threading.Thread | None = None
        self._stopping = threading.Event()  # wakes hung requests so stop() never waits for them
        self._fault_actions = {
            RESPOND: self._respond_fault,
            HANG: self._hang,
            RESET: self._reset,
            RESET_MID: self._reset_mid,
            TRUNCATE: self._truncate,
        }

    # ------------------------------------------------------------------ lifecycle
    @property
    def host(self) -> str:
        """The bound interface."""
        return str(self._httpd.server_address[0])

    @property
    def port(self) -> int:
        """The bound port."""
        return int(self._httpd.server_address[1])

    @property
    def base_url(self) -> str:
        """``http://127.0.0.1:PORT``: what a client's base URL should be."""
        return f"http://{self.host}:{self.port}"

    def start(self) -> FakeStatsApiServer:
        """Serve on a daemon thread."""
        if self._thread is None:
            self._thread = threading.Thread(target=self.serve_forever, name="fake-statsapi", daemon=True)
            self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving and release the port; requests being held by a hang fault are dropped at once."""
        self._stopping.set()
        if self._thread is not None:
            self._httpd.shutdown()
            self._thread.join(timeout=5)
            self._thread = None
        self._httpd.server_close()

    def __enter__(self) -> FakeStatsApiServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # ------------------------------------------------------------------ counters
    def stats(self) -> dict[str, Any]:
        """Request counters (what ``GET /__stats`` returns)."""
        with self._counter_lock:
            return {
                "requests": dict(self.request_counts),
                "total": sum(self.request_counts.values()),
                "responses": dict(self.status_counts),
                "faults": dict(self.fault_counts),
            }

    def reset_stats(self) -> None:
        """Zero the counters (fault attempt numbering too)."""
        with self._counter_lock:
            self.request_counts.clear()
            self.status_counts.clear()
            self.fault_counts.clear()
            self._attempts.clear()

    def attempts_needed(self, target: str, limit: int = 100) -> int | None:
        """How many attempts a request needs to get a normal answer, counted from a fresh server.

        Args:
            target: Path and query as a client sends it, e.g. ``/api/v1.1/game/775010/feed/live``.
            limit: Attempts to look ahead.

        Returns:
            1 when the first attempt gets through; None when none does within ``limit`` (a permanent fault).
        """
        request = parse_request(target)
        key = request_key(request.path, request.query)
        return self.faults.attempts_needed(request.route, key, _game_pk(request), limit)

    # ------------------------------------------------------------------ requests
    def handle(self, http: BaseHTTPRequestHandler) -> None:
        """Answer one GET."""
        request = parse_request(http.path)
        if request.path == "/__stats":
            self._write(http, ApiResponse(200, orjson.dumps(self.stats())))
            return
        route = request.route
        key = request_key(request.path, request.query)
        with self._counter_lock:
            self.request_counts[route] += 1
            attempt = self._attempts[key]
            self._attempts[key] += 1
        if self.latency_ms:
            time.sleep(self.latency_ms / 1000)
        fault = self.faults.decide(route, key, attempt, _game_pk(request))
        if fault is not None:
            with self._counter_lock:
                self.fault_counts[fault.reason or fault.action] += 1
            self._fault_actions[fault.action](http, request, fault)
            return
        self.send(http, route, self._answer(request))

    def _answer(self, request: ApiRequest) -> ApiResponse:
        try:
            return self.source.respond(request)
        except BadRequest as exc:
            return ApiResponse(400, error_body(400, str(exc)))

    def send(self, http: BaseHTTPRequestHandler, route: str, response: ApiResponse) -> None:
        """Count and write a response."""
        with self._counter_lock:
            self.status_counts[str(response.status)] += 1
        self._write(http, response)

    def handle_post(self, http: BaseHTTPRequestHandler) -> None:
        """``POST /__control``: change a generated season between runs (anything else: 405).

        The body is a JSON object with any of ``"finish_live": true | [pk, ...]``, ``"republish": [pk, ...]``
        and ``"reset_stats": true``; the answer says what changed and which games are still live.
        """
        if urlsplit(http.path).path != "/__control":
            self.send(http, "other", ApiResponse(405, error_body(405, "Method not allowed")))
            return
        length = int(http.headers.get("Content-Length") or 0)
        try:
            command = orjson.loads(http.rfile.read(length) or b"{}")
            if not isinstance(command, dict):
                raise ValueError("the body must be a JSON object")
            answer = self.control(**command)
        except (ValueError, TypeError) as exc:
            self._write(http, ApiResponse(400, error_body(400, str(exc))))
            return
        self._write(http, ApiResponse(200, orjson.dumps(answer)))

    def control(
        self,
        finish_live: bool | list[int] = False,
        republish: int | list[int] | None = None,
        reset_stats: bool = False,
    ) -> dict[str, Any]:
        """What ``POST /__control`` does: finish live games, republish games, zero the counters.

        Args:
            finish_live: True for every live game, or a list of game pks.
            republish: Game pks to publish a corrected edition of (one revision each).
            reset_stats: Zero the counters and attempt numbers afterwards.

        Returns:
            ``{"finished": [pk], "republished": {pk: revision}, "in_progress": [pk], "version": n}``.
        """
        season = getattr(self.source, "season", None)
        if (finish_live or republish) and not isinstance(season, FakeSeason):
            raise ValueError("only a generated season can be changed")
        finished: list[int] = []
        republished: dict[str, int] = {}
        if isinstance(season, FakeSeason):
            if finish_live:
                finished = season.finish_live_games(None if finish_live is True else [int(pk) for pk in finish_live])
            for pk in [republish] if isinstance(republish, int) else republish or []:
                republished[str(pk)] = season.republish(int(pk))
        if reset_stats:
            self.reset_stats()
        return {
            "finished": finished,
            "republished": republished,
            "in_progress": season.in_progress_games() if isinstance(season, FakeSeason) else [],
            "version": season.version if isinstance(season, FakeSeason) else 0,
        }

    # ------------------------------------------------------------------ faults
    def _respond_fault(self, http: BaseHTTPRequestHandler, request: ApiRequest, fault: Fault) -> None:
        self.send(http, request.route, ApiResponse(fault.status, fault.body, dict(fault.headers)))

    def _hang(self, http: BaseHTTPRequestHandler, request: ApiRequest, fault: Fault) -> None:
        stopping = self._stopping.wait(fault.seconds)
        if stopping or fault.then == "drop":
            http.close_connection = True  # closed without a byte: the client reads end-of-file
            return
        self.send(http, request.route, self._answer(request))

    def _reset(self, http: BaseHTTPRequestHandler, request: ApiRequest, fault: Fault) -> None:
        _abort(http)

    def _reset_mid(self, http: BaseHTTPRequestHandler, request: ApiRequest, fault: Fault) -> None:
        response = self._answer(request)
        self._write(http, response, len(response.body) // 2)
        _abort(http)

    def _truncate(self, http: BaseHTTPRequestHandler, request: ApiRequest, fault: Fault) -> None:
        response = self._answer(request)
        half = response.body[: len(response.body) // 2]
        self.send(http, request.route, ApiResponse(response.status, half, response.headers))

    @staticmethod
    def _write(http: BaseHTTPRequestHandler, response: ApiResponse, body_bytes: int | None = None) -> None:
        """Write a response; ``body_bytes`` sends only that much of the body (Content-Length still says all)."""
        http.send_response(response.status)
        http.send_header("Content-Type", response.headers.get("Content-Type", JSON_TYPE))
        http.send_header("Content-Length", str(len(response.body)))
        for name, value in response.headers.items():
            if name != "Content-Type":
                http.send_header(name, value)
        http.end_headers()
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):  # the client hung up
            http.wfile.write(response.body if body_bytes is None else response.body[:body_bytes])
            http.wfile.flush()

    def serve_forever(self) -> None:
        """Serve on the calling thread until ``stop()`` (or an interrupt)."""
        self._httpd.serve_forever(poll_interval=0.1)


def _game_pk(request: ApiRequest) -> int | None:
    """The game of a feed request (None for other routes or a non-numeric pk)."""
    if request.route == "feed" and request.path_id is not None and request.path_id.isdigit():
        return int(request.path_id)
    return None


def _abort(http: BaseHTTPRequestHandler) -> None:
    """Close the connection with a TCP RST (SO_LINGER 0): the client sees ECONNRESET, not an orderly end."""
    sock = http.connection
    with contextlib.suppress(OSError):
        http.wfile.flush()
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    http.close_connection = True
    for stream in (http.rfile, http.wfile):
        with contextlib.suppress(OSError):
            stream.close()  # release the socket's file objects, so close() below closes it now
    # The handler flushes and closes its streams after us: give it harmless ones.
    http.rfile, http.wfile = io.BytesIO(), io.BytesIO()
    sock.close()


def start_replay_server(
    directory: str | Path, host: str = "127.0.0.1", port: int = 0, latency_ms: float = 0
) -> FakeStatsApiServer:
    """Start the fake API serving a directory of recorded responses (see ``replay.py`` for the mapping)."""
    return FakeStatsApiServer(ReplaySource(directory), host, port, latency_ms).start()


def _schedule_date(text: str) -> dt.date:
    """A schedule date as the API takes it: ``2025-04-06`` or ``04/06/2025``."""
    try:
        if "/" in text:
            month, day, year = (int(part) for part in text.split("/"))
            return dt.date(year, month, day)
        return dt.date.fromisoformat(text)
    except ValueError:
        raise BadRequest(f"Invalid Request with value: {text}") from None


def schedule_dates(query: dict[str, str]) -> tuple[dt.date | None, dt.date | None]:
    """The ``date`` or ``startDate``/``endDate`` filter of a schedule request (None where absent)."""
    if query.get("date"):
        day = _schedule_date(query["date"])
        return day, day
    start = _schedule_date(query["startDate"]) if query.get("startDate") else None
    end = _schedule_date(query["endDate"]) if query.get("endDate") else None
    return start, end


def start_server(
    handler_source: Any,
    host: str = "127.0.0.1",
    port: int = 0,
    latency_ms: float = 0,
    faults: Faults | None = None,
    verbose: bool = False,
) -> FakeStatsApiServer:
    """Start the fake API on a background thread; use as a context manager or call ``.stop()``.

    Args:
        handler_source: A ``FakeSeason``, a replay directory (``str``/``Path``/``ReplaySource``) or any
            object with ``respond(ApiRequest) -> ApiResponse`` and ``describe()``.
        host: Interface to bind (loopback by default).
        port: 0 picks a free port.
        latency_ms: Per-request delay.
        faults: Injected failures.
        verbose: Log requests to stderr.

    Returns:
        The running server (``.base_url``, ``.stats()``, ``.stop()``).
    """
    return FakeStatsApiServer(handler_source, host, port, latency_ms, faults, verbose).start()
