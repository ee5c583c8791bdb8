"""What the bot needs of a classifier, whichever runs it: in this process or in a model service."""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol, runtime_checkable

from classifier.serving.scores import Scores


@runtime_checkable
class Scorer(Protocol):
    """``Classifier`` (in-process) and ``RemoteClassifier`` (a model service) both are one."""

    @property
    def labels(self) -> list[str]: ...

    @property
    def thresholds(self) -> dict[str, float]: ...

    @property
    def model_id(self) -> str: ...

    @property
    def queue_depth(self) -> int: ...

    async def score(self, text: str, *, timeout: float | None = None) -> Scores:
        """One message's scores; raises a ``ClassifierError`` when it cannot be scored now."""
        ...

    async def score_many(self, texts: list[str]) -> list[Scores]: ...

    async def probe(self, timeout: float) -> str | None:
        """What keeps it from scoring now, or None; never scores a message itself."""
        ...

    def add_batch_listener(self, listener: Callable[[int, float], None]) -> None: ...

    def remove_batch_listener(self, listener: Callable[[int, float], None]) -> None: ...

    def stats(self) -> dict[str, float | int | str]: ...

    async def aclose(self) -> None: ...
