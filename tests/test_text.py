import pytest

from classifier.model.text import NORMALIZATION_VERSION, TextConfig, normalize


def test_discord_markup_becomes_dataset_tokens():
    text = "<@123> e <@!456> olha <:pepe:789> <a:dance:1> em <#42> https://x.com/a?b=1"
    assert normalize(text) == "@user e @user olha pepe dance em #canal URL"


def test_user_token_follows_the_model_config():
    assert normalize("@fulano seu idiota", TextConfig(user_token="USER")) == "USER seu idiota"


def test_email_like_text_is_not_a_mention():
    assert normalize("mail a@b.com") == "mail a@b.com"


def test_zalgo_control_chars_and_floods_are_trimmed_as_version_1_did():
    zalgo = "i" + "\u0336\u0337\u0338\u0339" * 10 + "diota"
    out = normalize(zalgo + "\x00\x07\u200b" + "😂" * 50 + " kkkkkkkkkk", TextConfig(version=1))
    assert out.startswith("i\u0336\u0337diota")
    assert "\x00" not in out and "\u200b" not in out
    assert out.endswith("😂😂😂 kkk")


def test_whitespace_only_normalises_to_empty():
    assert normalize(" \n\t ") == ""


EVASIONS = {
    "zero-width space": "seu id\u200bio\u200cta",
    "combining grapheme joiner and strikethrough": "seu i\u034fd\u0336iota",
    "zalgo": "seu i" + "\u0336\u0337\u0338" * 5 + "diota",
    "Cyrillic look-alikes": "seu \u0456d\u0456\u043et\u0430",
    "Greek look-alikes": "seu \u03b9d\u03b9\u03bft\u03b1",
    "fullwidth": "seu ｉｄｉｏｔａ",
    "mathematical bold": "seu 𝐢𝐝𝐢𝐨𝐭𝐚",
    "spaced letters": "seu i d i o t a",
    "dotted letters": "seu i.d.i.o.t.a",
    "leetspeak": "seu 1d10t4",
    "leetspeak with trailing digits": "seu 1d107a",
    "Hangul filler between words": "seu\u3164idiota",
    "Braille blank between letters": "seu i\u2800d\u2800i\u2800o\u2800t\u2800a",
}


@pytest.mark.parametrize("name", EVASIONS)
def test_version_2_undoes_evasions(name):
    assert normalize(EVASIONS[name]) == "seu idiota", name


@pytest.mark.parametrize(
    "text",
    [
        "ação, coração e pão de queijo às três",  # accents are Portuguese, not decoration
        "você é a e o cara",  # one-letter words are not a spaced-out word
        "covid19, mp3, 4k e 2024",  # numbers and short codes are not leetspeak
        "@fulano valeu",
        "👨\u200d👩\u200d👧 família e 🏳️\u200d🌈",  # emoji sequences stay whole
    ],
)
def test_version_2_leaves_ordinary_text_alone(text):
    expected = text.replace("@fulano", "@user")
    assert normalize(text) == expected


def test_old_model_directories_keep_their_normalisation():
    assert TextConfig.from_dict({"user_token": "@user"}).version == 1  # written before versions
    assert TextConfig().version == NORMALIZATION_VERSION  # what training writes now
    assert normalize("seu 1d10t4", TextConfig(version=1)) == "seu 1d10t4"
    with pytest.raises(ValueError, match="newer Sentinela"):
        TextConfig(version=NORMALIZATION_VERSION + 1)


@pytest.mark.parametrize(
    ("written", "read"),
    [
        ("seu idio\u0442a", "seu idiota"),  # Cyrillic te inside a Latin word
        ("\u202eatoidi\u202c seu", "idiota seu"),  # shown as "idiota" by a right-to-left override
        ("".join(c + "\u0301\u0316" for c in "idiota"), "idiota"),  # zalgo, one mark left per letter
        ("coração não pêssego órfã ação", "coração não pêssego órfã ação"),  # Portuguese stays
        ("привет идиот", "пpивeт идиoт"),  # Russian: TR39 maps its look-alikes, no more
    ],
)
def test_the_normaliser_reads_what_evasions_left_behind(written, read):
    for version in (3, NORMALIZATION_VERSION):
        assert normalize(written, TextConfig(version=version)) == read, version


def test_a_version_2_model_keeps_its_normalisation():
    assert normalize("seu idio\u0442a", TextConfig(version=2)) == "seu idioтa"


# zalgo with several marks on every letter: NFKC composed the first mark of some letters (ū, ṫ)
# and version 3 kept them ("pūṫa")
STACKED = "p\u0336\u0337\u0489u\u0304\u0336\u0353t\u0307\u0338\u0489a\u0336\u0337\u0353"


@pytest.mark.parametrize(
    ("written", "read"),
    [
        ("seu " + STACKED, "seu puta"),
        ("".join(c + "\u0301\u0302\u0303\u0304\u0306" for c in "idiota"), "idiota"),  # five a letter
        ("i\u0336\u0337diota e coração", "idiota e coração"),  # one letter stacked: its word only
        ("".join(c + m for c, m in zip("puta", "\u0336\u0308\u0353\u030f", strict=True)), "puta"),
        ("ação, coração, órfã, açaí, você é à toa", "ação, coração, órfã, açaí, você é à toa"),
        ("1\ufe0f\u20e3 e 🏳️\u200d🌈", "1\ufe0f e 🏳️\u200d🌈"),  # emoji as version 3 reads them
    ],
)
def test_version_4_strips_every_mark_of_a_zalgo_word_and_keeps_portuguese(written, read):
    assert NORMALIZATION_VERSION == 4
    assert normalize(written) == read


def test_a_version_3_model_keeps_its_normalisation():
    assert normalize("seu " + STACKED, TextConfig(version=3)) == "seu p\u016b\u1e6ba"  # as it was trained


def _fuzz(n: int, seed: int) -> list[str]:
    """Chat-like strings salted with everything the evasion steps rewrite."""
    import random

    rng = random.Random(seed)
    pieces = [
        *"abcdefghijklmnopqrstuvwxyzABCXYZ", " ", "  ", ".", "-", "*", "kkk", "0", "1", "3", "4",
        "5", "7", "@", "$", "ação", "coração", "é", "à", "õ", "ç", "pêssegão", "\u0301", "\u0336",
        "\u0489", "\u20dd", "\u0353", "тк", "мнвпг", "привет", "\u200b", "\u200d", "\ufe0f",
        "\U000e0101", "😂", "🏳️", "ｐｕｔａ", "\u202e", "\u202c", "\u3164", "\u2800", "𝐩𝐮𝐭𝐚",
        "ὀ", "ǘ", "ḯ", "\x00", "\x1b", "\n", "\t", "İ", "ß", "ﬁ", "Ⅻ", "\ud800", "\ue000", "ᄀ",
    ]  # fmt: skip
    return ["".join(rng.choices(pieces, k=rng.randint(1, 24))) for _ in range(n)]


def test_the_fast_paths_give_what_every_step_on_every_text_gives(monkeypatch):
    """Each evasion step is skipped where a scan finds nothing for it to rewrite; running every
    step on every text must give the same normalisation."""
    from classifier.model import text as module

    texts = [*_fuzz(4000, seed=7), STACKED, "seu idiota", "ação coração", "p u t a", "pu74 top10"]
    assert all(code >= 128 for code in module._confusables())  # ASCII text skips the table
    fast = [normalize(t, TextConfig(version=v)) for t in texts for v in (2, 3, 4)]
    skipped = sum(not module._has_any(module._INVISIBLE, t) for t in texts)
    everything = module.re.compile("")  # a scan that always finds something
    monkeypatch.setattr(module, "_has_any", lambda categories, text: True)
    for name in ("_CYRILLIC", "_THREE_NON_ASCII", "_ANY_LEET"):
        monkeypatch.setattr(module, name, everything)
    monkeypatch.setattr(module, "strip_stacked_marks", lambda t: module._strip_stacked(
        module.unicodedata.normalize("NFD", t)))  # fmt: skip
    slow = [normalize(t, TextConfig(version=v)) for t in texts for v in (2, 3, 4)]
    assert fast == slow
    assert 0 < skipped < len(texts)  # both paths were taken
