"""Every setting of the app in one table, read once at start-up (like datasette's ``SETTINGS``).

A setting comes from its default, then ``instance/config.py``, then the environment variable
``POLICYKB_<NAME>`` (``DATABASE_URL`` is honoured too), or from a test config. Environment values
are parsed by the setting's type; a value that cannot be read stops start-up with a message naming
the variable. The README's settings table is kept complete by a test against ``SETTINGS``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from corpus import DEFAULT_CATALOG, DEFAULT_RAW
from corpus.errors import InvalidInput
from kb.vocab import ALIASES_PATH, DATA_DIR, QUESTION_WORDS_PATH, TOPICS_PATH, USERDICT_PATH
from quiz.practice import WRONG_BOOK_CLEAR_AFTER
from quiz.scoring import EXAM_MINUTES
from quiz.stats import MIN_RESPONSES

ENV_PREFIX = "POLICYKB_"


@dataclass(frozen=True)
class Setting:
    """One setting: its name, its default (a value, or a function of the instance folder), its type, its help."""

    name: str
    default: Any
    type: type
    help: str

    def default_for(self, instance: Path) -> Any:
        """The default, computed for this instance folder where it depends on it."""
        return self.default(instance) if callable(self.default) else self.default


SETTINGS: tuple[Setting, ...] = (
    Setting("DATABASE_URL", lambda i: f"sqlite:///{i / 'policykb.sqlite3'}", str, "数据库 URL；默认实例目录下的 SQLite"),
    Setting("INDEX_DIR", lambda i: i / "index", Path, "检索索引的根目录（每个版本一个子目录，CURRENT 指向在用的）"),
    Setting("CORPUS_DIR", DEFAULT_RAW, Path, "语料目录：其中每个 .txt/.md 文件都会被读入"),
    Setting("CATALOG_PATH", DEFAULT_CATALOG, Path, "文件目录（catalog）：覆盖自动识别的文件信息"),
    Setting("SEARCH_USERDICT", USERDICT_PATH, Path, "分词用户词典（jieba 必须整词保留的术语）"),
    Setting("SEARCH_ALIASES", ALIASES_PATH, Path, "检索同义词表"),
    Setting("SEARCH_QUESTION_WORDS", QUESTION_WORDS_PATH, Path, "检索时忽略的提问用语（多久、怎么……）"),
    Setting(
        "LEXICON_DIR",
        DATA_DIR,
        Path,
        "条款分析用的词表目录：slots_bodies.txt、slots_levels.txt、slots_scopes.txt、slots_modality.txt、synonyms.txt",
    ),
    Setting("TOPICS_PATH", TOPICS_PATH, Path, "专题表：构建时的数字规定归类和 /topics 页面共用"),
    Setting("SECRET_KEY", None, str, "会话密钥；不设则生成一次并保存在 instance/secret_key（多台机器共用时必须设置）"),
    Setting("REQUIRE_LOGIN", False, bool, "共享部署：每个页面都要求登录"),
    Setting("ALLOW_REGISTRATION", True, bool, "共享部署时允许自行注册"),
    Setting("CSRF_ENABLED", True, bool, "表单和脚本请求校验 CSRF 令牌（只在测试中关闭）"),
    Setting("SESSION_COOKIE_SECURE", False, bool, "会话 Cookie 加 Secure 标记、只经 https 发送：经 https 提供服务时打开"),
    Setting("MAX_CONTENT_LENGTH", 1024 * 1024, int, "一个请求的请求体最多多少字节；超过的请求得到 413"),
    Setting("LOGIN_LIMIT_ACCOUNT", "5 per minute;20 per hour", str, "同一账号登录失败的次数上限，超过后暂时拒绝登录（429）"),
    Setting("LOGIN_LIMIT_ADDRESS", "30 per minute;200 per hour", str, "同一地址登录失败的次数上限，超过后暂时拒绝登录（429）"),
    Setting(
        "RATELIMIT_STORAGE_URI",
        "memory://",
        str,
        "登录失败计数存放处：memory:// 只在一个进程内；多个进程或多台机器时用 redis://… 或 memcached://…",
    ),
    Setting(
        "EXAM_CUTOFF",
        "",
        str,
        "考试截止日期（YYYY-MM-DD，如 2024-12-31）：只用当日现行有效的版本出题；留空为构建当天",
    ),
    Setting("EXAM_DATE", "", str, "考试日期（YYYY-MM-DD）：首页显示距考试还有几天；留空不显示"),
    Setting("EXAM_MINUTES", EXAM_MINUTES, int, "模拟考试时长（分钟）"),
    Setting("WRONG_BOOK_CLEAR_AFTER", WRONG_BOOK_CLEAR_AFTER, int, "连续答对几次后移出错题本"),
    Setting("ITEM_MIN_RESPONSES", MIN_RESPONSES, int, "题目分析：至少多少人作答才标记过易、过难或区分度为负"),
    Setting("TIMEZONE", "Asia/Shanghai", str, "页面和命令行显示时间用的时区（IANA 名称）；存储和 JSON 一律是 UTC"),
    Setting("SERVE_WORKERS", 0, int, "policykb serve --production 的工作进程数；0 为自动（CPU 核数，至少 2，最多 8）"),
    Setting("SERVE_THREADS", 8, int, "每个工作进程（waitress 为整个进程）同时处理请求的线程数"),
    Setting(
        "SERVE_CONNECTION_LIMIT",
        1000,
        int,
        "每个进程同时保持的连接数上限（waitress 的 connection_limit，gunicorn 的 worker_connections）",
    ),
    Setting("SERVE_BACKLOG", 2048, int, "监听队列长度：来不及接受的连接在这里排队"),
    Setting("SERVE_TIMEOUT", 60, int, "秒：gunicorn 工作进程无响应多久后重启；waitress 空闲连接多久后关闭"),
    Setting(
        "SERVE_KEEPALIVE",
        75,
        int,
        "秒：gunicorn 让空闲的长连接保持多久（比考生两次作答之间的停顿、也比反向代理的 60 秒空闲时限更长）",
    ),
)
_TRUE, _FALSE = {"1", "true", "yes", "on"}, {"0", "false", "no", "off", ""}


def exam_cutoff(value: Any) -> dt.date | None:
    """Read EXAM_CUTOFF: empty is None (the build day), else an ISO date or a message saying what is wrong."""
    return setting_date("EXAM_CUTOFF", value)


def setting_date(name: str, value: Any) -> dt.date | None:
    """Read a date setting: empty is None, else an ISO date or a message naming the setting."""
    if isinstance(value, dt.date):
        return value
    text = str(value or "").strip()
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise InvalidInput(f"{name}={text!r}：应为日期 YYYY-MM-DD，如 2024-12-31") from None


def timezone(value: Any) -> ZoneInfo:
    """Read TIMEZONE: an IANA zone name (Asia/Shanghai), or a message saying what is wrong."""
    name = str(value or "").strip()
    try:
        return ZoneInfo(name)
    except (ValueError, ZoneInfoNotFoundError):
        raise InvalidInput(f"TIMEZONE={name!r}：不认识的时区，应为 IANA 时区名，如 Asia/Shanghai") from None


def parse_value(setting: Setting, raw: str, source: str) -> Any:
    """Read one environment value by the setting's type, or say which variable is wrong and why."""
    if setting.type is bool:
        low = raw.strip().lower()
        if low in _TRUE | _FALSE:
            return low in _TRUE
        raise InvalidInput(f"{source}={raw!r}：应为 1/0、true/false 或 yes/no")
    if setting.type is int:
        try:
            return int(raw.strip())
        except ValueError:
            raise InvalidInput(f"{source}={raw!r}：应为整数") from None
    if setting.type is Path:
        return Path(raw)
    return raw


def normalise(values: Mapping[str, Any]) -> dict[str, Any]:
    """Every setting in ``values`` as its type (a path given as text becomes a Path, "0" a False …)."""
    out: dict[str, Any] = {}
    for setting in SETTINGS:
        if setting.name not in values:
            continue
        value = values[setting.name]
        if isinstance(value, str) and setting.type is not str:
            value = parse_value(setting, value, setting.name)
        out[setting.name] = value
    return out


def defaults(instance: Path) -> dict[str, Any]:
    """Every setting at its default for this instance folder."""
    return {s.name: s.default_for(instance) for s in SETTINGS}


def environment_values(environ: Mapping[str, str]) -> dict[str, Any]:
    """The settings the environment sets (``POLICYKB_<NAME>``, and ``DATABASE_URL``), parsed by type."""
    values: dict[str, Any] = {}
    if environ.get("DATABASE_URL"):
        values["DATABASE_URL"] = environ["DATABASE_URL"]
    for setting in SETTINGS:
        name = ENV_PREFIX + setting.name
        if name in environ:
            values[setting.name] = parse_value(setting, environ[name], name)
    return values
