"""The edge of the app: one pydantic schema per endpoint, checked before the view runs.

``CONTRACTS`` names, per endpoint, the model of its JSON body, of its form fields and of its query
string; ``check_request`` (a ``before_request`` hook) validates them, so a view only ever sees
values of the right type and range, and ``web.auth.json_body`` hands it the validated body. Route
parameters need no entry: every ``<int:…>`` part of a rule is an id in a 32-bit INTEGER column (the
one type both SQLite and PostgreSQL hold), and every string part a text, so ``path_model`` makes the
model of an endpoint from its rule. No string anywhere (route, query, form, body) may hold NUL,
which PostgreSQL cannot store. A failure is an ``InvalidInput`` whose Chinese message names the
field, which ``web.errors`` turns into a 400 like every other bad input. ``web.openapi`` publishes
the same models as the API's OpenAPI document.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Annotated, Any, Literal, get_origin

from flask import g, request
from pydantic import BaseModel, ConfigDict, Field, ValidationError, create_model
from pydantic_core import ErrorDetails

from corpus.errors import InvalidInput
from quiz.model import TYPES
from quiz.practice import MAX_COUNT, MODES

MAX_ID = 2**31 - 1  # INTEGER on PostgreSQL; SQLite's is wider, so this is the bound for both
Id = Annotated[int, Field(ge=0, le=MAX_ID)]
Text = Annotated[str, Field(max_length=2000, pattern=r"^[^\x00]*$")]
Short = Annotated[str, Field(max_length=200, pattern=r"^[^\x00]*$")]
RequestId = Annotated[str, Field(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_-]+$")]
Answer = Text | list[Text] | None
RULE_PART = re.compile(r"<(?:(\w+)(?:\([^)]*\))?:)?(\w+)>")


class Schema(BaseModel):
    """A request model: unknown fields are ignored (older and newer clients keep working)."""

    model_config = ConfigDict(extra="ignore")


class PracticeStart(Schema):
    """Start a drill."""

    mode: Literal[tuple(MODES)] = "random"  # type: ignore[valid-type]
    work: Short | None = None
    chapter: Short | None = None
    type: Literal[TYPES] | None = None  # type: ignore[valid-type]
    count: Annotated[int, Field(ge=1, le=MAX_COUNT)] | None = None
    memorise: bool = False
    restart: bool = False


class PracticeAnswer(Schema):
    """Answer the current question of a drill."""

    question_id: Short = ""
    answer: Answer = None
    elapsed_ms: Id | None = None
    request_id: RequestId | None = None


class PracticeAnswerForm(Schema):
    """The answer form's own fields (the answer itself is checked by the question's type)."""

    elapsed_ms: Id | None = None
    answer: list[Text] = []


class PracticeSkip(Schema):
    """Go past the current question."""

    question_id: Short = ""


class Favourite(Schema):
    """Star or unstar a question."""

    on: bool = True


class ExamStart(Schema):
    """Start a mock exam: a drawn paper (seed) or a trainer's fixed paper."""

    seed: Id | None = None
    paper_id: Id | None = None


class ExamStartForm(Schema):
    """The exam menu's form (the fixed paper is its ``paper`` field)."""

    seed: Id | None = None
    paper: Id | None = None


class ExamSave(Schema):
    """Save the answer to one item of a sitting."""

    answer: Answer = None
    flagged: bool | None = None
    request_id: RequestId | None = None


class ExamSubmit(Schema):
    """Hand in."""

    request_id: RequestId | None = None


class ReportForm(Schema):
    """A 纠错 report."""

    reason: Short = ""
    note: Text | None = None


class ReviewForm(Schema):
    """A trainer's edit of a question, or the report it closes."""

    report: Id | None = None
    note: Text | None = None


class PaperForm(Schema):
    """A trainer's fixed paper."""

    seed: Id | None = None
    title: Short = ""


class AttemptQuery(Schema):
    """The practice page after an answer: which attempt's feedback to show."""

    a: Id | None = None


Page = Annotated[int, Field(ge=1, le=MAX_ID)]


class BankQuery(Schema):
    """The question bank, filtered and paged."""

    work: Short | None = None
    type: Short | None = None
    generator: Short | None = None
    ref: Short | None = None
    tag: Short | None = None
    status: Short | None = None
    page: Page | None = None


class SearchQuery(Schema):
    """A search: free text the engine cleans (a page number it cannot read is page 1), filters may repeat."""

    q: str | None = None
    work: list[str] = []
    level: list[str] = []
    region: list[str] = []
    year: list[str] = []
    page: str | None = None


class DiffQuery(Schema):
    """Two works, witnesses or clauses to compare."""

    a: Short | None = None
    b: Short | None = None
    all: Short | None = None


class CollationQuery(Schema):
    """How to show a work's witnesses collated."""

    view: Short | None = None
    kind: Short | None = None
    witness: Short | None = None
    single: Short | None = None
    all: Short | None = None


class WitnessQuery(Schema):
    """Which copy of a work to show."""

    witness: Short | None = None


class SpanQuery(Schema):
    """A span of a source file."""

    start: Id | None = None
    end: Id | None = None


class SeedQuery(Schema):
    """A paper drawn from a seed."""

    seed: Id | None = None


class ExportQuery(Schema):
    """A download of questions: a filtered set or one paper."""

    paper_seed: Id | None = None
    paper_id: Id | None = None


@dataclass(frozen=True)
class Contract:
    """What one endpoint accepts besides its route: a JSON body, form fields, a query string."""

    body: type[Schema] | None = None
    form: type[Schema] | None = None
    query: type[Schema] | None = None
    free_text: bool = False  # the query is text for the search engine, which drops what it cannot use (NUL too)


CONTRACTS: dict[str, Contract] = {
    "practice.api_start": Contract(body=PracticeStart),
    "practice.api_answer": Contract(body=PracticeAnswer),
    "practice.api_skip": Contract(body=PracticeSkip),
    "practice.api_favourite": Contract(body=Favourite),
    "practice.start": Contract(form=PracticeStart),
    "practice.answer": Contract(form=PracticeAnswerForm),
    "practice.session_page": Contract(query=AttemptQuery),
    "exam.api_start": Contract(body=ExamStart),
    "exam.api_save": Contract(body=ExamSave),
    "exam.api_submit": Contract(body=ExamSubmit),
    "exam.start": Contract(form=ExamStartForm),
    "exam.papers_page": Contract(form=PaperForm, query=SeedQuery),
    "questions.report": Contract(form=ReportForm),
    "questions.review_question": Contract(form=ReviewForm),
    "questions.bank_page": Contract(query=BankQuery),
    "questions.bank_page_json": Contract(query=BankQuery),
    "search.search_page": Contract(query=SearchQuery, free_text=True),
    "search.search_page_json": Contract(query=SearchQuery, free_text=True),
    "relations.diff_page": Contract(query=DiffQuery),
    "relations.diff_page_json": Contract(query=DiffQuery),
    "relations.collation_page": Contract(query=CollationQuery),
    "relations.collation_page_json": Contract(query=CollationQuery),
    "texts.work_page": Contract(query=WitnessQuery),
    "texts.work_page_json": Contract(query=WitnessQuery),
    "questions.export_download": Contract(query=ExportQuery),
    "texts.source_page": Contract(query=SpanQuery),
    "texts.source_page_json": Contract(query=SpanQuery),
}

_MESSAGES = {
    "missing": "缺少这一项",
    "string_type": "应为文字",
    "int_type": "应为整数",
    "int_parsing": "应为整数",
    "int_from_float": "应为整数",
    "finite_number": "应为有限的数",
    "bool_type": "应为 true 或 false",
    "bool_parsing": "应为 true 或 false",
    "list_type": "应为列表",
    "string_pattern_mismatch": "含有不允许的字符",
    "json_invalid": "请求体不是合法的 JSON",
    "json_type": "请求体不是合法的 JSON",
    "model_type": "请求体应是一个 JSON 对象",
    "dict_type": "请求体应是一个 JSON 对象",
    "model_attributes_type": "请求体应是一个 JSON 对象",
}

_ARMS = {"constrained-str": "文字", "list[constrained-str]": "文字的列表", "none": "null"}


def _message(error: ErrorDetails) -> str:
    kind, ctx = error["type"], error.get("ctx") or {}
    if kind in ("greater_than_equal", "less_than_equal", "greater_than", "less_than"):
        return f"超出范围（{'不小于' if kind.startswith('greater') else '不大于'} {ctx.get(next(iter(ctx), ''), '')}）"
    if kind == "string_too_long":
        return f"太长（最多 {ctx.get('max_length')} 个字符）"
    if kind == "string_too_short":
        return f"太短（至少 {ctx.get('min_length')} 个字符）"
    if kind == "literal_error":
        return "应为以下之一：" + str(ctx.get("expected", "")).replace("'", "").replace(" or ", ", ").replace(", ", "、")
    if kind == "string_pattern_mismatch" and "A-Za-z" in str(ctx.get("pattern", "")):
        return "只能用字母、数字、下划线和连字符"
    if kind == "string_pattern_mismatch":
        return "含有不允许的字符（NUL）"
    return _MESSAGES.get(kind, "值不合要求")


def _field(error: ErrorDetails) -> str:
    # a union reports each arm it tried (``answer.str``, ``answer.list[…].0``): the field is the first part
    return str(error["loc"][0]) if error["loc"] else ""


def invalid(exc: ValidationError, where: str) -> InvalidInput:
    """A ValidationError as the Chinese InvalidInput that names each field."""
    seen: dict[str, str] = {}
    arms: dict[str, list[str]] = {}
    for error in exc.errors(include_url=False):
        name = _field(error)
        if len(error["loc"]) > 1 and str(error["loc"][1]) in _ARMS:  # a union: say what each arm wanted
            arms.setdefault(name, []).append(_ARMS[str(error["loc"][1])])
            seen[name] = "应为" + "或".join(dict.fromkeys(arms[name])) + "（或不填）"
        seen.setdefault(name, _message(error))
    if list(seen) == [""]:
        return InvalidInput(seen[""], fields={"body": seen[""]})
    text = "；".join(f"{where}{name}：{msg}" for name, msg in seen.items())
    return InvalidInput(text, fields=seen)


def _multi(model: type[Schema], source: Any) -> dict[str, Any]:
    """A form or query string as the model's fields (a list field takes every value given)."""
    out: dict[str, Any] = {}
    for name, info in model.model_fields.items():
        if name not in source:
            continue
        value = source.getlist(name) if get_origin(info.annotation) is list else source.get(name)
        if value != "":  # a field left blank is a field not given: its default (title="") or None
            out[name] = value
    return out


@functools.cache
def path_model(rule: str) -> type[Schema] | None:
    """The model of a rule's route parameters: ids for ``<int:…>``, texts without NUL for the rest."""
    fields: dict[str, Any] = {}
    for converter, name in RULE_PART.findall(rule):
        fields[name] = (Id if converter == "int" else Annotated[str, Field(pattern=r"^[^\x00]*$")], ...)
    return create_model(f"Path{abs(hash(rule))}", __base__=Schema, **fields) if fields else None


def _check_no_nul(source: Iterable[tuple[str, str]], where: str) -> None:
    for name, value in source:
        if "\x00" in name or "\x00" in value:
            raise InvalidInput(f"{where}{name.replace(chr(0), '')}：含有不允许的字符（NUL）", fields={name: "NUL"})


def check_request() -> None:
    """Validate the route, query, form and JSON body of this request against its endpoint's contract."""
    if request.url_rule is None:
        return
    contract = CONTRACTS.get(str(request.endpoint))
    if contract is None or not contract.free_text:
        _check_no_nul(request.args.items(multi=True), "参数 ")
    model = path_model(request.url_rule.rule)
    if model is not None:
        try:
            model.model_validate(request.view_args or {})
        except ValidationError as exc:
            raise invalid(exc, "路径参数 ") from None
    if contract is None:
        if request.method in ("POST", "PUT", "PATCH"):
            _check_no_nul(request.form.items(multi=True), "表单项 ")
        return
    try:
        if contract.query is not None:
            contract.query.model_validate(_multi(contract.query, request.args))
    except ValidationError as exc:
        raise invalid(exc, "参数 ") from None
    if request.method not in ("POST", "PUT", "PATCH", "DELETE"):
        return
    if contract.form is not None and not request.is_json:
        _check_no_nul(request.form.items(multi=True), "表单项 ")
        try:
            contract.form.model_validate(_multi(contract.form, request.form))
        except ValidationError as exc:
            raise invalid(exc, "表单项 ") from None
    if contract.body is not None:
        g.body = parse_body(contract.body, request.get_data())


def parse_body(model: type[Schema], raw: bytes) -> dict[str, Any]:
    """A JSON body validated by ``model`` (an empty body is ``{}``), as a dict of its fields."""
    try:
        parsed = model.model_validate_json(raw or b"{}", strict=True)
    except ValidationError as exc:
        raise invalid(exc, "字段 ") from None
    return parsed.model_dump()
