"""Batch translation with CTranslate2 and SentencePiece, straight on an Argos package's files.

argostranslate's ``translate()`` re-splits text into sentences (losing our alignment), imports
torch and stanza, and hands CTranslate2 batches of 32 *tokens* (about one sentence). Here the
caller's sentences are translated as they are, many per ``translate_batch`` call, with Argos's
decoding settings (``argostranslate.translate.apply_packaged_translation`` in 1.11):
beam size 4 (:data:`readcli.translate.DEFAULT_BEAM`), one hypothesis, ``length_penalty=0.2``,
``replace_unknowns=True``, the package's ``target_prefix``; SentencePiece pieces in, pieces out.

Two additions: a runaway guard (at most ``2 × source pieces + 10`` target pieces, where
CTranslate2's default allows 256 whatever the source) and the clean-up of known Argos artefacts
(HTML entities such as ``&apos;``, SentencePiece's ``▁`` and `` ⁇ `` for unknown pieces).
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from readcli.errors import ModelError
from readcli.translate import DEFAULT_BEAM
from readcli.translate.packages import ArgosPackage
from readcli.translate.speed import auto_intra_threads, quiet_threads

ARGOS_LENGTH_PENALTY = 0.2
MAX_LENGTH_RATIO = 2.0
MAX_LENGTH_EXTRA = 10
MAX_LENGTH_CAP = 256  # CTranslate2's (and so Argos's) default max_decoding_length
# Bump when the post-processing changes: it is part of the translation-memory key.
ENGINE_VERSION = "1"

_ENTITY = re.compile(r"&(?:#\d+|#x[0-9a-fA-F]+|[A-Za-z]{2,8});")
_SPACES = re.compile(r"\s+")
_SPACE_BEFORE_PUNCT = re.compile(r"\s+([,.;:!?%)\]}])")


def max_target_pieces(source_pieces: int, *, guard: bool = True) -> int:
    """The longest translation allowed for a source of this many pieces (256 with the guard off)."""
    if not guard:
        return MAX_LENGTH_CAP
    return min(MAX_LENGTH_CAP, int(MAX_LENGTH_RATIO * source_pieces) + MAX_LENGTH_EXTRA)


def clean_output(text: str) -> str:
    """Remove Argos artefacts: (doubly) escaped HTML entities, ``▁``, `` ⁇ ``, stray spaces."""
    for _ in range(3):
        if not _ENTITY.search(text):
            break
        text = html.unescape(text)
    text = text.replace("▁", " ").replace("⁇", " ")
    text = _SPACES.sub(" ", text).strip()
    return _SPACE_BEFORE_PUNCT.sub(r"\1", text)


def settings_key(beam_size: int) -> str:
    """What, besides the model and the source, decides the output (part of the memory key)."""
    return f"beam={beam_size};lp={ARGOS_LENGTH_PENALTY};max={MAX_LENGTH_RATIO}x+{MAX_LENGTH_EXTRA};v{ENGINE_VERSION}"


def load_tokenizer(package: ArgosPackage):
    """The package's SentencePiece model alone (no CTranslate2): what a cluster driver needs to
    count pieces for the batch plan."""
    import sentencepiece

    try:
        return sentencepiece.SentencePieceProcessor(model_file=str(package.sentencepiece_model))
    except (RuntimeError, OSError, ValueError) as error:
        raise ModelError(f"cannot load the SentencePiece model in {package.path}: {error}") from None


@dataclass
class Output:
    """One translation: clean text, and (when asked for) target pieces and their attention."""

    text: str
    pieces: list[str] | None = None
    attention: list[list[float]] | None = None


class Engine:
    """A loaded package: ``translate(sentences)`` returns one :class:`Output` per sentence."""

    def __init__(
        self,
        package: ArgosPackage,
        *,
        beam_size: int = DEFAULT_BEAM,
        intra_threads: int = 0,
        inter_threads: int = 1,
        compute_type: str = "auto",
        length_guard: bool = True,
    ):
        """``length_guard=False`` allows every output CTranslate2's default 256 pieces, as Argos does
        (benchmarks only: translations stored in the memory are always made with the guard).

        ``intra_threads`` (0: :func:`readcli.translate.speed.auto_intra_threads`), ``inter_threads`` (batches decoded at
        once) and ``compute_type`` are CTranslate2's own settings (see :class:`readcli.translate.speed.Speed`)."""
        quiet_threads()
        import ctranslate2
        import sentencepiece

        package.check_usable()
        self.package = package
        self.beam_size = beam_size
        self.length_guard = length_guard
        try:
            self.sp = sentencepiece.SentencePieceProcessor(model_file=str(package.sentencepiece_model))
            self.translator = ctranslate2.Translator(
                str(package.model_dir),
                device="cpu",
                inter_threads=inter_threads,
                intra_threads=intra_threads or auto_intra_threads(),
                compute_type=compute_type,
            )
        except (RuntimeError, OSError, ValueError) as error:
            raise ModelError(f"cannot load the translation model in {package.path}: {error}") from None
        prefix = package.target_prefix
        self.prefix_pieces = [prefix] if prefix else []

    def encode(self, sentences: list[str]) -> list[list[str]]:
        return self.sp.encode(sentences, out_type=str)

    def decode(self, pieces: list[str]) -> str:
        # As Argos's SentencePieceTokenizer.decode, minus its "_" → " " (it mangles snake_case).
        return self.sp.decode_pieces(pieces)

    def translate(self, sentences: list[str], *, attention: bool = False) -> list[Output]:
        """One batch, translated now (see :meth:`submit`)."""
        return self.submit(sentences, attention=attention).outputs()

    def submit(self, sentences: list[str], *, attention: bool = False) -> "Pending":
        """Start translating one batch: a single ``translate_batch`` call, asynchronous (one of the
        ``inter_threads`` workers decodes it while the caller goes on); its decoding limit is the
        guard of its longest source. :meth:`Pending.outputs` waits for the results."""
        tokens = self.encode(sentences) if sentences else []
        # An empty source (only spaces or unknown characters) still gets one piece.
        tokens = [t if t else ["▁"] for t in tokens]
        if not tokens:
            return Pending(self, tokens, [], attention)
        limit = max(max_target_pieces(len(t), guard=self.length_guard) for t in tokens) + len(self.prefix_pieces)
        try:
            futures = self._translate_batch(tokens, limit, attention)
        except (RuntimeError, ValueError) as error:
            raise self._failed(error) from None
        return Pending(self, tokens, futures, attention)

    def _failed(self, error: Exception):
        return ModelError(f"the model in {self.package.path} failed to translate: {error}")

    def _translate_batch(self, tokens, limit: int, attention: bool):
        return self.translator.translate_batch(
            tokens,
            target_prefix=[list(self.prefix_pieces) for _ in tokens] if self.prefix_pieces else None,
            beam_size=self.beam_size,
            num_hypotheses=1,
            length_penalty=ARGOS_LENGTH_PENALTY,
            replace_unknowns=True,
            max_decoding_length=limit,
            return_attention=attention,
            max_batch_size=0,
            asynchronous=True,
        )

    def _outputs(self, tokens, results, attention: bool) -> list[Output]:
        outputs = []
        for source, result in zip(tokens, results):
            pieces = list(result.hypotheses[0])
            weights = result.attention[0] if attention and result.attention else None
            skip = len(self.prefix_pieces) if pieces[: len(self.prefix_pieces)] == self.prefix_pieces else 0
            pieces = pieces[skip:]
            if weights is not None:
                weights = weights[skip:] if len(weights) > len(pieces) else weights
            own_limit = max_target_pieces(len(source), guard=self.length_guard)
            pieces = pieces[:own_limit]
            if weights is not None:
                weights = weights[:own_limit]
            outputs.append(
                Output(
                    text=clean_output(self.decode(pieces)),
                    pieces=pieces if attention else None,
                    attention=weights,
                )
            )
        return outputs


class Pending:
    """A batch being translated (:meth:`Engine.submit`)."""

    def __init__(self, engine: Engine, tokens, futures, attention: bool):
        self.engine = engine
        self.tokens = tokens
        self.futures = futures
        self.attention = attention

    def done(self) -> bool:
        """True when the whole batch is translated (:meth:`outputs` will not wait)."""
        return all(future.done() for future in self.futures)

    def outputs(self) -> list[Output]:
        """One :class:`Output` per sentence, in order; waits for the batch to finish."""
        try:
            results = [future.result() for future in self.futures]
        except (RuntimeError, ValueError) as error:
            raise self.engine._failed(error) from None
        return self.engine._outputs(self.tokens, results, self.attention)
