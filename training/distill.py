"""``python -m training.distill``: a smaller student from a Sentinela model's own layers and answers.

The student is the teacher with fewer transformer layers, initialised from the teacher's own
(the last of each group, so the layer under the head stays; DistilBERT, TinyBERT), and trained on
the teacher transformer's probabilities over the training texts and any unlabelled text given
(``--extra-text-file``). Its thresholds are tuned again on the labelled validation split; a
blended teacher's lexical model and blend weights are kept. The result is a model directory like
any other: ``Classifier.load`` serves it, ``python -m classifier.export`` exports it.

    python -m training.distill --teacher outputs/e5-recipe --layers 6 --out outputs/e5-student
"""

from __future__ import annotations

import argparse
import json
import logging
import shutil
import sys
import time
from pathlib import Path

import numpy as np
from torch import nn

from classifier.cli import ArgumentParser, first_line
from classifier.errors import ClassifierError
from classifier.model.artifacts import ModelMeta
from classifier.model.heads import load_classifier
from classifier.model.lexical import LEXICAL_ARRAYS, LEXICAL_JSON
from classifier.model.thresholds import tune_thresholds
from classifier.runtime.engine import Engine
from training.errors import DataError, TrainingError
from training.metrics import evaluate
from training.tables import prepare_frame, read_table

log = logging.getLogger(__name__)
TOLD_BR = Path(__file__).resolve().parents[1].parent / "shared" / "datasets" / "told-br"


def kept_layers(teacher: int, student: int) -> list[int]:
    """Which teacher layers initialise the student: the last of each of ``student`` equal groups."""
    if not 1 <= student < teacher:
        raise TrainingError(f"--layers must be 1 to {teacher - 1}: the teacher has {teacher}, got {student}")
    return [round((i + 1) * teacher / student) - 1 for i in range(student)]


def shrink(model: nn.Module, keep: list[int]) -> nn.Module:
    """Keep only the encoder layers ``keep`` (in order); the embeddings and the head stay as they are."""
    encoders = [m for m in model.modules() if isinstance(getattr(m, "layer", None), nn.ModuleList)]
    if len(encoders) != 1:
        raise TrainingError("cannot find the teacher's encoder layers (a BERT-style model is expected)")
    encoder = encoders[0]
    encoder.layer = nn.ModuleList([encoder.layer[i] for i in keep])
    for config in {id(c): c for c in (model.config, getattr(encoder, "config", model.config))}.values():
        config.num_hidden_layers = len(keep)
    return model


def build_parser() -> ArgumentParser:
    p = ArgumentParser(prog="python -m training.distill", description=__doc__.splitlines()[0])
    p.add_argument("--teacher", type=Path, required=True, help="a Sentinela model directory")
    p.add_argument("--layers", type=int, required=True, help="the student's transformer layers")
    p.add_argument("--out", type=Path, required=True, help="the student's model directory")
    p.add_argument("--train-file", type=Path, default=TOLD_BR / "train.csv", help="texts the teacher labels")
    p.add_argument(
        "--validation-file",
        type=Path,
        default=TOLD_BR / "validation.csv",
        help="labelled texts: the student's thresholds",
    )
    p.add_argument(
        "--extra-text-file",
        type=Path,
        action="append",
        default=[],
        help="unlabelled texts (a text column) the teacher labels too; repeatable",
    )
    p.add_argument("--text-column", default="text")
    p.add_argument("--min-votes", type=int, default=1, help="vote-count labels: positive from N votes")
    p.add_argument(
        "--max-benign-flag-rate",
        type=float,
        default=None,
        help="as python -m training: flag at most this share of clean validation texts",
    )
    p.add_argument("--epochs", type=float, default=2.0)
    p.add_argument("--max-steps", type=int, default=-1, help="stop after this many steps")
    p.add_argument("--batch-size", type=int, default=32)
    p.add_argument("--learning-rate", type=float, default=5e-5)
    p.add_argument("--device", default="auto", help="auto, cpu or cuda[:N]")
    p.add_argument(
        "--bf16", action="store_true", help="train in bf16 autocast (GPUs; CPUs with AMX or AVX-512 BF16)"
    )
    p.add_argument("--seed", type=int, default=42)
    return p


def texts_of(path: Path, column: str) -> list[str]:
    frame = read_table(path)
    if column not in frame.columns:
        raise DataError(f"{path}: no {column!r} column (columns: {list(frame.columns)})")
    return [t for t in frame[column].dropna().astype(str) if t.strip()]


def distill(args: argparse.Namespace) -> dict:
    from datasets import Dataset
    from transformers import DataCollatorWithPadding, TrainingArguments, set_seed

    from training.trainer import MultiLabelTrainer

    set_seed(args.seed)
    teacher = Engine.load(args.teacher, args.device, backend="torch", precision="fp32", cascade="off")
    labels, meta = teacher.labels, teacher.meta
    texts = texts_of(args.train_file, args.text_column)
    for extra in args.extra_text_file:
        texts += texts_of(extra, args.text_column)
    validation = prepare_frame(
        read_table(args.validation_file), args.text_column, labels, str(args.validation_file), args.min_votes
    )
    started = time.perf_counter()
    soft = teacher.transformer_probs(texts)  # what the student learns: the teacher's own answers
    log.info("teacher labelled %d texts in %.0f s", len(texts), time.perf_counter() - started)

    model = load_classifier(str(args.teacher))
    teacher_layers = model.config.num_hidden_layers
    student = shrink(model, kept_layers(teacher_layers, args.layers))
    normalised = teacher.normalise(texts)
    ds = Dataset.from_dict({"text": normalised, "labels": soft.tolist()})
    tokenizer = teacher.tokenizer

    def encode(batch: dict) -> dict:
        enc = tokenizer(batch["text"], truncation=True, max_length=meta.max_seq_length)
        enc["length"] = [len(ids) for ids in enc["input_ids"]]  # for length-grouped batches
        return enc

    ds = ds.map(
        encode,
        batched=True,
        remove_columns=["text"],
    )
    work = args.out / "distill-run"
    train_args = TrainingArguments(
        output_dir=str(work),
        per_device_train_batch_size=args.batch_size,
        learning_rate=args.learning_rate,
        num_train_epochs=args.epochs,
        max_steps=args.max_steps,
        warmup_steps=0.06,
        weight_decay=0.01,
        lr_scheduler_type="linear",
        train_sampling_strategy="group_by_length",  # far less padding than random batches, as in training
        logging_steps=50,
        save_strategy="no",
        report_to=[],
        seed=args.seed,
        use_cpu=teacher.device.type == "cpu",
        bf16=args.bf16,
        disable_tqdm=not sys.stderr.isatty(),
    )
    trainer = MultiLabelTrainer(
        model=student,
        args=train_args,
        train_dataset=ds,
        processing_class=tokenizer,
        data_collator=DataCollatorWithPadding(tokenizer, pad_to_multiple_of=8),
    )
    started = time.perf_counter()
    trainer.train()
    seconds = time.perf_counter() - started
    args.out.mkdir(parents=True, exist_ok=True)
    trainer.save_model(str(args.out))
    shutil.rmtree(work, ignore_errors=True)
    for name in (LEXICAL_JSON, LEXICAL_ARRAYS):  # a blended teacher's lexical half, as it was
        if (args.teacher / name).is_file():
            shutil.copy2(args.teacher / name, args.out / name)
    student_meta = ModelMeta(
        labels=labels, text=meta.text, max_seq_length=meta.max_seq_length, base_model=str(args.teacher),
        blend=meta.blend,
    )  # fmt: skip
    student_meta.save(args.out)

    # thresholds again, on labelled validation texts, for the student's own (blended) answers
    y_val = validation[labels].to_numpy(dtype=np.float32)
    val_texts = validation["text"].tolist()
    served = Engine.load(args.out, args.device, backend="torch", precision="fp32", cascade="off")
    p_val = served.predict_probs(val_texts)
    thresholds = tune_thresholds(y_val, p_val, labels, max_benign_flag_rate=args.max_benign_flag_rate)
    student_meta.thresholds = thresholds
    student_meta.save(args.out)
    results = {
        "teacher": {
            "layers": teacher_layers,
            "validation": evaluate(y_val, teacher.predict_probs(val_texts), labels, meta.thresholds),
        },
        "student": {
            "layers": args.layers,
            "kept": kept_layers(teacher_layers, args.layers),
            "validation": evaluate(y_val, p_val, labels, thresholds),
        },
        "texts": len(texts),
        "train_seconds": seconds,
    }
    (args.out / "metrics.json").write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    return results


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    if not args.teacher.is_dir():
        print(f"error: --teacher {args.teacher}: no such model directory", file=sys.stderr)
        return 2
    try:
        results = distill(args)
    except (TrainingError, ClassifierError, OSError) as e:
        print(f"error: {first_line(e)}", file=sys.stderr)
        return 2
    t, s = results["teacher"], results["student"]
    ratio = s["validation"]["macro_f1"] / max(t["validation"]["macro_f1"], 1e-9)
    print(
        f"teacher {t['layers']} layers: validation macro-F1 {t['validation']['macro_f1']:.4f}; student "
        f"{s['layers']} layers (teacher's {s['kept']}): {s['validation']['macro_f1']:.4f} "
        f"({ratio:.1%} of the teacher's), trained in {results['train_seconds']:.0f} s; written to {args.out}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
