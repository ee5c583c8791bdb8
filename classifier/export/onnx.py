"""The ONNX files of the onnx backend, checksummed (``python -m classifier.export DIR``).

Writes ``DIR/onnx/model.fp32.onnx``, ``DIR/onnx/model.int8.onnx`` (MatMul weights quantised
per channel to int8, activations quantised on the fly: ONNX Runtime's dynamic quantisation) and
``DIR/onnx/manifest.json`` with each file's SHA-256 and the digest of the weights they came
from. A file whose checksum differs is refused; files exported from other weights (the model
was retrained) are exported again. With ``--validation-file`` it also measures, on those texts,
how many label decisions each engine shares with PyTorch fp32 and stores that in
``sentinela.json``: ``precision="auto"`` only picks an engine measured at 99.5% or more.

A directory that cannot be written (or a hub id) gets its ONNX files in a cache folder
(``SENTINELA_CACHE``, default ``~/.cache/sentinela``) the first time the onnx backend loads it:
the runtime calls :func:`onnx_file`, as Optimum's ``ORTModel`` calls its exporter.
"""

from __future__ import annotations

import json
import logging
import os
import tempfile
import time
import warnings
from pathlib import Path

from classifier.errors import ArtifactError, ModelLoadError
from classifier.model.files import FILES, MANIFEST, onnx_dir, read_manifest, sha256_file, weights_digest

log = logging.getLogger(__name__)

OPSET = 17
FORMAT_VERSION = 1


def onnx_file(source: str | os.PathLike[str], precision: str) -> Path:
    """The checked ONNX file for ``precision``, exported first if missing or stale."""
    directory = onnx_dir(source)
    digest = weights_digest(source)
    manifest = read_manifest(directory)
    if manifest is None or manifest.get("weights_sha256") != digest:
        why = "none yet" if manifest is None else "exported from other weights"
        log.warning("exporting %s to ONNX in %s (%s); this happens once", source, directory, why)
        manifest = export_onnx(source, directory)
    entry = manifest["files"].get(precision)
    if not isinstance(entry, dict):
        raise ArtifactError(f"{directory / MANIFEST}: no {precision} file")
    path = directory / str(entry.get("file"))
    if path.parent != directory or not path.is_file():
        raise ArtifactError(f"{path}: missing; run `python -m classifier.export.onnx {source}` again")
    if sha256_file(path) != entry.get("sha256"):
        raise ArtifactError(
            f"{path}: checksum differs from {MANIFEST} (corrupt or changed after export); "
            f"run `python -m classifier.export.onnx {source}` again"
        )
    return path


def export_onnx(source: str | os.PathLike[str], directory: Path | None = None) -> dict:
    """Export fp32 and int8 ONNX files and their manifest; return the manifest."""
    import onnx
    import torch
    from onnxruntime.quantization import QuantType, quantize_dynamic

    from classifier.model.heads import load_classifier

    directory = directory or onnx_dir(source)
    directory.mkdir(parents=True, exist_ok=True)
    try:
        # eager attention: its graph is plain MatMul/Softmax, which ONNX Runtime runs fastest here
        model = load_classifier(str(source), attn_implementation="eager")
    except OSError as e:
        raise ModelLoadError(f"cannot load model {str(source)!r} to export it: {e}") from e
    model.eval()
    vocab = int(getattr(model.config, "vocab_size", 1000) or 1000)
    ids = torch.randint(1, min(vocab, 1000), (2, 16))
    axes = {"input_ids": {0: "rows", 1: "tokens"}, "attention_mask": {0: "rows", 1: "tokens"}}
    started = time.perf_counter()
    # temporary names in the same folder, renamed into place: a reader never sees half a file
    with tempfile.TemporaryDirectory(dir=directory) as tmp:
        fp32 = Path(tmp) / FILES["fp32"]
        int8 = Path(tmp) / FILES["int8"]
        with warnings.catch_warnings(), torch.inference_mode():
            warnings.simplefilter("ignore")  # tracer warnings about Python control flow on shapes
            torch.onnx.export(
                model,
                (ids, torch.ones_like(ids)),
                str(fp32),
                input_names=["input_ids", "attention_mask"],
                output_names=["logits"],
                dynamic_axes={**axes, "logits": {0: "rows"}},
                opset_version=OPSET,
                dynamo=False,
            )
        onnx.checker.check_model(str(fp32))
        quantize_dynamic(
            str(fp32),
            str(int8),
            weight_type=QuantType.QInt8,
            per_channel=True,
            extra_options={"DefaultTensorType": onnx.TensorProto.FLOAT},
        )
        files = {}
        for precision, tmp_path in (("fp32", fp32), ("int8", int8)):
            files[precision] = {"file": FILES[precision], "sha256": sha256_file(tmp_path)}
            os.replace(tmp_path, directory / FILES[precision])
    manifest = {
        "format_version": FORMAT_VERSION,
        "weights_sha256": weights_digest(source),
        "opset": OPSET,
        "int8": "dynamic quantisation, int8 weights per channel",
        "exported_with": {"torch": torch.__version__, "onnx": onnx.__version__},
        "files": files,
    }
    (directory / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    log.info("exported %s to %s in %.1f s", source, directory, time.perf_counter() - started)
    return manifest
