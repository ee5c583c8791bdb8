"""Check that a model directory serves the probabilities its training report wrote.

    python benchmarks/check_served.py outputs/told-br-blend

Loads ``classifier.Engine`` from the directory, scores the texts of ``test_predictions.csv``
(written by ``python -m training.blend``) and prints the largest absolute difference per label.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from classifier.runtime.engine import Engine
from training.blend import PREDICTIONS_FILE


def main(directory: str) -> int:
    engine = Engine.load(directory, "auto")
    reported = pd.read_csv(Path(directory) / PREDICTIONS_FILE, keep_default_na=False)
    served = engine.predict_probs(reported["text"].tolist())
    diff = np.abs(served - reported[engine.labels].to_numpy())
    print("| label | max abs difference |\n|---|---|")
    for j, label in enumerate(engine.labels):
        print(f"| {label} | {diff[:, j].max():.2e} |")
    print(f"{len(reported)} texts; largest difference {diff.max():.2e}")
    return 0 if diff.max() < 1e-4 else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]) if len(sys.argv) == 2 else __doc__)
