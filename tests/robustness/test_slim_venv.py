"""scripts/slim_venv.py, which the slim image's build runs: what it strips, checks and compiles.

The build itself (scripts/check_image.sh slim) runs it on the real virtualenv; these tests pin
the choices on a made-up site-packages tree: auditwheel's grafted libraries are never stripped,
extension files map to the names that import them, a module that fails to import is reported
(and left unstripped when it did not import before stripping either),
and bytecode is written for everything but the transformers model packages the service never
loads.
"""

from __future__ import annotations

import sys
from pathlib import Path

from scripts.slim_venv import compile_used, extension_modules, import_each, importable


def touch(path: Path, text: str = "") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_extension_modules_skip_auditwheel_libraries(tmp_path: Path) -> None:
    ext = touch(tmp_path / "ctranslate2" / "_ext.cpython-311-x86_64-linux-gnu.so")
    abi3 = touch(tmp_path / "tokenizers" / "tokenizers.abi3.so")
    plain = touch(tmp_path / "yaml" / "_yaml.so")
    touch(tmp_path / "ctranslate2.libs" / "libctranslate2-a7a60d30.so")
    touch(tmp_path / "numpy.libs" / "libscipy_openblas64_-32a4b2a6.so")
    assert extension_modules(tmp_path) == {
        ext: "ctranslate2._ext",
        plain: "yaml._yaml",
        abi3: "tokenizers.tokenizers",
    }


def test_import_each_reports_what_does_not_import() -> None:
    failures = import_each(["json", "policy_digest_no_such_module"])
    assert len(failures) == 1 and failures[0].startswith("policy_digest_no_such_module: ")


def test_what_does_not_import_before_stripping_is_left_alone() -> None:
    """pypdfium2's libpdfium.so is a ctypes library, not a module; Pillow's _imagingtk needs the
    tkinter the image lacks: neither imports before stripping, so neither is stripped."""
    json_ext = Path("json/_json.so")
    library = Path("pypdfium2_raw/libpdfium.so")
    kept, unloadable = importable({json_ext: "json", library: "policy_digest_no_such.libpdfium"})
    assert kept == {json_ext: "json"}
    assert len(unloadable) == 1 and unloadable[0].startswith("policy_digest_no_such.libpdfium: ")


def test_bytecode_only_for_the_model_packages_the_service_loads(tmp_path: Path) -> None:
    models = tmp_path / "transformers" / "models"
    kept = [
        touch(tmp_path / "transformers" / "__init__.py"),
        touch(models / "auto" / "tokenization_auto.py"),
        touch(models / "marian" / "tokenization_marian.py"),
        touch(models / "m2m_100" / "tokenization_m2m_100.py"),
        touch(models / "nllb" / "tokenization_nllb.py"),
        touch(tmp_path / "flask" / "app.py"),
    ]
    skipped = [touch(models / "bert" / "modeling_bert.py"), touch(models / "marian_x" / "x.py")]
    assert compile_used(tmp_path)
    cache = sys.implementation.cache_tag
    assert all((f.parent / "__pycache__" / f"{f.stem}.{cache}.pyc").exists() for f in kept)
    assert not any((f.parent / "__pycache__").exists() for f in skipped)
