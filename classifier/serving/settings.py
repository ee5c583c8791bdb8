"""How to get a classifier, from the environment or ``.env``: one set of names for every surface.

The bot, ``python -m bot replay``, and the model service read the same variables
(``SENTINELA_MODEL``, ``CLASSIFIER_URL``, ``BACKEND``, ``PRECISION``...); the bot's own settings
extend these.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

from classifier.model.artifacts import DEFAULT_MODEL


class ClassifierSettings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    sentinela_model: str = Field(default=DEFAULT_MODEL, description="Model directory or hub id.")
    classifier_url: str | None = Field(
        default=None,
        description="A model service (python -m classifier.serving) to call instead of loading a model.",
    )
    classifier_token: SecretStr | None = Field(
        default=None, description="The model service's shared secret (its SERVE_TOKEN)."
    )
    device: str = Field(default="auto", description="auto, cpu or cuda[:N].")
    max_batch_size: int = Field(default=32, ge=1)
    max_wait_ms: float = Field(
        default=0.0, ge=0, description="How long an idle model waits for more messages to batch (0: none)."
    )
    max_queue: int = Field(default=1024, ge=1)
    request_timeout_s: float = Field(default=10.0, gt=0)
    torch_threads: int | None = Field(
        default=None, ge=1, description="Model threads (default: the cores this process may use)."
    )
    backend: Literal["auto", "torch", "onnx"] = Field(
        default="auto", description="Inference engine: torch (PyTorch), onnx (ONNX Runtime, CPU) or auto."
    )
    precision: Literal["auto", "fp32", "bf16", "fp16", "int8"] = Field(
        default="auto",
        description="auto: the fastest engine here among fp32 and those measured at export to agree "
        "with it on 99.5% of validation decisions (python -m classifier.export).",
    )
    quantize: bool = Field(default=False, description="Old name of PRECISION=int8 (ONNX Runtime).")
    cascade: Literal["auto", "off"] = Field(
        default="auto",
        description="auto: the cascade's first stage answers clearly clean messages when the model directory "
        "has a cascade bound calibrated for its weights (python -m classifier.export); off: never.",
    )
    compile: Literal["auto", "on", "off"] = Field(
        default="auto",
        description="auto: compile a CPU bf16 PyTorch engine at load (torch.compile, frozen weights; 1.3x "
        "the transformer on an AMX CPU, about 30 s to build, a C++ compiler needed) when export measured "
        "the compiled graph to agree with fp32; on: compile any PyTorch engine; off: never.",
    )

    def engine_options(self) -> dict[str, Any]:
        """``Engine.load``'s arguments after the model and device."""
        return {
            "threads": self.torch_threads,
            "quantize": self.quantize,
            "batch_size": self.max_batch_size,
            "backend": self.backend,
            "precision": self.precision,
            "cascade": self.cascade,
            "compile": self.compile,
        }
