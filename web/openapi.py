"""The JSON API as an OpenAPI 3.1 document (``/openapi.json``), made from the routes and ``web.schemas``.

Every ``/api/…`` rule and every ``….json`` twin is an operation: its route parameters from the rule
(ids bounded as ``web.schemas.path_model`` checks them), its query string, JSON body and form
fields from the endpoint's ``Contract``, its summary from the view's docstring. The test suite
fuzzes every operation of this document with schemathesis, so what it promises is what is checked.
"""

from __future__ import annotations

from typing import Any

from flask import Flask, current_app
from flask.typing import ResponseReturnValue
from werkzeug.routing import Rule

from web.schemas import CONTRACTS, RULE_PART, Schema, path_model

_METHODS = ("get", "post", "put", "delete")
ERROR_REF = "#/components/schemas/Error"
_ERROR = {
    "type": "object",
    "properties": {"error": {"type": "string"}, "status": {"type": "integer"}, "fields": {"type": "object"}},
    "required": ["error", "status"],
}


def _json_response(description: str, schema: dict[str, Any]) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def _is_api(rule: Rule) -> bool:
    return (rule.rule.startswith("/api/") or rule.rule.endswith(".json")) and rule.endpoint != "openapi"


def _model_schema(model: type[Schema], components: dict[str, Any]) -> dict[str, Any]:
    schema = model.model_json_schema(ref_template="#/components/schemas/{model}")
    components.update(schema.pop("$defs", {}))
    return schema


def _parameters(rule: Rule, query: type[Schema] | None, components: dict[str, Any]) -> list[dict[str, Any]]:
    params: list[dict[str, Any]] = []
    path = path_model(rule.rule)
    if path is not None:
        props = _model_schema(path, components)["properties"]
        names = [name for _, name in RULE_PART.findall(rule.rule)]
        params += [{"name": name, "in": "path", "required": True, "schema": props[name]} for name in names]
    if query is not None:
        props = _model_schema(query, components)["properties"]
        params += [{"name": name, "in": "query", "required": False, "schema": schema} for name, schema in props.items()]
    return params


def openapi_document(app: Flask) -> dict[str, Any]:
    """The OpenAPI document of this app's JSON API."""
    components: dict[str, Any] = {"Error": _ERROR}
    paths: dict[str, dict[str, Any]] = {}
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.rule):
        if not _is_api(rule):
            continue
        contract = CONTRACTS.get(rule.endpoint)
        view = app.view_functions[rule.endpoint]
        template = RULE_PART.sub(lambda m: "{" + m.group(2) + "}", rule.rule)
        for method in _METHODS:
            if method.upper() not in (rule.methods or ()):
                continue
            operation: dict[str, Any] = {
                "operationId": f"{rule.endpoint}.{method}",
                "summary": (view.__doc__ or rule.endpoint).strip().splitlines()[0],
                "parameters": _parameters(rule, contract.query if contract else None, components),
                "responses": {
                    "200": _json_response("成功", {"type": "object"}),
                    "201": _json_response("已创建", {"type": "object"}),
                    "default": _json_response("错误：error 说明，fields 指出哪一项", {"$ref": ERROR_REF}),
                },
            }
            if contract is not None and contract.body is not None:
                operation["requestBody"] = {
                    "required": False,
                    "content": {"application/json": {"schema": _model_schema(contract.body, components)}},
                }
            paths.setdefault(template, {})[method] = operation
    return {
        "openapi": "3.1.0",
        "info": {"title": "政策题库 JSON API", "version": "1", "description": "练习、模拟考试、检索与条款数据的 JSON 接口"},
        "paths": paths,
        "components": {"schemas": components},
    }


def init_app(app: Flask) -> None:
    """Serve the document at ``/openapi.json``."""

    def openapi() -> ResponseReturnValue:
        """The OpenAPI document of the JSON API."""
        return openapi_document(current_app)

    app.add_url_rule("/openapi.json", "openapi", openapi, methods=["GET"])
