"""Build a loadable seq2seq model offline: SentencePiece trained on the fly, seeded random weights.

Tests and benchmarks need real `transformers` models without hub access. This script trains a
small SentencePiece model on local Chinese + English text, builds a tokenizer of the requested
family, a seeded random model config, and saves both with `save_pretrained` so that
`AutoTokenizer` / `AutoModelForSeq2SeqLM.from_pretrained(DIR, local_files_only=True)` load them.

    python scripts/make_tiny_model.py --family marian|t5|m2m100|nllb --out DIR [--size tiny|opus]

`--size opus` builds a Marian with opus-mt-zh-en's dimensions (vocab 65001 with `<pad>` last,
d_model 512, 6+6 layers, 8 heads, ffn 2048) so that benchmarks measure realistic compute.
The weights are random: outputs are garbage by design; only structure and speed are meaningful.
"""

from __future__ import annotations

import argparse
import io
import json
import sys
import tempfile
from pathlib import Path
from typing import Any

import sentencepiece as spm
import torch
from transformers import (
    M2M100Config,
    M2M100ForConditionalGeneration,
    M2M100Tokenizer,
    MarianConfig,
    MarianMTModel,
    MarianTokenizer,
    NllbTokenizer,
    PreTrainedModel,
    T5Config,
    T5ForConditionalGeneration,
    T5Tokenizer,
)

REPO_ROOT = Path(__file__).resolve().parent.parent
SEED_ARTICLE = REPO_ROOT / "tests" / "fixtures" / "finews-001.md"
FAMILIES = ("marian", "t5", "m2m100", "nllb")
SIZES = ("tiny", "opus")
SEED = 1234

# English side of the SentencePiece training text (the Chinese side is the seed article).
ENGLISH_LINES = (
    "The action plan sets out the goals, key tasks and safeguards for digital villages.",
    "First, upgrade the digital infrastructure in rural areas.",
    "Second, promote the innovative development of smart agriculture.",
    "By 2025, digital village development will make important progress.",
    "Chapter 3 General Provisions. Article 5 This law applies to all regions.",
    "Section 2 Supervision and inspection of public libraries.",
    "The internet penetration rate in rural areas rose to 58.8 percent in 2023.",
    "Strengthen organizational leadership, policy support and talent support.",
    "Local governments shall coordinate the use of existing funds and policies.",
    "Improve the level of public services and the efficiency of rural governance.",
)

TINY_DIMS: dict[str, int] = {"d_model": 32, "layers": 1, "heads": 2, "ffn": 64}


def _encoder_decoder_dims(dims: dict[str, int]) -> dict[str, int]:
    """The size arguments Marian and M2M100 configs share (same depth and width both sides)."""
    return {
        "d_model": dims["d_model"],
        "encoder_layers": dims["layers"],
        "decoder_layers": dims["layers"],
        "encoder_attention_heads": dims["heads"],
        "decoder_attention_heads": dims["heads"],
        "encoder_ffn_dim": dims["ffn"],
        "decoder_ffn_dim": dims["ffn"],
    }


OPUS_DIMS: dict[str, int] = {"d_model": 512, "layers": 6, "heads": 8, "ffn": 2048}
OPUS_VOCAB = 65001
TINY_SPM_VOCAB = 600
# T5 starts decoding with <pad>; T5Config takes this as an extra attribute (not in its stubs).
T5_START: dict[str, Any] = {"decoder_start_token_id": 0}


def training_text() -> str:
    """Chinese (seed article body) and English lines to train SentencePiece on."""
    chinese = SEED_ARTICLE.read_text(encoding="utf-8")
    return chinese + "\n" + "\n".join(ENGLISH_LINES) + "\n"


def train_spm(out_file: Path, vocab_size: int, *, t5_ids: bool) -> spm.SentencePieceProcessor:
    """Train a unigram SentencePiece model on `training_text()` and write it to `out_file`."""
    ids: dict[str, Any] = {"pad_id": 0, "eos_id": 1, "unk_id": 2, "bos_id": -1} if t5_ids else {}
    spm.set_random_generator_seed(SEED)
    model = io.BytesIO()
    spm.SentencePieceTrainer.train(
        sentence_iterator=iter(training_text().splitlines()),
        model_writer=model,
        vocab_size=vocab_size,
        model_type="unigram",
        character_coverage=1.0,
        normalization_rule_name="identity",
        hard_vocab_limit=False,
        max_sentence_length=20000,
        num_threads=1,
        minloglevel=2,
        **ids,
    )
    out_file.write_bytes(model.getvalue())
    return spm.SentencePieceProcessor(model_proto=model.getvalue())


def _pieces(sp: spm.SentencePieceProcessor) -> list[str]:
    """Normal (non-control, non-unknown) pieces of a SentencePiece model, in id order."""
    return [
        sp.id_to_piece(i)
        for i in range(sp.get_piece_size())
        if not (sp.is_control(i) or sp.is_unknown(i))
    ]


def build_marian(work: Path, size: str) -> tuple[Any, PreTrainedModel]:
    """Marian tokenizer (shared vocab, `<pad>` last like opus-mt) and model."""
    sp = train_spm(work / "spm.model", TINY_SPM_VOCAB, t5_ids=False)
    tokens = ["</s>", "<unk>", *_pieces(sp)]
    if size == "opus":
        tokens += [f"<unused{i}>" for i in range(OPUS_VOCAB - 1 - len(tokens))]
    tokens.append("<pad>")
    (work / "vocab.json").write_text(json.dumps({t: i for i, t in enumerate(tokens)}))
    tokenizer = MarianTokenizer(
        source_spm=str(work / "spm.model"),
        target_spm=str(work / "spm.model"),
        vocab=str(work / "vocab.json"),
        source_lang="zh",
        target_lang="en",
    )
    dims = OPUS_DIMS if size == "opus" else TINY_DIMS
    pad = len(tokens) - 1
    config = MarianConfig(
        vocab_size=len(tokens),
        **_encoder_decoder_dims(dims),
        max_position_embeddings=512,
        pad_token_id=pad,
        decoder_start_token_id=pad,
        eos_token_id=0,
        forced_eos_token_id=0,
        scale_embedding=True,
        share_encoder_decoder_embeddings=True,
    )
    return tokenizer, MarianMTModel(config)


def build_t5(work: Path, size: str) -> tuple[Any, PreTrainedModel]:
    """T5 tokenizer (pad 0, eos 1, unk 2) and a tiny T5 model."""
    sp = train_spm(work / "spiece.model", TINY_SPM_VOCAB, t5_ids=True)
    # Built from the pieces and scores directly: converting spiece.model would need protobuf.
    vocab = [(sp.id_to_piece(i), sp.get_score(i)) for i in range(sp.get_piece_size())]
    tokenizer = T5Tokenizer(vocab=vocab, extra_ids=0)
    dims = TINY_DIMS
    config = T5Config(
        vocab_size=len(tokenizer),
        d_model=dims["d_model"],
        d_kv=dims["d_model"] // dims["heads"],
        d_ff=dims["ffn"],
        num_layers=dims["layers"],
        num_decoder_layers=dims["layers"],
        num_heads=dims["heads"],
        pad_token_id=0,
        eos_token_id=1,
        **T5_START,
    )
    return tokenizer, T5ForConditionalGeneration(config)


def build_m2m100(work: Path, size: str) -> tuple[Any, PreTrainedModel]:
    """M2M100 tokenizer (fairseq special ids, language tokens `__zh__`) and model."""
    sp = train_spm(work / "sentencepiece.bpe.model", TINY_SPM_VOCAB, t5_ids=False)
    tokens = ["<s>", "<pad>", "</s>", "<unk>", *_pieces(sp)]
    (work / "vocab.json").write_text(json.dumps({t: i for i, t in enumerate(tokens)}))
    tokenizer = M2M100Tokenizer(
        vocab_file=str(work / "vocab.json"),
        spm_file=str(work / "sentencepiece.bpe.model"),
        src_lang="zh",
        tgt_lang="en",
    )
    # Language tokens sit after the SentencePiece vocabulary, followed by "madeup" words.
    vocab_size = max(tokenizer.lang_code_to_id.values()) + 1 + tokenizer.num_madeup_words
    config = _m2m100_config(vocab_size)
    return tokenizer, M2M100ForConditionalGeneration(config)


def build_nllb(work: Path, size: str) -> tuple[Any, PreTrainedModel]:
    """NLLB tokenizer (codes like `zho_Hans`) over the SentencePiece pieces, M2M100 model.

    The pieces become a BPE vocabulary without merges, so inputs split into single characters:
    enough to exercise NLLB's language-code handling, which is what tests need.
    """
    sp = train_spm(work / "spm.model", TINY_SPM_VOCAB, t5_ids=False)
    vocab = {"<s>": 0, "<pad>": 1, "</s>": 2, "<unk>": 3}
    for piece in _pieces(sp):
        vocab.setdefault(piece, len(vocab))
    tokenizer = NllbTokenizer(vocab=vocab, merges=[], src_lang="zho_Hans", tgt_lang="eng_Latn")
    return tokenizer, M2M100ForConditionalGeneration(_m2m100_config(len(tokenizer)))


def _m2m100_config(vocab_size: int) -> M2M100Config:
    dims = TINY_DIMS
    return M2M100Config(
        vocab_size=vocab_size,
        **_encoder_decoder_dims(dims),
        max_position_embeddings=1024,
        pad_token_id=1,
        bos_token_id=0,
        eos_token_id=2,
        decoder_start_token_id=2,
    )


BUILDERS = {"marian": build_marian, "t5": build_t5, "m2m100": build_m2m100, "nllb": build_nllb}


def make_tiny_model(family: str, out: Path, size: str = "tiny") -> Path:
    """Build and save a model of `family` into `out`; return `out`."""
    if family not in BUILDERS:
        raise ValueError(f"unknown family {family!r}; choose one of {', '.join(FAMILIES)}")
    if size == "opus" and family != "marian":
        raise ValueError("--size opus exists for the marian family only")
    torch.manual_seed(SEED)
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        tokenizer, model = BUILDERS[family](Path(tmp), size)
        model.eval()
        model.save_pretrained(out)
        tokenizer.save_pretrained(out)
    return out


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--family", choices=FAMILIES, required=True)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--size", choices=SIZES, default="tiny")
    args = parser.parse_args(argv)
    try:
        make_tiny_model(args.family, args.out, args.size)
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
