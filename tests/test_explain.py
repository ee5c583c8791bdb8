"""Why a message was flagged (classifier/serving/explain.py): the shown words are the ones whose
removal lowers the flagged label's score, on the tests' real tiny model and on its blend."""

from __future__ import annotations

import numpy as np
import pytest

from classifier import Classifier
from classifier.serving.explain import (
    MAX_PAIRS,
    MAX_WORDS,
    MIN_WEIGHT,
    NEUTRAL,
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


def test_rank_shows_the_heaviest_terms_a_phrase_only_above_its_words_and_nothing_twice():
    base, neutral = {"insult": 0.9}, {"insult": 0.1}
    terms = ["idiota", "seu", "cara", "seu idiota", "idiota cara"]
    without_each = [{"insult": p} for p in (0.3, 0.895, 0.85, 0.2, 0.28)]
    alone = [{"insult": p} for p in (0.5, 0.1, 0.1, 0.6, 0.5)]
    shown = rank(base, without_each, alone, neutral, terms, ["insult"], top=5)["insult"]
    # "seu idiota" weighs 0.1 more than "idiota" alone: a phrase, shown first; "idiota cara"
    # 0.02 more: no phrase; "seu" moved the score under MIN_WEIGHT; "idiota" is inside the phrase;
    # "cara" (0.05) weighs under a tenth of the phrase: noise beside it
    assert shown == (Term("seu idiota", 0.7),)
    # alone, "cara" is what weighed (the same 0.05): shown
    lone = rank(base, without_each[1:3], alone[1:3], neutral, terms[1:3], ["insult"])["insult"]
    assert lone == (Term("cara", 0.05),)
    # a word whose removal changes nothing weighs what it scores alone above the neutral text
    twins = rank(base, [base, base], [{"insult": 0.8}, {"insult": 0.7}], neutral, ["idiota", "imbecil"],
                 ["insult"])  # fmt: skip
    assert twins["insult"] == (Term("idiota", 0.7), Term("imbecil", 0.6))


async def test_the_shown_words_are_the_ones_the_score_turns_on(trained_model):
    async with await Classifier.load(trained_model, "cpu") as clf:
        base = clf.predict([TEXT])[0]
        assert set(base.flagged) == set(LABELS)  # the tiny model flags both
        why = await explain(clf, TEXT, LABELS)
        neutral = clf.predict([NEUTRAL])[0].probabilities

        def weight(label: str, term: str) -> float:  # measured apart from explain(), one text at a time
            removed = base.probabilities[label] - clf.predict([without(TEXT, term)])[0].probabilities[label]
            return max(removed, clf.predict([term])[0].probabilities[label] - neutral[label])

        for label, terms in why.items():
            assert 1 <= len(terms) <= 5
            for term in terms:  # each shown term weighs what is shown
                assert weight(label, term.text) == pytest.approx(term.weight, abs=2e-3)
                assert term.weight >= MIN_WEIGHT
            # and no word left out weighed as much as the weakest one shown
            hidden = [w for w in distinct_words(TEXT) if w not in {t.text for t in terms}]
            assert max(weight(label, w) for w in hidden) < min(t.weight for t in terms)
        # the tiny model learnt "idiota" for insult: it is what is shown, and removing it is
        # what takes the message under the insult threshold
        assert [t.text for t in why["insult"]] == ["idiota"]
        assert "insult" not in clf.predict([without(TEXT, "idiota")])[0].flagged


async def test_words_that_repeat_one_another_are_both_shown_and_removing_them_clears_the_flag(trained_model):
    text = "voce e um idiota imbecil"
    async with await Classifier.load(trained_model, "cpu") as clf:
        base = clf.predict([text])[0]
        assert "insult" in base.flagged
        # removing either insult leaves the other: neither removal moves the score
        for word in ("idiota", "imbecil"):
            moved = (
                base.probabilities["insult"] - clf.predict([without(text, word)])[0].probabilities["insult"]
            )
            assert abs(moved) < MIN_WEIGHT
        why = await explain(clf, text, ["insult"])
        assert {t.text for t in why["insult"]} == {"idiota", "imbecil"}
        cleared = text
        for term in why["insult"]:
            cleared = without(cleared, term.text)
        after = clf.predict([cleared])[0]
        assert "insult" not in after.flagged
        # together they carried what each weighs (the shown weights are rounded to 0.001)
        together = base.probabilities["insult"] - after.probabilities["insult"]
        assert together >= min(t.weight for t in why["insult"]) - 2e-3


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
        assert batches == [2 + 2 * len(terms)]
        base = clf.predict([text])[0].probabilities
        for label, keyword in (("insult", "imbecil"), ("obscene", "porra")):
            assert why[label][0].text == keyword
            neutral = clf.predict([NEUTRAL])[0].probabilities[label]
            for term in why[label]:
                moved = base[label] - clf.predict([without(text, term.text)])[0].probabilities[label]
                alone = clf.predict([term.text])[0].probabilities[label] - neutral
                assert max(moved, alone) == pytest.approx(term.weight, abs=2e-3) and term.weight >= MIN_WEIGHT


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
