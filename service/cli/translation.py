"""CLI sub-commands `translate`, `digest` and `models list|download|convert|verify`.

Registered on the main parser by `service.cli.build_parser` via `add_translation_parsers`.
Heavy modules (torch, transformers, the hub client) are imported only when a command runs.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from service.cli.io import dump_json, read_input, run_jsonl
from service.cli.options import add_article_args, output_format
from service.config import Config
from service.errors import InvalidInput
from service.translate.convert import QUANTIZATIONS


def engine_of(args: argparse.Namespace, config: Config) -> Any:
    """The engine `--model-dir` or `--model` names (default: PD_DEFAULT_MODEL)."""
    from service.translate.registry import ModelRegistry, load_engine_from_dir

    if args.model_dir:
        return load_engine_from_dir(Path(args.model_dir), config)
    return ModelRegistry(config).load(args.model or config.default_model)


Translate = Callable[..., Any]  # (document, gist keys or None) -> Translation


def _translator(args: argparse.Namespace) -> Translate:
    """Load the engine once; the function it returns translates a parsed Document.

    Given `gist` (the keys of a digest's gist) it translates those first and the progress bar
    says when they are ready; with `--scope outline` nothing else is translated.
    """
    from service.translate.cache import TranslationCache
    from service.translate.document import translate_document

    config = Config.from_env()
    glossary = _glossary(args)  # a bad glossary file fails before the model loads
    if glossary is not None:
        glossary = glossary.using(config.glossary_technique)
    engine = engine_of(args, config)
    options = {"num_beams": args.num_beams} if args.num_beams else None
    cache: TranslationCache[Any] = TranslationCache(max(config.cache_size, 1 << 16))

    def translate(document: Any, gist: set[str] | None = None) -> Any:
        with progress_bar() as bar:

            def run(only: set[str] | None) -> Any:
                return translate_document(
                    document,
                    engine,
                    src=args.src,
                    tgt=args.tgt,
                    options=options,
                    cache=cache,
                    progress=bar,
                    only=only,
                    glossary=glossary,
                )

            if gist is None:
                return run(None)
            _describe(bar, "translating the gist")
            translation = run(gist)
            if args.scope == "outline":
                return translation
            _describe(bar, "gist ready; translating the rest")
            return run(None)

    return translate


Work = Callable[[Translate, Any], Any]  # (translate, document) -> result


def _one(args: argparse.Namespace, work: Work) -> Any:
    """`work` on the article at PATH (parsed before the model is loaded)."""
    from service.parsing import parse_document

    document = parse_document(read_input(args.path), args.input_format)
    return work(_translator(args), document)


def _batch(args: argparse.Namespace, key: str, work: Work) -> int:
    """`work` on every `--jsonl` record with one loaded model; 1 when any record failed."""
    from service.parsing import parse_document

    translate = _translator(args)

    def record(raw: bytes, fmt: str) -> Any:
        return work(translate, parse_document(raw, fmt))

    return 1 if run_jsonl(args.jsonl, key, record, sys.stdout, args.input_format) else 0


def _glossary(args: argparse.Namespace) -> Any:
    """`--glossary FILE` (.csv: DeepL's CSV, else its TSV) over the built-in names, unless
    `--no-builtin-glossary`."""
    from service.translate.builtin_glossary import with_builtin
    from service.translate.glossary import Glossary, read_glossary

    own = Glossary()
    if args.glossary:
        path = Path(args.glossary)
        try:
            text = path.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as exc:
            raise InvalidInput(f"cannot read the glossary {path}: {exc}") from exc
        fmt = "csv" if path.suffix.lower() == ".csv" else "tsv"
        own = read_glossary(text, fmt, (args.src, args.tgt))
    return with_builtin(own, not args.no_builtin_glossary)


class Bar:
    """A tqdm bar of characters translated: call it with (done, total); `describe` relabels it."""

    def __init__(self, bar: Any) -> None:
        self.bar = bar

    def __call__(self, done: int, total: int) -> None:  # once per engine batch: seconds apart
        self.bar.total = total
        self.bar.n = done
        self.bar.refresh()

    def describe(self, text: str) -> None:
        self.bar.set_description_str(text)


def _describe(bar: Bar | None, text: str) -> None:
    if bar is not None:
        bar.describe(text)


@contextmanager
def progress_bar() -> Iterator[Bar | None]:
    """A tqdm bar of characters translated, on stderr when it is a terminal (else nothing)."""
    if not sys.stderr.isatty():
        yield None
        return
    from tqdm import tqdm

    with tqdm(unit="char", unit_scale=True, desc="translating", leave=False) as bar:
        yield Bar(bar)


def cmd_translate(args: argparse.Namespace) -> int:
    """`translate`: print the Translation as JSON, Markdown or HTML."""
    from service.render.translation import render_html, render_markdown, translation_json

    if args.jsonl:
        return _batch(args, "translation", lambda translate, doc: translation_json(translate(doc)))
    translation = _one(args, lambda translate, document: translate(document))
    kind = output_format(args)
    if kind == "json":
        dump_json(translation_json(translation), sys.stdout)
    else:
        render = render_markdown if kind == "markdown" else render_html
        sys.stdout.write(render(translation))
    return 0


def cmd_digest(args: argparse.Namespace) -> int:
    """`digest`: parse + outline + translation (the gist first); print JSON, Markdown or HTML."""
    from service.render.markdown import markdown_page
    from service.runtime.tasks import ArticleRequest, Result, digest_result, gist_keys, outline_of

    outline_options = {"max_points": args.max_points, "ratio": args.ratio}
    req = ArticleRequest("", options={k: v for k, v in outline_options.items() if v is not None})

    def digest(translate: Translate, document: Any) -> Result:
        outline = outline_of(document, req)
        translation = translate(document, gist_keys(document, outline))
        return digest_result(document, outline, translation, args.scope)

    if args.jsonl:
        return _batch(args, "digest", lambda translate, document: digest(translate, document).body)
    result = _one(args, digest)
    kind = output_format(args)
    if kind == "json":
        dump_json(result.body, sys.stdout)
    else:
        markdown = result.markdown or ""
        sys.stdout.write(markdown if kind == "markdown" else markdown_page(markdown))
    return 0


def cmd_models(args: argparse.Namespace) -> int:
    """`models list|download NAME|convert NAME|verify NAME`."""
    from service.translate.registry import ModelRegistry

    config = Config.from_env()
    registry = ModelRegistry(config)
    if args.action == "list":
        status = registry.status()
        for name, manifest in sorted(registry.manifests.items()):
            print(
                f"{name}\t{manifest.family}\t{','.join(manifest.source_langs)}->"
                f"{','.join(manifest.target_langs)}\t{manifest.repo_id}@{manifest.revision}\t"
                f"{manifest.license}\t{status[name] or 'loaded'}"
            )
        return 0
    if not args.name:
        raise InvalidInput(f"`models {args.action}` needs a model NAME")
    manifest = registry.get_manifest(args.name)
    if args.action == "convert":
        from service.translate.convert import convert_model

        path = convert_model(manifest, config.models_dir, args.quantization, force=args.force)
        print(f"converted {manifest.name} ({args.quantization}) into {path}")
        return 0
    if args.action == "download":
        from service.translate.download import download_model

        path, sha = download_model(manifest, config.models_dir)
        print(f"downloaded {manifest.repo_id}@{sha} into {path}")
        if sha != manifest.revision:
            print(f'pin it: set revision = "{sha}" in {manifest.source}')
        return 0
    from service.translate.download import verify_model

    dump_json(verify_model(manifest, config), sys.stdout)
    return 0


def _add_model_args(parser: argparse.ArgumentParser) -> None:
    add_article_args(parser, ("json", "markdown", "html"))
    add_engine_args(parser)
    parser.add_argument(
        "--num-beams", type=int, default=None, help="beam size (default: the manifest's)"
    )
    parser.add_argument(
        "--glossary",
        metavar="FILE",
        help="glossary to enforce: DeepL's TSV (source<TAB>target a line) or, for .csv, its CSV",
    )
    parser.add_argument(
        "--no-builtin-glossary",
        action="store_true",
        help="do not apply the built-in official names of central state organs",
    )


def add_engine_args(parser: argparse.ArgumentParser) -> None:
    """`--model` or `--model-dir`, `--src`, `--tgt`: which engine translates, between what."""
    which = parser.add_mutually_exclusive_group()
    which.add_argument("--model", help="installed model name (default: PD_DEFAULT_MODEL)")
    which.add_argument("--model-dir", help="a local model directory (e.g. a tiny test model)")
    parser.add_argument("--src", default="zh", help="source language code (default zh)")
    parser.add_argument("--tgt", default="en", help="target language code (default en)")


def add_translation_parsers(sub: Any) -> None:
    """Register `translate`, `digest` and `models` on the CLI's sub-parsers."""
    p = sub.add_parser("translate", help="structure-preserving English translation")
    _add_model_args(p)
    p.set_defaults(func=cmd_translate)

    p = sub.add_parser("digest", help="outline + translation (points carry their English)")
    _add_model_args(p)
    p.add_argument("--max-points", type=int, default=None)
    p.add_argument("--ratio", type=float, default=None)
    p.add_argument(
        "--scope",
        choices=("full", "outline"),
        default="full",
        help="outline: translate only the gist (title, outline headings and points)",
    )
    p.set_defaults(func=cmd_digest)

    p = sub.add_parser("models", help="list, download, convert or verify translation models")
    p.add_argument("action", choices=("list", "download", "convert", "verify"))
    p.add_argument("name", nargs="?", help="manifest name (download, convert, verify)")
    p.add_argument(
        "--quantization",
        choices=QUANTIZATIONS,
        default="int8",
        help="convert: CTranslate2 weight type (default int8)",
    )
    p.add_argument("--force", action="store_true", help="convert: overwrite an earlier conversion")
    p.set_defaults(func=cmd_models)
