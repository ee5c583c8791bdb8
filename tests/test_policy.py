"""The pure moderation policy: which labels hit, the strongest action, escalation, ceilings, exemptions."""

from __future__ import annotations

import pytest

from bot.core.policy import MAX_TIMEOUT_MINUTES, Action, Escalation, GuildConfig, Rule, decide

MODEL_T = {"insult": 0.5, "racism": 0.3}


def test_labels_over_threshold_hit_and_the_strongest_action_wins():
    config = GuildConfig(
        thresholds={"insult": 0.7},
        rules={"insult": Rule(Action.DELETE), "racism": Rule(Action.TIMEOUT, 60)},
    )
    d = decide({"insult": 0.8, "racism": 0.35}, config, MODEL_T)
    assert [h.label for h in d.hits] == ["insult", "racism"]
    assert d.action is Action.TIMEOUT and d.timeout_minutes == 60
    assert d.hits[0].threshold == 0.7 and d.hits[1].threshold == 0.3  # guild, then model value


def test_below_threshold_is_no_hit_and_default_rule_only_alerts():
    assert not decide({"insult": 0.69}, GuildConfig(thresholds={"insult": 0.7}), MODEL_T).flagged_in_force
    assert decide({"insult": 0.6}, GuildConfig(), MODEL_T).action is Action.ALERT


def test_escalation_turns_the_nth_hit_into_a_timeout():
    config = GuildConfig(escalation=Escalation(hits=3, window_minutes=10, timeout_minutes=30))
    assert decide({"insult": 0.9}, config, MODEL_T, recent_hits=1).action is Action.ALERT
    d = decide({"insult": 0.9}, config, MODEL_T, recent_hits=2)
    assert d.action is Action.TIMEOUT and d.escalated and d.timeout_minutes == 30


def test_timeouts_are_capped_at_28_days():
    with pytest.raises(ValueError, match="28 days"):
        Rule(Action.TIMEOUT, 28 * 24 * 60 + 1)
    with pytest.raises(ValueError, match="unknown action"):
        Action.parse("ban")


def test_exemptions_cover_threads_of_an_exempt_channel():
    config = GuildConfig(exempt_channel_ids=frozenset({10}), exempt_role_ids=frozenset({7}))
    assert config.is_exempt({99, 10}, set())  # a thread whose parent is exempt
    assert config.is_exempt({99}, {7})
    assert not config.is_exempt({99}, {8})


def test_a_subject_s_ceiling_caps_the_action_and_drops_timeout_and_escalation():
    config = GuildConfig(
        rules={"threat": Rule(Action.TIMEOUT, 60)}, escalation=Escalation(hits=1, timeout_minutes=30)
    )
    full = decide({"threat": 0.9}, config, {"threat": 0.5})
    assert (full.action, full.timeout_minutes, full.escalated) == (Action.TIMEOUT, 60, True)
    title = decide({"threat": 0.9}, config, {"threat": 0.5}, ceiling=Action.ALERT)
    assert (title.action, title.timeout_minutes, title.escalated) == (Action.ALERT, None, False)
    assert title.hits == full.hits  # still recorded and alerted as hits
    only_log = GuildConfig(rules={"threat": Rule(Action.LOG)})
    logged = decide({"threat": 0.9}, only_log, {}, ceiling=Action.ALERT)
    assert logged.action is Action.LOG  # a ceiling never raises an action


def test_a_timeout_stays_within_discord_s_limit_whatever_escalation_asks():
    config = GuildConfig(escalation=Escalation(hits=1, timeout_minutes=10 * MAX_TIMEOUT_MINUTES))
    decision = decide({"insult": 0.9}, config, {"insult": 0.5})
    assert (decision.action, decision.timeout_minutes) == (Action.TIMEOUT, MAX_TIMEOUT_MINUTES)


def test_the_threshold_in_force_is_the_servers_then_the_models_then_the_default():
    config = GuildConfig(thresholds={"insult": 0.9})
    model = {"insult": 0.4, "obscene": 0.6}
    assert config.thresholds_in_force(model) == {"insult": 0.9, "obscene": 0.6}
    assert config.thresholds_in_force(model, ["obscene", "racism"]) == {"obscene": 0.6, "racism": 0.5}
    # decide judges by the same answer: a label the model has no threshold for is cut at 0.5
    decision = decide({"insult": 0.8, "racism": 0.55}, config, model)
    assert [(h.label, h.threshold) for h in decision.hits] == [("racism", 0.5)]
