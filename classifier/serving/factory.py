"""The one way every surface gets its classifier from :class:`ClassifierSettings`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from classifier.serving.scorer import Scorer
from classifier.serving.settings import ClassifierSettings

if TYPE_CHECKING:
    from classifier.runtime.engine import Engine


async def open_scorer(settings: ClassifierSettings) -> Scorer:
    """A started scorer: the model service at ``CLASSIFIER_URL``, else the model in this process.

    A model service that is down now is no error: messages wait until it answers.
    """
    if settings.classifier_url:
        from classifier.serving.remote import RemoteClassifier  # no torch in a bot that calls a service

        token = settings.classifier_token.get_secret_value() if settings.classifier_token else None
        remote = RemoteClassifier(settings.classifier_url, timeout_s=settings.request_timeout_s, token=token)
        await remote.start()
        return remote
    from classifier.serving.service import Classifier  # torch and transformers: an in-process model

    return await Classifier.load(
        settings.sentinela_model,
        settings.device,
        max_batch_size=settings.max_batch_size,
        max_wait_ms=settings.max_wait_ms,
        max_queue=settings.max_queue,
        timeout_s=settings.request_timeout_s,
        threads=settings.torch_threads,
        quantize=settings.quantize,
        backend=settings.backend,
        precision=settings.precision,
        cascade=settings.cascade,
        compile=settings.compile,
    )


def load_engine(settings: ClassifierSettings) -> Engine:
    """The synchronous engine (blocking) for a model service's replica or a batch job."""
    from classifier.runtime.engine import Engine

    return Engine.load(settings.sentinela_model, settings.device, **settings.engine_options())
