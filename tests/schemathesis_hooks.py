"""schemathesis hooks for this API, loaded through `hooks` in schemathesis.toml.

One failure is not owed: a raw article body (`text/html`, `text/markdown`, `text/plain`) is any
non-empty text, so a body schemathesis generated as "not a string" (a list, a number) reaches
the server as the text of that value and is rightly read as an article. Such a case is dropped
only when the body is its one schema-violating part; an empty raw body is still refused (422).
"""

from __future__ import annotations

import schemathesis
from schemathesis.core.failures import AcceptedNegativeData, Failure
from schemathesis.core.parameters import ParameterLocation
from schemathesis.core.transport import Response

ARTICLE_TYPES = ("text/html", "text/markdown", "text/plain")


@schemathesis.hook
def filter_failure(
    context: schemathesis.HookContext, failure: Failure, case: schemathesis.Case, response: Response
) -> bool:
    """False for a text/* body of another JSON type accepted as text; True for the rest."""
    if not isinstance(failure, AcceptedNegativeData) or case.media_type not in ARTICLE_TYPES:
        return True
    meta = case.meta
    if meta is None:
        return True
    negative = {location for location in meta.components if meta.is_negative_at(location)}
    body_only = negative == {ParameterLocation.BODY}
    return not (body_only and not isinstance(case.body, str | bytes))
