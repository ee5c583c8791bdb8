"""The runners under ``Engine``: token ids in, float32 logits out.

- ``TorchRunner``: PyTorch, eager or compiled (:mod:`classifier.runtime.compiled`); fp32, bf16
  (CPU autocast, where the CPU has native bf16) and fp16/bf16 weights on CUDA.
- ``OnnxRunner``: ONNX Runtime on CPU; fp32 and int8 (dynamically quantised MatMuls), from the
  files ``python -m classifier.export`` writes (see :mod:`classifier.export.onnx`).

Threads: both default to the cores this process may use, and neither spins waiting for work.
A spinning pool (PyTorch's OpenMP, ONNX Runtime's default) burns its time slice when another
process holds a core, and a batch then takes several times as long; see :func:`default_threads`.
"""

from __future__ import annotations

import contextlib
import functools
import os
import pickle
from collections.abc import Callable
from pathlib import Path
from typing import Protocol

import numpy as np
import torch

from classifier.errors import ClassifierConfigError, ModelLoadError
from classifier.model.heads import load_classifier
from classifier.runtime.compiled import compile_model

BACKENDS = ("torch", "onnx")
PRECISIONS = ("fp32", "bf16", "fp16", "int8")


def default_threads() -> int:
    """The cores this process may run on (its affinity mask, not the machine's count)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def onnxruntime_installed() -> bool:
    import importlib.util

    return importlib.util.find_spec("onnxruntime") is not None


# the CPU flags (Linux names) of instructions that compute in bf16; without one, bf16 is emulated
BF16_FLAGS = ("avx512_bf16", "amx_bf16")


@functools.lru_cache(maxsize=1)
def cpu_flags(cpuinfo: str = "/proc/cpuinfo") -> frozenset[str]:
    """The instruction-set flags the CPU reports (empty where ``/proc/cpuinfo`` is not)."""
    try:
        with open(cpuinfo, encoding="utf-8", errors="replace") as f:
            for line in f:
                if line.startswith(("flags", "Features")):
                    return frozenset(line.split(":", 1)[1].split())
    except OSError:
        pass
    return frozenset()


def cpu_bf16_instructions() -> dict[str, bool]:
    """Which of the bf16 instructions this CPU has, by its flags (for benchmark records)."""
    flags = cpu_flags()
    return {flag: flag in flags for flag in BF16_FLAGS}


def cpu_has_native_bf16() -> bool:
    """AVX-512 BF16 or AMX, read from the CPU's own flags: without them CPU bf16 is emulated and
    several times slower than fp32. (PyTorch's ``get_cpu_capability()`` says "AVX512" on a Zen 4
    that has AVX-512 BF16: it names the kernels it picked, not the instructions there are.)"""
    return any(cpu_bf16_instructions().values())


class Runner(Protocol):
    backend: str
    precision: str
    parallel: int  # how many batches the engine may run on it at once, from as many threads

    def __call__(self, ids: np.ndarray, mask: np.ndarray) -> np.ndarray:
        """Logits (rows, labels) as float32 for int64 ``ids`` and ``mask`` of shape (rows, width)."""
        ...


class TorchRunner:
    """A PyTorch module; on CPU ``parallel`` callers run batches side by side, one thread each
    (the engine sets PyTorch's own pool to one thread): on 2 cores 283 msg/s against 235 for
    one batch at a time over a two-thread pool, and no pool that spins while another process
    holds a core. On CUDA one caller feeds the GPU."""

    backend = "torch"

    def __init__(
        self,
        model: torch.nn.Module,
        device: torch.device,
        precision: str = "fp32",
        compile: bool = False,
        parallel: int = 1,
    ) -> None:
        if precision == "int8":
            raise ClassifierConfigError(
                "int8 runs on the onnx backend (torch.ao dynamic quantisation is deprecated and "
                "disagreed with fp32 on 2.3% of decisions); use backend='onnx'"
            )
        if precision not in PRECISIONS:
            raise ClassifierConfigError(f"unknown precision {precision!r}; use one of {PRECISIONS}")
        if device.type == "cpu" and precision == "fp16":
            raise ClassifierConfigError("fp16 needs a CUDA GPU; on CPU use fp32, bf16 or int8")
        self.precision = precision
        self.device = device
        self.parallel = parallel if device.type == "cpu" else 1
        self.autocast = device.type == "cpu" and precision == "bf16"
        if device.type == "cuda":
            dtype = {"fp32": torch.float32, "bf16": torch.bfloat16, "fp16": torch.float16}[precision]
            model = model.to(device, dtype=dtype)
        elif self.autocast:
            cast_linear_weights(model)
        self.model = model.eval()
        self.forward: Callable = self.model
        if compile:
            self.compile()

    def compile(self) -> bool:
        """Build the compiled graph now (see :mod:`classifier.runtime.compiled`); False where it
        could not be built and the eager module stays."""
        if not self.compiled:
            vocab = getattr(getattr(self.model, "config", None), "vocab_size", 6) or 6
            self.forward = compile_model(self.model, self.device, self._context, vocab)
        return self.compiled

    @property
    def compiled(self) -> bool:
        """Whether batches run a compiled graph (False after a fallback to eager)."""
        return bool(getattr(self.forward, "active", False))

    def _context(self) -> contextlib.AbstractContextManager:
        return torch.autocast("cpu", dtype=torch.bfloat16) if self.autocast else contextlib.nullcontext()

    @property
    def engine_key(self) -> str:
        """How export's agreement check names this engine ("torch/bf16", "torch/bf16+compiled")."""
        return f"torch/{self.precision}{'+compiled' if self.compiled else ''}"

    @torch.inference_mode()
    def __call__(self, ids: np.ndarray, mask: np.ndarray) -> np.ndarray:
        with self._context():
            logits = self.forward(
                input_ids=torch.from_numpy(ids).to(self.device, non_blocking=True),
                attention_mask=torch.from_numpy(mask).to(self.device, non_blocking=True),
            ).logits
        return logits.float().cpu().numpy()


class OnnxRunner:
    """One ONNX Runtime session, run by ``threads`` callers at once, each on one core.

    Batches side by side beat one batch split over the cores for BERT-sized models on short
    texts (on 2 cores: 551 msg/s against 409 for int8): each operator is small, and a pool
    that does not spin pays a wake-up per operator to share it. A session is thread-safe.
    """

    backend = "onnx"

    def __init__(self, path: Path, precision: str, threads: int | None = None) -> None:
        import onnxruntime as ort

        self.precision = precision
        self.path = path
        self.parallel = threads or default_threads()
        options = ort.SessionOptions()
        options.intra_op_num_threads = 1
        options.inter_op_num_threads = 1
        # a spinning pool collapses when another process takes a core: wait on the OS instead
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        options.add_session_config_entry("session.inter_op.allow_spinning", "0")
        options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        self.session = ort.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])

    def __call__(self, ids: np.ndarray, mask: np.ndarray) -> np.ndarray:
        logits = self.session.run(["logits"], {"input_ids": ids, "attention_mask": mask})[0]
        return np.asarray(logits, dtype=np.float32)


def cast_linear_weights(model: torch.nn.Module) -> None:
    """Store the Linear layers' weights and biases in bf16, in place, for CPU autocast.

    Autocast casts each fp32 weight to bf16 on every forward pass (its cache lasts one autocast
    region, one batch here): casting once gives the same numbers bit for bit, with embeddings,
    layer norms and the residual stream left in fp32 as autocast keeps them, and 1.22x the
    throughput on the recommended model (2 AMX cores, docs/benchmarks.md).
    """
    for module in model.modules():
        if isinstance(module, torch.nn.Linear):
            module.to(torch.bfloat16)


def load_torch_model(source: str) -> torch.nn.Module:
    try:
        return load_classifier(source)
    except OSError as e:
        raise ModelLoadError(f"cannot load model weights from {source!r}: {e}") from e
    except pickle.UnpicklingError as e:
        # torch.load(weights_only=True) met Python objects besides tensors: running them could
        # execute code, so the file is refused, in one line rather than torch's page of advice
        raise ModelLoadError(
            f"{source!r}: pytorch_model.bin holds pickled Python objects, not only weights; refused "
            "(unpickling can run code). Save the model again as safetensors (save_pretrained does)."
        ) from e
