"""What an admin can change: one parser per kind, the same for every surface (bot/core/setting_kinds.py)."""

from __future__ import annotations

import pytest

from bot.core.policy import Action, Escalation, Rule
from bot.core.setting_kinds import KINDS, MAX_ESCALATION_HITS, SettingError, kind_of, parse_threshold

LABELS = ["insult", "obscene"]


def test_a_threshold_reads_as_a_form_a_slash_option_and_the_store_give_it():
    kind = KINDS["threshold"]
    assert kind.parse("0,85", "insult", labels=LABELS).value == 0.85  # pt-BR writes a comma
    assert kind.parse(0.5, "insult", labels=LABELS).value == 0.5
    assert kind.parse("", "insult", labels=LABELS).value is None  # back to the model's
    assert kind.parse(0.7, "insult").target == "insult"  # the store checks no label: it knows none


@pytest.mark.parametrize("raw", [1.5, "-0.1", "abc", float("nan")])
def test_a_threshold_outside_zero_to_one_is_refused_with_its_value(raw):
    with pytest.raises(SettingError) as e:
        KINDS["threshold"].parse(raw, "insult", labels=LABELS)
    assert e.value.values == {"value": raw} and "between 0 and 1" in e.value.message


def test_an_unknown_label_names_the_labels_the_model_has():
    with pytest.raises(SettingError, match=r"Unknown label `racism`\. Labels: insult, obscene\."):
        KINDS["rule"].parse("delete", "racism", labels=LABELS)
    with pytest.raises(SettingError):
        parse_threshold(None, "insult", LABELS)  # a file's threshold must be given


def test_a_rule_keeps_a_timeout_only_for_the_timeout_action_and_within_discords_limit():
    rule = KINDS["rule"]
    assert rule.parse({"action": "timeout", "timeout_minutes": "30"}, "insult").value == Rule(
        Action.TIMEOUT, 30
    )
    assert rule.parse({"action": "delete", "timeout_minutes": 30}, "insult").value == Rule(Action.DELETE)
    assert rule.parse(Rule(Action.LOG), "insult").value == Rule(Action.LOG)
    with pytest.raises(SettingError, match="Unknown action 'ban'"):
        rule.parse("ban", "insult")
    with pytest.raises(SettingError, match="from 1 to 40320"):
        rule.parse({"action": "timeout", "timeout_minutes": 0}, "insult")


def test_escalation_off_at_zero_hits_and_bounded():
    kind = KINDS["escalation"]
    assert kind.parse({"hits": "0"}).value is None and kind.parse(None).value is None
    assert kind.parse({"hits": 3}).value == Escalation(3, 60, 60)
    assert kind.parse(Escalation(2, 5, 10)).value == Escalation(2, 5, 10)
    with pytest.raises(SettingError) as e:
        kind.parse({"hits": MAX_ESCALATION_HITS + 1})
    assert e.value.values == {"low": 0, "high": MAX_ESCALATION_HITS}


def test_exemptions_and_the_alert_channel_only_name_the_servers_own_ids():
    assert KINDS["exempt_role"].parse("1", "7", known_ids={7}).value is True
    assert KINDS["alert_channel"].parse("", known_ids={7}).value is None
    for kind, raw, target in [
        ("exempt_channel", "1", "8"),
        ("exempt_role", "1", "x"),
        ("alert_channel", "8", None),
    ]:
        with pytest.raises(SettingError, match="Pick a role or channel"):
            KINDS[kind].parse(raw, target, known_ids={7})


def test_an_unknown_kind_is_a_callers_bug():
    with pytest.raises(ValueError, match="unknown setting 'exempt_member'"):
        kind_of("exempt_member")
