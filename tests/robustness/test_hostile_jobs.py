"""Every hostile body a synchronous route refuses, `/v1/jobs` refuses the same way (status and
error code), before anything is queued: the same reading, parsing and limits run at submission."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest
from flask import Flask

from tests.robustness.test_hostile_inputs import CASES, Case, apps, send

__all__ = ["apps"]  # the module-scoped apps fixture of the synchronous cases

TASKS = {"/v1/digest": "digest", "/v1/translate": "translate", "/v1/outline": "outline"}
REFUSED = [c for c in CASES if c.route in TASKS and c.status >= 400]


def test_there_are_refused_cases_to_replay() -> None:
    assert len(REFUSED) >= 30


@pytest.mark.parametrize("case", REFUSED, ids=[case.id for case in REFUSED])
def test_jobs_refuse_what_the_synchronous_route_refuses(apps: dict[str, Flask], case: Case) -> None:
    query = "&".join(q for q in (case.query, f"task={TASKS[case.route]}") if q)
    as_job = replace(case, route="/v1/jobs", query=query)
    app = apps[case.app]
    jobs = app.extensions["policy_digest_jobs"]
    queued = jobs.store.pending()
    response = send(app, as_job)
    body: Any = response.get_json(silent=True)
    assert response.status_code == case.status, response.get_data(as_text=True)[:500]
    if case.code is not None:
        assert body["error"]["code"] == case.code
    assert jobs.store.pending() == queued  # nothing was queued
