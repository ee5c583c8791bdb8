"""The ``hate`` label: where it is taught, where it is masked, and ToLD-Br's split rebuilt."""

from __future__ import annotations

import http.server
import threading
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import torch

from training import toldbr
from training.counterfactual import Swapper, augment, pair_texts
from training.data import load_splits
from training.errors import DataError
from training.run import load_model
from training.sources import load_source, read_sources
from training.trainer import MultiLabelTrainer, PairCollator, masked_bce

LABELS = ["homophobia", "obscene", "insult", "racism", "misogyny", "xenophobia", "hate"]
TOLD_COLUMNS = ["text", *toldbr.LABELS]


def _told(rows: list[tuple[str, dict[str, int]]]) -> pd.DataFrame:
    return pd.DataFrame([{"text": t, **{c: v.get(c, 0) for c in toldbr.LABELS}} for t, v in rows])


def _sources(tmp_path: Path) -> Path:
    _told(
        [
            ("você é um idiota", {"insult": 2}),
            ("que porra é essa", {"obscene": 1}),
            ("bom dia pessoal", {}),
            ("esse bando de macaco", {"racism": 1, "insult": 1}),
            ("viado nojento", {"homophobia": 1}),
            ("mulher burra", {"misogyny": 2}),
            ("baiano preguiçoso", {"xenophobia": 1}),
        ]
    ).to_csv(tmp_path / "told.csv", index=False)
    fortuna = pd.DataFrame(
        {
            "text": ["judeu é tudo igual", "bom dia gente"],
            "Hate.speech": [1, 0],
            **{c: [0, 0] for c in ("Sexism", "Homophobia", "Racism", "Origin")},
        }
    )
    fortuna.to_csv(tmp_path / "fortuna.csv", index=False)
    toml = tmp_path / "sources.toml"
    toml.write_text(
        f"labels = {LABELS!r}\n".replace("'", '"')
        + '[[source]]\nname = "told-br"\nkind = "toldbr"\npath = "told.csv"\n'
        + '[[source]]\nname = "fortuna"\nkind = "fortuna"\npath = "fortuna.csv"\n',
        encoding="utf-8",
    )
    return toml


def test_toldbr_teaches_hate_from_identity_votes_and_masks_insult_only_rows(tmp_path):
    sources = read_sources(_sources(tmp_path))
    told = load_source(sources.sources[0], LABELS, tmp_path)
    assert told["hate"].tolist()[0:3] == [pytest.approx(np.nan, nan_ok=True)] * 2 + [0.0]
    assert told["hate"].tolist()[3] == 1.0
    assert told["insult"].tolist()[:4] == [1.0, 0.0, 0.0, 1.0]  # its own labels are untouched
    fortuna = load_source(sources.sources[1], LABELS, tmp_path)
    assert fortuna["hate"].tolist() == [1.0, 0.0]
    assert fortuna["insult"].isna().all()  # Fortuna says nothing about insults


def _head_grad(model, tokenizer, texts: list[str], labels: np.ndarray) -> torch.Tensor:
    model.zero_grad()
    enc = tokenizer(texts, padding=True, return_tensors="pt")
    loss = masked_bce(model(**enc).logits, torch.tensor(labels, dtype=torch.float32), None)
    loss.backward()
    head = next(p for n, p in model.named_parameters() if n.endswith("classifier.weight"))
    return head.grad[LABELS.index("hate")].abs().sum()


def test_hate_gets_no_gradient_from_toldbr_insult_only_rows_and_does_from_fortunas(tmp_path, tiny_bert):
    sources = read_sources(_sources(tmp_path))
    told = load_source(sources.sources[0], LABELS, tmp_path)
    fortuna = load_source(sources.sources[1], LABELS, tmp_path)
    tokenizer, model = load_model(str(tiny_bert), LABELS, "mean")
    insult_only = told[told["hate"].isna()]
    assert len(insult_only) == 2
    assert _head_grad(model, tokenizer, insult_only["text"].tolist(), insult_only[LABELS].to_numpy()) == 0
    # the same rows still teach their own labels: the loss is not simply empty
    head = next(p for n, p in model.named_parameters() if n.endswith("classifier.weight"))
    assert head.grad[LABELS.index("insult")].abs().sum() > 0
    assert _head_grad(model, tokenizer, fortuna["text"].tolist(), fortuna[LABELS].to_numpy()) > 0


def test_held_out_toldbr_gets_hate_from_its_identity_votes(tmp_path):
    toml = _sources(tmp_path)
    held = _told(
        [("os nordestino tudo burro", {"xenophobia": 1, "insult": 2}), ("seu otário", {"insult": 3})]
    )
    held.to_csv(tmp_path / "val.csv", index=False)
    splits = load_splits(
        dataset=None, data_dir=str(tmp_path), train_file=None, validation_file=str(tmp_path / "val.csv"),
        test_file=None, extra_train_files=None, text_column="text", label_columns=None, min_votes=1,
        validation_split=0.2, seed=1, user_token=None, sources=str(toml),
    )  # fmt: skip
    # on held-out splits an insult without an identity vote counts as not hate (no masking)
    assert splits.validation["hate"].tolist() == [1.0, 0.0]


@pytest.mark.skipif(not toldbr.SHARED.is_dir(), reason="needs ../shared/datasets/told-br")
def test_a_plain_clone_rebuilds_toldbrs_split_from_its_download(tmp_path):
    parts = [
        pd.read_csv(toldbr.SHARED / f"{n}.csv", dtype={"text": str}, keep_default_na=False)
        for n in toldbr.SPLITS
    ]
    whole = pd.concat(parts, ignore_index=True)
    # the published file: another order, and duplicates the split dropped
    raw = pd.concat([whole.sample(frac=1.0, random_state=7), whole.head(5)], ignore_index=True)
    served = tmp_path / "www"
    served.mkdir()
    raw.to_csv(served / "ToLD-BR.csv", index=False)

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def __init__(self, *a, **kw) -> None:
            super().__init__(*a, directory=str(served), **kw)

        def log_message(self, *args) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Quiet)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/ToLD-BR.csv"
    try:
        where = toldbr.ensure_split(tmp_path / "data", shared=tmp_path / "absent", url=url)
        for name in toldbr.SPLITS:
            assert (where / f"{name}.csv").read_bytes() == (toldbr.SHARED / f"{name}.csv").read_bytes()
        # a download that lost a row is refused with a clear error, not split differently
        raw.iloc[1:].to_csv(served / "ToLD-BR.csv", index=False)
        with pytest.raises(DataError, match="row\\(s\\) of the shared split are not in it"):
            toldbr.ensure_split(tmp_path / "data2", shared=tmp_path / "absent", url=url)
    finally:
        server.shutdown()


SLOTS = {
    "m_pl": [("judeus", "jews"), ("nordestinos", "northeasterners"), ("gays", "lgbt")],
    "f_pl": [("mulheres", "women"), ("pessoas trans", "trans")],
}


def test_counterfactuals_swap_group_terms_in_non_hateful_rows_only():
    swapper = Swapper(SLOTS)
    rng = np.random.default_rng(0)
    out = swapper.swap("Os judeus da minha rua são gente boa", rng)
    assert out is not None and out.startswith("Os ") and "judeus" not in out
    assert out.split()[1] in {"nordestinos", "gays"}  # same slot: agreement kept
    assert swapper.swap("bom dia", rng) is None
    df = pd.DataFrame(
        {"text": ["as mulheres jogam bem", "mulheres são burras", "bom dia"], "hate": [0.0, 1.0, 0.0]}
    )
    augmented = augment(df, swapper, copies=2, seed=1)
    # the one non-hateful row naming a group, swapped: its two draws gave the same text, kept once
    assert augmented["text"].tolist()[3:] == ["as pessoas trans jogam bem"]
    assert augmented["hate"].tolist()[3:] == [0.0]
    assert pair_texts(df, swapper, seed=1) == ["as pessoas trans jogam bem", "", ""]


def test_logit_pairing_adds_the_pairs_logit_gap_to_the_loss(tiny_bert):
    tokenizer, model = load_model(str(tiny_bert), ["insult", "obscene"], "mean")
    cf = tokenizer("meu amigo")
    features = [
        {**tokenizer("meu amigo idiota"), "labels": [1.0, 0.0], "cf_input_ids": cf["input_ids"],
         "cf_attention_mask": cf["attention_mask"]},
        {**tokenizer("bom dia"), "labels": [0.0, 0.0], "cf_input_ids": [], "cf_attention_mask": []},
    ]  # fmt: skip
    batch = PairCollator(tokenizer)([dict(f) for f in features])
    assert batch["cf_rows"].tolist() == [0] and batch["cf_input_ids"].shape[0] == 1
    trainer = MultiLabelTrainer.__new__(MultiLabelTrainer)  # compute_loss only: no Trainer set-up
    trainer.pos_weight = None
    model.train()
    for weight in (0.0, 5.0):
        trainer.clp_weight = weight
        loss = trainer.compute_loss(model, dict(batch))
        if weight == 0.0:
            plain = float(loss.detach())
    gap = (model(**tokenizer(["meu amigo idiota"], return_tensors="pt")).logits
           - model(**tokenizer(["meu amigo"], return_tensors="pt")).logits).abs().mean()  # fmt: skip
    assert float(loss.detach()) == pytest.approx(plain + 5.0 * float(gap.detach()), rel=1e-4)


def test_bf16_follows_the_cpus_own_flags_without_use_cpu(monkeypatch, tmp_path):
    import training.args as args_module
    from training.run import parse_args

    monkeypatch.setattr(args_module.torch.cuda, "is_available", lambda: False)
    for native in (True, False):
        monkeypatch.setattr(args_module, "cpu_has_native_bf16", lambda native=native: native)
        train = parse_args(["--output-dir", str(tmp_path)])[3]
        assert (train.bf16, train.use_cpu) == (native, native)
    # asked for explicitly on a CPU, bf16 no longer needs --use-cpu true
    train = parse_args(["--output-dir", str(tmp_path), "--bf16", "true", "--cpu-bf16", "false"])[3]
    assert train.bf16 and train.use_cpu


def test_evaluate_reads_held_out_toldbr_files_as_training_does(tmp_path, tiny_bert):
    """``python -m training.evaluate`` on a model with ``hate`` stopped at ToLD-Br's test file
    ("missing column(s) ['hate']"): it must derive the column from the identity votes too."""
    from training.evaluate import main as evaluate_main
    from training.run import run

    toml = _sources(tmp_path)
    held = [("os nordestino tudo burro", {"xenophobia": 1, "insult": 2}), ("seu otário", {"insult": 3}),
            ("bom dia a todos", {}), ("mulher burra demais", {"misogyny": 2})]  # fmt: skip
    _told(held).to_csv(tmp_path / "val.csv", index=False)
    _told(held[::-1]).to_csv(tmp_path / "test.csv", index=False)
    files = ["--validation-file", str(tmp_path / "val.csv"), "--test-file", str(tmp_path / "test.csv")]
    model = tmp_path / "model"
    run([*files, "--min-votes", "1", "--sources", str(toml), "--model-name", str(tiny_bert),
         "--output-dir", str(model), "--max-steps", "2", "--max-seq-length", "16", "--cpu-bf16", "false",
         "--report-to", "none", "--disable-tqdm", "true"])  # fmt: skip
    assert evaluate_main([str(model), *files, "--min-votes", "1"]) == 0
    metrics = (model / "metrics.json").read_text(encoding="utf-8")
    assert '"evaluated_with": "python -m training.evaluate"' in metrics and '"hate"' in metrics
