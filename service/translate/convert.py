"""`models convert`: turn a downloaded model into a CTranslate2 model with CTranslate2's converter.

The converted weights go to `<models_dir>/<name>/ctranslate2/` next to the downloaded files
(whose tokenizer the CTranslate2 engine keeps using). Needs the `ct2` extra.
"""

from __future__ import annotations

from pathlib import Path

from service.errors import InvalidInput, ModelUnavailable
from service.translate.manifest import Manifest

QUANTIZATIONS = ("int8", "int8_float32", "int8_bfloat16", "bfloat16", "float32")
CT2_SUBDIR = "ctranslate2"  # the CTranslate2 engine reads this sub-directory


def convert_model(
    manifest: Manifest, models_dir: Path, quantization: str = "int8", *, force: bool = False
) -> Path:
    """Convert models_dir/NAME into models_dir/NAME/ctranslate2 with weights of `quantization`.

    Raises:
        ModelUnavailable: ctranslate2 is missing, the model is not downloaded, or conversion
            fails (the message says which).
    """
    source = models_dir / manifest.name
    return convert_dir(source, source / CT2_SUBDIR, quantization, force=force)


def convert_dir(source: Path, target: Path, quantization: str, *, force: bool = False) -> Path:
    """Convert the transformers model in `source` into a CTranslate2 model in `target`.

    Raises:
        InvalidInput: an unknown quantization.
        ModelUnavailable: as `convert_model`.
    """
    if quantization not in QUANTIZATIONS:
        raise InvalidInput(f"quantization must be one of {', '.join(QUANTIZATIONS)}")
    details = {"path": str(source)}
    if not (source / "config.json").is_file():
        raise ModelUnavailable(
            f"no model in {source}; run `policy-digest models download {source.name}` first",
            details,
        )
    try:
        from ctranslate2.converters import TransformersConverter
    except ImportError as exc:
        raise ModelUnavailable(
            f"ctranslate2 is not installed ({exc}); pip install 'policy-digest[ct2]'", details
        ) from exc
    converter = TransformersConverter(str(source), low_cpu_mem_usage=True)
    try:
        converter.convert(str(target), quantization=quantization, force=force)
    except (RuntimeError, ValueError, NotImplementedError) as exc:  # exists, unsupported, ...
        raise ModelUnavailable(f"cannot convert {source}: {exc}", details) from exc
    return target
