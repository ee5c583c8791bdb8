"""``torch.compile`` for the PyTorch runner: one graph for every batch shape, built at load.

On a CPU, inductor with frozen weights fuses the elementwise work between the matrix products
(casts, GELU, residual adds, layer norms) into generated C++ and prepacks the weights for
oneDNN: the recommended model's transformer ran 1.33x as fast in bf16 on 2 AMX cores
(docs/benchmarks.md). It needs a C++ compiler and Python's headers, its first build takes about
half a minute on 2 cores (inductor caches the kernels for later loads), and the eager module is
kept beside the frozen graph for the fallback (the weights twice in memory). Whatever goes wrong
in it, the runner keeps the eager module: compiling is a speed-up, never a reason not to serve.
"""

from __future__ import annotations

import logging
import os
import shutil
import threading
import time
from collections.abc import Callable

import torch

from classifier.errors import ClassifierConfigError

log = logging.getLogger(__name__)

COMPILE_MODES = ("auto", "on", "off")

# shapes (rows, tokens) run once at load: a dynamic graph for batches of 2 and more rows, and the
# one-row graph (dynamo specialises a size of 1); rows and tokens differ so that no guard ties them
WARM_UP_SHAPES = ((2, 9), (1, 9))


def check_compile_mode(mode: str) -> None:
    """Refuse a ``COMPILE`` value other than auto, on and off (before anything slow is loaded)."""
    if mode not in COMPILE_MODES:
        raise ClassifierConfigError(f"unknown compile mode {mode!r}; use one of {COMPILE_MODES}")


def cxx_compiler() -> str | None:
    """The C++ compiler inductor calls on Linux (``$CXX``, else g++), or None where it is absent.

    Inductor also needs Python's headers (python3-dev); without them the build fails and the
    engine stays eager.
    """
    return shutil.which(os.environ.get("CXX") or "g++")


class CompiledForward:
    """The compiled module where it built, else the eager one; called as the module is.

    A call that fails in compiled code and succeeds eagerly (a graph that cannot be rebuilt) is
    answered eagerly, and every later call runs eager: a slower engine, not a failed message. A
    call that fails eagerly too (bad input, out of memory) raises, and the graph stays.
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
        except Exception as e:  # the compiled graph's failure: is it the graph or the input?
            output = self.model(**inputs)  # raises what eager raises: the input's fault
            with self._lock:
                if self._compiled is not None:
                    log.warning("compiled graph failed (%s: %s); eager from now on", type(e).__name__, e)
                    self._compiled = None
            return output


def compile_model(
    model: torch.nn.Module, device: torch.device, context: Callable[[], object], vocab_size: int
) -> CompiledForward:
    """Compile ``model`` and build its graphs now, under ``context`` (the runner's autocast).

    On a CPU without a C++ compiler, or when building fails, the eager module is kept (logged).
    Once built, a call whose guards fail (a shape or setting never met) runs eagerly instead of
    building a new graph on the serving thread (half a minute, past a message's deadline).
    """
    if device.type == "cpu" and cxx_compiler() is None:
        log.warning("COMPILE: no C++ compiler found (set CXX or install g++); running eager")
        return CompiledForward(model, None)
    import torch._dynamo.config
    import torch._inductor.config  # inductor's config, only where compiling
    from torch._dynamo.utils import counters

    # every model compiled in this process adds its two graphs to the cache of the same forward
    # code; past dynamo's limit (8) a later model would silently run eager (a benchmark or an
    # export compiles several): room for two more each time
    torch._dynamo.config.recompile_limit += len(WARM_UP_SHAPES)
    graphs = counters["stats"]["unique_graphs"]
    started = time.perf_counter()
    try:
        # freezing folds the weights into the graph as constants and prepacks them for oneDNN: the
        # CPU speed-up. Dynamo reads it from the global config while tracing (an option passed to
        # torch.compile reaches only inductor), so it is patched for the build. CUDA: the default.
        freezing = torch._inductor.config.patch(freezing=device.type == "cpu")
        # a new model is a recompilation of the same forward code: allowed here, whatever stance
        # an engine loaded earlier in this process set
        with freezing, torch.compiler.set_stance("default"), torch.inference_mode(), context():
            compiled = torch.compile(model, dynamic=True)
            for rows, tokens in WARM_UP_SHAPES:
                ids = torch.full((rows, tokens), min(5, vocab_size - 1), dtype=torch.long, device=device)
                compiled(input_ids=ids, attention_mask=torch.ones_like(ids))
    except Exception as e:  # inductor raises many kinds; eager always works
        log.warning("COMPILE: building the graph failed (%s: %s); running eager", type(e).__name__, e)
        return CompiledForward(model, None)
    if counters["stats"]["unique_graphs"] - graphs < len(WARM_UP_SHAPES):  # dynamo gave up: eager
        log.warning("COMPILE: dynamo built no graph for this model (its recompile limit?); running eager")
        return CompiledForward(model, None)
    # process-wide (dynamo's stance is global): no graph is built while serving
    torch.compiler.set_stance("eager_on_recompile")
    log.info("COMPILE: graphs built in %.1f s", time.perf_counter() - started)
    return CompiledForward(model, compiled)
