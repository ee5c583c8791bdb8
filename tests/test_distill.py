"""``python -m training.distill``: a student with fewer layers, initialised from the teacher's own,
trained on its answers, with thresholds of its own; served like any model directory."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from classifier import Classifier, Engine
from tests.conftest import make_texts
from training.distill import kept_layers, main


def test_the_student_keeps_the_last_layer_of_each_group():
    assert kept_layers(12, 6) == [1, 3, 5, 7, 9, 11]
    assert kept_layers(12, 4) == [2, 5, 8, 11]
    assert kept_layers(8, 4) == [1, 3, 5, 7]
    assert kept_layers(2, 1) == [1]
    with pytest.raises(Exception, match="--layers must be 1 to 11"):
        kept_layers(12, 12)


@pytest.fixture(scope="module")
def distilled(blended_model, data_files, tmp_path_factory):
    """A 1-layer student of the blended tiny teacher, with unlabelled text (one message a line,
    and an ARFF as OffComBR ships) and a test file reported on."""
    root = tmp_path_factory.mktemp("distill")
    chat = root / "chat.txt"
    chat.write_text("\n".join(make_texts(120, seed=31)["text"]) + "\n", encoding="utf-8")
    arff = root / "offcombr.arff"
    rows = "\n".join(f"no,'{t}'" for t in make_texts(60, seed=32)["text"])
    arff.write_text(
        f"@relation data\n@attribute @@class {{no,yes}}\n@attribute document string\n@data\n{rows}\n"
    )
    out = root / "student"
    argv = ["--teacher", str(blended_model), "--layers", "1", "--out", str(out), "--max-steps", "20",
            "--train-file", str(data_files["train"]), "--validation-file", str(data_files["validation"]),
            "--test-file", str(data_files["test"]), "--extra-text-file", str(chat),
            "--extra-text-file", str(arff), "--device", "cpu"]  # fmt: skip
    assert main(argv) == 0
    fitting = [*pd.read_csv(data_files["train"])["text"], *make_texts(120, seed=31)["text"],
               *make_texts(60, seed=32)["text"], *pd.read_csv(data_files["validation"])["text"]]  # fmt: skip
    return out, fitting


async def test_a_blended_teacher_gives_a_half_depth_student_that_serves(blended_model, distilled):
    out, _ = distilled
    teacher, student = Engine.load(blended_model, "cpu"), Engine.load(out, "cpu")
    assert student.config.num_hidden_layers == teacher.config.num_hidden_layers // 2 == 1
    assert student.lexical is not None and student.meta.blend == teacher.meta.blend  # the blend kept
    assert set(student.meta.thresholds) == set(teacher.labels)  # set again, for the student
    metrics = json.loads((out / "metrics.json").read_text())
    assert metrics["student"]["kept"] == [1] and metrics["teacher"]["layers"] == 2
    assert metrics["texts"] == 640 + 120 + 60  # the unlabelled text joined the training texts
    assert not (out / "distill-run").exists()
    async with await Classifier.load(out, "cpu") as clf:
        scores = await clf.score("voce e um idiota")
    assert set(scores.probabilities) == set(teacher.labels)


def test_the_students_thresholds_flag_each_label_as_often_as_the_teacher_on_its_fitting_texts(
    blended_model, distilled
):
    out, fitting = distilled
    teacher, student = Engine.load(blended_model, "cpu"), Engine.load(out, "cpu")
    assert json.loads((out / "metrics.json").read_text())["thresholds"] == "teacher-rate"
    for engine in (teacher, student):
        assert engine.meta.thresholds  # both decide at their own tuned thresholds
    probs = {"teacher": teacher.predict_probs(fitting), "student": student.predict_probs(fitting)}
    for j, label in enumerate(teacher.labels):
        flagged = {
            who: int((p[:, j] >= engine.meta.threshold(label)).sum())
            for (who, p), engine in zip(probs.items(), (teacher, student), strict=True)
        }
        # exactly as many, but for texts the student scores the same as the one at its threshold
        ties = int((probs["student"][:, j] == student.meta.threshold(label)).sum())
        assert flagged["teacher"] <= flagged["student"] <= flagged["teacher"] + ties - 1, label
        assert student.meta.thresholds[label] != teacher.meta.thresholds[label]  # its own scale


def test_the_report_gives_agreement_with_the_teachers_decisions_and_f1(blended_model, distilled, data_files):
    out, _ = distilled
    metrics = json.loads((out / "metrics.json").read_text())
    teacher, student = Engine.load(blended_model, "cpu"), Engine.load(out, "cpu")
    texts = pd.read_csv(data_files["test"])["text"].tolist()
    cut_t = np.array([teacher.meta.threshold(label) for label in teacher.labels])
    cut_s = np.array([student.meta.threshold(label) for label in student.labels])
    same = (teacher.predict_probs(texts) >= cut_t) == (student.predict_probs(texts) >= cut_s)
    for split in ("validation", "test"):
        assert {"macro_f1", "micro_f1"} <= set(metrics["teacher"][split]) & set(metrics["student"][split])
    agreement = metrics["student"]["test"]["agreement"]
    assert agreement["messages"] == pytest.approx(same.all(axis=1).mean())
    assert agreement["labels"] == pytest.approx(same.mean()) and agreement["texts"] == len(texts)


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
