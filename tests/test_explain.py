"""Why a message was flagged (classifier/serving/explain.py): the shown words are the ones whose
removal lowers the flagged label's score, on the tests' real tiny model and on its blend."""

from __future__ import annotations

import numpy as np
import pytest

from classifier import Classifier
from classifier.serving.explain import (
    MAX_PAIRS,
    MAX_WORDS,
    MIN_DROP,
    Term,
    adjacent_pairs,
    candidates,
    distinct_words,
    explain,
    lexical_half,
    rank,
    without,
)
from tests.conftest import LABELS

# both keywords among neutral words the tiny model knows
TEXT = "o jogo foi um idiota e a festa uma merda no dia"


def test_a_term_is_removed_everywhere_whatever_its_case_and_only_as_a_whole_word():
    assert without("Idiota, seu idiota! idiotas", "idiota") == ", seu ! idiotas"
    assert without("vai a merda cara", "a merda") == "vai cara"
    assert without("a.b (c)", "(c)") == "a.b"  # escaped, not a pattern


def test_words_are_listed_once_in_order_and_pairs_as_written():
    assert distinct_words("Idiota idiota, o IDIOTA d'água") == ["Idiota", "o", "d'água"]
    assert adjacent_pairs("vai  a, merda\nagora") == ["vai  a", "a, merda"]  # never across lines


def test_rank_shows_the_largest_drops_a_phrase_only_above_its_words_and_nothing_twice():
    base = {"insult": 0.9}
    terms = ["idiota", "seu", "cara", "seu idiota", "idiota cara"]
    occluded = [{"insult": p} for p in (0.3, 0.895, 0.85, 0.2, 0.28)]
    shown = rank(base, occluded, terms, ["insult"], top=5)["insult"]
    # "seu idiota" costs 0.1 more than "idiota" alone: a phrase, shown first; "idiota cara" costs
    # 0.02 more: no phrase; "seu" moved the score under MIN_DROP; "idiota" is inside the phrase
    assert shown == (Term("seu idiota", 0.7), Term("cara", 0.05))


async def test_the_shown_words_are_the_ones_whose_removal_lowers_the_score(trained_model):
    async with await Classifier.load(trained_model, "cpu") as clf:
        base = clf.predict([TEXT])[0]
        assert set(base.flagged) == set(LABELS)  # the tiny model flags both
        why = await explain(clf, TEXT, LABELS)

        def drop(label: str, text: str) -> float:  # measured apart from explain(), one text at a time
            return base.probabilities[label] - clf.predict([text])[0].probabilities[label]

        for label, terms in why.items():
            assert 1 <= len(terms) <= 5
            for term in terms:  # each shown term, removed alone, lowers its label's score by its drop
                assert drop(label, without(TEXT, term.text)) == pytest.approx(term.drop, abs=2e-3)
                assert term.drop >= MIN_DROP
            # and no word left out weighed as much as the weakest one shown
            hidden = [w for w in distinct_words(TEXT) if w not in {t.text for t in terms}]
            assert max(drop(label, without(TEXT, w)) for w in hidden) < min(t.drop for t in terms)
        # the tiny model learnt "idiota" for insult: it is what is shown, and without it the
        # message is no longer flagged for insult
        assert [t.text for t in why["insult"]] == ["idiota"]
        assert "insult" not in clf.predict([without(TEXT, "idiota")])[0].flagged


async def test_a_blended_model_weighs_candidates_by_its_lexical_half_and_occludes_at_most_the_cap(
    blended_model,
):
    words = "o jogo foi um dia de festa com música e café na praia mas a chuva e o sol".split()
    text = " ".join([*words[:8], "imbecil", *words[8:], "porra", *words])  # 40 words, 23 distinct
    async with await Classifier.load(blended_model, "cpu") as clf:
        lexical = lexical_half(clf)
        assert lexical is not None  # the blend's lexical half, in this process
        columns = [0, 1]
        terms = candidates(text, columns, lexical)
        assert len(terms) <= MAX_WORDS + MAX_PAIRS and len(distinct_words(text)) > MAX_WORDS
        # the lexical weights put the keywords first among the words
        assert set(terms[:2]) == {"imbecil", "porra"}
        # one scorer call with the message and each candidate removed, nothing more
        batches, score_many = [], clf.score_many

        async def recorded(texts: list[str]):
            batches.append(len(texts))
            return await score_many(texts)

        clf.score_many = recorded
        why = await explain(clf, text, LABELS, lexical=lexical)
        assert batches == [1 + len(terms)]
        base = clf.predict([text])[0].probabilities
        for label, keyword in (("insult", "imbecil"), ("obscene", "porra")):
            assert why[label][0].text == keyword
            for term in why[label]:
                moved = base[label] - clf.predict([without(text, term.text)])[0].probabilities[label]
                assert moved == pytest.approx(term.drop, abs=2e-3) and moved >= MIN_DROP


async def test_a_plain_model_has_no_lexical_half_and_occludes_the_first_words(trained_model):
    async with await Classifier.load(trained_model, "cpu") as clf:
        assert lexical_half(clf) is None
    text = " ".join(f"w{i}" for i in range(30))
    assert candidates(text, [0], None) == [f"w{i}" for i in range(MAX_WORDS)]


async def test_labels_the_model_lacks_and_wordless_messages_explain_to_nothing(trained_model):
    async with await Classifier.load(trained_model, "cpu") as clf:
        assert await explain(clf, TEXT, ["racism"]) == {}
        assert await explain(clf, "!!! 🤬", ["insult"]) == {"insult": ()}
        calls = clf.engine.model_calls
        assert await explain(clf, "", ["insult"]) == {"insult": ()}
        assert clf.engine.model_calls == calls


def test_lexical_logits_are_what_its_probabilities_are_made_of(blended_model):
    from classifier import Engine

    engine = Engine.load(blended_model, "cpu")
    texts = engine.normalise([TEXT, "bom dia"])
    probs = engine.lexical.predict_proba(texts)
    np.testing.assert_allclose(1 / (1 + np.exp(-engine.lexical.logits(texts))), probs, rtol=1e-5)
