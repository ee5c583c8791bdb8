"""``python -m training.distill``: a student with fewer layers, initialised from the teacher's own,
trained on its answers, with thresholds of its own; served like any model directory."""

from __future__ import annotations

import json

import pytest

from classifier import Classifier, Engine
from training.distill import kept_layers, main


def test_the_student_keeps_the_last_layer_of_each_group():
    assert kept_layers(12, 6) == [1, 3, 5, 7, 9, 11]
    assert kept_layers(12, 4) == [2, 5, 8, 11]
    assert kept_layers(8, 4) == [1, 3, 5, 7]
    assert kept_layers(2, 1) == [1]
    with pytest.raises(Exception, match="--layers must be 1 to 11"):
        kept_layers(12, 12)


async def test_a_blended_teacher_gives_a_half_depth_student_that_serves(blended_model, data_files, tmp_path):
    out = tmp_path / "student"
    argv = ["--teacher", str(blended_model), "--layers", "1", "--out", str(out), "--max-steps", "20",
            "--train-file", str(data_files["train"]), "--validation-file", str(data_files["validation"]),
            "--device", "cpu"]  # fmt: skip
    assert main(argv) == 0
    teacher, student = Engine.load(blended_model, "cpu"), Engine.load(out, "cpu")
    assert student.config.num_hidden_layers == teacher.config.num_hidden_layers // 2 == 1
    assert student.lexical is not None and student.meta.blend == teacher.meta.blend  # the blend kept
    assert set(student.meta.thresholds) == set(teacher.labels)  # tuned again, for the student
    metrics = json.loads((out / "metrics.json").read_text())
    assert metrics["student"]["kept"] == [1] and metrics["teacher"]["layers"] == 2
    assert not (out / "distill-run").exists()
    async with await Classifier.load(out, "cpu") as clf:
        scores = await clf.score("voce e um idiota")
    assert set(scores.probabilities) == set(teacher.labels)


def test_a_student_as_deep_as_its_teacher_is_a_clear_error(trained_model, data_files, tmp_path, capsys):
    argv = [
        "--teacher",
        str(trained_model),
        "--layers",
        "2",
        "--out",
        str(tmp_path / "s"),
        "--train-file",
        str(data_files["train"]),
        "--validation-file",
        str(data_files["validation"]),
    ]
    assert main(argv) == 2
    assert "--layers must be 1 to 1" in capsys.readouterr().err
