"""``torch.compile`` for the PyTorch runner: one graph for every batch shape, built at load.

On a CPU, inductor with frozen weights fuses the elementwise work between the matrix products
(casts, GELU, residual adds, layer norms) into generated C++ and prepacks the weights for
oneDNN: the recommended model's transformer ran 1.33x as fast in bf16 on 2 AMX cores
(docs/benchmarks.md). It needs a C++ compiler, and its first build takes about half a minute
on 2 cores (inductor caches the kernels for later loads). Whatever goes wrong in it, the runner
keeps the eager module: compiling is a speed-up, never a reason not to serve.
"""

from __future__ import annotations

import logging
import os
import shutil
import threading
import time
from collections.abc import Callable

import torch

log = logging.getLogger(__name__)

COMPILE_MODES = ("auto", "on", "off")

# shapes (rows, tokens) run once at load: a dynamic graph for batches of 2 and more rows, and the
# one-row graph (dynamo specialises a size of 1); rows and tokens differ so that no guard ties them
WARM_UP_SHAPES = ((2, 9), (1, 9))


def cxx_compiler() -> str | None:
    """The C++ compiler inductor would call (``$CXX``, else g++, c++ or clang++), or None."""
    names = [os.environ["CXX"]] if os.environ.get("CXX") else ["g++", "c++", "clang++"]
    return next((path for name in names if (path := shutil.which(name))), None)


class CompiledForward:
    """The compiled module where it built, else the eager one; called as the module is.

    A call that fails in compiled code (a recompilation that cannot build) is retried eagerly,
    and every later call then runs eager: a slower engine, not a failed message.
    """

    def __init__(self, model: torch.nn.Module, compiled: Callable | None) -> None:
        self.model = model
        self._compiled = compiled
        self._lock = threading.Lock()

    @property
    def active(self) -> bool:
        """Whether calls run the compiled graph."""
        return self._compiled is not None

    def __call__(self, **inputs: torch.Tensor):
        compiled = self._compiled
        if compiled is None:
            return self.model(**inputs)
        try:
            return compiled(**inputs)
        except Exception as e:  # any failure of the compiler falls back to eager
            with self._lock:
                if self._compiled is not None:
                    log.warning(
                        "compiled model failed (%s: %s); running eager from now on", type(e).__name__, e
                    )
                    self._compiled = None
            return self.model(**inputs)


def compile_model(
    model: torch.nn.Module, device: torch.device, context: Callable[[], object], vocab_size: int
) -> CompiledForward:
    """Compile ``model`` and build its graphs now, under ``context`` (the runner's autocast).

    On a CPU without a C++ compiler, or when building fails, the eager module is kept (logged).
    """
    if device.type == "cpu" and cxx_compiler() is None:
        log.warning("COMPILE: no C++ compiler found (set CXX or install g++); running eager")
        return CompiledForward(model, None)
    # freezing folds the weights into the graph as constants and prepacks them for oneDNN: the
    # CPU speed-up; on CUDA the default build is the one measured (benchmarks/gpu_inference.py)
    options = {"freezing": True} if device.type == "cpu" else None
    compiled = torch.compile(model, dynamic=True, options=options)
    started = time.perf_counter()
    try:
        with torch.inference_mode(), context():
            for rows, tokens in WARM_UP_SHAPES:
                ids = torch.full((rows, tokens), min(5, vocab_size - 1), dtype=torch.long, device=device)
                compiled(input_ids=ids, attention_mask=torch.ones_like(ids))
    except Exception as e:  # inductor raises many kinds; eager always works
        log.warning("COMPILE: building the graph failed (%s: %s); running eager", type(e).__name__, e)
        return CompiledForward(model, None)
    log.info("COMPILE: graphs built in %.1f s", time.perf_counter() - started)
    return CompiledForward(model, compiled)
