"""The one module that talks HTTP to the MLB Stats API: base URL, session, retries, rate cap, concurrency."""

from __future__ import annotations

import threading
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import msgspec
import orjson
from dlt.sources.helpers.requests import Client
from dlt.sources.helpers.requests.retry import DEFAULT_RETRY_EXCEPTIONS
from requests import RequestException, Response

from loader import settings
from loader.documents import compact_json
from loader.settings import USER_AGENT


class StatsApiError(Exception):
    """A response the loader cannot use (after retries): wrong status or a body that is not the JSON expected."""

    def __init__(self, message: str, status: int | None = None) -> None:
        super().__init__(message)
        self.status = status


class StatsApiUnreachable(StatsApiError):
    """No response at all (refused, unknown host, timeouts) after every attempt."""


class RateLimiter:
    """Spaces requests so that at most ``rate`` start per second, across threads.

    dlt's requests client retries but does not pace; the public API asks for politeness, so each request
    reserves the next free slot before it is sent.
    """

    def __init__(self, rate: float) -> None:
        self._interval = 1.0 / rate if rate > 0 else 0.0
        self._next = time.monotonic()
        self._lock = threading.Lock()

    def wait(self) -> None:
        if not self._interval:
            return
        with self._lock:
            now = time.monotonic()
            slot = max(self._next, now)
            self._next = slot + self._interval
        if slot > now:
            time.sleep(slot - now)


@dataclass
class FeedResult:
    """What one feed/live fetch produced: the feed as compact JSON text (``documents.feed_row`` reads it), or why
    there is none."""

    game_pk: int
    body: bytes | None
    status: int | None
    reason: str | None = None
    error: str | None = None


class StatsApiClient:
    """A Stats API client with dlt's retrying session (429/5xx/timeouts, honouring Retry-After) and a rate cap.

    Each argument left out (None) is the configured one (``[sources.statsapi]`` of ``.dlt/config.toml``).

    Args:
        base_url: API root, e.g. ``https://statsapi.mlb.com`` or a local fake on 127.0.0.1.
        rate_per_second: cap on requests started per second (0 = no cap).
        concurrency: feeds fetched at once.
        timeout: seconds before a request is abandoned (and retried).
        max_attempts: attempts per request, the first included.
        backoff_factor: seconds of the first retry's wait, doubled on each further one.
    """

    def __init__(
        self,
        base_url: str | None = None,
        rate_per_second: float | None = None,
        concurrency: int | None = None,
        timeout: float | None = None,
        max_attempts: int | None = None,
        backoff_factor: float | None = None,
        max_retry_delay: float = 60.0,
    ) -> None:
        api = settings.api_settings()
        base_url = api.base_url if base_url is None else base_url
        rate_per_second = api.rate_per_second if rate_per_second is None else rate_per_second
        concurrency = api.concurrency if concurrency is None else concurrency
        timeout = api.timeout_seconds if timeout is None else timeout
        max_attempts = api.max_attempts if max_attempts is None else max_attempts
        backoff_factor = api.backoff_seconds if backoff_factor is None else backoff_factor
        self.base_url = base_url.rstrip("/")
        self.max_attempts = max(1, max_attempts)
        self.backoff_factor = backoff_factor
        self.max_retry_delay = max_retry_delay
        self.concurrency = max(1, concurrency)
        self.requests_by_route: Counter[str] = Counter()
        self.attempts = 0
        self._counter_lock = threading.Lock()
        self._limiter = RateLimiter(rate_per_second)
        self._client = Client(
            request_timeout=timeout,
            raise_for_status=False,
            request_max_attempts=max_attempts,
            request_backoff_factor=backoff_factor,
            request_max_retry_delay=max_retry_delay,
            # The retry decision is ours (same rules as dlt's defaults) so that every attempt is counted: dlt
            # evaluates its own status/exception conditions first and skips a custom predicate after them.
            status_codes=(),
            exceptions=(),
            retry_condition=self._retry_decision,
            max_connections=self.concurrency + 2,
            session_attrs={"headers": {"User-Agent": USER_AGENT, "Accept": "application/json"}},
        )

    def _retry_decision(self, response: Response | None, exception: BaseException | None) -> bool:
        # Called by dlt's retry loop after every attempt.
        with self._counter_lock:
            self.attempts += 1
        if exception is not None:
            return isinstance(exception, DEFAULT_RETRY_EXCEPTIONS)
        return response is not None and (response.status_code == 429 or response.status_code >= 500)

    def _get(self, route: str, path: str, params: dict[str, Any] | None = None, first: bool = True) -> Response:
        self._limiter.wait()
        if first:
            with self._counter_lock:
                self.requests_by_route[route] += 1
        return self._client.get(f"{self.base_url}{path}", params=params)

    def _get_document(
        self,
        route: str,
        path: str,
        params: dict[str, Any] | None = None,
        decode: Callable[[str, str, Response], Any] | None = None,
    ) -> tuple[Response, Any]:
        """GET and decode, retrying a 200 whose body is not JSON (truncated, an HTML error page).

        dlt's retries act on statuses and connection errors; a proxy's HTML page or a cut body arrives as
        200, so decoding failures get the same bounded, backed-off retries here.
        """
        for attempt in range(1, self.max_attempts + 1):
            response = self._get(route, path, params, first=attempt == 1)
            if response.status_code != 200:
                return response, None
            try:
                return response, (decode or _decode)(route, path, response)
            except StatsApiError:
                if attempt == self.max_attempts:
                    raise
                time.sleep(min(self.backoff_factor * 2 ** (attempt - 1), self.max_retry_delay))
        raise AssertionError("unreachable")

    def _get_json(self, route: str, path: str, params: dict[str, Any] | None = None) -> dict[str, Any]:
        started = time.monotonic()
        try:
            response, document = self._get_document(route, path, params)
        except RequestException as exc:
            attempts = self.max_attempts if isinstance(exc, DEFAULT_RETRY_EXCEPTIONS) else 1
            raise StatsApiUnreachable(
                f"cannot reach the Stats API at {urlsplit(self.base_url).netloc}: {_network_reason(exc)} "
                f"(GET {path}, {attempts} attempt{'s' if attempts > 1 else ''} in "
                f"{time.monotonic() - started:.1f} s)"
            ) from exc
        if response.status_code != 200:
            raise StatsApiError(f"{route} {path}: HTTP {response.status_code}", response.status_code)
        return document

    @property
    def request_count(self) -> int:
        """HTTP requests sent, retries included."""
        return self.attempts

    @property
    def retries(self) -> int:
        """Requests sent again after a 429/5xx, a network error or an undecodable body."""
        return self.attempts - sum(self.requests_by_route.values())

    def schedule(self, sport_id: int, season: int, game_type: str = "R") -> dict[str, Any]:
        """``/api/v1/schedule`` of a season at one level; ``hydrate=team`` brings each team's sport and league."""
        params = {"sportId": sport_id, "season": season, "gameType": game_type, "hydrate": "team"}
        return self._get_json("schedule", "/api/v1/schedule", params)

    def game_log(self, player_id: int, group: str, season: int, sport_id: int) -> dict[str, Any]:
        """``people/{id}/stats?stats=gameLog`` at ONE sportId: without it a minor-leaguer gets ``stats: []``."""
        params = {"stats": "gameLog", "group": group, "season": season, "sportId": sport_id}
        return self._get_json("gameLog", f"/api/v1/people/{player_id}/stats", params)

    def game_logs_batch(
        self, player_ids: Sequence[int], groups: Sequence[str], season: int, sport_id: int | None = None
    ) -> dict[str, Any]:
        """Several players' game logs in one ``/api/v1/people?personIds=…&hydrate=stats(…)`` request.

        ``sport_id`` None asks ``leagueListId=milb_all``, every minor level at once (without it a MiLB game log
        has no rows); otherwise that one sportId. Each split carries its ``sport``, so the caller keeps the
        levels it wants. Unknown ids are absent from ``people``.
        """
        scope = "leagueListId=milb_all" if sport_id is None else f"sportId={sport_id}"
        hydrate = f"stats(group=[{','.join(groups)}],type=[gameLog],season={season},{scope})"
        params = {"personIds": ",".join(str(player_id) for player_id in player_ids), "hydrate": hydrate}
        return self._get_json("people", "/api/v1/people", params)

    def sport_players(self, sport_id: int, season: int) -> dict[str, Any]:
        """``/api/v1/sports/{sportId}/players?season=S``: everyone who played at a level that season."""
        return self._get_json("sportPlayers", f"/api/v1/sports/{sport_id}/players", {"season": season})

    def feed(self, game_pk: int) -> FeedResult:
        """``/api/v1.1/game/{game_pk}/feed/live``; never raises for one game's failure (it is a ledger row)."""
        path = f"/api/v1.1/game/{game_pk}/feed/live"
        try:
            response, body = self._get_document("feed", path, decode=_compact_object)
        except RequestException as exc:
            return FeedResult(game_pk, None, None, "http_error", f"{type(exc).__name__}: {exc}")
        except StatsApiError as exc:
            return FeedResult(game_pk, None, exc.status, "malformed_response", str(exc))
        if response.status_code == 404:
            return FeedResult(game_pk, None, 404, "not_found", "HTTP 404")
        if response.status_code != 200:
            return FeedResult(game_pk, None, response.status_code, "http_error", f"HTTP {response.status_code}")
        return FeedResult(game_pk, body, response.status_code)

    def map_bounded(self, fn: Callable[[Any], Any], items: Iterable[Any]) -> Iterator[Any]:
        """Apply ``fn`` on ``concurrency`` threads, yielding results in input order with a bounded window.

        Hand-rolled over ThreadPoolExecutor (not dlt's deferred items) so that memory stays bounded by the
        window: at most ``2 × concurrency`` documents are in flight, however many games a season has.
        """
        window = 2 * self.concurrency
        with ThreadPoolExecutor(max_workers=self.concurrency, thread_name_prefix="statsapi") as pool:
            pending: list[Future[Any]] = []
            try:
                for item in items:
                    pending.append(pool.submit(fn, item))
                    if len(pending) >= window:
                        yield pending.pop(0).result()
                while pending:
                    yield pending.pop(0).result()
            finally:
                # A consumer that stops early (error, interrupt) waits only for the requests already running.
                for future in pending:
                    future.cancel()

    def close(self) -> None:
        self._client.session.close()


def _network_reason(exc: RequestException) -> str:
    """What went wrong, in a few words, from the exception chain requests and urllib3 build."""
    chain, cause = [], exc
    while cause is not None and len(chain) < 10:
        chain.append(f"{type(cause).__name__} {cause}")
        cause = cause.__cause__ or cause.__context__
    text = " ".join(chain + [str(arg) for arg in getattr(exc, "args", ())])
    for needle, reason in (
        ("Connection refused", "connection refused"),
        ("NameResolutionError", "host name not found"),
        ("Name or service not known", "host name not found"),
        ("Temporary failure in name resolution", "host name not found"),
        ("No route to host", "no route to host"),
        ("Network is unreachable", "network unreachable"),
        ("CERTIFICATE_VERIFY_FAILED", "TLS certificate not trusted"),
        ("SSLError", "TLS error"),
        ("Timeout", "no answer before the timeout"),
        ("timed out", "no answer before the timeout"),
        ("RemoteDisconnected", "the server closed the connection"),
        ("Connection reset", "connection reset"),
    ):
        if needle in text:
            return reason
    return type(exc).__name__


def _compact_object(route: str, path: str, response: Response) -> bytes:
    """A feed's body checked as a JSON object and compacted, not decoded (``documents.feed_row`` reads it)."""
    try:
        body = compact_json(response.content)
    except msgspec.DecodeError as exc:
        raise StatsApiError(f"{route} {path}: response is not valid JSON ({exc})", response.status_code) from exc
    if not body.startswith(b"{"):
        raise StatsApiError(f"{route} {path}: expected a JSON object", response.status_code)
    return body


def _decode(route: str, path: str, response: Response) -> dict[str, Any]:
    try:
        document = orjson.loads(response.content)
    except orjson.JSONDecodeError as exc:
        raise StatsApiError(f"{route} {path}: response is not valid JSON ({exc})", response.status_code) from exc
    if not isinstance(document, dict):
        raise StatsApiError(f"{route} {path}: expected a JSON object", response.status_code)
    return document
