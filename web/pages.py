"""Data pages and their JSON twins, made by one mechanism.

A page is a function that returns its data as a dict. ``data_page`` registers it twice: at its rule
as HTML (the template gets the data, plus constants from ``context``) and at the rule + ``.json``
as JSON (the data less the keys in ``html_only``, which hold markup or page furniture). So a page
declares its data once and the two can never disagree. Werkzeug matches ``/clauses/<path:ref>.json``
before ``/clauses/<path:ref>``, so refs need no escaping.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from functools import wraps
from typing import Any

from flask import Blueprint, Response, jsonify, render_template

from web.auth import trainer_required

PageData = Callable[..., dict[str, Any]]


def data_page(
    bp: Blueprint,
    rule: str,
    *,
    template: str,
    json_rule: str | None = None,
    html_only: Iterable[str] = (),
    context: Mapping[str, Any] | None = None,
    wrap: str | None = None,
    furniture: Callable[[], dict[str, Any]] | None = None,
    trainer: bool = False,
) -> Callable[[PageData], PageData]:
    """Register ``rule`` (HTML) and ``json_rule`` (default: ``rule + '.json'``) for one data function.

    ``wrap`` hands the template the whole data under one name instead of its keys; ``furniture``
    adds what only the HTML form needs, computed per request (the query echoed into the search box);
    ``trainer`` guards both with ``trainer_required``.
    """
    hidden = frozenset(html_only)
    constants = dict(context or {})

    def decorator(fn: PageData) -> PageData:
        @wraps(fn)
        def html_view(**kwargs: Any) -> str:
            data = fn(**kwargs)
            extra = furniture() if furniture else {}
            return render_template(template, **(constants | extra | ({wrap: data} if wrap else data)))

        def json_view(**kwargs: Any) -> Response:
            return jsonify({k: v for k, v in fn(**kwargs).items() if k not in hidden})

        json_view.__doc__ = f"JSON twin of {rule}."
        guard: Callable[[Any], Any] = trainer_required if trainer else (lambda view: view)
        bp.add_url_rule(rule, fn.__name__, guard(html_view), methods=["GET"])
        bp.add_url_rule(json_rule or f"{rule.rstrip('/')}.json", f"{fn.__name__}_json", guard(json_view), methods=["GET"])
        return fn

    return decorator
