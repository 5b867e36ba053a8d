"""Build a real Argos-format package (.argosmodel) with a random-weight CTranslate2 model.

- ``sentencepiece.model``: trained on the corpus text plus Arabic and English lines from
  ``../shared/data`` (FLORES-200 devtest, NTREX-128);
- ``model/``: a CTranslate2 Transformer built with ``ctranslate2.specs.TransformerSpec`` and
  random weights (numpy only, no torch), shared vocabulary = the SentencePiece pieces;
- ``metadata.json`` as Argos writes it; all zipped under one top folder.

Its English is noise: never assert or claim translation quality from it. Used by the tests
(tiny model, built in a few seconds: ``tests/conftest.py``) and by ``bench/translate_speed.py``
and ``bench/glossary_build.py`` (Transformer-base size). The training text is read from a source
checkout (``corpus/`` and ``../shared/data`` beside it); pass other folders to
:func:`training_lines` elsewhere. Needs ctranslate2, sentencepiece and numpy, imported when a
package is built, so importing this module costs nothing.

    python -m readcli.testing.argos_package [OUT_DIR]
"""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[3]  # src/readcli/testing/argos_package.py -> the checkout
SHARED = REPO.parent / "shared" / "data"
TOP = "translate-ar_en-1_0"

METADATA = {
    "package_version": "1.0",
    "argos_version": "1.0",
    "from_code": "ar",
    "from_name": "Arabic",
    "to_code": "en",
    "to_name": "English",
    "type": "translate",
    "links": [],
}


def training_lines(max_lines: int = 1500, *, corpus: Path | None = None, shared: Path | None = None) -> list[str]:
    """SentencePiece training text: the corpus' lines, then up to ``max_lines`` of each shared file."""
    corpus = REPO / "corpus" if corpus is None else Path(corpus)
    shared = SHARED if shared is None else Path(shared)
    lines = []
    for path in sorted(corpus.glob("*.txt")):
        lines += [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    for name in ("flores200-devtest.eng_Latn.txt", "flores200-devtest.arb_Arab.txt", "ntrex128.eng.txt", "ntrex128.arb.txt"):
        path = shared / name
        if path.exists():
            with open(path, encoding="utf-8") as handle:
                for number, line in enumerate(handle):
                    if number >= max_lines:
                        break
                    if line.strip():
                        lines.append(line.strip())
    # Make sure the glossary placeholder's characters are pieces.
    lines += ["ZX1 ZX2 ZX3 ZX4 ZX5 ZX6 ZX7 ZX8 ZX9"] * 5
    return lines


def train_sentencepiece(folder: Path, vocab_size: int, max_lines: int) -> Path:
    import sentencepiece as spm

    folder.mkdir(parents=True, exist_ok=True)
    text = folder / "train.txt"
    text.write_text("\n".join(training_lines(max_lines)) + "\n", encoding="utf-8")
    prefix = folder / "sentencepiece"
    spm.SentencePieceTrainer.train(
        input=str(text),
        model_prefix=str(prefix),
        vocab_size=vocab_size,
        character_coverage=1.0,
        hard_vocab_limit=False,
        num_threads=2,
        minloglevel=2,
        unk_piece="<unk>",
        bos_piece="<s>",
        eos_piece="</s>",
    )
    text.unlink()
    return prefix.with_suffix(".model")


def _fill_spec(spec, vocab_size: int, d_model: int, ffn: int, rng, eos_id: int, eos_bias: float) -> None:
    """Give every weight of a TransformerSpec a random value of the right shape."""
    import numpy as np

    def resolve(path: str):
        node = spec
        for part in path.split("/")[:-1]:
            name, _, index = part.rpartition("_")
            if index.isdigit() and hasattr(node, name) and isinstance(getattr(node, name), list):
                node = getattr(node, name)[int(index)]
            else:
                node = getattr(node, part)
        return node

    def shape_of(path: str) -> tuple:
        parts = path.split("/")
        last = parts[-1]
        if "embeddings" in path or path.startswith("decoder/projection"):
            return (vocab_size, d_model)
        if last in ("gamma", "beta"):
            return (d_model,)
        block, linear = parts[-3], parts[-2]
        if block == "self_attention":
            return (3 * d_model, d_model) if linear == "linear_0" else (d_model, d_model)
        if block == "attention":
            return (2 * d_model, d_model) if linear == "linear_1" else (d_model, d_model)
        if block == "ffn":
            return (ffn, d_model) if linear == "linear_0" else (d_model, ffn)
        raise ValueError(path)

    for path, value in spec.variables().items():
        if value is not None:
            continue
        last = path.rsplit("/", 1)[-1]
        shape = shape_of(path)
        if last == "gamma":
            array = np.ones(shape, dtype=np.float32)
        elif last == "beta":
            array = np.zeros(shape, dtype=np.float32)
        else:
            scale = 1.0 if "embeddings" in path else 1.0 / np.sqrt(shape[-1])
            array = (rng.standard_normal(shape) * scale).astype(np.float32)
        setattr(resolve(path), last, array)
    # A bias on the output layer: makes </s> likely enough that outputs end at sentence-like
    # lengths instead of running to the length limit (random weights never choose it).
    bias = np.zeros((vocab_size,), dtype=np.float32)
    bias[eos_id] = eos_bias
    spec.decoder.projection.bias = bias


def build_package(
    out_dir: Path,
    *,
    layers: int = 2,
    d_model: int = 64,
    ffn: int = 128,
    heads: int = 4,
    vocab_size: int = 1200,
    max_lines: int = 400,
    eos_bias: float = 1.5,
    seed: int = 3,
    quantization: str | None = None,
) -> Path:
    """Write ``translate-ar_en-1_0.argosmodel`` into ``out_dir``; returns its path."""
    import numpy as np
    from ctranslate2.specs import transformer_spec

    out_dir = Path(out_dir)
    root = out_dir / "build" / TOP
    model_dir = root / "model"
    model_dir.mkdir(parents=True, exist_ok=True)
    sp_model = train_sentencepiece(out_dir / "sp", vocab_size, max_lines)
    import sentencepiece as spm

    processor = spm.SentencePieceProcessor(model_file=str(sp_model))
    vocabulary = [processor.id_to_piece(i) for i in range(processor.get_piece_size())]
    spec = transformer_spec.TransformerSpec.from_config((layers, layers), heads)
    rng = np.random.default_rng(seed)
    _fill_spec(spec, len(vocabulary), d_model, ffn, rng, vocabulary.index("</s>"), eos_bias)
    spec.register_source_vocabulary(vocabulary)
    spec.register_target_vocabulary(vocabulary)
    spec.config.unk_token = "<unk>"
    spec.config.bos_token = "<s>"
    spec.config.eos_token = "</s>"
    spec.validate()
    spec.optimize(quantization=quantization)
    spec.save(str(model_dir))
    (root / "sentencepiece.model").write_bytes(sp_model.read_bytes())
    (root / "metadata.json").write_text(json.dumps(METADATA, indent=2), encoding="utf-8")
    (root / "README.md").write_text("Random-weight test package for readcli. Its output is noise.\n")
    archive = out_dir / f"{TOP}.argosmodel"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
        for path in sorted(root.rglob("*")):
            zf.write(path, path.relative_to(root.parent).as_posix())
    return archive


if __name__ == "__main__":
    import sys
    import time

    start = time.perf_counter()
    print(build_package(Path(sys.argv[1] if len(sys.argv) > 1 else "/tmp/argos-fixture")))
    print(f"{time.perf_counter() - start:.1f} s")
