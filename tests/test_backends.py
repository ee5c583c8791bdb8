"""Backends and precisions on the tiny trained model: ONNX export, checksums, agreement, auto."""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
import torch

from classifier import ArtifactError, Classifier, ClassifierConfigError, Engine
from classifier.export.__main__ import main
from classifier.model.files import MANIFEST, ONNX_DIR, weights_digest
from classifier.runtime.backends import OnnxRunner, default_threads
from classifier.runtime.batches import balanced_groups, longest_first
from classifier.runtime.compiled import cxx_compiler
from classifier.runtime.selection import AUTO_MIN_AGREEMENT, candidates
from tests.conftest import make_texts

TEXTS = make_texts(120, seed=11)["text"].tolist()
ROOT = Path(__file__).resolve().parents[1]


def decisions(engine: Engine, texts: list[str]) -> np.ndarray:
    cut = np.array([engine.meta.threshold(label) for label in engine.labels])
    return engine.predict_probs(texts) >= cut


def test_export_writes_checksummed_files_and_measures_agreement(exported):
    manifest = json.loads((exported / ONNX_DIR / MANIFEST).read_text())
    assert set(manifest["files"]) == {"fp32", "int8"}
    assert manifest["weights_sha256"] == weights_digest(exported)
    for entry in manifest["files"].values():
        assert (exported / ONNX_DIR / entry["file"]).stat().st_size > 0
        assert len(entry["sha256"]) == 64
    check = json.loads((exported / "sentinela.json").read_text())["precision_check"]
    assert check["texts"] == 80 and check["weights_sha256"] == manifest["weights_sha256"]
    compiled = {"torch/bf16+compiled"} if cxx_compiler() else set()  # measured where it can be built
    assert set(check["results"]) == {"onnx/fp32", "onnx/int8", "torch/bf16", *compiled}
    assert check["results"]["onnx/fp32"]["agreement"] == 1.0
    assert check["results"]["onnx/fp32"]["max_abs_diff"] < 1e-4


@pytest.mark.parametrize("precision", ["fp32", "int8"])
def test_onnx_decisions_agree_with_torch_fp32(exported, precision):
    torch_fp32 = Engine.load(exported, "cpu")
    onnx = Engine.load(exported, "cpu", backend="onnx", precision=precision)
    assert (onnx.backend, onnx.precision) == ("onnx", precision)
    reference = torch_fp32.predict_probs(TEXTS)
    diff = np.abs(onnx.predict_probs(TEXTS) - reference).max()
    flipped = decisions(onnx, TEXTS) != decisions(torch_fp32, TEXTS)
    if precision == "fp32":
        assert diff < 1e-4 and not flipped.any()
    else:
        # the tiny model's scores crowd its thresholds, so some decisions flip; each one that does
        # lies within the largest probability difference of its threshold, none further
        cut = np.array([torch_fp32.meta.threshold(label) for label in torch_fp32.labels])
        # int8 kernels differ by CPU: VNNI machines stay under 0.01, AVX2-only ones (u8s8 without
        # VNNI saturates) reach about 0.025 on this tiny model; both are far from a broken export
        assert diff < 0.05
        assert (np.abs(reference - cut)[flipped] <= diff).all()


def test_long_texts_are_windowed_the_same_on_onnx(exported):
    long_text = " ".join(["palavra neutra"] * 400 + ["idiota"])
    torch_fp32 = Engine.load(exported, "cpu")
    onnx = Engine.load(exported, "cpu", backend="onnx", precision="fp32")
    assert len(onnx.chunks([long_text])) > 1
    np.testing.assert_allclose(
        onnx.predict_probs([long_text]), torch_fp32.predict_probs([long_text]), atol=1e-4
    )


def test_a_changed_onnx_file_is_refused(exported, tmp_path):
    model = tmp_path / "model"
    shutil.copytree(exported, model)
    path = model / ONNX_DIR / "model.int8.onnx"
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0xFF
    path.write_bytes(bytes(data))
    with pytest.raises(ArtifactError, match="checksum differs"):
        Engine.load(model, "cpu", backend="onnx", precision="int8")
    # the other file is still fine
    assert Engine.load(model, "cpu", backend="onnx", precision="fp32").precision == "fp32"


def test_onnx_backend_exports_once_when_the_files_are_missing(trained_model, tmp_path):
    model = tmp_path / "model"
    shutil.copytree(trained_model, model)
    assert not (model / ONNX_DIR).exists()
    Engine.load(model, "cpu", backend="onnx", precision="fp32")
    manifest = model / ONNX_DIR / MANIFEST
    first = manifest.stat().st_mtime_ns
    Engine.load(model, "cpu", backend="onnx", precision="int8")
    assert manifest.stat().st_mtime_ns == first  # cached, not exported again


def test_retrained_weights_are_exported_again(exported, tmp_path):
    model = tmp_path / "model"
    shutil.copytree(exported, model)
    before = json.loads((model / ONNX_DIR / MANIFEST).read_text())["weights_sha256"]
    retrained = Engine.load(model, "cpu").model
    with torch.no_grad():
        retrained.classifier.bias.add_(0.5)
    retrained.save_pretrained(model)
    engine = Engine.load(model, "cpu", backend="onnx", precision="fp32")
    after = json.loads((model / ONNX_DIR / MANIFEST).read_text())["weights_sha256"]
    assert after != before and after == weights_digest(model)
    np.testing.assert_allclose(
        engine.predict_probs(TEXTS[:10]), Engine.load(model, "cpu").predict_probs(TEXTS[:10]), atol=1e-4
    )
    # agreement measured on the old weights no longer counts for auto
    assert Engine.load(model, "cpu").meta.agreement("onnx/int8", after) is None


def test_auto_picks_only_engines_measured_to_agree(exported):
    meta = Engine.load(exported, "cpu").meta
    digest = weights_digest(exported)
    cpu = torch.device("cpu")
    measured = meta.precision_check["results"]
    found = candidates(meta, cpu, "auto", digest)
    assert found[0] == ("torch", "fp32")
    for engine in ("onnx/fp32", "onnx/int8"):
        assert (tuple(engine.split("/")) in found) == (measured[engine]["agreement"] >= AUTO_MIN_AGREEMENT)
    # an engine measured below 99.5% is never a candidate, nor one measured on other weights
    meta.precision_check["results"]["onnx/int8"]["agreement"] = 0.99
    assert ("onnx", "int8") not in candidates(meta, cpu, "auto", digest)
    assert candidates(meta, cpu, "auto", "other weights") == [("torch", "fp32")]
    assert candidates(meta, cpu, "onnx", "other weights") == [("onnx", "fp32")]

    engine = Engine.load(exported, "cpu", backend="auto", precision="auto")
    assert (engine.backend, engine.precision) in found
    np.testing.assert_allclose(
        engine.predict_probs(TEXTS), Engine.load(exported, "cpu").predict_probs(TEXTS), atol=0.05
    )


def test_auto_without_measurements_is_torch_fp32_and_exports_nothing(trained_model, tmp_path):
    model = tmp_path / "model"
    shutil.copytree(trained_model, model)
    engine = Engine.load(model, "cpu", backend="auto", precision="auto")
    assert (engine.backend, engine.precision) == ("torch", "fp32")
    assert not (model / ONNX_DIR).exists()


def test_batches_run_side_by_side_one_thread_per_core_without_spinning(exported):
    cores = len(os.sched_getaffinity(0))
    engine = Engine.load(exported, "cpu")
    assert default_threads() == cores and engine.parallel == cores
    assert torch.get_num_threads() == 1  # one PyTorch thread per caller
    engine = Engine.load(exported, "cpu", backend="onnx", precision="int8", threads=3)
    assert isinstance(engine.runner, OnnxRunner) and engine.parallel == 3
    options = engine.runner.session.get_session_options()
    assert options.intra_op_num_threads == 1
    assert options.get_session_config_entry("session.intra_op.allow_spinning") == "0"
    # every text still lands in its own row when the batches are cut per thread (fp32: int8's
    # activation scales are per batch, so its rows move by ~1e-4 with their batch-mates)
    engine = Engine.load(exported, "cpu", backend="onnx", precision="fp32", threads=3)
    texts = TEXTS[:7]
    one_by_one = np.vstack([engine.predict_probs([t]) for t in texts])
    np.testing.assert_allclose(engine.predict_probs(texts), one_by_one, atol=1e-5)
    assert len(engine._sub_batches(sorted(engine.chunks(texts), key=lambda c: len(c.input_ids)))) >= 2


def test_cpu_bf16_casts_linear_weights_once_with_autocast_s_numbers_bit_for_bit(exported):
    """Casting the Linear weights at load is what autocast did on every batch: the same logits."""
    engine = Engine.load(exported, "cpu", backend="torch", precision="bf16")
    model = engine.model
    linear = [m for m in model.modules() if isinstance(m, torch.nn.Linear)]
    norms = [m for m in model.modules() if isinstance(m, torch.nn.LayerNorm)]
    assert linear and all(m.weight.dtype == torch.bfloat16 for m in linear)
    assert norms and all(m.weight.dtype == torch.float32 for m in norms)  # autocast runs these in fp32
    assert model.get_input_embeddings().weight.dtype == torch.float32
    fp32 = Engine.load(exported, "cpu")
    ids, mask = fp32.encode(sorted(fp32.chunks(TEXTS[:16]), key=lambda c: len(c.input_ids)))
    with torch.inference_mode(), torch.autocast("cpu", dtype=torch.bfloat16):
        autocast = fp32.model(input_ids=torch.from_numpy(ids), attention_mask=torch.from_numpy(mask)).logits
    np.testing.assert_array_equal(engine.runner(ids, mask), autocast.float().numpy())


@pytest.mark.parametrize(
    ("backend", "precision", "message"),
    [
        ("torch", "int8", "int8 runs on the onnx backend"),
        ("torch", "fp16", "fp16 needs a CUDA GPU"),
        ("onnx", "bf16", "the onnx backend runs fp32 or int8"),
        ("tensorrt", "fp32", "unknown backend"),
        ("torch", "fp8", "unknown precision"),
    ],
)
def test_impossible_engines_are_refused_with_a_clear_error(exported, backend, precision, message):
    with pytest.raises(ClassifierConfigError, match=message):
        Engine.load(exported, "cpu", backend=backend, precision=precision)


async def test_classifier_on_onnx_scores_like_predict(exported):
    async with await Classifier.load(exported, "cpu", backend="onnx", precision="int8") as clf:
        results = await asyncio.gather(*(clf.score(t) for t in TEXTS))
        expected = clf.predict(TEXTS)
    for got, want in zip(results, expected, strict=True):
        assert got.flagged == want.flagged
        assert got.probabilities == pytest.approx(want.probabilities, abs=1e-5)


def test_export_command_line(trained_model, tmp_path, capsys):
    model = tmp_path / "model"
    shutil.copytree(trained_model, model)
    texts = tmp_path / "validation.csv"
    make_texts(30, seed=3).to_csv(texts, index=False)
    assert main([str(model), "--validation-file", str(texts), "--compile", "off"]) == 0
    out = capsys.readouterr().out
    assert "int8:" in out and "agree with torch fp32" in out
    assert main([str(tmp_path / "nowhere")]) == 2
    assert capsys.readouterr().err.startswith("error: ")
    assert main([str(model), "--validation-file", str(texts), "--text-column", "body"]) == 2
    assert "no 'body' column" in capsys.readouterr().err


def test_export_runs_as_a_module(trained_model, tmp_path):
    model = tmp_path / "model"
    shutil.copytree(trained_model, model)
    out = subprocess.run(
        [sys.executable, "-m", "classifier.export", str(model)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "HF_HUB_OFFLINE": "1"},
    )
    assert out.returncode == 0, out.stderr
    assert "agreement not measured" in out.stdout
    assert Engine.load(model, "cpu", backend="onnx", precision="int8").precision == "int8"


@pytest.mark.parametrize(
    ("lengths", "k", "largest"),
    [([10, 10, 10, 10, 100], 2, 100), ([5] * 10, 2, 25), ([3, 4, 5, 20, 30, 40], 3, 60), ([7], 4, 7)],
)
def test_groups_for_threads_balance_padded_tokens(lengths, k, largest):
    groups = balanced_groups(lengths, k)
    assert len(groups) <= k
    assert [i for start, end in groups for i in range(start, end)] == list(range(len(lengths)))
    assert max((end - start) * lengths[end - 1] for start, end in groups) == largest


def test_side_by_side_batches_are_handed_out_largest_first():
    shapes = [(32, 5), (32, 9), (4, 80), (32, 20), (1, 3)]  # (rows, width), in length order
    assert longest_first(shapes) == [3, 2, 1, 0, 4]
    assert longest_first([]) == []


def test_native_bf16_is_read_from_the_cpu_flags_not_from_pytorch_s_kernel_choice(tmp_path, monkeypatch):
    from classifier.runtime import backends

    zen4 = tmp_path / "cpuinfo"
    # a Zen 4's flags: AVX-512 BF16, for which PyTorch's get_cpu_capability() says only "AVX512"
    zen4.write_text("processor\t: 0\nflags\t\t: fpu sse2 avx2 avx512f avx512_bf16 avx512_vnni\n\n")
    assert "avx512_bf16" in backends.cpu_flags(str(zen4))
    assert backends.cpu_flags(str(tmp_path / "missing")) == frozenset()  # not Linux: none known
    monkeypatch.setattr(backends, "cpu_flags", lambda: frozenset({"avx2", "avx512f", "avx512_bf16"}))
    assert backends.cpu_has_native_bf16()
    assert backends.cpu_bf16_instructions() == {"avx512_bf16": True, "amx_bf16": False}
    monkeypatch.setattr(backends, "cpu_flags", lambda: frozenset({"avx2", "avx512f"}))
    assert not backends.cpu_has_native_bf16()
