"""Make the torch-free virtualenv of the slim image smaller, then prove it still imports.

Run by the Dockerfile's `venv-slim` stage with the virtualenv's own interpreter, after
`pip install --no-compile`:

    python scripts/slim_venv.py

1. Strips the symbol tables of compiled extension modules (`strip --strip-unneeded`, from
   binutils): CTranslate2's `_ext` module alone ships 68 MB of them. Libraries that auditwheel
   grafted into `<package>.libs/` are left alone: they were rewritten by patchelf, and stripping
   one breaks it ("ELF load command address/offset not page-aligned", seen on numpy's OpenBLAS).
2. Imports every stripped module, so a damaged one fails the build, not the first request. A
   `.so` that does not import before stripping either is left as it is and named: a library
   loaded with ctypes (pypdfium2's `libpdfium.so`) or a module whose optional dependency the
   image lacks (Pillow's `_imagingtk` without tkinter). Each check runs in a fresh interpreter.
3. Writes bytecode for everything except the transformers model packages the service never
   loads: of its ~400 model packages only `auto` and the tokenizers' families of our manifests
   (models/*.toml) are imported. The rest keeps its source, so an unusual model still loads,
   compiled in memory (the image's root is read-only and PYTHONDONTWRITEBYTECODE=1).
"""

from __future__ import annotations

import compileall
import json
import re
import subprocess
import sys
import sysconfig
from pathlib import Path

USED_MODEL_PACKAGES = ("auto", "encoder_decoder", "marian", "m2m_100", "nllb")
UNUSED_MODEL_PACKAGE = re.compile(
    r"[/\\]transformers[/\\]models[/\\](?!(?:" + "|".join(USED_MODEL_PACKAGES) + r")[/\\])"
)
EXTENSION_SUFFIX = re.compile(r"(\.cpython-[^.]+|\.abi3)?\.so$")


def extension_modules(site: Path) -> dict[Path, str]:
    """Compiled extension modules under `site` (not auditwheel's `*.libs`), by importable name."""
    found = {}
    for path in sorted(site.rglob("*.so")):
        relative = path.relative_to(site)
        if relative.parts[0].endswith(".libs") or not path.is_file():
            continue
        found[path] = EXTENSION_SUFFIX.sub("", relative.as_posix()).replace("/", ".")
    return found


_IMPORT_EACH = """
import importlib, json, sys
failures = []
for name in sys.argv[1:]:
    try:
        importlib.import_module(name)
    except Exception as exc:  # any failure to load is what this check reports
        failures.append(f"{name}: {exc}")
print(json.dumps(failures))
"""


def import_each(modules: list[str]) -> list[str]:
    """Import each module in a fresh interpreter (one that never loaded them before); return
    `name: error` for those that fail."""
    done = subprocess.run(
        [sys.executable, "-c", _IMPORT_EACH, *modules], check=True, capture_output=True, text=True
    )
    return list(json.loads(done.stdout.splitlines()[-1]))


def importable(modules: dict[Path, str]) -> tuple[dict[Path, str], list[str]]:
    """The modules that import (to be stripped), and `name: error` for those that do not."""
    unloadable = import_each(sorted(modules.values()))
    names = {failure.split(": ", 1)[0] for failure in unloadable}
    return {path: name for path, name in modules.items() if name not in names}, unloadable


def compile_used(site: Path) -> bool:
    """Byte-compile `site` except the unused transformers model packages."""
    return compileall.compile_dir(site, quiet=1, workers=0, rx=UNUSED_MODEL_PACKAGE)


def main() -> int:
    site = Path(sysconfig.get_paths()["purelib"])
    modules, unloadable = importable(extension_modules(site))
    if unloadable:
        print("left unstripped, not importable before either:", *unloadable, sep="\n  ")
    subprocess.run(["strip", "--strip-unneeded", *map(str, modules)], check=True)
    failures = import_each(sorted(modules.values()))
    if failures:
        print("stripped modules that no longer import:", *failures, sep="\n  ", file=sys.stderr)
        return 1
    print(f"stripped and imported {len(modules)} extension modules")
    return 0 if compile_used(site) else 1


if __name__ == "__main__":
    sys.exit(main())
