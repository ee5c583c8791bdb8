"""``python -m classifier.export DIR [--first-stage-texts F ...] [--validation-file F]``: the ONNX
files, agreement with fp32, and the cascade (its first stage fitted, its bound calibrated)."""

from __future__ import annotations

import logging
import sys
from pathlib import Path

from classifier.cli import USAGE_ERROR, ArgumentParser, first_line
from classifier.errors import ClassifierConfigError, ClassifierError
from classifier.export import onnx
from classifier.export.agreement import export_dir
from classifier.export.first_stage import MISS_COST, fit_first_stage
from classifier.export.mix import RESAMPLINGS, TOXIC_SHARE, CalibrationMix, toxic_rows
from classifier.export.texts import read_frame, read_texts
from classifier.model.artifacts import META_FILE
from classifier.model.files import ONNX_DIR
from classifier.runtime.cascade import MIN_AGREEMENT
from classifier.runtime.compiled import COMPILE_MODES


def build_parser() -> ArgumentParser:
    parser = ArgumentParser(prog="python -m classifier.export", description=onnx.__doc__.splitlines()[0])
    parser.add_argument("model_dir", type=Path, help="a model directory written by python -m training")
    parser.add_argument(
        "--validation-file",
        type=Path,
        help="CSV/TSV/JSONL of validation texts: agreement with fp32; with label columns, the cascade's "
        "bound on benign-heavy mixes of them",
    )
    parser.add_argument("--text-column", default="text")
    parser.add_argument(
        "--limit", type=int, default=2000, help="texts for the engines' agreement (default 2000)"
    )
    parser.add_argument(
        "--first-stage-texts",
        type=Path,
        nargs="+",
        default=[],
        help="texts (CSV/TSV/JSONL with a text column, ARFF, or .txt one a line) the full model decides, "
        "to fit the cascade's first stage on: e.g. ToLD-Br train, Fortuna, OffComBR, the corpus, chat logs",
    )
    parser.add_argument("--miss-cost", type=float, default=MISS_COST, help="a missed flag's fit weight")
    parser.add_argument("--device", default="cpu", help="where the full model decides those texts")
    parser.add_argument("--mix-size", type=int, default=None, help="texts per mix (default: the most)")
    parser.add_argument("--resamplings", type=int, default=RESAMPLINGS, help="mixes the bound must hold on")
    parser.add_argument(
        "--min-agreement-low",
        type=float,
        default=MIN_AGREEMENT,
        help="the lower 95%% Clopper-Pearson limit of decisions kept the bound must reach (default 0.995)",
    )
    parser.add_argument(
        "--compile",
        choices=COMPILE_MODES,
        default="auto",
        help="also measure the compiled PyTorch bf16 graph, which COMPILE=auto serves only once measured "
        "(auto: on a CPU with native bf16; about half a minute to build)",
    )
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    try:
        if args.first_stage_texts:
            fit(args)
        texts, mix = None, None
        if args.validation_file is not None:
            frame = read_frame(args.validation_file, args.text_column)
            texts = read_texts(args.validation_file, args.text_column, args.limit)
            mix = calibration_mix(args, frame)
        manifest = export_dir(args.model_dir, texts, mix, args.min_agreement_low, args.compile)
    except ClassifierConfigError as e:
        print(f"error: {first_line(e)}", file=sys.stderr)
        return USAGE_ERROR
    except ClassifierError as e:
        print(f"error: {first_line(e)}", file=sys.stderr)
        return 1
    report(args.model_dir, manifest)
    return 0


def fit(args) -> None:
    texts: list[str] = []
    sources: dict[str, int] = {}
    for path in args.first_stage_texts:
        these = read_texts(path, args.text_column)
        sources[path.name] = len(these)
        texts += these
    stage = fit_first_stage(args.model_dir, texts, args.miss_cost, device=args.device, sources=sources)
    i = stage.info
    print(
        f"first stage: {i['texts']} distinct texts, {i['flagged_share']:.1%} flagged by the full model, "
        f"{i['features']} n-grams, miss cost {i['miss_cost']:g}; scored in {i['scored_seconds']:.0f} s, "
        f"fitted in {i['fitted_seconds']:.0f} s"
    )


def calibration_mix(args, frame) -> CalibrationMix | None:
    """Benign-heavy mixes when the file has the model's label columns; else None (texts as given)."""
    from transformers import AutoConfig

    config = AutoConfig.from_pretrained(args.model_dir)
    labels = [config.id2label[i] for i in range(config.num_labels)]
    if not any(label in frame.columns for label in labels):
        print(f"no label column of the model in {args.validation_file}: the cascade sees its texts as given")
        return None
    toxic_rows(frame, labels)  # a bad cell is an error before the slow part
    return CalibrationMix.benign_heavy(
        frame.rename(columns={args.text_column: "text"}), labels, args.validation_file.name, args.mix_size,
        args.resamplings, TOXIC_SHARE,
    )  # fmt: skip


def report(model_dir: Path, manifest: dict) -> None:
    for precision, entry in manifest["files"].items():
        path = model_dir / ONNX_DIR / entry["file"]
        print(f"{precision}: {path} ({path.stat().st_size / 2**20:.1f} MiB)")
    check = manifest.get("precision_check")
    if check is None:
        print(f"agreement not measured (no --validation-file): precision 'auto' stays at fp32 ({META_FILE})")
        return
    for engine, r in check["results"].items():
        print(
            f"{engine}: {r['agreement']:.2%} of {check['texts']} texts' label decisions agree with "
            f"torch fp32, largest probability difference {r['max_abs_diff']:.4f}"
        )
    cascade = manifest.get("cascade")
    if cascade is None:
        print("cascade: none (no first stage: --first-stage-texts fits one; a blend's lexical model serves)")
        return
    mix = cascade["mix"]
    where = (
        f"{mix['resamplings']} benign-heavy mixes of {mix['texts']} {mix['source']} texts"
        if mix["kind"] == "benign-heavy"
        else f"{mix['texts']} texts as given"
    )
    print(
        f"cascade ({cascade['first_stage']} first stage): bound {cascade['bound']:.4f} on {where}: "
        f"{cascade['skip_rate']:.1%} answered by the first stage alone, {cascade['agreement']:.2%} of "
        f"message decisions as the full model's (95% interval from {cascade['agreement_low']:.2%}, "
        f"the worst mix's; the bound needs {cascade['min_agreement_low']:.2%})"
    )


if __name__ == "__main__":
    sys.exit(main())
