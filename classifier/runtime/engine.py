"""The synchronous model: normalise, window, batch by length, run, sigmoid.

Everything here blocks; :mod:`classifier.serving.service` runs it in one worker thread.
"""

from __future__ import annotations

import logging
import os
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import torch
from scipy.sparse import csr_matrix
from scipy.special import expit
from transformers import AutoConfig, AutoTokenizer, PretrainedConfig

from classifier.errors import ArtifactError, ClassifierConfigError, ModelLoadError
from classifier.model.artifacts import ModelMeta
from classifier.model.files import weights_digest
from classifier.model.lexical import LEXICAL_JSON, LexicalModel
from classifier.model.text import normalize
from classifier.runtime.backends import BACKENDS, PRECISIONS, Runner, default_threads
from classifier.runtime.batches import balanced_groups, longest_first, special_tokens
from classifier.runtime.cascade import Cascade, cascade_for
from classifier.runtime.compiled import check_compile_mode
from classifier.runtime.selection import build_runner

log = logging.getLogger(__name__)


def resolve_device(device: str) -> torch.device:
    if device == "auto":
        return torch.device("cuda" if torch.cuda.is_available() else "cpu")
    try:
        resolved = torch.device(device)
    except RuntimeError as e:
        raise ClassifierConfigError(f"unknown device {device!r}; use 'auto', 'cpu' or 'cuda[:N]'") from e
    if resolved.type == "cuda" and not torch.cuda.is_available():
        raise ClassifierConfigError("device 'cuda' requested but no CUDA GPU is available")
    return resolved


@dataclass(frozen=True)
class Chunk:
    text_index: int
    input_ids: list[int]


class Engine:
    """A loaded model with its tokenizer and metadata; ``predict_probs`` is the whole pipeline.

    The forward pass runs on a :class:`~classifier.backends.Runner` (PyTorch or ONNX Runtime, at
    some precision); normalisation, windows, length-sorted batches and the lexical blend are the
    same on every runner.
    """

    def __init__(
        self,
        runner: Runner,
        tokenizer,
        meta: ModelMeta,
        config: PretrainedConfig,
        device: torch.device,
        batch_size: int = 32,
        name: str = "model",
        max_tokens: int | None = None,
        lexical: LexicalModel | None = None,
        cascade: Cascade | None = None,
    ) -> None:
        if cascade is not None and cascade.first_stage is None and lexical is None:
            raise ArtifactError("a cascade without a trained first stage needs the lexical model")
        if (lexical is None) != (meta.blend is None):
            raise ArtifactError("a blended model needs both its lexical model and blend weights")
        if lexical is not None and lexical.labels != meta.labels:
            raise ArtifactError(
                f"lexical model labels {lexical.labels} differ from the model's {meta.labels}"
            )
        self.lexical = lexical
        self.cascade = cascade
        self.cascade_skipped = 0  # texts the cascade answered without the transformer
        self.runner = runner
        self.tokenizer = tokenizer
        self.meta = meta
        self.config = config
        self.device = device
        self.batch_size = batch_size
        # padded tokens per forward pass: small on CPU (a few long texts must not pad a batch of
        # short ones), large on a GPU, which needs big matrices to be busy
        self.max_tokens = max_tokens or (1024 if device.type == "cpu" else 64 * batch_size)
        self.name = name
        limit = getattr(config, "max_position_embeddings", 512) or 512
        # RoBERTa-style models reserve two positions for the padding offset
        if getattr(config, "model_type", "") in ("roberta", "xlm-roberta", "camembert"):
            limit -= 2
        self.window = max(8, min(meta.max_seq_length, limit))
        self.prefix, self.suffix = special_tokens(tokenizer)
        self.model_calls = 0
        # runners that take batches side by side (ONNX Runtime) get a thread per core
        self.parallel = max(1, getattr(runner, "parallel", 1))
        self._pool = ThreadPoolExecutor(self.parallel, "sentinela-run") if self.parallel > 1 else None

    @property
    def model(self) -> torch.nn.Module | None:
        """The PyTorch module (None on ONNX Runtime)."""
        return getattr(self.runner, "model", None)

    @property
    def backend(self) -> str:
        return self.runner.backend

    @property
    def precision(self) -> str:
        return self.runner.precision

    @classmethod
    def load(
        cls,
        source: str | os.PathLike[str],
        device: str = "auto",
        *,
        backend: str = "torch",
        precision: str = "fp32",
        threads: int | None = None,
        quantize: bool = False,
        batch_size: int = 32,
        max_tokens: int | None = None,
        cascade: str = "auto",
        compile: str = "off",
    ) -> Engine:
        """Load a Sentinela model directory or a hub id; raise :class:`ModelLoadError`.

        ``backend`` is torch, onnx or auto; ``precision`` is fp32, bf16, fp16 (CUDA), int8 (onnx) or
        auto: the fastest engine on this machine (timed here, on a probe batch) among fp32 and
        those measured at export to agree with fp32 on at least 99.5% of validation decisions
        (``python -m classifier.export --validation-file``); never measured, it is torch fp32.
        ``quantize`` is the old name of onnx int8. ``cascade``: ``auto`` lets the first stage
        (trained, else a blend's lexical model) answer clearly clean texts when the directory has
        a bound calibrated for these weights (``python -m classifier.export``), ``off`` always asks
        the transformer. ``compile`` (:mod:`classifier.runtime.compiled`): ``on`` compiles a PyTorch
        runner at load, ``auto`` a CPU bf16 one measured at export to agree with fp32, ``off`` none.
        """
        torch_device = resolve_device(device)
        check_compile_mode(compile)
        if quantize:
            backend, precision = "onnx", "int8"
        if backend not in (*BACKENDS, "auto"):
            raise ClassifierConfigError(f"unknown backend {backend!r}; use torch, onnx or auto")
        if precision not in (*PRECISIONS, "auto"):
            raise ClassifierConfigError(
                f"unknown precision {precision!r}; use fp32, bf16, fp16, int8 or auto"
            )
        if threads is not None and threads < 1:
            raise ClassifierConfigError(f"threads must be at least 1, got {threads}")
        if backend == "auto" and precision != "auto":
            backend = "onnx" if precision == "int8" else "torch"
        if backend == "onnx" and torch_device.type != "cpu":
            raise ClassifierConfigError("the onnx backend runs on CPU; on a GPU use backend 'torch'")
        # on CPU the engine runs batches side by side, one thread each (see backends.py): a
        # PyTorch pool of one thread per caller; on a GPU the host threads only feed it
        torch.set_num_threads(1 if torch_device.type == "cpu" else threads or default_threads())
        source = str(source)
        try:
            tokenizer = AutoTokenizer.from_pretrained(source)
            config = AutoConfig.from_pretrained(source)
        except OSError as e:
            hint = (
                "the directory is not a model directory"
                if Path(source).exists()
                else "set SENTINELA_MODEL (or --model) to a local model directory written by "
                "`python -m training` when the Hugging Face hub cannot be reached"
            )
            raise ModelLoadError(f"cannot load model {source!r}: {hint}") from e
        labels = [config.id2label[i] for i in range(config.num_labels)]
        # an ArtifactError is a ModelLoadError already, naming the file at fault
        meta = ModelMeta.load(source, labels) if Path(source).is_dir() else ModelMeta.plain(labels)
        lexical = None
        if meta.blend is not None or (Path(source) / LEXICAL_JSON).is_file():
            lexical = LexicalModel.load(source)
        digest = weights_digest(source) if meta.cascade is not None else ""
        first_stage = cascade_for(meta, lexical, source, digest, cascade)
        vocab = getattr(config, "vocab_size", 1000)
        runner = build_runner(source, meta, torch_device, backend, precision, threads, vocab, compile)
        try:
            return cls(
                runner,
                tokenizer,
                meta,
                config,
                torch_device,
                batch_size=batch_size,
                name=source,
                max_tokens=max_tokens,
                lexical=lexical,
                cascade=first_stage,
            )
        except ArtifactError as e:
            raise ArtifactError(f"{source}: {e}") from e

    @property
    def labels(self) -> list[str]:
        return self.meta.labels

    def normalise(self, texts: list[str]) -> list[str]:
        return [normalize(t, self.meta.text) for t in texts]

    def chunks(self, texts: list[str], normalised: list[str] | None = None) -> list[Chunk]:
        """Token windows per non-empty text; long texts get overlapping windows."""
        size = self.window - len(self.prefix) - len(self.suffix)
        step = max(1, size - size // 4)  # a quarter of overlap: a word cut at one edge is whole in the next
        if normalised is None:
            normalised = self.normalise(texts)
        out: list[Chunk] = []
        non_empty = [(i, t) for i, t in enumerate(normalised) if t]
        if not non_empty:
            return out
        encoded = self.token_ids([t for _, t in non_empty])
        for (i, _), ids in zip(non_empty, encoded, strict=True):
            if not ids:
                continue
            start = 0
            while True:
                piece = ids[start : start + size]
                out.append(Chunk(i, [*self.prefix, *piece, *self.suffix]))
                if start + size >= len(ids):
                    break
                start += step
        return out

    def token_ids(self, texts: list[str]) -> list[list[int]]:
        """Token ids of ``texts`` without special tokens, uncut.

        A fast tokenizer's Rust half is called directly: the transformers wrapper around it builds
        Python objects per text and took 106 us a chat message against 19 (the same ids, tested).
        """
        backend = getattr(self.tokenizer, "backend_tokenizer", None)
        if backend is not None and backend.truncation is None and backend.padding is None:
            encode = getattr(backend, "encode_batch_fast", backend.encode_batch)
            return [e.ids for e in encode(texts, add_special_tokens=False)]
        return self.tokenizer(texts, add_special_tokens=False, truncation=False, verbose=False)["input_ids"]

    def _sub_batches(self, chunks: list[Chunk]) -> list[list[Chunk]]:
        """Cut length-sorted chunks into batches of at most ``batch_size`` rows and
        ``max_tokens`` padded tokens: a few long texts no longer pad a whole batch of short ones.

        A runner that takes batches side by side first gets a few rows cut into one group per
        thread of about equal padded tokens (cut by rows, the half with the long texts would set
        the pace of a live batch); many rows make many batches, which the threads share anyway.
        """
        if self.parallel > 1 and 1 < len(chunks) <= self.parallel * self.batch_size:
            groups = balanced_groups([len(c.input_ids) for c in chunks], self.parallel)
            return [b for start, end in groups for b in self._cut(chunks[start:end])]
        return self._cut(chunks)

    def _cut(self, chunks: list[Chunk]) -> list[list[Chunk]]:
        batches: list[list[Chunk]] = []
        current: list[Chunk] = []
        for chunk in chunks:
            rows = len(current) + 1
            if current and (rows > self.batch_size or rows * len(chunk.input_ids) > self.max_tokens):
                batches.append(current)
                current = []
            current.append(chunk)
        if current:
            batches.append(current)
        return batches

    def predict_probs(self, texts: list[str]) -> np.ndarray:
        """Probabilities, shape (len(texts), n_labels); empty texts score 0 without a model call.

        A blended model mixes in the lexical model per label with its fitted weight. With a
        cascade, a text the first stage finds clearly clean is answered without the transformer:
        with the lexical probabilities held under every threshold (zeros for a model without a
        lexical half), so it is never flagged at the model's thresholds.
        """
        normalised = self.normalise(texts)  # once, for both halves of a blend and the first stage
        if self.lexical is None and self.cascade is None:
            return self.transformer_probs(texts, normalised)
        features, lexical = self._lexical_half(normalised)
        ask = np.array([bool(t) for t in normalised], dtype=bool)
        probs = np.zeros((len(texts), len(self.labels)), dtype=np.float32)  # empty texts: 0
        if self.cascade is not None:
            clean = ask & self.cascade.clean(normalised, lexical, features)
            if clean.any():
                self.cascade_skipped += int(clean.sum())
                settled = None if lexical is None else lexical[clean]
                probs[clean] = self.cascade.answer(settled, int(clean.sum()))
                ask &= ~clean
        rows = np.flatnonzero(ask)
        if len(rows):
            transformer = self.transformer_probs([texts[i] for i in rows], [normalised[i] for i in rows])
            probs[rows] = transformer if lexical is None else self.mix(transformer, lexical[rows])
        return probs

    def cascade_clean(self, texts: list[str]) -> np.ndarray:
        """Which of ``texts`` the cascade would answer alone (all False without one)."""
        normalised = self.normalise(texts)
        if self.cascade is None:
            return np.zeros(len(texts), dtype=bool)
        features, lexical = self._lexical_half(normalised)
        ask = np.array([bool(t) for t in normalised], dtype=bool)
        return ask & self.cascade.clean(normalised, lexical, features)

    def _lexical_half(self, normalised: list[str]) -> tuple[csr_matrix | None, np.ndarray | None]:
        """The blend's n-gram rows and probabilities (None without a lexical model): the rows
        once, for the blend and for a first stage fitted on the same features."""
        if self.lexical is None:
            return None, None
        features = self.lexical.features(normalised)
        return features, self.lexical_probs(normalised, features)

    def lexical_probs(self, normalised: list[str], features: csr_matrix | None = None) -> np.ndarray:
        """The lexical model's probabilities of normalised texts (0 for empty ones), from their
        ``features`` rows where already computed."""
        if features is None:
            features = self.lexical.features(normalised)
        probs = self.lexical.proba_of(features)
        probs[[not t for t in normalised]] = 0.0
        return probs

    def mix(self, transformer: np.ndarray, lexical: np.ndarray) -> np.ndarray:
        """The blend: each label's transformer weight on the transformer, the rest on the lexical model."""
        weight = np.array([self.meta.blend[label] for label in self.labels], dtype=np.float32)
        return weight * transformer + (1.0 - weight) * lexical

    def blend(
        self, transformer: np.ndarray, texts: list[str], normalised: list[str] | None = None
    ) -> np.ndarray:
        """Mix the lexical model into the transformer's probabilities of ``texts``."""
        if normalised is None:
            normalised = self.normalise(texts)
        probs = transformer.copy()
        rows = [i for i, t in enumerate(normalised) if t]
        if rows:
            probs[rows] = self.mix(transformer[rows], self.lexical_probs([normalised[i] for i in rows]))
        return probs

    def transformer_probs(self, texts: list[str], normalised: list[str] | None = None) -> np.ndarray:
        """The transformer's own probabilities (what a blend is fitted on)."""
        probs = np.zeros((len(texts), len(self.labels)), dtype=np.float32)
        chunks = sorted(self.chunks(texts, normalised), key=lambda c: len(c.input_ids))  # less padding
        batches = self._sub_batches(chunks)
        run = self._run_batch
        side_by_side = self._pool is not None and len(batches) > 1
        if side_by_side:
            order = longest_first([(len(b), len(b[-1].input_ids)) for b in batches])
            done = dict(zip(order, self._pool.map(run, [batches[i] for i in order]), strict=True))
            outputs = [done[i] for i in range(len(batches))]
        else:
            outputs = [run(b) for b in batches]
        for batch, batch_probs in zip(batches, outputs, strict=True):
            self.model_calls += 1
            for chunk, row in zip(batch, batch_probs, strict=True):
                # a label anywhere in a long message counts: take the max over its windows
                np.maximum(probs[chunk.text_index], row, out=probs[chunk.text_index])
        return probs

    def encode(self, batch: list[Chunk]) -> tuple[np.ndarray, np.ndarray]:
        """Padded ids and attention mask of a length-sorted batch."""
        width = len(batch[-1].input_ids)  # sorted ascending: the last is the longest
        ids = np.full((len(batch), width), self.tokenizer.pad_token_id or 0, dtype=np.int64)
        mask = np.zeros((len(batch), width), dtype=np.int64)
        for row, chunk in enumerate(batch):
            ids[row, : len(chunk.input_ids)] = chunk.input_ids
            mask[row, : len(chunk.input_ids)] = 1
        return ids, mask

    def _run_batch(self, batch: list[Chunk]) -> np.ndarray:
        logits = self.runner(*self.encode(batch))
        if len(logits) != len(batch):
            raise RuntimeError(f"model returned {len(logits)} rows for {len(batch)} inputs")
        return expit(logits)
