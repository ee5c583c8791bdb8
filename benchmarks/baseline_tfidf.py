"""ToLD-Br baseline: word 1-2 + char 2-5 TF-IDF with logistic regression per label.

Thresholds are tuned on validation (F1-optimal per label) exactly as `python -m training` does,
then test.csv is scored once. Prints the same summary and per-label tables as the model card.

    python benchmarks/baseline_tfidf.py [--min-votes 1]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np
from scipy.sparse import hstack
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from benchmarks._common import TOLD_BR, TOLD_LABELS
from classifier.model.text import normalize
from classifier.model.thresholds import tune_thresholds
from training.metrics import evaluate
from training.report import per_label_table, summary_table
from training.tables import prepare_frame, read_table


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--min-votes", type=int, default=1)
    args = parser.parse_args()
    frames = {
        split: prepare_frame(read_table(TOLD_BR / f"{split}.csv"), "text", TOLD_LABELS, split, args.min_votes)
        for split in ("train", "validation", "test")
    }
    texts = {k: [normalize(t) for t in v["text"]] for k, v in frames.items()}
    word = TfidfVectorizer(ngram_range=(1, 2), min_df=2, sublinear_tf=True, max_features=200_000)
    char = TfidfVectorizer(
        analyzer="char_wb", ngram_range=(2, 5), min_df=2, sublinear_tf=True, max_features=300_000
    )
    x = {"train": hstack([word.fit_transform(texts["train"]), char.fit_transform(texts["train"])]).tocsr()}
    for split in ("validation", "test"):
        x[split] = hstack([word.transform(texts[split]), char.transform(texts[split])]).tocsr()
    probs = {split: np.zeros((x[split].shape[0], len(TOLD_LABELS))) for split in ("validation", "test")}
    for j, label in enumerate(TOLD_LABELS):
        clf = LogisticRegression(C=4.0, max_iter=2000, class_weight="balanced")
        clf.fit(x["train"], frames["train"][label].to_numpy())
        for split in probs:
            probs[split][:, j] = clf.predict_proba(x[split])[:, 1]
    y = {split: frames[split][TOLD_LABELS].to_numpy(np.float32) for split in probs}
    thresholds = tune_thresholds(y["validation"], probs["validation"], TOLD_LABELS)
    results = {split: evaluate(y[split], probs[split], TOLD_LABELS, thresholds) for split in probs}
    print(summary_table(results))
    print()
    print(per_label_table(results["test"]))


if __name__ == "__main__":
    main()
