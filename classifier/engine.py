"""The synchronous model: normalise, window, batch by length, run, sigmoid.

Everything here blocks; :mod:`classifier.service` runs it in one worker thread.
"""

from __future__ import annotations

import logging
import os
import warnings
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import torch
from transformers import AutoModelForSequenceClassification, AutoTokenizer

from classifier.artifacts import ModelMeta
from classifier.errors import ArtifactError, ClassifierConfigError, ModelLoadError
from classifier.lexical import LEXICAL_JSON, LexicalModel
from classifier.text import normalize

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
    """A loaded model with its tokenizer and metadata; ``predict_probs`` is the whole pipeline."""

    def __init__(
        self,
        model: torch.nn.Module,
        tokenizer,
        meta: ModelMeta,
        device: torch.device,
        batch_size: int = 32,
        name: str = "model",
        max_tokens: int = 1024,
        lexical: LexicalModel | None = None,
    ) -> None:
        if (lexical is None) != (meta.blend is None):
            raise ArtifactError("a blended model needs both its lexical model and blend weights")
        if lexical is not None and lexical.labels != meta.labels:
            raise ArtifactError(
                f"lexical model labels {lexical.labels} differ from the model's {meta.labels}"
            )
        self.lexical = lexical
        self.model = model
        self.tokenizer = tokenizer
        self.meta = meta
        self.device = device
        self.batch_size = batch_size
        self.max_tokens = max_tokens  # padded tokens per forward pass
        self.name = name
        limit = getattr(model.config, "max_position_embeddings", 512) or 512
        # RoBERTa-style models reserve two positions for the padding offset
        if getattr(model.config, "model_type", "") in ("roberta", "xlm-roberta", "camembert"):
            limit -= 2
        self.window = max(8, min(meta.max_seq_length, limit))
        self.prefix, self.suffix = special_tokens(tokenizer)
        self.model_calls = 0

    @classmethod
    def load(
        cls,
        source: str | os.PathLike[str],
        device: str = "auto",
        *,
        threads: int | None = None,
        quantize: bool = False,
        batch_size: int = 32,
    ) -> Engine:
        """Load a Sentinela model directory or a hub id; raise :class:`ModelLoadError`."""
        torch_device = resolve_device(device)
        if threads is not None:
            if threads < 1:
                raise ClassifierConfigError(f"threads must be at least 1, got {threads}")
            torch.set_num_threads(threads)
        source = str(source)
        try:
            tokenizer = AutoTokenizer.from_pretrained(source)
            model = AutoModelForSequenceClassification.from_pretrained(source)
        except OSError as e:
            hint = (
                "the directory is not a model directory"
                if Path(source).exists()
                else "set SENTINELA_MODEL (or --model) to a local model directory written by "
                "`python -m training` when the Hugging Face hub cannot be reached"
            )
            raise ModelLoadError(f"cannot load model {source!r}: {hint}") from e
        labels = [model.config.id2label[i] for i in range(model.config.num_labels)]
        # an ArtifactError is a ModelLoadError already, naming the file at fault
        meta = ModelMeta.load(source, labels) if Path(source).is_dir() else ModelMeta.plain(labels)
        lexical = None
        if meta.blend is not None or (Path(source) / LEXICAL_JSON).is_file():
            lexical = LexicalModel.load(source)
        model.eval()
        if torch_device.type == "cuda":
            dtype = torch.bfloat16 if torch.cuda.is_bf16_supported() else torch.float16
            model = model.to(torch_device, dtype=dtype)
        elif quantize:
            model = quantize_int8(model)
        try:
            return cls(
                model, tokenizer, meta, torch_device, batch_size=batch_size, name=source, lexical=lexical
            )
        except ArtifactError as e:
            raise ArtifactError(f"{source}: {e}") from e

    @property
    def labels(self) -> list[str]:
        return self.meta.labels

    def chunks(self, texts: list[str]) -> list[Chunk]:
        """Token windows per non-empty text; long texts get overlapping windows."""
        size = self.window - len(self.prefix) - len(self.suffix)
        step = max(1, size - size // 4)  # a quarter of overlap: a word cut at one edge is whole in the next
        normalised = [normalize(t, self.meta.text) for t in texts]
        out: list[Chunk] = []
        non_empty = [(i, t) for i, t in enumerate(normalised) if t]
        if not non_empty:
            return out
        encoded = self.tokenizer(
            [t for _, t in non_empty], add_special_tokens=False, truncation=False, verbose=False
        )["input_ids"]
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

    def _sub_batches(self, chunks: list[Chunk]) -> list[list[Chunk]]:
        """Cut length-sorted chunks into batches of at most ``batch_size`` rows and
        ``max_tokens`` padded tokens: a few long texts no longer pad a whole batch of short ones."""
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

        A blended model mixes in the lexical model per label with its fitted weight.
        """
        probs = self.transformer_probs(texts)
        return probs if self.lexical is None else self.blend(probs, texts)

    def blend(self, transformer: np.ndarray, texts: list[str]) -> np.ndarray:
        """Mix the lexical model into the transformer's probabilities of ``texts``."""
        probs = transformer.copy()
        normalised = [normalize(t, self.meta.text) for t in texts]
        rows = [i for i, t in enumerate(normalised) if t]
        if rows:
            weight = np.array([self.meta.blend[label] for label in self.labels], dtype=np.float32)
            lexical = self.lexical.predict_proba([normalised[i] for i in rows])
            probs[rows] = weight * probs[rows] + (1.0 - weight) * lexical
        return probs

    @torch.inference_mode()
    def transformer_probs(self, texts: list[str]) -> np.ndarray:
        """The transformer's own probabilities (what a blend is fitted on)."""
        probs = np.zeros((len(texts), len(self.labels)), dtype=np.float32)
        chunks = sorted(self.chunks(texts), key=lambda c: len(c.input_ids))  # less padding
        pad = self.tokenizer.pad_token_id or 0
        for batch in self._sub_batches(chunks):
            width = len(batch[-1].input_ids)  # sorted ascending: the last is the longest
            ids = torch.full((len(batch), width), pad, dtype=torch.long)
            mask = torch.zeros((len(batch), width), dtype=torch.long)
            for row, chunk in enumerate(batch):
                ids[row, : len(chunk.input_ids)] = torch.tensor(chunk.input_ids)
                mask[row, : len(chunk.input_ids)] = 1
            logits = self.model(input_ids=ids.to(self.device), attention_mask=mask.to(self.device)).logits
            self.model_calls += 1
            batch_probs = torch.sigmoid(logits.float()).cpu().numpy()
            if len(batch_probs) != len(batch):
                raise RuntimeError(f"model returned {len(batch_probs)} rows for {len(batch)} inputs")
            for chunk, row in zip(batch, batch_probs, strict=True):
                # a label anywhere in a long message counts: take the max over its windows
                np.maximum(probs[chunk.text_index], row, out=probs[chunk.text_index])
        return probs


def special_tokens(tokenizer) -> tuple[list[int], list[int]]:
    """The ids a tokenizer puts before and after one sequence ([CLS] ... [SEP], <s> ... </s>)."""
    probe = tokenizer("a", add_special_tokens=False)["input_ids"]
    full = tokenizer("a")["input_ids"]
    for k in range(len(full) - len(probe) + 1):
        if full[k : k + len(probe)] == probe:
            return full[:k], full[k + len(probe) :]
    raise ModelLoadError("cannot tell the tokenizer's special tokens apart from the text")


def quantize_int8(model: torch.nn.Module) -> torch.nn.Module:
    """Dynamic int8 quantisation of the Linear layers (CPU only)."""
    from torch.ao.quantization import quantize_dynamic

    with warnings.catch_warnings():
        # deprecated in favour of torchao, which is not a dependency here; still works in 2.x
        warnings.simplefilter("ignore")
        return quantize_dynamic(model, {torch.nn.Linear}, dtype=torch.qint8)
