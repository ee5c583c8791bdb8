"""Sentinela's own hate corpus (training/corpus): the committed CSV is what build writes, it passes its
check (coverage, frame spread, no overlap with the functional suite), the check fails where it must,
and every row's labels follow the corpus's rules."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest

from training.corpus import LABEL_COLUMNS, load_corpus
from training.corpus.__main__ import main
from training.corpus.build import COLUMNS, CORPUS, build_rows, render_csv
from training.corpus.check import STOPWORDS, check, check_rows
from training.corpus.cues import one_sided, row_tokens, shared_3grams
from training.corpus.groups import (
    AMBIGUOUS,
    BY_KEY,
    GENERIC_SLURS,
    GROUPS,
    IDENTITY_LABELS,
    INTERSECTIONAL,
    SWAP_TERMS,
)
from training.corpus.lexicon import has_insult, has_swear, normalise

REQUIRED_GROUPS = {
    "women",
    "black",
    "indigenous",
    "lgbt",
    "northeasterners",
    "immigrants",
    "disabled",
    "religious",
    "jews",
    "muslims",
    "afro_religions",
    "evangelicals",
    "trans",
    "elderly",
    "poor",
    "named_migrants",
}
SUITE = ["todos os negros são nojentos", "negros são a pior coisa desse país", "isso é o que eu sou"]


@pytest.fixture(scope="module")
def built() -> str:
    return render_csv(build_rows())


@pytest.fixture(scope="module")
def corpus():
    return load_corpus()


def test_build_is_deterministic_and_is_the_committed_csv(built):
    assert render_csv(build_rows()) == built
    # after editing the corpus modules: python -m training.corpus build
    assert CORPUS.read_text(encoding="utf-8") == built


def test_the_committed_corpus_passes_the_check(capsys):
    report = check()
    assert report.problems == []
    assert "0 suite cases, 0 suite 5-grams" in report.lines
    assert main(["check"]) == 0
    out = capsys.readouterr().out
    assert "0 suite cases, 0 suite 5-grams" in out and "largest frame share" in out


def synthetic(per_side: int = 4) -> list[dict[str, str]]:
    """Two groups, ``per_side`` rows a side, every row its own frame, nothing from the suite."""
    return [
        {"text": f"frase {g} {h} número {i}", "group": g, "hateful": h, "kind": "k", "frame": f"{g}{h}{i}"}
        for g in ("a", "b")
        for h in ("0", "1")
        for i in range(per_side)
    ]


def test_the_check_passes_clean_synthetic_rows():
    report = check_rows(synthetic(), SUITE, min_rows=4, max_share=0.2)
    assert report.problems == []
    assert "0 suite cases, 0 suite 5-grams" in report.lines


def test_the_check_fails_on_a_planted_suite_case():
    rows = synthetic()
    rows[0]["text"] = "Todos os NEGROS são nojentos!!"  # case, accents and punctuation do not hide it
    report = check_rows(rows, SUITE, min_rows=4, max_share=0.2)
    assert "1 suite cases, 1 suite 5-grams" in report.lines
    assert any("suite cases" in p for p in report.problems)


def test_the_check_fails_on_a_planted_suite_5gram_but_not_on_function_words_alone():
    assert {"isso", "e", "o", "que", "eu", "sou"} <= STOPWORDS
    rows = synthetic()
    rows[1]["text"] = "isso é o que eu sou de verdade"  # only function words in common: fine
    assert check_rows(rows, SUITE, min_rows=4, max_share=0.2).problems == []
    rows[2]["text"] = "o trânsito é a pior coisa desse país"
    report = check_rows(rows, SUITE, min_rows=4, max_share=0.2)
    assert "0 suite cases, 1 suite 5-grams" in report.lines
    assert any("a pior coisa desse pais" in p for p in report.problems)


def test_the_check_fails_on_an_overused_frame_and_a_short_group():
    rows = synthetic()
    for row in rows[:5]:
        row["frame"] = "same"
    problems = check_rows(rows, SUITE, min_rows=4, max_share=0.2).problems
    assert any("frame same" in p for p in problems)
    problems = check_rows(synthetic(3), SUITE, min_rows=4, max_share=0.5).problems
    assert len(problems) == 4 and all("fewer than 4" in p for p in problems)


def test_the_check_fails_on_a_stale_corpus(tmp_path: Path, built):
    stale = tmp_path / "corpus.csv"
    stale.write_text(built.replace("\n", "\nfrase a mais,women,0,neutral_fact,x,0,0,0,0,0,0,0,0\n", 1))
    assert any("stale" in p for p in check(stale).problems)


def test_coverage_kinds_and_variety(corpus):
    assert list(corpus.columns) == COLUMNS
    sides = corpus.groupby(["group", "hateful"]).size()
    assert set(corpus["group"]) >= REQUIRED_GROUPS and (sides >= 300).all()
    assert corpus["frame"].value_counts().max() / len(corpus) <= 0.03
    kinds = set(corpus["kind"])
    assert {
        "derogation_explicit",
        "derogation_implicit",
        "stereotype",
        "dehumanisation",
        "threat",
        "exclusion",
        "hate_question",
        "hate_opinion",
        "hate_joke",
    } <= kinds
    assert {
        "neutral_fact",
        "praise",
        "counter_speech",
        "report",
        "negated_hate",
        "everyday",
        "identity_self",
        "curious_question",
        "news",
    } <= kinds
    hateful = corpus[corpus["hateful"] == 1]
    assert 0.05 < hateful["swear"].mean() < 0.5  # some hate swears, most does not
    assert corpus["text"].map(normalise).is_unique
    words = corpus["text"].str.split().str.len()
    assert words.min() <= 3 and words.max() >= 35


def test_every_row_follows_the_label_rules(corpus):
    assert (corpus["swear"] == corpus["text"].map(has_swear).astype(int)).all()
    swear = corpus["swear"] == 1
    hate, benign = corpus[corpus["hateful"] == 1], corpus[corpus["hateful"] == 0]
    assert (hate["hate"] == 1).all() and hate["insult"].isna().all()
    assert (hate.loc[swear, "obscene"] == 1).all() and hate.loc[~swear, "obscene"].isna().all()
    for key, rows in hate.groupby("group"):
        finer = BY_KEY[key].label
        if key in INTERSECTIONAL:  # black women, lesbians, trans women; Haitians...: unknown
            other, pattern = INTERSECTIONAL[key]
            both = rows["text"].map(lambda t, p=pattern: bool(re.search(p, normalise(t))))
            assert both.any() and rows.loc[both, other].isna().all(), key
            rows = rows[~both]
        for name in IDENTITY_LABELS:
            if finer is not None:
                assert (rows[name] == float(name == finer)).all(), (key, name)
            elif name in AMBIGUOUS.get(key, ()):
                assert rows[name].isna().all(), (key, name)
            else:
                assert (rows[name] == 0).all(), (key, name)
    for name in ("hate", *IDENTITY_LABELS):
        assert (benign[name] == 0).all()
    assert benign.loc[swear, "obscene"].isna().all() and (benign.loc[~swear, "obscene"] == 0).all()
    insults = benign["text"].map(has_insult)
    assert insults.any() and benign.loc[insults, "insult"].isna().all()
    assert (benign.loc[~insults, "insult"] == 0).all()


def test_load_corpus_gives_float_labels_with_nan_for_unknown(corpus):
    for name in LABEL_COLUMNS:
        assert corpus[name].dtype == np.float64
        assert set(corpus[name].dropna().unique()) <= {0.0, 1.0}
    assert corpus["obscene"].isna().any()
    assert corpus["text"].map(lambda t: isinstance(t, str) and t != "").all()


def test_swap_terms_are_identity_terms_by_slot():
    assert {"m_pl", "f_pl", "m_sg", "f_sg", "adj_m_pl"} <= set(SWAP_TERMS)
    slurs = {normalise(s.text) for g in GROUPS for s in g.slurs}
    for slot, pairs in SWAP_TERMS.items():
        terms = [t for t, _ in pairs]
        assert len(terms) == len({normalise(t) for t in terms}), slot
        for term, group in pairs:
            assert term == term.lower().strip() and group in BY_KEY, (slot, term)
            assert normalise(term) not in slurs, (slot, term)


def test_modules_stay_small():
    for module in Path(CORPUS).parent.glob("*.py"):
        assert len(module.read_text(encoding="utf-8").splitlines()) < 400, module.name


def test_the_check_fails_on_a_one_sided_token():
    rows = synthetic(20)
    for row in rows:
        if row["hateful"] == "1":
            row["text"] += " sempre"  # a cue: 40 rows, all hateful
    report = check_rows(rows, SUITE, min_rows=4, max_share=0.2, min_count=30)
    assert any("one-sided tokens" in p and "sempre" in p for p in report.problems)
    for row in rows[:6]:
        if row["hateful"] == "0":
            row["text"] += " sempre"  # now 3 of 43 benign: still > 85 % one side
    assert one_sided(rows)[0][0][0] == "sempre"
    cues, _ = one_sided(rows, min_count=30, max_side=0.95)
    assert "sempre" not in [t for t, _, _ in cues]


def test_the_check_fails_on_a_short_case_inside_a_text_and_on_shared_3grams():
    rows = synthetic()
    rows[0]["text"] = "eu sempre disse que isso é o que eu sou, e pronto"  # function words only: fine
    assert check_rows(rows, SUITE, min_rows=4, max_share=0.2).problems == []
    suite = [*SUITE, "baianos são uma praga", "quero ver mulheres queimando", "chuta a oferenda"]
    suite.append("cuspa no prato")
    rows[1]["text"] = "os baianos são uma praga contagiosa, kkkk"
    rows[2]["text"] = "um dia ainda quero ver os judeus queimando"  # group words masked: same 3-gram
    rows[3]["text"] = "chuta a oferenda deles"
    rows[4]["text"] = "cuspa no prato e siga"
    report = check_rows(rows, suite, min_rows=4, max_share=0.2)
    assert "3 suite cases inside a corpus text" in report.lines
    assert any("sit whole inside" in p for p in report.problems)
    assert ("quero", "ver", "GRP") in shared_3grams([r["text"] for r in rows], suite, STOPWORDS)
    assert any("quero ver GRP" in line for line in report.lines)
    suite += ["odeio chuva fria molhada", "adoro pizza quente crocante"]
    rows[5]["text"] = "odeio chuva fria molhada demais"  # 4 more shared 3-grams break the threshold
    rows[6]["text"] = "eu adoro pizza quente crocante"
    report = check_rows(rows, suite, min_rows=4, max_share=0.2)
    assert any("3-grams shared with the suite >" in p for p in report.problems)


def test_the_check_fails_on_a_held_out_slur():
    rows = synthetic()
    rows[0]["text"] = "denunciei quem chamou de Macacos"
    assert any("keeps out" in p for p in check_rows(rows, SUITE, min_rows=4, max_share=0.2).problems)


def test_benign_stance_rows_never_laugh_and_generic_slurs_name_the_group(corpus):
    stance = corpus["kind"].isin(["report", "counter_speech", "negated_hate"])
    sober = corpus[(corpus["hateful"] == 0) & stance]
    mocks = sober["text"].map(normalise).str.contains("nunca saiu de casa|lavar louca")  # mocking the hater
    laughs = sober.loc[~mocks, "text"].map(lambda t: "kkk" in row_tokens(t) or "🤣" in t or "😂" in t)
    assert not laughs.any(), sober.loc[~mocks][laughs]["text"].head().tolist()
    slur_rows = corpus[corpus["kind"] == "slur"]
    for text, group in zip(slur_rows["text"], slur_rows["group"], strict=True):
        g = BY_KEY[group]
        names = {normalise(n.text) for n in g.plural + g.singular + g.collective + g.desc}
        names |= {normalise(n.text.removeprefix("sou ")) for n in g.me}
        names |= {normalise(n.text) for n in g.slurs if n.text not in GENERIC_SLURS}
        generic = [s for s in g.slurs if s.text in GENERIC_SLURS and normalise(s.text) in normalise(text)]
        if generic:
            assert any(n in normalise(text) for n in names), text
