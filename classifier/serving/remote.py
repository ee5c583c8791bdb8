"""``RemoteClassifier``: the ``Classifier`` API over HTTP, for bots that share one model service.

The service is ``python -m classifier.serving.app`` (Ray Serve). One pooled keep-alive session, a
deadline per call, bounded retries with backoff for connection failures (scoring is idempotent),
and a circuit breaker so a dead service costs a failed call, not a timeout per message. Errors are
the ``ClassifierError`` family: ``ClassifierOverloaded`` (429/503), ``ClassifierTimeout``,
``ClassifierUnavailable`` (unreachable, 5xx after retries, or the circuit is open).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from types import TracebackType
from typing import Any

import aiohttp

from classifier.errors import (
    ClassifierClosed,
    ClassifierConfigError,
    ClassifierError,
    ClassifierOverloaded,
    ClassifierTimeout,
    ClassifierUnavailable,
)
from classifier.serving.batching import BatchStats
from classifier.serving.scores import Scores
from classifier.serving.windows import merge_windows, split_windows

log = logging.getLogger(__name__)


class CircuitBreaker:
    """Closed -> open after ``failures`` failed calls in a row; after ``reset_s`` one trial call
    is let through (half-open): its success closes the circuit, its failure opens it again.

    A trial that ends any other way (cancelled by a caller's deadline, an unexpected error) must
    give its place back with ``release()``, or the circuit would stay half-open with a trial that
    never ends, and every later call would be refused.
    """

    def __init__(self, failures: int = 5, reset_s: float = 10.0, clock: Callable[[], float] = time.monotonic):
        self.threshold, self.reset_s, self.clock = failures, reset_s, clock
        self.consecutive = 0
        self.opened_at: float | None = None
        self.trial_running = False
        self.opened = 0  # how many times it opened (stats)

    @property
    def state(self) -> str:
        if self.opened_at is None:
            return "closed"
        return "half_open" if self.clock() - self.opened_at >= self.reset_s else "open"

    def allow(self) -> bool:
        state = self.state
        if state == "closed":
            return True
        if state == "half_open" and not self.trial_running:
            self.trial_running = True
            return True
        return False

    def release(self) -> None:
        """End a trial that neither succeeded nor failed; the next call becomes the trial."""
        self.trial_running = False

    def retry_in(self) -> float:
        return 0.0 if self.opened_at is None else max(0.0, self.reset_s - (self.clock() - self.opened_at))

    def success(self) -> None:
        if self.opened_at is not None:
            log.info("model service answers again: circuit closed")
        self.consecutive, self.opened_at, self.trial_running = 0, None, False

    def failure(self) -> None:
        self.consecutive += 1
        was_trial, self.trial_running = self.trial_running, False
        if was_trial or (self.opened_at is None and self.consecutive >= self.threshold):
            if self.opened_at is None:
                self.opened += 1
                log.warning("model service failing: circuit open for %.3gs", self.reset_s)
            self.opened_at = self.clock()


class RemoteClassifier:
    """Scores texts with a model service; same public API as ``Classifier``.

    >>> async with RemoteClassifier("http://models:8000") as clf:
    ...     scores = await clf.score("texto")

    Starting never fails because the service is down: the model's labels and thresholds are
    fetched on the first call that reaches it, and calls fail with ``ClassifierUnavailable`` until
    then, so a bot keeps running and starts checking when the service comes up.
    """

    def __init__(
        self,
        url: str,
        *,
        timeout_s: float = 10.0,
        retries: int = 2,
        backoff_s: float = 0.1,
        breaker_failures: int = 5,
        breaker_reset_s: float = 10.0,
        max_texts_per_request: int = 64,
        connections: int = 32,
        token: str | None = None,
    ) -> None:
        if not url.startswith(("http://", "https://")):
            raise ClassifierConfigError(f"CLASSIFIER_URL must be an http(s) URL, got {url!r}")
        if not timeout_s > 0 or retries < 0 or backoff_s < 0 or max_texts_per_request < 1:
            raise ClassifierConfigError("timeout_s must be > 0; retries, backoff_s >= 0; max_texts >= 1")
        self.url = url.rstrip("/")
        self.timeout_s, self.retries, self.backoff_s = timeout_s, retries, backoff_s
        self.max_texts = max_texts_per_request
        self._headers = {"Authorization": f"Bearer {token}"} if token else {}
        self.breaker = CircuitBreaker(breaker_failures, breaker_reset_s)
        self._connections = connections
        self._session: aiohttp.ClientSession | None = None
        self._model: dict[str, Any] | None = None
        self._in_flight = 0
        self._listeners: list[Callable[[int, float], None]] = []
        # the in-process batcher's counters and latency window: one ``stats()`` shape for both;
        # here a "batch" is one HTTP request (the service batches across them)
        self._stats = BatchStats()
        self._retries = 0

    # -- lifecycle ------------------------------------------------------------------------------

    async def start(self) -> None:
        if self._session is None:
            # idle connections are dropped before the service's own 5 s header timeout closes them
            connector = aiohttp.TCPConnector(limit=self._connections, keepalive_timeout=3)
            self._session = aiohttp.ClientSession(connector=connector)
        try:
            await self.refresh_model()
        except ClassifierError as e:  # the service may come up later: calls will fetch it
            log.warning(
                "model service %s not reachable yet (%s): messages are skipped until it is", self.url, e
            )

    async def aclose(self) -> None:
        session, self._session = self._session, None
        if session is not None:
            await session.close()

    async def __aenter__(self) -> RemoteClassifier:
        await self.start()
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.aclose()

    # -- what the model is ----------------------------------------------------------------------

    def _info(self) -> dict[str, Any]:
        if self._model is None:
            raise ClassifierUnavailable(f"model service {self.url} not reached yet")
        return self._model

    @property
    def labels(self) -> list[str]:
        return list(self._info()["labels"])

    @property
    def thresholds(self) -> dict[str, float]:
        return dict(self._info()["thresholds"])

    @property
    def model_id(self) -> str:
        return str(self._info()["model_id"])

    async def refresh_model(self) -> dict[str, Any]:
        """``GET /v1/model``: labels, thresholds, model id (after a redeploy, the new ones)."""
        self._model = await self._call("GET", "/v1/model", None, self.timeout_s)
        return self._model

    # -- scoring --------------------------------------------------------------------------------

    async def score(self, text: str, *, timeout: float | None = None) -> Scores:
        if not isinstance(text, str):
            raise TypeError(f"text must be str, got {type(text).__name__}")
        return (await self._score([text], timeout if timeout is not None else self.timeout_s))[0]

    async def probe(self, timeout: float) -> str | None:
        """A health check: never the circuit's trial (that is the next message's), else one call."""
        if self.breaker.state != "closed":
            state, wait = self.breaker.state, self.breaker.retry_in()
            return f"model service failing: circuit {state}, next try in {wait:.0f}s"
        await self.score("ok", timeout=timeout)
        return None

    async def score_many(self, texts: list[str]) -> list[Scores]:
        out: list[Scores] = []
        for start in range(0, len(texts), self.max_texts):
            out.extend(await self._score(list(texts[start : start + self.max_texts]), self.timeout_s))
        return out

    def predict(self, texts: list[str]) -> list[Scores]:
        """Synchronous scoring for scripts (urllib; never call it on an event loop)."""
        if self._model is None:
            self._model = self._sync_call("/v1/model", None)
        pieces, owners = split_windows(list(texts), int(self._model.get("max_chars") or 0))
        results: list[dict[str, Any]] = []
        for start in range(0, len(pieces), self.max_texts):
            chunk = pieces[start : start + self.max_texts]
            results.extend(self._sync_call("/v1/score", {"texts": chunk})["results"])
        if len(pieces) > len(texts):
            results = merge_windows(results, owners, len(texts), self.thresholds)
        return _to_scores({"results": results})

    def _sync_call(self, path: str, body: dict | None) -> dict[str, Any]:
        data = json.dumps(body).encode() if body is not None else None
        headers = {"Content-Type": "application/json", **self._headers}
        request = urllib.request.Request(f"{self.url}{path}", data=data, headers=headers)
        try:
            with urllib.request.urlopen(request, timeout=self.timeout_s) as response:
                return json.load(response)
        except urllib.error.HTTPError as e:
            raise _status_error(e.code, e.read().decode(errors="replace"), self.url) from e
        except (urllib.error.URLError, OSError) as e:
            raise ClassifierUnavailable(f"model service {self.url} unreachable: {e}") from e

    async def _score(self, texts: list[str], timeout: float) -> list[Scores]:
        started = time.perf_counter()
        self._in_flight += len(texts)
        try:
            if self._model is None:
                await self.refresh_model()
            # texts over the service's limit are scored in windows, as the in-process engine does
            pieces, owners = split_windows(texts, int(self._info().get("max_chars") or 0))
            results: list[dict[str, Any]] = []
            for start in range(0, len(pieces), self.max_texts):
                chunk = pieces[start : start + self.max_texts]
                payload = await self._call("POST", "/v1/score", {"texts": chunk}, timeout)
                results.extend(payload["results"])
        finally:
            self._in_flight -= len(texts)
        if self._model is not None and payload.get("model_id") not in (None, self._model.get("model_id")):
            log.info("model service now serves %s: refreshing labels and thresholds", payload["model_id"])
            await self.refresh_model()
        if len(pieces) > len(texts):
            payload = {"results": merge_windows(results, owners, len(texts), self.thresholds)}
        elapsed = time.perf_counter() - started
        self._stats.record([], [elapsed])
        self._stats.requests += len(texts)
        self._stats.batches += 1
        self._stats.items += len(texts)
        for listener in self._listeners:
            try:
                listener(len(texts), elapsed)
            except Exception:
                log.exception("batch listener failed")
        return _to_scores(payload)

    async def _call(self, method: str, path: str, body: dict | None, timeout: float) -> dict[str, Any]:
        """One idempotent call: retried on connection failures and 5xx, within one deadline."""
        if self._session is None:
            raise ClassifierClosed("remote classifier is not started; use `async with` or start()")
        if not self.breaker.allow():
            self._stats.rejected += 1
            raise ClassifierUnavailable(
                f"model service {self.url} failing: not called for another {self.breaker.retry_in():.1f}s"
            )
        trial = self.breaker.state == "half_open"
        try:
            return await self._attempts(method, path, body, timeout)
        finally:
            if trial and self.breaker.trial_running:  # cancelled, or ended by an unexpected error
                self.breaker.release()

    async def _attempts(self, method: str, path: str, body: dict | None, timeout: float) -> dict[str, Any]:
        assert self._session is not None
        deadline = time.monotonic() + timeout
        last: Exception | None = None
        for attempt in range(self.retries + 1):
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                break
            try:
                async with self._session.request(
                    method,
                    self.url + path,
                    json=body,
                    headers=self._headers,
                    timeout=aiohttp.ClientTimeout(total=remaining),
                ) as response:
                    text = await response.text()
                    if response.status == 200:
                        self.breaker.success()
                        return json.loads(text)
                    error = _status_error(response.status, text, self.url)
            except TimeoutError:
                self._stats.timeouts += 1
                self.breaker.failure()
                raise ClassifierTimeout(
                    f"model service {self.url}: no answer within {timeout:.3g}s"
                ) from None
            except (aiohttp.ClientError, OSError, json.JSONDecodeError) as e:
                last = e
            else:
                if not isinstance(error, ClassifierUnavailable):
                    self.breaker.success()  # it answered: overloaded or a bad request is not "down"
                    raise error
                last = error
            if attempt < self.retries:
                self._retries += 1
                await asyncio.sleep(min(self.backoff_s * 2**attempt, max(0.0, deadline - time.monotonic())))
        self._stats.errors += 1
        self.breaker.failure()
        if isinstance(last, ClassifierUnavailable):
            raise last
        raise ClassifierUnavailable(f"model service {self.url} unreachable: {last or 'deadline passed'}")

    # -- what the bot's metrics read ------------------------------------------------------------

    @property
    def queue_depth(self) -> int:
        """Texts sent and not answered yet."""
        return self._in_flight

    def add_batch_listener(self, listener: Callable[[int, float], None]) -> None:
        """Called with (texts in the request, seconds) per request: the service batches across them."""
        self._listeners.append(listener)

    def remove_batch_listener(self, listener: Callable[[int, float], None]) -> None:
        if listener in self._listeners:
            self._listeners.remove(listener)

    def stats(self) -> dict[str, float | int | str]:
        return {
            **self._stats.snapshot(),
            "retries": self._retries,
            "circuit": self.breaker.state,
            "circuit_opened": self.breaker.opened,
        }


def _status_error(status: int, text: str, url: str) -> ClassifierError:
    reason = text.strip().splitlines()[0] if text.strip() else f"HTTP {status}"
    with contextlib.suppress(ValueError, AttributeError):
        reason = json.loads(text).get("error", reason)
    if status in (429, 503):
        return ClassifierOverloaded(f"model service {url} overloaded ({status}): {reason}")
    if 400 <= status < 500:
        return ClassifierError(f"model service {url} refused the request ({status}): {reason}")
    return ClassifierUnavailable(f"model service {url} failed ({status}): {reason}")


def _to_scores(payload: dict[str, Any]) -> list[Scores]:
    return [
        Scores({k: float(v) for k, v in r["probabilities"].items()}, tuple(r["flagged"]))
        for r in payload["results"]
    ]
