"""``PRECISION=auto``: which engines may serve a model here, and the fastest of them, timed."""

from __future__ import annotations

import logging
import time
from pathlib import Path

import numpy as np
import torch

from classifier.errors import ClassifierConfigError
from classifier.model.artifacts import ModelMeta
from classifier.model.files import weights_digest
from classifier.runtime.backends import (
    OnnxRunner,
    Runner,
    TorchRunner,
    cpu_has_native_bf16,
    default_threads,
    load_torch_model,
    onnxruntime_installed,
)
from classifier.runtime.compiled import check_compile_mode, cxx_compiler

log = logging.getLogger(__name__)


def candidates(meta: ModelMeta, device: torch.device, backend: str, digest: str) -> list[tuple[str, str]]:
    """fp32 and every (backend, precision) measured to agree with it often enough, that runs here."""
    found = [("onnx" if backend == "onnx" else "torch", "fp32")]
    if device.type == "cuda":
        pool = [("torch", "bf16" if torch.cuda.is_bf16_supported() else "fp16")]
    else:
        pool = [("onnx", "fp32"), ("onnx", "int8")] if onnxruntime_installed() else []
        if cpu_has_native_bf16():  # emulated bf16 is several times slower than fp32: not a candidate
            pool.append(("torch", "bf16"))
    for b, p in pool:
        if backend not in (b, "auto") or (b, p) in found:
            continue
        # fp16 (GPUs without bf16) is judged by the bf16 measurement: bf16 rounds more coarsely,
        # fp16's own risk (overflow past 65504) does not arise in a BERT's inference activations
        agreement = meta.agreement(f"{b}/{'bf16' if p == 'fp16' else p}", digest)
        if agreement is not None and agreement >= AUTO_MIN_AGREEMENT:
            found.append((b, p))
    return found


def compile_wanted(mode: str, runner: Runner, meta: ModelMeta, digest: str) -> bool:
    """``COMPILE``: on, any PyTorch runner; auto, a CPU bf16 one whose compiled graph was measured
    at export to agree with fp32 (fused kernels round differently); off, none."""
    check_compile_mode(mode)
    if not isinstance(runner, TorchRunner) or mode == "off":
        return False
    if mode == "on":
        return True
    if runner.device.type != "cpu" or runner.precision != "bf16" or cxx_compiler() is None:
        return False
    agreement = meta.agreement("torch/bf16+compiled", digest)
    return agreement is not None and agreement >= AUTO_MIN_AGREEMENT


def choose_fastest(
    source: str, meta: ModelMeta, device: torch.device, backend: str, threads: int | None, vocab_size: int
) -> Runner:
    """Time each eligible runner on a probe batch here and keep the fastest."""
    digest = weights_digest(source) if Path(source).is_dir() else ""
    options = candidates(meta, device, backend, digest)
    if len(options) == 1:
        return _runner(source, meta, device, *options[0], threads)
    ids = np.random.default_rng(0).integers(1, max(2, vocab_size), size=(32, 40), dtype=np.int64)
    mask = np.ones_like(ids)
    timed: list[tuple[float, Runner]] = []
    for b, p in options:
        runner = _runner(source, meta, device, b, p, threads)
        runner(ids, mask)  # warm-up: kernels chosen, memory allocated
        best = min(_seconds(runner, ids, mask) for _ in range(3))
        timed.append((best, runner))
    timed.sort(key=lambda t: t[0])
    log.info(
        "precision auto: %s",
        ", ".join(f"{r.backend}/{r.precision} {s * 1000:.0f} ms" for s, r in timed),
    )
    return timed[0][1]


def _seconds(runner: Runner, ids: np.ndarray, mask: np.ndarray) -> float:
    started = time.perf_counter()
    runner(ids, mask)
    return time.perf_counter() - started


# the share of fp32's label decisions a faster precision must reproduce to be picked by "auto"
AUTO_MIN_AGREEMENT = 0.995


def build_runner(
    source: str,
    meta: ModelMeta,
    device: torch.device,
    backend: str,
    precision: str,
    threads: int | None,
    vocab_size: int = 1000,
    compile: str = "off",
) -> Runner:
    """The runner for ``backend``/``precision``; ``auto`` precision is decided here, and then
    whether to compile it (:func:`compile_wanted`)."""
    if precision == "auto":
        runner = choose_fastest(source, meta, device, backend, threads, vocab_size)
    else:
        runner = _runner(source, meta, device, backend, precision, threads)
    if compile != "off":
        digest = weights_digest(source) if Path(source).is_dir() else ""
        if compile_wanted(compile, runner, meta, digest):
            runner.compile()
    return runner


def _runner(
    source: str, meta: ModelMeta, device: torch.device, backend: str, precision: str, threads: int | None
) -> Runner:
    if backend == "onnx":
        if precision not in ("fp32", "int8"):
            raise ClassifierConfigError(f"the onnx backend runs fp32 or int8, not {precision}")
        # the one call out of the runtime: the exporter writes the files on first use (Optimum's way)
        from classifier.export.onnx import onnx_file

        return OnnxRunner(onnx_file(source, precision), precision, threads)
    if device.type == "cpu" and precision == "bf16" and not cpu_has_native_bf16():
        log.warning("this CPU has no native bf16 (AVX-512 BF16 / AMX): bf16 runs emulated, slower than fp32")
    parallel = threads or default_threads() if device.type == "cpu" else 1
    return TorchRunner(load_torch_model(source), device, precision, parallel=parallel)
