"""Command-line arguments as dataclasses (``HfArgumentParser``: flags or one JSON file).

Defaults follow the seed notebook (BERTimbau, seed 1993, 20% validation, lr 2e-5) and fix its
mistakes: dynamic padding with length grouping, per-epoch checkpoints, best model by micro-F1.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import torch
from transformers import TrainingArguments

from classifier.runtime.backends import cpu_has_native_bf16

DEFAULT_SEED = 1993  # the seed notebook's


@dataclass
class ModelArguments:
    model_name: str = field(
        default="neuralmind/bert-base-portuguese-cased",
        metadata={"help": "Hub id or local path of any BERT-style checkpoint (or a Sentinela model)."},
    )
    max_seq_length: int = field(
        default=128, metadata={"help": "Truncate texts to this many tokens (dynamic padding below it)."}
    )
    pos_weight: str = field(
        default="ratio",
        metadata={
            "help": "Positive-class weights in the BCE loss from train frequencies: "
            "'ratio' (negatives/positives), 'sqrt' (its square root) or 'none'."
        },
    )
    max_pos_weight: float = field(default=50.0, metadata={"help": "Cap on any label's positive weight."})
    early_stopping_patience: int = field(
        default=2, metadata={"help": "Stop after this many evaluations without improvement (0: off)."}
    )
    keep_checkpoints: bool = field(
        default=False,
        metadata={"help": "Keep the per-epoch checkpoint-* folders after a successful run."},
    )
    pooling: str | None = field(
        default=None,
        metadata={
            "help": "Classification head for a pretrained encoder: 'cls' (the [CLS] state through the "
            "pooler) or 'mean' (token states averaged; what E5 was trained with). Default: the "
            "checkpoint's own head, else cls.",
            "choices": ["cls", "mean"],
        },
    )
    clp_weight: float = field(
        default=0.0,
        metadata={
            "help": "Counterfactual logit pairing: add W * mean |logit(x) - logit(x')| for each "
            "non-hateful row x that names a group, x' the same with another group (0: off)."
        },
    )
    export_onnx: bool = field(
        default=False,
        metadata={
            "help": "At the end, write the ONNX files (fp32, int8) and measure each engine's agreement "
            "with fp32 on validation (python -m classifier.export), so PRECISION=auto can use them."
        },
    )


@dataclass
class LexicalArguments:
    """The lexical n-gram blend, after training (``--lexical-blend``) or on its own (``training.blend``)."""

    lexical_blend: bool = field(
        default=False,
        metadata={
            "help": "After training, fit a word + char n-gram model on train and blend it in per label "
            "with weights fitted on validation (python -m training.blend)."
        },
    )
    lexical_c: list[float] = field(
        default_factory=lambda: [4.0],
        metadata={
            "help": "Inverse regularisation of the lexical model; several: chosen per label on validation."
        },
    )
    blend_shrinkage: float = field(
        default=0.0,
        metadata={
            "help": "Pull each label's fitted blend weight towards 0.5 by n / (n + k), n its validation "
            "positives (k = this; 0: off). Weights fitted on few positives are noise."
        },
    )


@dataclass
class ModelDirArguments:
    """For the commands that work on a written model directory (``training.blend``, ``.evaluate``)."""

    device: str = field(default="auto", metadata={"help": "Where the model runs: auto, cpu or cuda[:N]."})
    seed: int = field(
        default=DEFAULT_SEED,
        metadata={"help": "Seed of the validation split when there is no validation file."},
    )


@dataclass
class DataArguments:
    dataset: str | None = field(
        default=None, metadata={"help": "Built-in dataset: 'olidbr' (Kaggle dougtrajano/olidbr)."}
    )
    data_dir: str = field(default="data", metadata={"help": "Where downloads are cached."})
    train_file: str | None = field(default=None, metadata={"help": "CSV/TSV/JSON/JSONL/Parquet."})
    validation_file: str | None = field(
        default=None, metadata={"help": "Without it, --validation-split of train is held out."}
    )
    test_file: str | None = field(default=None, metadata={"help": "Scored once after training."})
    sources: str | None = field(
        default=None,
        metadata={
            "help": "A TOML file of training sources, each with its column mapping, the labels it "
            "annotates and a sampling weight (instead of --train-file; see training/sources.py)."
        },
    )
    extra_train_file: list[str] | None = field(
        default=None,
        metadata={"help": "More training rows (e.g. exported moderator feedback); train only."},
    )
    text_column: str = field(default="text", metadata={"help": "Column holding the text."})
    label_columns: list[str] | None = field(
        default=None, metadata={"help": "Label columns: booleans, 0/1 or vote counts."}
    )
    min_votes: int | None = field(
        default=None,
        metadata={"help": "Vote-count labels: positive when at least this many annotators agree."},
    )
    validation_split: float = field(
        default=0.2, metadata={"help": "Fraction of train held out when no validation file."}
    )
    user_token: str | None = field(
        default=None,
        metadata={"help": "Token user mentions become ('USER' for OLID-BR, '@user' otherwise)."},
    )
    counterfactual_copies: int = field(
        default=0,
        metadata={
            "help": "Add N copies of every non-hateful training row that names a group, the group "
            "term swapped for another group's (training/counterfactual.py; 0: off)."
        },
    )
    max_benign_flag_rate: float | None = field(
        default=None,
        metadata={
            "help": "After F1 tuning, raise thresholds until at most this share of the validation "
            "messages with no positive label would be flagged for anything (e.g. 0.1)."
        },
    )


@dataclass
class SentinelaTrainingArguments(TrainingArguments):
    """``TrainingArguments`` with this project's defaults; every HF flag still works."""

    output_dir: str | None = field(default="outputs/model", metadata={"help": "Model directory."})
    learning_rate: float = field(default=2e-5, metadata={"help": "Peak learning rate."})
    seed: int = field(default=DEFAULT_SEED, metadata={"help": "Seed for the split, init and sampling."})
    num_train_epochs: float = field(default=4.0, metadata={"help": "Upper bound; see patience."})
    per_device_train_batch_size: int = field(default=16, metadata={"help": "Batch size per device."})
    per_device_eval_batch_size: int = field(default=64, metadata={"help": "Eval batch size."})
    warmup_steps: float = field(
        default=0.06, metadata={"help": "Linear warm-up: steps, or a share of steps if below 1."}
    )
    weight_decay: float = field(default=0.01, metadata={"help": "AdamW weight decay."})
    eval_strategy: str = field(default="epoch", metadata={"help": "Evaluate every epoch."})
    save_strategy: str = field(default="epoch", metadata={"help": "Checkpoint every epoch."})
    save_total_limit: int | None = field(default=2, metadata={"help": "Checkpoints kept."})
    load_best_model_at_end: bool = field(default=True, metadata={"help": "Keep the best epoch."})
    metric_for_best_model: str | None = field(
        default="micro_f1", metadata={"help": "Validation metric that picks the best checkpoint."}
    )
    greater_is_better: bool | None = field(default=True, metadata={"help": "For the metric above."})
    train_sampling_strategy: str = field(
        default="group_by_length",
        metadata={"help": "Batches of similar length: far less padding than random batches."},
    )
    logging_steps: float = field(default=50, metadata={"help": "Log every N steps."})
    cpu_bf16: str = field(
        default="auto",
        metadata={
            "help": "Without a GPU: bf16 autocast 'auto' (when the CPU's flags show AMX or AVX-512 "
            "BF16, where it is native and about 2x fp32; emulated elsewhere, so off), 'true' or 'false'.",
            "choices": ["auto", "true", "false"],
        },
    )

    def __post_init__(self) -> None:
        if not torch.cuda.is_available() and not torch.backends.mps.is_available():
            if self.cpu_bf16 == "true" or (
                self.cpu_bf16 == "auto" and not self.fp16 and cpu_has_native_bf16()
            ):
                self.bf16 = True
            # HF refuses --bf16 without a GPU unless told it trains on the CPU: on a CPU-only
            # machine that is the only place it can train, so say it for the user
            if self.bf16:
                self.use_cpu = True
        super().__post_init__()
