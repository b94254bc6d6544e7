"""Fault injection for the fake server: which request gets which failure, decided reproducibly.

The server asks ``Faults.decide(route, key, attempt)`` once per request, where ``key`` is the request's path
and sorted query and ``attempt`` counts earlier requests with the same key. Transient faults (429, 5xx) are
drawn per attempt, so a client that retries eventually gets through; ``not_found_rate`` is drawn per key,
so a missing object stays missing however often it is asked for, as on the real API.

New kinds of fault (timeouts, connection resets, truncated JSON, ...) are added as new ``Fault.action``
values here and one handler method in ``server.py``.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

import orjson

API_ROUTES: tuple[str, ...] = ("sports", "schedule", "gameLog", "person", "feed", "other")

RESPOND = "respond"  # send ``status`` with ``body`` and ``headers`` instead of the real answer


@dataclass(frozen=True)
class Fault:
    """What to do instead of answering a request normally."""

    action: str
    status: int = 500
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    reason: str = ""


def error_body(status: int, message: str) -> bytes:
    """A JSON error body shaped like the real API's (``messageNumber``, ``message``, ``timestamp``)."""
    number = {404: 10, 400: 11}.get(status, 1)
    now = dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    return orjson.dumps({"messageNumber": number, "message": message, "timestamp": now, "traceId": None})


@dataclass
class Faults:
    """Rates of injected failures, deterministic for a seed.

    Args:
        seed: Seed of every draw.
        not_found_rate: Share of keys (paths) answered 404, permanently.
        status_5xx_rate: Share of attempts answered 500/502/503/504.
        rate_429: Share of attempts answered 429 Too Many Requests with ``Retry-After``.
        retry_after_s: The ``Retry-After`` seconds sent with a 429.
        routes: Routes faults apply to (``API_ROUTES`` names); the rest are always answered normally.
    """

    seed: int = 0
    not_found_rate: float = 0.0
    status_5xx_rate: float = 0.0
    rate_429: float = 0.0
    retry_after_s: int = 1
    routes: tuple[str, ...] = API_ROUTES

    def active(self) -> bool:
        """Whether any fault can fire."""
        return (self.not_found_rate + self.status_5xx_rate + self.rate_429) > 0

    def decide(self, route: str, key: str, attempt: int) -> Fault | None:
        """The fault for this request, or None to answer it normally."""
        if route not in self.routes or not self.active():
            return None
        if self.not_found_rate and random.Random(f"{self.seed}/404/{key}").random() < self.not_found_rate:
            return Fault(RESPOND, 404, error_body(404, "Object not found"), reason="not_found")
        u = random.Random(f"{self.seed}/{key}/{attempt}").random()
        if u < self.rate_429:
            return Fault(
                RESPOND,
                429,
                error_body(429, "Too Many Requests"),
                {"Retry-After": str(self.retry_after_s)},
                reason="rate_limited",
            )
        u -= self.rate_429
        if u < self.status_5xx_rate:
            status = (500, 502, 503, 504)[int(u / self.status_5xx_rate * 4) % 4]
            return Fault(RESPOND, status, error_body(status, "Server error"), reason="server_error")
        return None
