"""The editors' page at `/`: one HTML template and its static files, no build step.

The page is a client of the HTTP API only (its JavaScript calls /v1/... and /readyz), so this
package imports nothing of the service below it. It gets a Content-Security-Policy of its own
that allows its own scripts, styles and API calls and nothing from elsewhere.
"""

from __future__ import annotations

from flask import Blueprint, Response, render_template

bp = Blueprint(
    "web",
    __name__,
    template_folder="templates",
    static_folder="static",
    static_url_path="/static",
)

PAGE_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; "
    "img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
)


@bp.get("/")
def page() -> Response:
    """The editors' page (self-contained: no CDN, no external fonts)."""
    response = Response(render_template("page.html"), mimetype="text/html")
    response.headers["Content-Security-Policy"] = PAGE_POLICY
    return response
