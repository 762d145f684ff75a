"""Train a tiny Marian model that can copy Latin spans, to measure glossary enforcement offline.

Random weights copy nothing, so a glossary technique that relies on the model passing a span
through (code-switching: service.translate.terms) cannot be measured on them. This script
builds, in about a minute on 2 CPU cores, a model that has learnt to:

- pass Latin spans through unchanged ("推进 rural revitalization 规划" keeps the Latin words),
- "translate" each of 400 Chinese characters (the seed article's most frequent) into one fixed
  lowercase letter, so a Chinese term that is not code-switched never comes out as its target.

Tokens are single characters (a SentencePiece-style vocabulary of "▁", letters, digits, some
punctuation and the 400 characters), so any Latin target is spelled out of known tokens, and
source and target of a training pair have the same length. The decoder's cross-attention starts
out pointing at the same position of the source (identity query, key, value and output
projections): that inductive bias is what lets a few hundred steps of AdamW on freshly drawn
synthetic pairs teach the copying. The weights are saved with `save_pretrained` beside a
`manifest.toml` (family marian, plain prompt), so `load_engine_from_dir` serves it through the
real engine path.

    python scripts/train_copy_model.py --out DIR [--steps 400]
"""

from __future__ import annotations

import argparse
import random
import sys
from collections import Counter
from pathlib import Path

import torch
from transformers import MarianConfig, MarianMTModel, T5Tokenizer

REPO_ROOT = Path(__file__).resolve().parent.parent
SEED_ARTICLE = REPO_ROOT / "tests" / "fixtures" / "finews-001.md"
HAN_CHARACTERS = 400
LOWER = "abcdefghijklmnopqrstuvwxyz"
LATIN = LOWER + LOWER.upper() + "0123456789-'.,()&"
D_MODEL = 128
BATCH = 32
LEARNING_RATE = 1e-3
MANIFEST = """name = "copy-marian"
repo_id = "local/copy-marian"
revision = "trained-{steps}-steps"
family = "marian"
source_langs = ["zh"]
target_langs = ["en"]
lang_codes = {{ zh = "zh", en = "en" }}
prompt = "marian"
max_input_tokens = 256
license = "none"

[generation]
num_beams = 1
max_length_ratio = 1.5
"""


def han_characters() -> list[str]:
    """The seed article's most frequent Chinese characters."""
    text = SEED_ARTICLE.read_text(encoding="utf-8")
    counts = Counter(ch for ch in text if "\u4e00" <= ch <= "\u9fff")
    return [ch for ch, _ in counts.most_common(HAN_CHARACTERS)]


def tokenizer(han: list[str]) -> T5Tokenizer:
    """A character-level tokenizer: pad 0, eos 1, unk 2, the word boundary, then characters."""
    vocab = [("<pad>", 0.0), ("</s>", 0.0), ("<unk>", 0.0), ("▁", -2.0)]
    vocab += [(ch, -3.0) for ch in LATIN + "".join(han)]
    return T5Tokenizer(vocab=vocab, extra_ids=0)


class Pairs:
    """Synthetic (source, target) pairs of equal length: Chinese characters map to letters,
    Latin spans (1-4 words of 2-12 characters, some capitalized or with - ' &, some numbers)
    are copied."""

    def __init__(self, han: list[str], seed: int) -> None:
        self.rng = random.Random(seed)
        self.han = han
        self.letter = {ch: self.rng.choice(LOWER) for ch in han}

    def word(self) -> str:
        rng = self.rng
        word = "".join(rng.choice(LOWER) for _ in range(rng.randint(2, 12)))
        if rng.random() < 0.4:
            word = word.capitalize()
        if rng.random() < 0.1:
            cut = rng.randint(1, len(word) - 1)
            word = word[:cut] + rng.choice("-'&") + word[cut:]
        if rng.random() < 0.1:
            word = "".join(rng.choice("0123456789") for _ in range(rng.randint(1, 4)))
        return word

    def pair(self) -> tuple[str, str]:
        rng = self.rng
        chars = [rng.choice(self.han) for _ in range(rng.randint(1, 8))]
        spans = {
            rng.randint(0, len(chars)): " ".join(self.word() for _ in range(rng.randint(1, 4)))
            for _ in range(rng.randint(0, 2))
        }
        source, target = "", ""
        for index in range(len(chars) + 1):
            if index in spans:
                source += f" {spans[index]} "
                target += f" {spans[index]} "
            if index < len(chars):
                source += chars[index]
                target += self.letter[chars[index]]
        return " ".join(source.split()), " ".join(target.split())


def model(vocab_size: int) -> MarianMTModel:
    """A one-layer Marian whose cross-attention starts at "look at the same position"."""
    config = MarianConfig(
        vocab_size=vocab_size,
        d_model=D_MODEL,
        encoder_layers=1,
        decoder_layers=1,
        encoder_attention_heads=4,
        decoder_attention_heads=4,
        encoder_ffn_dim=4 * D_MODEL,
        decoder_ffn_dim=4 * D_MODEL,
        max_position_embeddings=512,
        pad_token_id=0,
        eos_token_id=1,
        decoder_start_token_id=0,
        forced_eos_token_id=1,
        scale_embedding=True,
        share_encoder_decoder_embeddings=True,
        dropout=0.0,
        attention_dropout=0.0,
        activation_dropout=0.0,
    )
    built = MarianMTModel(config)
    with torch.no_grad():
        for layer in built.model.decoder.layers:
            attention = layer.encoder_attn
            for projection, scale in (
                (attention.q_proj, 4.0),
                (attention.k_proj, 4.0),
                (attention.v_proj, 1.0),
                (attention.out_proj, 1.0),
            ):
                projection.weight.copy_(torch.eye(D_MODEL) * scale)
                projection.bias.zero_()
    return built


def train_copy_model(out: Path, steps: int = 400, seed: int = 1234) -> Path:
    """Train and save the model into `out` (see module docstring); returns `out`."""
    torch.manual_seed(seed)
    threads = torch.get_num_threads()
    torch.set_num_threads(1)  # small batches: one thread is as fast and never oversubscribes
    try:
        han = han_characters()
        tokens = tokenizer(han)
        pairs = Pairs(han, seed)
        network = model(len(tokens))
        optimizer = torch.optim.AdamW(network.parameters(), lr=LEARNING_RATE)
        warmup = torch.optim.lr_scheduler.LambdaLR(optimizer, lambda step: min(1, (step + 1) / 20))
        network.train()
        for _ in range(steps):
            batch = [pairs.pair() for _ in range(BATCH)]
            encoded = tokens(
                [s for s, _ in batch],
                text_target=[t for _, t in batch],
                padding=True,
                return_tensors="pt",
            )
            labels = encoded["labels"].masked_fill(encoded["labels"] == 0, -100)
            loss = network(
                input_ids=encoded["input_ids"],
                attention_mask=encoded["attention_mask"],
                labels=labels,
            ).loss
            loss.backward()
            torch.nn.utils.clip_grad_norm_(network.parameters(), 1.0)
            optimizer.step()
            warmup.step()
            optimizer.zero_grad()
    finally:
        torch.set_num_threads(threads)
    network.eval()
    out.mkdir(parents=True, exist_ok=True)
    network.save_pretrained(out)
    tokens.save_pretrained(out)
    (out / "manifest.toml").write_text(MANIFEST.format(steps=steps), encoding="utf-8")
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--steps", type=int, default=400)
    args = parser.parse_args(argv)
    print(train_copy_model(args.out, args.steps))
    return 0


if __name__ == "__main__":
    sys.exit(main())
