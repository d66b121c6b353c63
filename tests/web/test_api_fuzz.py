"""The published OpenAPI document, and every operation in it fuzzed by schemathesis (bounded) on each database."""

from __future__ import annotations

from typing import Any

import schemathesis
from flask import Flask
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import negative_data_rejection

from tests.conftest import CsrfClient

# cases per operation: a few dozen in all, so the whole fuzz stays well under a minute a database
EXAMPLES = {GenerationMode.POSITIVE: 15, GenerationMode.NEGATIVE: 8}


def test_openapi_lists_every_json_endpoint_with_its_schemas(client: Any) -> None:
    doc = client.get("/openapi.json").get_json()
    assert doc["openapi"].startswith("3.")
    answer = doc["paths"]["/api/practice/{sid}/answer"]["post"]
    assert answer["parameters"][0] == {
        "name": "sid",
        "in": "path",
        "required": True,
        "schema": {"type": "integer", "minimum": 0, "maximum": 2**31 - 1, "title": "Sid"},
    }
    body = answer["requestBody"]["content"]["application/json"]["schema"]
    assert {"question_id", "answer", "elapsed_ms", "request_id"} <= set(body["properties"])
    assert "/questions.json" in doc["paths"] and "/api/exams/{eid}/answers/{number}" in doc["paths"]
    assert {p["name"] for p in doc["paths"]["/questions.json"]["get"]["parameters"]} >= {"page", "work", "type"}


def _fuzzer(
    operation: Any, mode: GenerationMode, checks: list[Any], ids: dict[str, int], headers: dict[str, str], cookies: dict[str, str]
) -> Any:
    @settings(max_examples=EXAMPLES[mode], deadline=None, suppress_health_check=list(HealthCheck), database=None)
    @given(case=operation.as_strategy(generation_mode=mode))
    def fuzz(case: Any) -> None:
        for name, real in ids.items():
            value = (case.path_parameters or {}).get(name)
            if isinstance(value, int) and value % 3 == 0:
                case.path_parameters[name] = real
        case.call_and_validate(headers=headers, cookies=cookies, checks=checks)

    return fuzz


def test_every_operation_is_fuzzed_without_a_server_error(app: Flask) -> None:
    """Each operation of /openapi.json, with data that fits its schema and data that does not, never gets a 5xx.

    schemathesis makes the cases (its pytest loader does not run on pytest 9, so each operation's
    strategy is driven by hypothesis here); a third of the ids are aimed at a running drill and exam so
    that cases get past 404 into the views.
    """
    app.test_client_class = CsrfClient
    client = app.test_client()
    ids = {
        "sid": client.post("/api/practice", json={"mode": "random", "count": 5}).get_json()["id"],
        "eid": client.post("/api/exams", json={"seed": 3}).get_json()["id"],
        "number": 1,
    }
    with client.session_transaction() as sess:
        headers = {"X-CSRF-Token": sess["csrf"]}
    cookie = client.get_cookie("session")
    assert cookie is not None
    schema = schemathesis.openapi.from_wsgi("/openapi.json", app)
    failures: list[str] = []
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) > 30

    for operation in operations:
        # a JSON body has types, so invalid data must get a 4xx; in a query string every value is text
        checks = [not_a_server_error, negative_data_rejection] if operation.body else [not_a_server_error]
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            fuzz = _fuzzer(operation, mode, checks, ids, headers, {"session": cookie.value})
            try:
                fuzz()
            except Unsatisfiable:  # nothing in this operation can be sent invalid (no body, no bounded parameter)
                assert mode is GenerationMode.NEGATIVE
            except Exception as exc:  # collect every operation's failure, not only the first
                failures.append(f"{operation.method.upper()} {operation.path} ({mode}): {str(exc)[:800]}")
    assert not failures, "\n\n".join(failures)
