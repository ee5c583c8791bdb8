"""``python -m classifier.export DIR [--validation-file F]``: the ONNX files, and agreement with fp32."""

from __future__ import annotations

import logging
import sys
from pathlib import Path

from classifier.cli import USAGE_ERROR, ArgumentParser, first_line
from classifier.errors import ClassifierConfigError, ClassifierError
from classifier.export import onnx
from classifier.export.agreement import export_dir, read_texts
from classifier.model.artifacts import META_FILE
from classifier.model.files import ONNX_DIR


def main(argv: list[str] | None = None) -> int:
    parser = ArgumentParser(prog="python -m classifier.export", description=onnx.__doc__.splitlines()[0])
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
    cascade = manifest.get("cascade")
    if cascade is None:
        print("cascade: none (no lexical model in the directory)")
    else:
        print(
            f"cascade: bound {cascade['bound']:.4f}: {cascade['skip_rate']:.1%} of the texts answered by the "
            f"lexical model alone, {cascade['agreement']:.2%} of message decisions as the full model's"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
