"""Training from several sources with partial labels (``--sources FILE.toml``).

The built-in loaders read files in the exact formats of Fortuna et al.'s hierarchical CSV and
OffComBR's ARFF (written here in miniature); a source that does not annotate a label must never
teach it, which the gradient test checks on the tiny BERT.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import torch
from conftest import LABELS, make_texts, train_args

from training.data import load_splits
from training.errors import DataError
from training.evaluate import main as evaluate_main
from training.run import load_model, run
from training.sources import load_source, read_arff, read_sources, resample, text_key
from training.trainer import masked_bce

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "datasets"
FORTUNA_COLUMNS = ["text", "Hate.speech", "Sexism", "Body", "Racism", "Ideology", "Homophobia", "Origin"]


def write_fortuna(path: Path) -> Path:
    rows = [
        ["mulher tem que ficar quieta idiota", 1, 1, 0, 0, 0, 0, 0],
        ["vai pro teu pais", 1, 0, 0, 0, 0, 0, 1],
        ["bom dia a todos no time", 0, 0, 0, 0, 0, 0, 0],
        ["que merda de jogo porra", 0, 0, 0, 0, 0, 0, 0],
    ]
    pd.DataFrame(rows, columns=FORTUNA_COLUMNS).to_csv(path, index=False)
    return path


def write_arff(path: Path) -> Path:
    path.write_text(
        "@relation data\n\n@attribute @@class {no,yes}\n@attribute document string\n\n@data\n\n"
        "yes,'voce e um idiota'\nno,'o jogo de ontem foi bom'\nno,'nao e bem assim, ne'\n",
        encoding="utf-8",
    )
    return path


def write_sources(d: Path, told: Path, labels: list[str], fortuna_weight: float = 1.0) -> Path:
    fortuna, arff = write_fortuna(d / "fortuna.csv"), write_arff(d / "offcombr.arff")
    columns = ", ".join(f'{name} = "{name}"' for name in ("insult", "obscene") if name in labels)
    path = d / "sources.toml"
    path.write_text(
        f"labels = {labels!r}\n\n"
        f'[[source]]\nname = "main"\npath = "{told.name}"\ncolumns = {{ {columns} }}\n\n'
        f'[[source]]\nkind = "fortuna"\npath = "{fortuna.name}"\nweight = {fortuna_weight}\n\n'
        f'[[source]]\nkind = "offcombr"\npath = "{arff.name}"\n',
        encoding="utf-8",
    )
    return path


def test_each_source_teaches_only_the_labels_it_annotates(tmp_path):
    labels = ["insult", "obscene", "misogyny", "xenophobia"]
    told = tmp_path / "train.csv"
    make_texts(40, 1).to_csv(told, index=False)
    sources = read_sources(write_sources(tmp_path, told, labels), None)
    fortuna = load_source(sources.sources[1], labels, tmp_path)
    # Sexism -> misogyny, Origin -> xenophobia; a non-hate tweet is a negative for those only
    assert fortuna[["misogyny", "xenophobia"]].to_numpy().tolist() == [[1, 0], [0, 1], [0, 0], [0, 0]]
    assert fortuna[["insult", "obscene"]].isna().all().all()
    offcombr = load_source(sources.sources[2], labels, tmp_path)
    # "no" is a negative for every label; "yes" names none, so it is left out
    assert offcombr["text"].tolist() == ["o jogo de ontem foi bom", "nao e bem assim, ne"]
    assert (offcombr[labels] == 0).all().all()
    main = load_source(sources.sources[0], labels, tmp_path)
    assert main[["misogyny", "xenophobia"]].isna().all().all() and main["insult"].notna().all()


def test_a_label_gets_no_gradient_from_a_source_that_does_not_annotate_it(tiny_bert, tmp_path):
    labels = ["insult", "obscene", "misogyny"]
    told = tmp_path / "train.csv"
    make_texts(10, 1).to_csv(told, index=False)
    sources = read_sources(write_sources(tmp_path, told, labels), None)
    fortuna = load_source(sources.sources[1], labels, tmp_path)
    tokenizer, model = load_model(str(tiny_bert), labels)
    batch = tokenizer(fortuna["text"].tolist(), padding=True, return_tensors="pt")
    target = torch.tensor(fortuna[labels].to_numpy(dtype=np.float32))
    loss = masked_bce(model(**batch).logits, target, pos_weight=None)
    loss.backward()
    head = model.classifier
    rows = {
        label: float(head.weight.grad[i].abs().sum() + head.bias.grad[i].abs())
        for i, label in enumerate(labels)
    }
    assert rows["insult"] == 0.0 and rows["obscene"] == 0.0  # Fortuna does not annotate them
    assert rows["misogyny"] > 0.0


def test_validation_and_test_stay_the_given_files_and_leak_into_no_source(tmp_path):
    labels = ["insult", "obscene", "misogyny"]
    told = tmp_path / "train.csv"
    make_texts(60, 1).to_csv(told, index=False)
    validation = tmp_path / "validation.csv"
    held = make_texts(20, 2)
    held.loc[0, "text"] = "Bom dia, a todos no time!"  # Fortuna's third tweet, spelt differently
    held.assign(misogyny=0).to_csv(validation, index=False)
    splits = load_splits(
        dataset=None, data_dir=str(tmp_path / "data"), train_file=None, validation_file=str(validation),
        test_file=None, extra_train_files=None, text_column="text", label_columns=None, min_votes=None,
        validation_split=0.2, seed=1, user_token=None, sources=str(write_sources(tmp_path, told, labels)),
    )  # fmt: skip
    assert len(splits.validation) == 20 and splits.labels == labels
    assert "bom dia a todos no time" not in splits.train["text"].tolist()
    assert len(splits.train) == 60 + 3 + 2  # the Fortuna tweet equal to a validation text is out


def test_sampling_weight_is_the_expected_copies_per_epoch():
    df = pd.DataFrame({"text": [str(i) for i in range(100)]})
    rng = np.random.default_rng(0)
    assert len(resample(df, 1.0, rng)) == 100
    assert len(resample(df, 2.5, rng)) == 250
    half = resample(df, 0.5, rng)
    assert len(half) == 50 and half["text"].is_unique


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ('labels = ["insult"]\n', "no \\[\\[source\\]\\] tables"),
        ('labels = ["insult"]\n[[source]]\nkind = "nope"\npath = "x"\n', "kind 'nope' is not one of"),
        ('labels = ["insult"]\n[[source]]\npath = "x"\ncolumns = { racism = "r" }\n', "'racism' is not one"),
        ('labels = ["insult"]\n[[source]]\npath = "x"\nannotates = ["insult"]\n', "names no column"),
        ('labels = ["insult"]\n[[source]]\npath = "x"\nweight = 0\ncolumns = { insult = "i" }\n', "above 0"),
        ("labels = [", "not valid TOML"),
    ],
)
def test_a_bad_sources_file_is_one_clear_error(tmp_path, body, message):
    path = tmp_path / "sources.toml"
    path.write_text(body, encoding="utf-8")
    with pytest.raises(DataError, match=message):
        read_sources(path, None)


def test_an_absent_builtin_file_is_downloaded_from_its_repository(tmp_path, monkeypatch):
    """The loader's real download path, with the network replaced at urlopen (the boundary)."""
    import io

    import training.sources as sources_mod

    asked: list[str] = []

    def urlopen(url, timeout):
        asked.append(url)
        return io.BytesIO(write_arff(tmp_path / "served.arff").read_bytes())

    monkeypatch.setattr(sources_mod.urllib.request, "urlopen", urlopen)
    path = tmp_path / "sources.toml"
    path.write_text('labels = ["insult"]\n[[source]]\nkind = "offcombr"\npath = "absent.arff"\n', "utf-8")
    source = read_sources(path, None).sources[0]
    df = load_source(source, ["insult"], tmp_path / "data")
    assert asked == [sources_mod.OFFCOMBR_URL] and len(df) == 2
    load_source(source, ["insult"], tmp_path / "data")  # cached: no second download
    assert len(asked) == 1


def test_training_runs_from_several_sources(tiny_bert, data_files, tmp_path):
    write_arff(tmp_path / "offcombr.arff")
    sources = tmp_path / "sources.toml"
    sources.write_text(
        'labels = ["insult", "obscene"]\n'
        f'[[source]]\nname = "main"\npath = "{data_files["train"]}"\n'
        'columns = { insult = "insult", obscene = "obscene" }\n'
        '[[source]]\nkind = "offcombr"\npath = "offcombr.arff"\nweight = 3\n',
        encoding="utf-8",
    )
    args = train_args(tiny_bert, data_files, tmp_path / "model", "--max-steps", "30")
    i = args.index("--train-file")
    del args[i : i + 2]
    results = run([*args, "--sources", str(sources)])
    assert math.isfinite(results["test"]["micro_f1"])
    assert (tmp_path / "model" / "sentinela.json").is_file()
    card = (tmp_path / "model" / "README.md").read_text()  # each source's terms, for whoever uses it
    assert "## Training data and its terms" in card
    assert "- offcombr: 6 rows (weight 3); teaches insult, obscene; terms de Pelle & Moreira" in card


@pytest.mark.skipif(not (SHARED / "fortuna-hate-speech").is_dir(), reason="needs ../shared/datasets")
def test_the_shared_files_load_with_their_documented_counts():
    labels = ["homophobia", "obscene", "insult", "racism", "misogyny", "xenophobia", "hate"]
    sources = read_sources(ROOT / "examples" / "sources-pt.toml", None)
    assert sources.labels == labels and [s.name for s in sources.sources] == [
        "told-br",
        "fortuna",
        "offcombr",
        "corpus",
    ]
    fortuna = load_source(sources.sources[1], labels, "data")
    assert len(fortuna) == 5668
    taught = ("misogyny", "homophobia", "racism", "xenophobia", "hate")
    assert {k: int((fortuna[k] == 1).sum()) for k in taught} == {
        "misogyny": 672, "homophobia": 322, "racism": 94, "xenophobia": 26, "hate": 1228,
    }  # fmt: skip
    told = load_source(sources.sources[0], labels, "data")
    # hate: 824 tweets with an identity vote, 9,299 with no vote at all, the 6,528 insult- or
    # obscene-only ones masked
    assert (int((told.hate == 1).sum()), int((told.hate == 0).sum()), int(told.hate.isna().sum())) == (
        824, 9299, 6528,
    )  # fmt: skip
    assert len(read_arff(SHARED / "offcombr" / "OffComBR2.arff")) == 1250
    assert text_key("Olá, MUNDO!") == "ola mundo"


def test_a_sources_validation_share_moves_whole_groups_to_validation(tmp_path):
    rows = [{"text": f"frase {i}", "frame": f"f{i % 10}", "insult": i % 2} for i in range(100)]
    pd.DataFrame(rows).to_csv(tmp_path / "corpus.csv", index=False)
    pd.DataFrame({"text": ["outra frase"], "insult": [1]}).to_csv(tmp_path / "val.csv", index=False)
    toml = tmp_path / "s.toml"
    toml.write_text(
        'labels = ["insult"]\n[[source]]\nname = "corpus"\npath = "corpus.csv"\n'
        'columns = { insult = "insult" }\nvalidation_share = 0.2\ngroup_column = "frame"\n',
        encoding="utf-8",
    )
    splits = load_splits(
        dataset=None, data_dir=str(tmp_path), train_file=None, validation_file=str(tmp_path / "val.csv"),
        test_file=None, extra_train_files=None, text_column="text", label_columns=None, min_votes=None,
        validation_split=0.2, seed=3, user_token=None, sources=str(toml),
    )  # fmt: skip
    assert len(splits.train) == 80 and len(splits.validation) == 21  # two of ten frames, and val.csv
    frame_of = {r["text"]: r["frame"] for r in rows}
    held = {frame_of[t] for t in splits.validation["text"] if t in frame_of}
    assert len(held) == 2 and not held & {frame_of[t] for t in splits.train["text"]}
    assert list(splits.validation.columns) == ["text", "insult"]


def test_a_hard_sources_held_out_rows_count_for_f1_not_for_the_benign_budget(
    tiny_bert, data_files, tmp_path, caplog
):
    """A corpus written to be hard (kind mentions of groups) is not a sample of chat: its benign
    rows must not spend the budget that bounds false alarms on real messages."""
    rows = [{"text": f"frase numero {i}", "frame": f"f{i % 10}", "insult": i % 2} for i in range(100)]
    pd.DataFrame(rows).to_csv(tmp_path / "corpus.csv", index=False)
    toml = tmp_path / "s.toml"
    toml.write_text(
        'labels = ["insult", "obscene"]\n'
        f'[[source]]\nname = "main"\npath = "{data_files["train"]}"\n'
        'columns = { insult = "insult", obscene = "obscene" }\n'
        '[[source]]\nname = "corpus"\npath = "corpus.csv"\ncolumns = { insult = "insult" }\n'
        'validation_share = 0.2\ngroup_column = "frame"\nbenign_budget = false\n',
        encoding="utf-8",
    )
    splits = load_splits(
        dataset=None, data_dir=str(tmp_path), train_file=None, validation_file=str(data_files["validation"]),
        test_file=None, extra_train_files=None, text_column="text", label_columns=["insult", "obscene"],
        min_votes=None, validation_split=0.2, seed=3, user_token=None, sources=str(toml),
    )  # fmt: skip
    corpus_rows = splits.validation["text"].str.startswith("frase numero").to_numpy()
    assert corpus_rows.sum() == 20 and np.array_equal(splits.budget_rows, ~corpus_rows)

    # the trainer returns validation in its own (length-grouped) order; the flags must follow
    args = train_args(tiny_bert, data_files, tmp_path / "model", "--max-steps", "10", "--seed", "3")
    i = args.index("--train-file")
    del args[i : i + 2]
    i = args.index("--label-columns")
    args[i + 1 : i + 1 + len(LABELS)] = ["insult", "obscene"]
    with caplog.at_level("WARNING", logger="training.run"):
        run([*args, "--sources", str(toml), "--max-benign-flag-rate", "0.05"])
    assert "could not match the validation rows' order" not in caplog.text
    # re-tuned later, the same validation is rebuilt (seeded share, same budget rows)
    model = tmp_path / "model"
    trained = json.loads((model / "sentinela.json").read_text())["thresholds"]
    (model / "sentinela.json").write_text(
        json.dumps({**json.loads((model / "sentinela.json").read_text()), "thresholds": {}})
    )
    i = args.index("--validation-file")
    assert evaluate_main([str(model), *args[i : i + 2], "--label-columns", "insult", "obscene", "--seed", "3",
                          "--sources", str(toml), "--max-benign-flag-rate", "0.05"]) == 0  # fmt: skip
    retuned = json.loads((model / "sentinela.json").read_text())["thresholds"]
    assert retuned == pytest.approx(trained, abs=1e-3)
