"""``python -m training``: fine-tune a checkpoint into a self-contained Sentinela model directory."""

from __future__ import annotations

import logging
import shlex
import shutil
import time
from pathlib import Path

import numpy as np
import pandas as pd
import torch
from datasets import Dataset
from transformers import (
    AutoConfig,
    AutoTokenizer,
    EarlyStoppingCallback,
    EvalPrediction,
    PreTrainedTokenizerBase,
    set_seed,
)
from transformers.trainer_utils import get_last_checkpoint

from classifier.model.artifacts import ModelMeta
from classifier.model.heads import load_classifier
from classifier.model.text import TextConfig, normalize
from classifier.model.thresholds import tune_thresholds
from training.args import DataArguments, LexicalArguments, ModelArguments, SentinelaTrainingArguments
from training.blend import add_lexical_blend
from training.cli import parse
from training.counterfactual import Swapper, augment, pair_texts
from training.data import Splits, splits_from_args
from training.errors import TrainingError
from training.metrics import evaluate, sigmoid
from training.report import plot_pr_curves, write_metrics, write_model_card
from training.trainer import MultiLabelTrainer, PairCollator, positive_weights

log = logging.getLogger(__name__)

Args = tuple[ModelArguments, LexicalArguments, DataArguments, SentinelaTrainingArguments]


def parse_args(argv: list[str]) -> Args:
    return parse(  # type: ignore[return-value]
        (ModelArguments, LexicalArguments, DataArguments, SentinelaTrainingArguments),
        argv,
        prog="python -m training",
        description="Fine-tune a checkpoint into a Sentinela model directory.",
    )


def label_matrix(df: pd.DataFrame, labels: list[str]) -> np.ndarray:
    return df[labels].to_numpy(dtype=np.float32)


def to_dataset(
    df: pd.DataFrame,
    labels: list[str],
    tokenizer: PreTrainedTokenizerBase,
    text_config: TextConfig,
    max_len: int,
    pairs: list[str] | None = None,
) -> Dataset:
    """Normalise and tokenise without padding; the collator pads each batch to its longest.
    ``pairs``: each row's counterfactual text for logit pairing ("" for none)."""
    texts = [normalize(t, text_config) for t in df["text"]]
    columns = {"text": texts, "labels": label_matrix(df, labels).tolist()}
    if pairs is not None:
        columns["cf_text"] = [normalize(t, text_config) if t else "" for t in pairs]
    ds = Dataset.from_dict(columns)

    def encode(batch: dict) -> dict:
        enc = tokenizer(batch["text"], truncation=True, max_length=max_len)
        enc["length"] = [len(ids) for ids in enc["input_ids"]]  # for length-grouped batches
        if "cf_text" in batch:
            cf = tokenizer([t or "." for t in batch["cf_text"]], truncation=True, max_length=max_len)
            keep = [bool(t) for t in batch["cf_text"]]
            enc["cf_input_ids"] = [ids if k else [] for ids, k in zip(cf["input_ids"], keep, strict=True)]
            enc["cf_attention_mask"] = [
                m if k else [] for m, k in zip(cf["attention_mask"], keep, strict=True)
            ]
        return enc

    return ds.map(encode, batched=True, remove_columns=[c for c in ("text", "cf_text") if c in columns])


def _scalar_metrics(metrics: dict) -> dict[str, float]:
    return {k: v for k, v in metrics.items() if isinstance(v, float | int)}


def compute_metrics_for(labels: list[str]):
    def compute(pred: EvalPrediction) -> dict[str, float]:
        probs = sigmoid(np.asarray(pred.predictions, dtype=np.float64))
        y = np.asarray(pred.label_ids, dtype=np.float32)
        # Model selection uses thresholds tuned on this same split: the score the model will
        # actually get once its thresholds are tuned, not an arbitrary 0.5 cut.
        return _scalar_metrics(evaluate(y, probs, labels, tune_thresholds(y, probs, labels)))

    return compute


def checkpoint_labels(model_name: str) -> list[str] | None:
    """The labels of a local classifier checkpoint (e.g. a Sentinela model), in head order."""
    meta = Path(model_name) / "config.json"
    if not meta.is_file():
        return None
    config = AutoConfig.from_pretrained(model_name)
    if config.problem_type != "multi_label_classification":
        return None
    return [config.id2label[i] for i in range(config.num_labels)]


def load_model(model_name: str, labels: list[str], pooling: str | None = None):
    try:
        tokenizer = AutoTokenizer.from_pretrained(model_name)
        config = AutoConfig.from_pretrained(
            model_name,
            num_labels=len(labels),
            id2label=dict(enumerate(labels)),
            label2id={name: i for i, name in enumerate(labels)},
            problem_type="multi_label_classification",
        )
        model = load_classifier(model_name, pooling, config=config, ignore_mismatched_sizes=True)
    except OSError as e:
        raise TrainingError(
            f"cannot load model {model_name!r} ({str(e).splitlines()[0]}); without access to the "
            "Hugging Face hub, pass a local checkpoint directory with --model-name"
        ) from e
    return tokenizer, model


def identity_swapper() -> Swapper:
    """The swaps between group terms, from our corpus's list of them."""
    from training.corpus.groups import SWAP_TERMS

    return Swapper(SWAP_TERMS)


def _auto_precision(args: SentinelaTrainingArguments) -> None:
    if torch.cuda.is_available() and not (args.fp16 or args.bf16):
        if torch.cuda.is_bf16_supported():
            args.bf16 = True
        else:
            args.fp16 = True


def run(argv: list[str]) -> dict[str, dict]:
    model_args, lexical_args, data_args, train_args = parse_args(argv)
    if model_args.max_seq_length < 8:
        raise TrainingError(f"--max-seq-length must be at least 8, got {model_args.max_seq_length}")
    out = Path(train_args.output_dir or "outputs/model")
    with train_args.main_process_first(desc="load data"):  # one Kaggle download under torchrun
        splits: Splits = splits_from_args(data_args, train_args.seed)
    labels = splits.labels
    previous = checkpoint_labels(model_args.model_name)
    if previous is not None and set(previous) == set(labels):
        # continuing a Sentinela model: keep its head's label order, or each label's learned
        # row would be silently assigned to another label
        labels = previous
    log.info(
        "data: %d train, %d validation, %s test rows; labels %s",
        len(splits.train),
        len(splits.validation),
        len(splits.test) if splits.test is not None else "no",
        labels,
    )
    pos_weight = positive_weights(
        label_matrix(splits.train, labels), model_args.pos_weight, model_args.max_pos_weight
    )
    set_seed(train_args.seed)
    tokenizer, model = load_model(model_args.model_name, labels, model_args.pooling)
    _auto_precision(train_args)

    def encode(df: pd.DataFrame, pairs: list[str] | None = None) -> Dataset:
        return to_dataset(df, labels, tokenizer, splits.text_config, model_args.max_seq_length, pairs)

    pairs = None
    if data_args.counterfactual_copies > 0 or model_args.clp_weight > 0:
        swapper = identity_swapper()
        splits.train = augment(splits.train, swapper, data_args.counterfactual_copies, train_args.seed)
        if model_args.clp_weight > 0:
            pairs = pair_texts(splits.train, swapper, train_args.seed)
        log.info(
            "counterfactuals: %d train rows after %d swapped copies; %s rows paired for CLP",
            len(splits.train),
            data_args.counterfactual_copies,
            sum(bool(p) for p in pairs) if pairs is not None else "no",
        )
    train_ds, val_ds = encode(splits.train, pairs), encode(splits.validation)
    test_ds = encode(splits.test) if splits.test is not None else None
    callbacks = []
    if model_args.early_stopping_patience > 0 and train_args.load_best_model_at_end:
        callbacks.append(EarlyStoppingCallback(model_args.early_stopping_patience))
    trainer = MultiLabelTrainer(
        model=model,
        args=train_args,
        train_dataset=train_ds,
        eval_dataset=val_ds,
        processing_class=tokenizer,
        data_collator=PairCollator(tokenizer),
        compute_metrics=compute_metrics_for(labels),
        callbacks=callbacks,
        pos_weight=pos_weight,
        clp_weight=model_args.clp_weight,
    )
    resume = train_args.resume_from_checkpoint
    if resume in ("last", "true", "True"):
        resume = get_last_checkpoint(str(out))
        if resume is None:
            raise TrainingError(f"--resume-from-checkpoint last: no checkpoint in {out}")
    started = time.perf_counter()
    train_result = trainer.train(resume_from_checkpoint=resume)
    seconds = time.perf_counter() - started
    trainer.save_metrics("train", train_result.metrics)

    def predict(ds: Dataset) -> tuple[np.ndarray, np.ndarray]:
        # labels come back with the predictions: the eval sampler may reorder rows
        out = trainer.predict(ds)
        probs = sigmoid(np.asarray(out.predictions, dtype=np.float64))
        return np.asarray(out.label_ids, dtype=np.float32), probs

    y_val, p_val = predict(val_ds)
    thresholds = tune_thresholds(
        y_val,
        p_val,
        labels,
        max_benign_flag_rate=data_args.max_benign_flag_rate,
        budget_rows=_in_eval_order(trainer, val_ds, splits.budget_rows, y_val),
    )
    results = {"validation": evaluate(y_val, p_val, labels, thresholds)}
    y_test = p_test = None
    if test_ds is not None:
        y_test, p_test = predict(test_ds)
        results["test"] = evaluate(y_test, p_test, labels, thresholds)
        # what the notebook's single 0.5 cut would have scored, for comparison
        results["test@0.5"] = evaluate(y_test, p_test, labels, dict.fromkeys(labels, 0.5))
    if not trainer.is_world_process_zero():
        return results
    trainer.save_model(str(out))
    ModelMeta(
        labels=labels,
        thresholds=thresholds,
        text=splits.text_config,
        max_seq_length=model_args.max_seq_length,
        base_model=model_args.model_name,
    ).save(out)
    command = "python -m training " + shlex.join(argv)
    write_metrics(out, {**results, "train_seconds": seconds, "command": command, "data": splits.provenance})
    write_model_card(
        out,
        base_model=model_args.model_name,
        labels=labels,
        results=results,
        command=command,
        train_rows=len(splits.train),
        seconds=seconds,
    )
    curve_y, curve_p, split = (y_test, p_test, "test") if p_test is not None else (y_val, p_val, "validation")
    plot_pr_curves(out, curve_y, curve_p, labels, f"Precision-recall per label ({split})")
    if not model_args.keep_checkpoints:
        for ckpt in out.glob("checkpoint-*"):
            shutil.rmtree(ckpt, ignore_errors=True)
    if lexical_args.lexical_blend:
        results = add_lexical_blend(
            out,
            splits,
            c_grid=tuple(lexical_args.lexical_c),
            device=str(trainer.args.device),
            shrinkage=lexical_args.blend_shrinkage,
            max_benign_flag_rate=data_args.max_benign_flag_rate,
        )
    if model_args.export_onnx:
        from classifier.export.agreement import export_dir

        check = export_dir(out, splits.validation["text"].astype(str).tolist())["precision_check"]
        for engine, r in check["results"].items():
            log.info("%s: %.2f%% of validation label decisions agree with fp32", engine, 100 * r["agreement"])
    for split_name, m in results.items():
        log.info("%s: micro-F1 %.4f macro-F1 %s", split_name, m["micro_f1"], m["macro_f1"])
    log.info("model written to %s", out)
    return results


def _in_eval_order(
    trainer: MultiLabelTrainer, ds: Dataset, rows: np.ndarray | None, y_seen: np.ndarray
) -> np.ndarray | None:
    """``rows`` (one flag per validation row) in the order the evaluation returned them.

    The eval sampler groups rows by length, seeded: asked again it gives the same order, which
    is checked against the labels that came back; on any doubt every row counts (``None``).
    """
    if rows is None:
        return None
    sampler = trainer._get_eval_sampler(ds)
    order = np.arange(len(ds)) if sampler is None else np.fromiter(iter(sampler), dtype=np.int64)
    expected = np.asarray(ds["labels"], dtype=np.float32)[order] if len(order) == len(rows) else None
    if expected is None or not np.array_equal(expected, y_seen, equal_nan=True):
        log.warning("could not match the validation rows' order: the benign budget counts them all")
        return None
    return rows[order]
