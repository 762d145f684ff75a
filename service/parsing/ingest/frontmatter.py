"""YAML front matter (Jekyll style) via python-frontmatter, made JSON-safe.

YAML aliases are refused: a few lines of nested `&a [*b, *b, …]` anchors expand to billions of
nodes (an "alias bomb"), and real post headers never need them.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import frontmatter
import yaml
from frontmatter.default_handlers import YAMLHandler


class _NoAliasLoader(yaml.SafeLoader):
    """SafeLoader that rejects aliases instead of expanding them."""

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise yaml.composer.ComposerError(
                None, None, "YAML aliases are not allowed in front matter", event.start_mark
            )
        return super().compose_node(parent, index)


class _NoAliasHandler(YAMLHandler):
    def load(self, fm: str, **kwargs: object) -> Any:
        return yaml.load(fm, Loader=_NoAliasLoader)


_HANDLER = _NoAliasHandler()


def split_front_matter(text: str) -> tuple[dict[str, Any], str]:
    """Return (metadata, body). Text without front matter gives ({}, text).

    Front matter that is not valid YAML is kept out of the body and reported in metadata under
    `front_matter_error`, so a broken header never turns into article text.
    """
    if not text.startswith("---"):
        return {}, text
    try:
        post = frontmatter.loads(text, handler=_HANDLER)
    except yaml.YAMLError as exc:
        body = _strip_raw_front_matter(text)
        return {"front_matter_error": str(exc).splitlines()[0]}, body
    return {str(k): _json_safe(v) for k, v in post.metadata.items()}, post.content


def _strip_raw_front_matter(text: str) -> str:
    parts = text.split("\n---", 1)
    if len(parts) == 2:
        return parts[1].split("\n", 1)[1] if "\n" in parts[1] else ""
    return text


def _json_safe(value: Any) -> Any:
    """Dates become ISO strings; containers are converted recursively."""
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): _json_safe(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_json_safe(v) for v in value]
    if value is None or isinstance(value, str | int | float | bool):
        return value
    return str(value)
