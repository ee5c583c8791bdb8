"""``python -m training.distill``: a smaller student from a Sentinela model's own layers and answers.

The student is the teacher with fewer transformer layers, initialised from the teacher's own
(the last of each group, so the layer under the head stays; DistilBERT, TinyBERT), and trained on
the teacher transformer's probabilities over the training texts and any unlabelled text given
(``--extra-text-file``: Fortuna, OffComBR's ARFF, the corpus, chat logs one message a line). A
blended teacher's lexical model and blend weights are kept.

Its thresholds (``--thresholds teacher-rate``, the default) flag each label as often as the
teacher does over every text it learnt from plus the validation texts: thousands of texts,
where tuning for F1 on validation (``--thresholds validation``) rests on a rare label's few
dozen positives and did not carry over to test. The report gives the student's agreement with
the teacher's decisions as well as both models' F1, on validation and on ``--test-file``.

The result is a model directory like any other: ``Classifier.load`` serves it, ``python -m
classifier.export`` exports it.

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
import pandas as pd
from torch import nn

from classifier.cli import ArgumentParser, first_line
from classifier.errors import ClassifierError
from classifier.model.artifacts import ModelMeta
from classifier.model.heads import load_classifier
from classifier.model.lexical import LEXICAL_ARRAYS, LEXICAL_JSON
from classifier.model.thresholds import apply_thresholds, match_flag_rates, tune_thresholds
from classifier.runtime.engine import Engine
from training.data import read_labelled
from training.errors import DataError, TrainingError
from training.metrics import evaluate
from training.sources import read_arff
from training.tables import read_table

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
        help="unlabelled texts the teacher labels too (a text column, an ARFF, .txt one a line); repeatable",
    )
    p.add_argument("--test-file", type=Path, default=None, help="labelled texts, reported: F1, agreement")
    p.add_argument(
        "--thresholds",
        choices=("teacher-rate", "validation"),
        default="teacher-rate",
        help="teacher-rate: each label flagged as often as the teacher flags it over the texts learnt "
        "from plus validation; validation: tuned for F1 on the labelled validation split",
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
    """The non-empty texts of a table's ``column``, an ARFF's documents, or a .txt file's lines."""
    if path.suffix.lower() == ".txt":
        if not path.is_file():
            raise DataError(f"{path}: no such file")
        return [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    if path.suffix.lower() == ".arff":
        return [t for t in read_arff(path)["text"] if t.strip()]
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
    validation = read_labelled(str(args.validation_file), args.text_column, labels, args.min_votes)
    test = None
    if args.test_file is not None:
        test = read_labelled(str(args.test_file), args.text_column, labels, args.min_votes)
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

    served = Engine.load(args.out, args.device, backend="torch", precision="fp32", cascade="off")
    # what the teacher serves over the texts learnt from: its transformer's answers, blended as served
    taught = teacher.blend(soft, texts, normalised) if teacher.lexical is not None else soft
    student_meta.thresholds = thresholds_for(args, teacher, served, texts, taught, validation)
    student_meta.save(args.out)
    served = Engine.load(args.out, args.device, backend="torch", precision="fp32", cascade="off")
    results = {
        "teacher": {"layers": teacher_layers},
        "student": {"layers": args.layers, "kept": kept_layers(teacher_layers, args.layers)},
        "thresholds": args.thresholds,
        "texts": len(texts),
        "train_seconds": seconds,
    }
    for split, frame in (("validation", validation), ("test", test)):
        if frame is not None:
            compare(results, split, frame, teacher, served)
    (args.out / "metrics.json").write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    return results


def thresholds_for(
    args: argparse.Namespace,
    teacher: Engine,
    student: Engine,
    texts: list[str],
    taught: np.ndarray,
    validation: pd.DataFrame,
) -> dict[str, float]:
    """The student's thresholds: the teacher's flag rates over ``texts`` + validation, or F1 on validation."""
    labels = teacher.labels
    val_texts = validation["text"].tolist()
    if args.thresholds == "validation":
        y_val = validation[labels].to_numpy(dtype=np.float32)
        p_val = student.predict_probs(val_texts)
        return tune_thresholds(y_val, p_val, labels, max_benign_flag_rate=args.max_benign_flag_rate)
    teacher_probs = np.vstack([taught, teacher.predict_probs(val_texts)])
    cut = np.array([teacher.meta.threshold(label) for label in labels])
    rates = dict(zip(labels, (teacher_probs >= cut).mean(axis=0).tolist(), strict=True))
    started = time.perf_counter()
    student_probs = student.predict_probs([*texts, *val_texts])
    log.info("student scored %d texts in %.0f s", len(student_probs), time.perf_counter() - started)
    return match_flag_rates(student_probs, labels, rates)


def compare(results: dict, split: str, frame: pd.DataFrame, teacher: Engine, student: Engine) -> None:
    """Both models' F1 on a labelled split, and the student's agreement with the teacher's decisions."""
    labels = teacher.labels
    texts, y = frame["text"].tolist(), frame[labels].to_numpy(dtype=np.float32)
    p_teacher, p_student = teacher.predict_probs(texts), student.predict_probs(texts)
    teacher_thresholds = {label: teacher.meta.threshold(label) for label in labels}
    student_thresholds = {label: student.meta.threshold(label) for label in labels}
    results["teacher"][split] = evaluate(y, p_teacher, labels, teacher_thresholds)
    results["student"][split] = evaluate(y, p_student, labels, student_thresholds)
    same = apply_thresholds(p_teacher, labels, teacher_thresholds) == apply_thresholds(
        p_student, labels, student_thresholds
    )
    results["student"][split]["agreement"] = {
        "messages": float(same.all(axis=1).mean()),  # every label decided as the teacher did
        "labels": float(same.mean()),
        "per_label": {label: float(same[:, j].mean()) for j, label in enumerate(labels)},
        "texts": len(texts),
    }


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
    print(
        f"student {s['layers']} layers (teacher's {s['kept']} of {t['layers']}), thresholds by "
        f"{results['thresholds']}, trained in {results['train_seconds']:.0f} s; written to {args.out}"
    )
    for split in ("validation", "test"):
        if split in s:
            ratio = s[split]["macro_f1"] / max(t[split]["macro_f1"], 1e-9)
            agree = s[split]["agreement"]
            print(
                f"{split}: macro-F1 teacher {t[split]['macro_f1']:.4f}, student {s[split]['macro_f1']:.4f} "
                f"({ratio:.1%}); the teacher's decisions kept: {agree['messages']:.2%} of messages, "
                f"{agree['labels']:.2%} of labels ({agree['texts']} texts)"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
