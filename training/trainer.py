"""The Trainer with class-weighted, mask-aware BCE and early stopping."""

from __future__ import annotations

import numpy as np
import torch
import torch.nn.functional as F
from transformers import DataCollatorWithPadding, PreTrainedTokenizerBase, Trainer

CF_FIELDS = ("cf_input_ids", "cf_attention_mask")  # a row's counterfactual (training.counterfactual)


def positive_weights(train_labels: np.ndarray, mode: str = "ratio", cap: float = 50.0) -> torch.Tensor | None:
    """BCE ``pos_weight`` per label from train frequencies (NaN cells ignored).

    'ratio' is negatives/positives, so a rare label contributes as much gradient as a common
    one; 'sqrt' is milder. Capped so a label with a handful of positives cannot dominate.
    """
    if mode == "none":
        return None
    if mode not in ("ratio", "sqrt"):
        raise ValueError(f"pos_weight must be 'ratio', 'sqrt' or 'none', got {mode!r}")
    pos = np.nansum(train_labels == 1, axis=0).astype(np.float64)
    neg = np.nansum(train_labels == 0, axis=0).astype(np.float64)
    ratio = neg / np.clip(pos, 1.0, None)
    weights = np.sqrt(ratio) if mode == "sqrt" else ratio
    return torch.tensor(np.clip(weights, 1.0, cap), dtype=torch.float32)


def masked_bce(logits: torch.Tensor, labels: torch.Tensor, pos_weight: torch.Tensor | None) -> torch.Tensor:
    """Mean BCE over known label cells; NaN targets (unknown labels) add nothing."""
    known = ~torch.isnan(labels)
    target = torch.nan_to_num(labels, nan=0.0)
    weight = pos_weight.to(logits.device, logits.dtype) if pos_weight is not None else None
    loss = F.binary_cross_entropy_with_logits(
        logits, target.to(logits.dtype), pos_weight=weight, reduction="none"
    )
    return (loss * known).sum() / known.sum().clamp(min=1)


class PairCollator:
    """Pads a batch and, apart, the counterfactuals of its rows that have one (empty ones: none)."""

    def __init__(self, tokenizer: PreTrainedTokenizerBase) -> None:
        self.pad = DataCollatorWithPadding(tokenizer, pad_to_multiple_of=8)

    def __call__(self, features: list[dict]) -> dict[str, torch.Tensor]:
        pairs = [
            {"input_ids": f.pop(CF_FIELDS[0], []), "attention_mask": f.pop(CF_FIELDS[1], [])}
            for f in features
        ]
        batch = self.pad(features)
        has = [len(p["input_ids"]) > 0 for p in pairs]
        if any(has):
            cf = self.pad([p for p, h in zip(pairs, has, strict=True) if h])
            batch["cf_input_ids"], batch["cf_attention_mask"] = cf["input_ids"], cf["attention_mask"]
            batch["cf_rows"] = torch.tensor([i for i, h in enumerate(has) if h])
        return batch


class MultiLabelTrainer(Trainer):
    def __init__(
        self, *args, pos_weight: torch.Tensor | None = None, clp_weight: float = 0.0, **kwargs
    ) -> None:
        super().__init__(*args, **kwargs)
        self.pos_weight = pos_weight
        self.clp_weight = clp_weight
        # our loss is a per-batch mean, so let Trainer scale it for gradient accumulation
        self.model_accepts_loss_kwargs = False

    def _set_signature_columns_if_needed(self) -> None:
        super()._set_signature_columns_if_needed()
        if self.clp_weight > 0 and self._signature_columns is not None:
            self._signature_columns += [c for c in CF_FIELDS if c not in self._signature_columns]

    def compute_loss(self, model, inputs, return_outputs=False, num_items_in_batch=None):
        labels = inputs.pop("labels")
        pair = {k: inputs.pop(k) for k in ("cf_input_ids", "cf_attention_mask", "cf_rows") if k in inputs}
        outputs = model(**inputs)
        loss = masked_bce(outputs.logits, labels, self.pos_weight)
        if self.clp_weight > 0 and pair and model.training:
            cf_logits = model(input_ids=pair["cf_input_ids"], attention_mask=pair["cf_attention_mask"]).logits
            gap = (outputs.logits[pair["cf_rows"]] - cf_logits).abs().mean()
            loss = loss + self.clp_weight * gap
        return (loss, outputs) if return_outputs else loss
