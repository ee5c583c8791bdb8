"""``python -m classifier.export DIR``: the ONNX files of the onnx backend, checksummed.

Writes ``DIR/onnx/model.fp32.onnx``, ``DIR/onnx/model.int8.onnx`` (MatMul weights quantised
per channel to int8, activations quantised on the fly: ONNX Runtime's dynamic quantisation) and
``DIR/onnx/manifest.json`` with each file's SHA-256 and the digest of the weights they came
from. A file whose checksum differs is refused; files exported from other weights (the model
was retrained) are exported again. With ``--validation-file`` it also measures, on those texts,
how many label decisions each engine shares with PyTorch fp32 and stores that in
``sentinela.json``: ``precision="auto"`` only picks an engine measured at 99.5% or more.

A directory that cannot be written (or a hub id) gets its ONNX files in a cache folder
(``SENTINELA_CACHE``, default ``~/.cache/sentinela``) the first time the onnx backend loads it.
"""

from __future__ import annotations

import functools
import hashlib
import json
import logging
import os
import sys
import tempfile
import time
import warnings
from pathlib import Path

import numpy as np

from classifier.artifacts import META_FILE, ModelMeta
from classifier.cli import USAGE_ERROR, ArgumentParser, first_line
from classifier.errors import ArtifactError, ClassifierConfigError, ClassifierError, ModelLoadError

log = logging.getLogger(__name__)

ONNX_DIR = "onnx"
MANIFEST = "manifest.json"
FILES = {"fp32": "model.fp32.onnx", "int8": "model.int8.onnx"}
OPSET = 17
FORMAT_VERSION = 1
# what agreement is measured for, against torch fp32
MEASURED = (("onnx", "fp32"), ("onnx", "int8"), ("torch", "bf16"))


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        while block := f.read(1 << 20):
            h.update(block)
    return h.hexdigest()


def weights_digest(source: str | os.PathLike[str]) -> str:
    """SHA-256 over the transformer's config and weight files (not the lexical model's)."""
    directory = Path(source)
    if not directory.is_dir():  # a hub id: the name is all there is before a download
        return hashlib.sha256(str(source).encode()).hexdigest()
    files = [directory / "config.json"]
    files += sorted(directory.glob("model*.safetensors")) + sorted(directory.glob("pytorch_model*.bin"))
    # hashed once per version of the files: one load (auto times several engines) asks repeatedly
    signature = tuple(
        (str(p.resolve()), p.stat().st_size, p.stat().st_mtime_ns) for p in files if p.is_file()
    )
    return _digest(signature)


@functools.lru_cache(maxsize=32)
def _digest(signature: tuple[tuple[str, int, int], ...]) -> str:
    h = hashlib.sha256()
    for path, _, _ in signature:
        h.update(Path(path).name.encode())
        h.update(sha256_file(Path(path)).encode())
    return h.hexdigest()


def onnx_dir(source: str | os.PathLike[str]) -> Path:
    """Where a model's ONNX files live: beside it when it can be written, else in the cache."""
    directory = Path(source)
    if directory.is_dir():
        target = directory / ONNX_DIR
        if (target.is_dir() and os.access(target, os.W_OK)) or os.access(directory, os.W_OK):
            return target
    cache = Path(os.environ.get("SENTINELA_CACHE", Path.home() / ".cache" / "sentinela"))
    key = hashlib.sha256(str(directory.resolve() if directory.is_dir() else source).encode()).hexdigest()
    return cache / ONNX_DIR / key[:16]


def read_manifest(directory: Path) -> dict | None:
    path = directory / MANIFEST
    if not path.is_file():
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as e:
        raise ArtifactError(f"{path}: unreadable ONNX manifest ({e})") from e
    if not isinstance(data, dict) or not isinstance(data.get("files"), dict):
        raise ArtifactError(f"{path}: expected an object with files")
    return data


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
        raise ArtifactError(f"{path}: missing; run `python -m classifier.export {source}` again")
    if sha256_file(path) != entry.get("sha256"):
        raise ArtifactError(
            f"{path}: checksum differs from {MANIFEST} (corrupt or changed after export); "
            f"run `python -m classifier.export {source}` again"
        )
    return path


def export_onnx(source: str | os.PathLike[str], directory: Path | None = None) -> dict:
    """Export fp32 and int8 ONNX files and their manifest; return the manifest."""
    import onnx
    import torch
    from onnxruntime.quantization import QuantType, quantize_dynamic

    from classifier.heads import load_classifier

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


def measure_agreement(source: str | os.PathLike[str], texts: list[str]) -> dict:
    """Each engine's label decisions against torch fp32 on ``texts`` (thresholds of the model)."""
    from classifier.engine import Engine

    reference = Engine.load(source, "cpu", backend="torch", precision="fp32")
    cut = np.array([reference.meta.threshold(label) for label in reference.labels])
    base = reference.predict_probs(texts)
    results: dict[str, dict[str, float]] = {}
    for backend, precision in MEASURED:
        engine = Engine.load(source, "cpu", backend=backend, precision=precision)
        started = time.perf_counter()
        probs = engine.predict_probs(texts)
        seconds = time.perf_counter() - started
        results[f"{backend}/{precision}"] = {
            "agreement": float(((probs >= cut) == (base >= cut)).mean()),
            "max_abs_diff": float(np.abs(probs - base).max()) if len(texts) else 0.0,
            "msgs_per_s_here": len(texts) / seconds if seconds > 0 else 0.0,
        }
    return {"weights_sha256": weights_digest(source), "texts": len(texts), "results": results}


def read_texts(path: Path, column: str = "text", limit: int | None = None) -> list[str]:
    """Texts of a CSV/TSV or JSON-lines file's ``column``."""
    import pandas as pd

    if not path.is_file():
        raise ClassifierConfigError(f"{path}: no such file")
    try:
        if path.suffix in (".jsonl", ".json"):
            frame = pd.read_json(path, lines=True)
        else:
            frame = pd.read_csv(path, sep="\t" if path.suffix == ".tsv" else ",")
    except (ValueError, OSError) as e:
        raise ClassifierConfigError(f"{path}: unreadable ({e})") from e
    if column not in frame.columns:
        raise ClassifierConfigError(f"{path}: no {column!r} column (columns: {list(frame.columns)})")
    texts = frame[column].dropna().astype(str).tolist()
    return texts[:limit] if limit else texts


def export_dir(model_dir: Path, validation_texts: list[str] | None = None) -> dict:
    """Export ``model_dir`` and, given texts, store each engine's agreement in ``sentinela.json``."""
    if not (model_dir / "config.json").is_file():
        raise ClassifierConfigError(f"{model_dir}: not a model directory (no config.json)")
    manifest = export_onnx(model_dir, model_dir / ONNX_DIR)
    if validation_texts:
        check = measure_agreement(model_dir, validation_texts)
        from transformers import AutoConfig

        config = AutoConfig.from_pretrained(model_dir)
        meta = ModelMeta.load(model_dir, [config.id2label[i] for i in range(config.num_labels)])
        meta.precision_check = check
        meta.save(model_dir)
        manifest["precision_check"] = check
    return manifest


def main(argv: list[str] | None = None) -> int:
    parser = ArgumentParser(prog="python -m classifier.export", description=__doc__.splitlines()[0])
    parser.add_argument("model_dir", type=Path, help="a model directory written by python -m training")
    parser.add_argument(
        "--validation-file", type=Path, help="CSV/TSV/JSONL of validation texts: measure agreement with fp32"
    )
    parser.add_argument("--text-column", default="text")
    parser.add_argument("--limit", type=int, default=2000, help="validation texts measured (default 2000)")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    try:
        texts = None
        if args.validation_file is not None:
            texts = read_texts(args.validation_file, args.text_column, args.limit)
        manifest = export_dir(args.model_dir, texts)
    except ClassifierConfigError as e:
        print(f"error: {first_line(e)}", file=sys.stderr)
        return USAGE_ERROR
    except ClassifierError as e:
        print(f"error: {first_line(e)}", file=sys.stderr)
        return 1
    for precision, entry in manifest["files"].items():
        path = args.model_dir / ONNX_DIR / entry["file"]
        print(f"{precision}: {path} ({path.stat().st_size / 2**20:.1f} MiB)")
    check = manifest.get("precision_check")
    if check is None:
        print(f"agreement not measured (no --validation-file): precision 'auto' stays at fp32 ({META_FILE})")
        return 0
    for engine, r in check["results"].items():
        print(
            f"{engine}: {r['agreement']:.2%} of {check['texts']} texts' label decisions agree with "
            f"torch fp32, largest probability difference {r['max_abs_diff']:.4f}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
