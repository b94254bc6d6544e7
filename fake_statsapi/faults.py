"""Fault injection for the fake server: which request gets which failure, decided reproducibly.

The server asks ``Faults.decide(route, key, attempt, game_pk)`` once per request, where ``key`` is the
request's path and sorted query and ``attempt`` counts earlier requests with the same key (0 for the first).

- Faults named for a game (``fail_game_pks``) come first: a test says exactly which feeds fail, how, and for
  how many attempts.
- ``not_found_rate`` is drawn per key, so a missing object stays missing however often it is asked for, as
  on the real API.
- Every other rate is drawn per ``(seed, key, attempt)``: the n-th retry of a request always gets the same
  answer, a retrying client gets through, and ``attempts_needed`` tells a test how many tries that takes.

A kind of fault is a ``Fault.action`` here plus one handler in ``FakeStatsApiServer._fault_actions``.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import random
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import orjson

API_ROUTES: tuple[str, ...] = ("sports", "schedule", "people", "gameLog", "person", "sportPlayers", "feed", "other")

# What the server does instead of answering normally.
RESPOND = "respond"  # send ``status`` with ``body`` and ``headers``
HANG = "hang"  # hold the connection ``seconds``, then answer (``then`` "answer") or close it ("drop")
RESET = "reset"  # abort the connection (TCP RST) before sending a byte
RESET_MID = "reset_mid"  # send the headers and half the body, then abort
TRUNCATE = "truncate"  # send the first half of the body, with a Content-Length that matches it

# Kinds a game can be made to fail with (``fail_game_pks``), and the ``/__stats`` fault counter they feed.
GAME_FAULT_KINDS: dict[str, str] = {
    "404": "not_found",
    "429": "rate_limited",
    "500": "server_error",
    "502": "server_error",
    "503": "server_error",
    "504": "server_error",
    "hang": "hang",
    "reset": "reset",
    "reset_mid": "reset_mid",
    "truncate": "truncate",
    "invalid_json": "invalid_json",
}
HANG_THEN = ("answer", "drop")

# What a proxy in front of an API answers when the service behind it is down: HTML, with status 200.
HTML_ERROR_PAGE = (
    b"<!DOCTYPE html>\n<html><head><title>Service Temporarily Unavailable</title></head>\n"
    b"<body><h1>Service Temporarily Unavailable</h1>\n"
    b"<p>The server is temporarily unable to service your request. Please try again later.</p>\n"
    b"</body></html>\n"
)
HTML_TYPE = "text/html; charset=UTF-8"

FAULTS_ENV = "FAKE_STATSAPI_FAULTS"
FAIL_GAMES_ENV = "FAKE_STATSAPI_FAIL_GAMES"

# Keys of the spec string (``FAKE_STATSAPI_FAULTS``, ``--faults``) and the ``Faults`` field each sets.
SPEC_KEYS: dict[str, str] = {
    "404": "not_found_rate",
    "429": "rate_429",
    "5xx": "status_5xx_rate",
    "hang": "hang_rate",
    "reset": "reset_rate",
    "truncate": "truncate_rate",
    "invalid_json": "invalid_json_rate",
    "retry_after": "retry_after_s",
    "hang_s": "hang_s",
    "hang_then": "hang_then",
    "seed": "seed",
    "routes": "routes",
}


@dataclass(frozen=True)
class Fault:
    """What to do instead of answering a request normally."""

    action: str
    status: int = 500
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    reason: str = ""
    seconds: float = 0.0
    then: str = "answer"


def error_body(status: int, message: str) -> bytes:
    """A JSON error body shaped like the real API's (``messageNumber``, ``message``, ``timestamp``)."""
    number = {404: 10, 400: 11}.get(status, 1)
    now = dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    return orjson.dumps({"messageNumber": number, "message": message, "timestamp": now, "traceId": None})


@dataclass
class Faults:
    """Injected failures, deterministic for a seed.

    Args:
        seed: Seed of every draw.
        not_found_rate: Share of keys (path + query) answered 404, permanently.
        status_5xx_rate: Share of attempts answered 500/502/503/504.
        rate_429: Share of attempts answered 429 Too Many Requests with ``Retry-After``.
        retry_after_s: The ``Retry-After`` seconds sent with a 429.
        hang_rate: Share of attempts held open ``hang_s`` seconds (past a client's read timeout).
        hang_s: How long a hung request is held.
        hang_then: After the hang, ``"answer"`` normally or ``"drop"`` the connection without a byte.
        reset_rate: Share of attempts whose connection is aborted (TCP RST): half before any byte, half after
            the headers and half the body.
        truncate_rate: Share of attempts answered with the first half of the body (``Content-Length`` says
            the half, so HTTP is satisfied and only the JSON parser notices).
        invalid_json_rate: Share of attempts answered 200 with an HTML error page (``text/html``).
        routes: Routes the rates apply to (``API_ROUTES`` names); the rest are always answered normally.
        fail_game_pks: Feeds that fail whatever the rates say: ``{game_pk: kind}`` fails every attempt,
            ``{game_pk: (kind, n)}`` the first ``n`` only. Kinds: ``GAME_FAULT_KINDS`` ("404", "429",
            "500", "502", "503", "504", "hang", "reset", "reset_mid", "truncate", "invalid_json"); the
            string form ``"kind:n"`` is accepted too.
    """

    seed: int = 0
    not_found_rate: float = 0.0
    status_5xx_rate: float = 0.0
    rate_429: float = 0.0
    retry_after_s: int = 1
    routes: tuple[str, ...] = API_ROUTES
    hang_rate: float = 0.0
    hang_s: float = 5.0
    hang_then: str = "answer"
    reset_rate: float = 0.0
    truncate_rate: float = 0.0
    invalid_json_rate: float = 0.0
    fail_game_pks: Mapping[int, str | tuple[str, int]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.routes = tuple(self.routes)
        unknown = set(self.routes) - set(API_ROUTES)
        if unknown:
            raise ValueError(f"unknown routes {sorted(unknown)}; known: {', '.join(API_ROUTES)}")
        if self.hang_then not in HANG_THEN:
            raise ValueError(f"hang_then must be one of {HANG_THEN}, not {self.hang_then!r}")
        rates = (self.rate_429, self.status_5xx_rate, self.hang_rate, self.reset_rate)
        rates += (self.truncate_rate, self.invalid_json_rate)
        if not all(0 <= rate <= 1 for rate in (*rates, self.not_found_rate)) or sum(rates) > 1:
            raise ValueError("fault rates must lie in [0, 1], and the per-attempt ones sum to at most 1")
        self._targets: dict[int, tuple[str, int | None]] = {
            int(pk): _game_fault(spec) for pk, spec in self.fail_game_pks.items()
        }

    # ------------------------------------------------------------------ building
    @classmethod
    def from_spec(cls, spec: str = "", fail_games: str = "", **overrides: Any) -> Faults:
        """Faults from the spec strings of ``FAKE_STATSAPI_FAULTS`` and ``FAKE_STATSAPI_FAIL_GAMES``.

        Args:
            spec: ``"404=0.1,429=0.05,retry_after=1,5xx=0.02,hang=0.01,hang_s=5,hang_then=drop,reset=0.01,
                truncate=0.01,invalid_json=0.01,seed=3,routes=feed+gameLog"`` (any subset; see ``SPEC_KEYS``).
            fail_games: ``"775010=reset,775011=500:2"``: game pk = kind, optionally ``:n`` attempts.
            overrides: ``Faults`` fields that win over both strings.
        """
        return cls(**{**parse_spec(spec), **_fail_games_kwargs(fail_games), **overrides})

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None, **overrides: Any) -> Faults:
        """Faults from ``FAKE_STATSAPI_FAULTS`` and ``FAKE_STATSAPI_FAIL_GAMES`` (unset: no faults)."""
        env = os.environ if environ is None else environ
        return cls.from_spec(env.get(FAULTS_ENV, ""), env.get(FAIL_GAMES_ENV, ""), **overrides)

    def replace(self, **changes: Any) -> Faults:
        """A copy with some fields changed."""
        return dataclasses.replace(self, **changes)

    def describe(self) -> str:
        """One line naming the faults that can fire (empty when none can)."""
        parts = [
            f"{key}={getattr(self, name)}" for key, name in SPEC_KEYS.items() if "rate" in name and getattr(self, name)
        ]
        if self.rate_429:
            parts.append(f"retry_after={self.retry_after_s}")
        if self.hang_rate:
            parts.append(f"hang_s={self.hang_s} hang_then={self.hang_then}")
        parts += [f"game {pk}={kind}" + (f":{n}" if n is not None else "") for pk, (kind, n) in self._targets.items()]
        if parts and self.routes != API_ROUTES:
            parts.append(f"routes={'+'.join(self.routes)}")
        return ", ".join(parts) + (f" (seed {self.seed})" if parts else "")

    # ------------------------------------------------------------------ deciding
    def active(self) -> bool:
        """Whether any fault can fire."""
        rates = self.not_found_rate + self.status_5xx_rate + self.rate_429 + self.hang_rate
        return bool(rates + self.reset_rate + self.truncate_rate + self.invalid_json_rate) or bool(self._targets)

    def decide(self, route: str, key: str, attempt: int, game_pk: int | None = None) -> Fault | None:
        """The fault for this request, or None to answer it normally.

        Args:
            route: The route's counter name (``API_ROUTES``).
            key: Path and sorted query, as the server counts attempts.
            attempt: How many requests with this key came before (0 for the first).
            game_pk: The game of a feed request, for ``fail_game_pks``.
        """
        if game_pk is not None and route == "feed" and game_pk in self._targets:
            kind, attempts = self._targets[game_pk]
            if attempts is None or attempt < attempts:
                return self._fault(kind)
        if route not in self.routes or not self.active():
            return None
        if self.not_found_rate and random.Random(f"{self.seed}/404/{key}").random() < self.not_found_rate:
            return self._fault("404")
        u = random.Random(f"{self.seed}/{key}/{attempt}").random()
        # The order of the bands is part of determinism: the first two are the original 429 and 5xx.
        if u < self.rate_429:
            return self._fault("429")
        u -= self.rate_429
        if u < self.status_5xx_rate:
            return self._fault(("500", "502", "503", "504")[int(u / self.status_5xx_rate * 4) % 4])
        u -= self.status_5xx_rate
        for rate, kind in (
            (self.hang_rate, "hang"),
            (self.reset_rate, "reset"),
            (self.truncate_rate, "truncate"),
            (self.invalid_json_rate, "invalid_json"),
        ):
            if u < rate:
                if kind == "reset" and u >= rate / 2:
                    kind = "reset_mid"
                return self._fault(kind)
            u -= rate
        return None

    def attempts_needed(self, route: str, key: str, game_pk: int | None = None, limit: int = 100) -> int | None:
        """How many attempts, counted from a fresh server, until this request is answered normally.

        1 means the first attempt gets through. None means it never does within ``limit`` attempts (a 404
        drawn by ``not_found_rate``, or a game failing permanently). A hang counts as a failed attempt, as it
        is for a client whose timeout is shorter than ``hang_s``.
        """
        for attempt in range(limit):
            if self.decide(route, key, attempt, game_pk) is None:
                return attempt + 1
        return None

    def _fault(self, kind: str) -> Fault:
        reason = GAME_FAULT_KINDS[kind]
        if kind == "404":
            return Fault(RESPOND, 404, error_body(404, "Object not found"), reason=reason)
        if kind == "429":
            headers = {"Retry-After": str(self.retry_after_s)}
            return Fault(RESPOND, 429, error_body(429, "Too Many Requests"), headers, reason=reason)
        if kind.isdigit():
            return Fault(RESPOND, int(kind), error_body(int(kind), "Server error"), reason=reason)
        if kind == "invalid_json":
            return Fault(RESPOND, 200, HTML_ERROR_PAGE, {"Content-Type": HTML_TYPE}, reason=reason)
        if kind == "hang":
            return Fault(HANG, reason=reason, seconds=self.hang_s, then=self.hang_then)
        return Fault({"reset": RESET, "reset_mid": RESET_MID, "truncate": TRUNCATE}[kind], reason=reason)


def _game_fault(spec: str | tuple[str, int]) -> tuple[str, int | None]:
    if isinstance(spec, tuple):
        kind, attempts = spec
    else:
        kind, _, count = str(spec).partition(":")
        attempts = int(count) if count else None
    kind = kind.strip()
    if kind not in GAME_FAULT_KINDS:
        raise ValueError(f"unknown fault kind {kind!r}; known: {', '.join(GAME_FAULT_KINDS)}")
    if attempts is not None and attempts < 0:
        raise ValueError(f"attempts must be >= 0, not {attempts}")
    return kind, None if attempts is None else int(attempts)


def parse_spec(spec: str) -> dict[str, Any]:
    """``"404=0.1,429=0.05,seed=3"`` -> ``{"not_found_rate": 0.1, "rate_429": 0.05, "seed": 3}``."""
    out: dict[str, Any] = {}
    for item in spec.split(","):
        if not item.strip():
            continue
        key, sep, value = (part.strip() for part in item.partition("="))
        if not sep or key not in SPEC_KEYS:
            raise ValueError(
                f"bad fault setting {item.strip()!r}; expected KEY=VALUE with KEY in {', '.join(SPEC_KEYS)}"
            )
        name = SPEC_KEYS[key]
        if name == "routes":
            out[name] = tuple(route for route in value.split("+") if route)
        elif name == "hang_then":
            out[name] = value
        elif name in ("seed", "retry_after_s"):
            out[name] = int(value)
        else:
            out[name] = float(value)
    return out


def parse_fail_games(spec: str) -> dict[int, str]:
    """``"775010=reset,775011=500:2"`` -> ``{775010: "reset", 775011: "500:2"}`` (checked)."""
    out: dict[int, str] = {}
    for item in spec.split(","):
        if not item.strip():
            continue
        pk, sep, kind = (part.strip() for part in item.partition("="))
        if not sep or not pk.isdigit():
            raise ValueError(f"bad failing game {item.strip()!r}; expected GAME_PK=KIND[:ATTEMPTS]")
        _game_fault(kind)
        out[int(pk)] = kind
    return out


def _fail_games_kwargs(spec: str) -> dict[str, Any]:
    games = parse_fail_games(spec)
    return {"fail_game_pks": games} if games else {}
