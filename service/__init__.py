"""policy-digest: outline and structure-preserving translation of Chinese policy documents.

Importing this package has no side effects and loads no model: `parse` and `outline` import
their stages lazily, and `create_app` builds the Flask app only when called.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from flask import Flask

    from service.document import Document
    from service.outlining import Outline

__all__ = ["create_app", "outline", "parse"]


def parse(raw: bytes | str, format: str = "auto") -> Document:
    """Parse an article (HTML, Markdown with front matter, or plain text) into a Document."""
    from service.parsing import parse_document

    return parse_document(raw, format)


def outline(
    document: Document, max_points: int | None = None, ratio: float | None = None
) -> Outline:
    """Build the extractive outline of a parsed Document."""
    from service.outlining import build_outline

    return build_outline(document, max_points=max_points, ratio=ratio)


def create_app(config: Any = None) -> Flask:
    """Create the Flask application (see service.api.app)."""
    from service.api.app import create_app as _create_app

    return _create_app(config)
