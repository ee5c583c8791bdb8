"""How often each engine's label decisions match torch fp32: measured once, stored in sentinela.json.

``precision="auto"`` only picks an engine measured here at 99.5% or more (the runtime's
``AUTO_MIN_AGREEMENT``).
"""

from __future__ import annotations

import time
from pathlib import Path

import numpy as np

from classifier.errors import ClassifierConfigError
from classifier.export.cascade import calibrate_cascade
from classifier.export.mix import CalibrationMix
from classifier.export.onnx import export_onnx
from classifier.model.artifacts import ModelMeta
from classifier.model.files import ONNX_DIR, weights_digest
from classifier.model.first_stage import has_first_stage
from classifier.model.lexical import LEXICAL_JSON
from classifier.runtime.backends import cpu_has_native_bf16
from classifier.runtime.cascade import MIN_AGREEMENT
from classifier.runtime.compiled import check_compile_mode, cxx_compiler
from classifier.runtime.engine import Engine

# what agreement is measured for, against torch fp32: (backend, precision, compile); the
# compiled graph only where it is wanted and can be built (measure_agreement)
MEASURED = (("onnx", "fp32", "off"), ("onnx", "int8", "off"), ("torch", "bf16", "off"))
COMPILED = ("torch", "bf16", "on")


def measure_agreement(source: str | Path, texts: list[str], compile: str = "auto") -> dict:
    """Each engine's label decisions against torch fp32 on ``texts`` (thresholds of the model).

    ``compile``: ``auto`` measures the compiled bf16 graph where ``COMPILE=auto`` could serve it
    (a CPU with native bf16 and a C++ compiler; building it takes about half a minute), ``on``
    anywhere a compiler is, ``off`` never.
    """
    check_compile_mode(compile)
    wanted = compile == "on" or (compile == "auto" and cpu_has_native_bf16())
    # without a compiler COMPILE=auto never compiles: nothing to measure
    engines = [*MEASURED, COMPILED] if wanted and cxx_compiler() is not None else list(MEASURED)
    reference = Engine.load(source, "cpu", backend="torch", precision="fp32", cascade="off")
    cut = np.array([reference.meta.threshold(label) for label in reference.labels])
    base = reference.predict_probs(texts)
    results: dict[str, dict[str, float]] = {}
    for backend, precision, compiled in engines:
        engine = Engine.load(
            source, "cpu", backend=backend, precision=precision, cascade="off", compile=compiled
        )
        started = time.perf_counter()
        probs = engine.predict_probs(texts)
        seconds = time.perf_counter() - started
        key = getattr(engine.runner, "engine_key", f"{backend}/{precision}")
        if compiled == "on" and key != f"{backend}/{precision}+compiled":
            continue  # the build fell back to eager (logged): what ran is measured above
        results[key] = {
            "agreement": float(((probs >= cut) == (base >= cut)).mean()),
            "max_abs_diff": float(np.abs(probs - base).max()) if len(texts) else 0.0,
            "msgs_per_s_here": len(texts) / seconds if seconds > 0 else 0.0,
        }
    return {"weights_sha256": weights_digest(source), "texts": len(texts), "results": results}


def export_dir(
    model_dir: Path,
    validation_texts: list[str] | None = None,
    mix: CalibrationMix | None = None,
    min_low: float = MIN_AGREEMENT,
    compile: str = "auto",
) -> dict:
    """Export ``model_dir`` and, given texts, store each engine's agreement in ``sentinela.json``,
    and the cascade's bound when the model has a first stage (trained, or a blend's lexical
    model), chosen on ``mix`` (default: the validation texts as given)."""
    if not (model_dir / "config.json").is_file():
        raise ClassifierConfigError(f"{model_dir}: not a model directory (no config.json)")
    manifest = export_onnx(model_dir, model_dir / ONNX_DIR)
    if validation_texts:
        check = measure_agreement(model_dir, validation_texts, compile)
        from transformers import AutoConfig

        config = AutoConfig.from_pretrained(model_dir)
        meta = ModelMeta.load(model_dir, [config.id2label[i] for i in range(config.num_labels)])
        meta.precision_check = check
        if (model_dir / LEXICAL_JSON).is_file() or has_first_stage(model_dir):
            calibration = mix or CalibrationMix.as_given(validation_texts)
            meta.cascade = manifest["cascade"] = calibrate_cascade(model_dir, calibration, min_low)
        meta.save(model_dir)
        manifest["precision_check"] = check
    return manifest
