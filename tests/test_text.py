from classifier.text import TextConfig, normalize


def test_discord_markup_becomes_dataset_tokens():
    text = "<@123> e <@!456> olha <:pepe:789> <a:dance:1> em <#42> https://x.com/a?b=1"
    assert normalize(text) == "@user e @user olha pepe dance em #canal URL"


def test_user_token_follows_the_model_config():
    assert normalize("@fulano seu idiota", TextConfig(user_token="USER")) == "USER seu idiota"


def test_email_like_text_is_not_a_mention():
    assert normalize("mail a@b.com") == "mail a@b.com"


def test_zalgo_control_chars_and_floods_are_trimmed():
    zalgo = "i" + "\u0336\u0337\u0338\u0339" * 10 + "diota"
    out = normalize(zalgo + "\x00\x07\u200b" + "😂" * 50 + " kkkkkkkkkk")
    assert out.startswith("i\u0336\u0337diota")
    assert "\x00" not in out and "\u200b" not in out
    assert out.endswith("😂😂😂 kkk")


def test_whitespace_only_normalises_to_empty():
    assert normalize(" \n\t ") == ""
