"""A model directory's files beyond sentinela.json: the weights' digest and the ONNX export's place.

The digest names the weights an ONNX export or an agreement measurement came from (a retrained
model invalidates both); the manifest lists each exported file with its SHA-256.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
from pathlib import Path

from classifier.errors import ArtifactError

ONNX_DIR = "onnx"
MANIFEST = "manifest.json"
FILES = {"fp32": "model.fp32.onnx", "int8": "model.int8.onnx"}


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
