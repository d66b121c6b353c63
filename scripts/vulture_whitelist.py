"""Names vulture cannot see being used; scripts/test.sh passes this file to vulture with the code.

Flask views, error handlers and context processors, click commands and question generators are
reached through their decorators (``ignore_decorators`` in pyproject.toml), not listed here. What is
here is read by a framework, or is a stored column the code only writes (the row keeps it for the
record and for exports). Add a name only with the reason it is used.
"""

from flask.json.provider import DefaultJSONProvider

from corpus.markup import _Text
from kb.analysis import ListStructure, Slot
from kb.db import Base
from quiz.models import ExamAnswer, QuestionReport, ReviewCard, ReviewLogRow, WrongItem
from web.cli import ChineseContext, ChineseFormatter, ChineseGroup, CommandFailed
from web.settings import Setting

Base.type_annotation_map  # SQLAlchemy reads it to map Mapped[dict] / Mapped[list] to JSON
DefaultJSONProvider.ensure_ascii  # Flask's JSON responses keep Chinese as it is
ExamAnswer.saved_at  # stored columns, written by the services
QuestionReport.resolved_at
ReviewCard.lapses
ReviewLogRow.reviewed_at
ReviewLogRow.due_before
ReviewLogRow.due_after
WrongItem.added_at
Setting.help  # the settings table's help text, read by the README test and shown in the docs

CommandFailed.show  # click calls it to print the error

# html.parser.HTMLParser calls these hooks of corpus.markup's parser
_Text.handle_starttag
_Text.handle_endtag
_Text.handle_data
attrs  # the hook signature: every start tag's attributes, not needed to read the text)
from docx.opc.part import Part  # noqa: E402
from docx.section import Section  # noqa: E402

Section.page_width  # python-docx writes the page size and margins when these are set (the Word paper is A4)
Section.page_height
Section.left_margin
Section.right_margin
Section.top_margin
Section.bottom_margin
Part._blob  # quiz.export rewrites python-docx's font-table part through its blob

Slot.comparison  # analysis fields read through asdict: the JSON of policykb analyse and /analyse/…, the template
Slot.alternatives
ListStructure.shared_prefix
ListStructure.shared_suffix

from web.schemas import ExamSave, PracticeAnswer, PracticeStart, Schema  # noqa: E402

Schema.model_config  # pydantic reads it
PracticeStart.restart  # request fields: read by the views through the validated body (``json_body``)
PracticeAnswer.request_id  # the idempotency key (used by the views that store answers once)
ExamSave.request_id

from flask.sessions import SessionMixin  # noqa: E402

SessionMixin.permanent  # Flask reads it when it writes the cookie (a local profile's cookie outlives the browser)

ChineseFormatter.write_heading  # click's help page calls it for 选项 / 命令
ChineseContext.formatter_class  # click makes each help page's formatter from it
ChineseGroup.context_class  # click makes a group's context from it
ChineseGroup.options_metavar  # click prints them in the usage line: [选项] 命令 [参数]...
ChineseGroup.subcommand_metavar

Server.load_config  # web.server: gunicorn's BaseApplication calls these two on its subclass
Server.load
