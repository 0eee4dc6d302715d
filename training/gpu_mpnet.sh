#!/usr/bin/env bash
# One command for the day a GPU is lent (15 minutes of device time in all):
#   training/gpu_mpnet.sh [MINUTES]
# Trains the mpnet LoRA judge on the GPU from the committed adapter's position on, for MINUTES
# (default 11), and leaves the new adapter in $OUT/adapter (or training/runs/gpu/final).
# Needs: the all-mpnet-base-v2 base in $CLAIMCHECK_CACHE (or ~/.cache/claimcheck; `make install`)
# and training/data/ (fetch_data.py, build_data.py, news_pairs.py). A device machine reaches no
# network, so both must be there before the run.
set -euo pipefail
MINUTES="${1:-11}"
PY="${PYTHON:-.venv/bin/python}"
test -x "$PY" || PY=python3
"$PY" -c "from claimcheck.models.base import mpnet_path; mpnet_path()" \
  || { echo "error: the mpnet base is not installed (make install, or copy it into the cache)"; exit 1; }
test -f training/data/train.jsonl.gz \
  || { echo "error: training/data/train.jsonl.gz missing (run fetch_data.py and build_data.py)"; exit 1; }
"$PY" training/train_mpnet.py --out training/runs/gpu --device cuda --batch 64 --lr 3e-4 \
  --pairs 200000 --max-length 256 --max-minutes "$MINUTES" --save-minutes 3 --resume
if [ -n "${OUT:-}" ]; then mkdir -p "$OUT" && cp -r training/runs/gpu/checkpoint/adapter "$OUT/"; fi
