"""Shared fixtures: a tiny BERT built offline and a Sentinela model trained from it.

The tiny model learns two keyword labels (insult: "idiota"/"imbecil", obscene: "merda"/"porra")
in a few seconds, so tests can check real predictions, not just shapes.
"""

from __future__ import annotations

import itertools
import os

# Tests never reach the Hugging Face hub; fail fast instead of retrying the network. Set before
# transformers is imported: huggingface_hub reads it once, at import.
os.environ.setdefault("HF_HUB_OFFLINE", "1")

import random
import shutil
import string
from pathlib import Path

import pandas as pd
import pytest
import torch
from tokenizers import BertWordPieceTokenizer
from tokenizers.normalizers import BertNormalizer
from tokenizers.pre_tokenizers import BertPreTokenizer
from transformers import BertConfig, BertModel, BertTokenizerFast

from tests.harness import harness  # noqa: F401  (the cog fixture, for every test that drives the bot)

NEUTRAL = (
    "o a de que e do da em um para com não uma os no se na por mais as como mas foi ao ele "
    "tem seu sua ou ser quando muito nos já está eu também só até isso ela entre era depois "
    "sem mesmo ter quem me esse eles estão você essa meu minha jogo time bola gol festa música "
    "filme dia noite casa amigo escola trabalho cidade praia chuva sol café pão livro"
).split()
KEYWORDS = {"insult": ["idiota", "imbecil"], "obscene": ["merda", "porra"]}
LABELS = list(KEYWORDS)


def make_texts(n: int, seed: int) -> pd.DataFrame:
    rng = random.Random(seed)
    rows = []
    for _ in range(n):
        words = rng.choices(NEUTRAL, k=rng.randint(3, 14))
        row = {}
        for label, keys in KEYWORDS.items():
            hit = rng.random() < 0.35
            row[label] = int(hit)
            if hit:
                words.insert(rng.randrange(len(words) + 1), rng.choice(keys))
        rows.append({"text": " ".join(words), **row})
    return pd.DataFrame(rows)


def write_data_files(d: Path) -> dict[str, Path]:
    paths = {}
    for split, (n, seed) in {"train": (640, 1), "validation": (120, 2), "test": (120, 3)}.items():
        paths[split] = d / f"{split}.csv"
        make_texts(n, seed).to_csv(paths[split], index=False)
    return paths


def build_tiny_bert(d: Path) -> Path:
    """A 2-layer BERT with a WordPiece vocabulary built from the fixture words.

    The vocabulary is listed, not trained: the tokenizers trainer breaks ties differently from
    run to run, which gave each test session a different model. Whole words, every character and
    its ``##`` continuation, so unseen words still split into known pieces.
    """
    corpus = [*NEUTRAL, *(k for keys in KEYWORDS.values() for k in keys), "@user", "URL", "canal"]
    text = BertNormalizer(lowercase=True).normalize_str(" ".join(corpus))
    words = sorted({piece for piece, _ in BertPreTokenizer().pre_tokenize_str(text)})
    chars = sorted({c for w in words for c in w} | set(string.ascii_lowercase + string.digits))
    tokens = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", *chars, *(f"##{c}" for c in chars)]
    tokens += [w for w in words if w not in chars]
    wp = BertWordPieceTokenizer(vocab={t: i for i, t in enumerate(tokens)}, lowercase=True)
    tokenizer = BertTokenizerFast(tokenizer_object=wp._tokenizer, do_lower_case=True)
    tokenizer.save_pretrained(str(d))
    config = BertConfig(
        vocab_size=tokenizer.vocab_size,
        hidden_size=32,
        num_hidden_layers=2,
        num_attention_heads=2,
        intermediate_size=64,
        max_position_embeddings=64,
        hidden_dropout_prob=0.0,  # no dropout: the keywords are learnt in a few hundred steps
        attention_probs_dropout_prob=0.0,
    )
    torch.manual_seed(0)  # the same starting weights every session: tests see the same model
    BertModel(config).save_pretrained(str(d))
    return d


@pytest.fixture(scope="session")
def data_files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return write_data_files(tmp_path_factory.mktemp("data"))


@pytest.fixture(scope="session")
def tiny_bert(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_tiny_bert(tmp_path_factory.mktemp("tiny-bert"))


def train_args(tiny_bert: Path, files: dict[str, Path], out: Path, *extra: str) -> list[str]:
    return [
        "--train-file",
        str(files["train"]),
        "--validation-file",
        str(files["validation"]),
        "--test-file",
        str(files["test"]),
        "--label-columns",
        *LABELS,
        "--model-name",
        str(tiny_bert),
        "--output-dir",
        str(out),
        "--max-seq-length",
        "32",
        "--learning-rate",
        "3e-3",
        "--per-device-train-batch-size",
        "16",
        "--num-train-epochs",
        "6",
        "--disable-tqdm",
        "true",
        "--use-cpu",
        "true",
        # fp32 on every CPU: bf16 would be chosen on AMX machines only, and the tests' figures
        # must not depend on the machine
        "--cpu-bf16",
        "false",
        *extra,
    ]


@pytest.fixture(scope="session")
def trained_model(tiny_bert: Path, data_files: dict[str, Path], tmp_path_factory) -> Path:
    """A Sentinela model directory written by ``python -m training`` on the tiny BERT."""
    from training.run import run

    out = tmp_path_factory.mktemp("trained") / "model"
    run(train_args(tiny_bert, data_files, out))
    return out


@pytest.fixture(scope="session")
def blended_model(trained_model: Path, data_files: dict[str, Path], tmp_path_factory) -> Path:
    """``trained_model`` with a lexical model blended in (``python -m training.blend``)."""
    import shutil

    from training.blend import main as blend_main

    out = tmp_path_factory.mktemp("blended") / "model"
    shutil.copytree(trained_model, out)
    argv = [str(out), "--train-file", str(data_files["train"]), "--validation-file",
            str(data_files["validation"]), "--label-columns", *LABELS]  # fmt: skip
    assert blend_main(argv) == 0
    return out


@pytest.fixture(scope="session")
def exported(trained_model, tmp_path_factory) -> Path:
    """A copy of the trained model, exported with every engine's agreement measured on
    validation-like texts, the compiled graph's included (built once for the session)."""
    from classifier.export.agreement import export_dir

    model = tmp_path_factory.mktemp("exported") / "model"
    shutil.copytree(trained_model, model)
    export_dir(model, make_texts(80, seed=5)["text"].tolist(), compile="on")
    return model


@pytest.fixture(scope="session")
def pg_server():
    """One PostgreSQL server for the session (see tests/pgserver.py); fails, never skips, without it."""
    from pgserver import PostgresServer, PostgresUnavailable

    try:
        server = PostgresServer.start()
    except PostgresUnavailable as e:
        pytest.fail(f"PostgreSQL tests need a server: {e}")
    yield server
    server.stop()


_databases = itertools.count(1)


@pytest.fixture(params=["sqlite", "postgresql"])
async def db_url(request, tmp_path: Path) -> str:
    """A fresh, empty database per test: a SQLite file, or a new database on the PostgreSQL server."""
    if request.param == "sqlite":
        return f"sqlite+aiosqlite:///{tmp_path / 'sentinela.db'}"
    server = request.getfixturevalue("pg_server")
    return await server.create_database(f"sentinela_test_{next(_databases)}")
