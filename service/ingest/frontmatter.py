"""YAML front matter (Jekyll style) via python-frontmatter, made JSON-safe."""

from __future__ import annotations

import datetime as dt
from typing import Any

import frontmatter
import yaml


def split_front_matter(text: str) -> tuple[dict[str, Any], str]:
    """Return (metadata, body). Text without front matter gives ({}, text).

    Front matter that is not valid YAML is kept out of the body and reported in metadata under
    `front_matter_error`, so a broken header never turns into article text.
    """
    if not text.startswith("---"):
        return {}, text
    try:
        post = frontmatter.loads(text)
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
