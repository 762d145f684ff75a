"""Per-family input templates read from prompts/ (`<name>.txt`, names in `languages.toml`)."""

from __future__ import annotations

import string
import tomllib
from dataclasses import dataclass
from pathlib import Path

from service.errors import InvalidManifest

PLACEHOLDERS = frozenset({"text", "src", "tgt", "src_name", "tgt_name"})


@dataclass(frozen=True)
class PromptTemplate:
    """A template with `{text}` and optional language placeholders."""

    name: str
    template: str
    language_names: dict[str, str]

    def render(self, text: str, src: str, tgt: str) -> str:
        """The model input for one text."""
        return self.template.format(
            text=text,
            src=src,
            tgt=tgt,
            src_name=self.language_names.get(src, src),
            tgt_name=self.language_names.get(tgt, tgt),
        )


def load_prompt(prompts_dir: Path, name: str) -> PromptTemplate:
    """Read `prompts_dir/<name>.txt` and the language names; validate the placeholders.

    Raises:
        InvalidManifest: the template is missing, lacks `{text}` or uses an unknown field.
    """
    path = prompts_dir / f"{name}.txt"
    try:
        template = path.read_text(encoding="utf-8").rstrip("\n")
    except OSError as exc:
        raise InvalidManifest(
            f"prompt template {name!r} not found at {path}", {"file": str(path), "field": "prompt"}
        ) from exc
    fields = {f for _, f, _, _ in string.Formatter().parse(template) if f is not None}
    if "text" not in fields or not fields <= PLACEHOLDERS:
        raise InvalidManifest(
            f"{path}: a template needs {{text}} and may use only "
            f"{', '.join(sorted(PLACEHOLDERS))} (found {', '.join(sorted(fields)) or 'none'})",
            {"file": str(path), "field": "prompt"},
        )
    return PromptTemplate(name, template, _language_names(prompts_dir))


def _language_names(prompts_dir: Path) -> dict[str, str]:
    path = prompts_dir / "languages.toml"
    if not path.is_file():
        return {}
    with path.open("rb") as handle:
        return {str(k): str(v) for k, v in tomllib.load(handle).items()}
