"""Users: the local profile of the embedded default, and accounts on a shared deployment.

Passwords arrive here already hashed (the web layer hashes them); this module only stores and finds
users. On one computer nobody logs in: everything belongs to the local profile, which is also the
trainer there. On a shared server each account sees only its own answers; trainers are named by an
administrator (``policykb user add NAME --trainer``).
"""

from __future__ import annotations

import datetime as dt
import re

from sqlalchemy import select
from sqlalchemy.orm import Session

from corpus.errors import InvalidInput, NotFound
from kb.db import insert_missing
from quiz.models import User

LOCAL_USERNAME = "local"
LOCAL_DISPLAY_NAME = "本机用户"
ROLES = {"candidate": "考生", "trainer": "培训师"}
_USERNAME = re.compile(r"^[\w\u4e00-\u9fff.\-]{2,30}$")


class UserNotFound(NotFound):
    """No user has this name or id."""


def local_user(session: Session, *, now: dt.datetime) -> User:
    """The local profile, the only user of the embedded default (made on first use, once however many requests come first)."""
    user = session.scalars(select(User).where(User.username == LOCAL_USERNAME)).first()
    if user is None:
        profile = {"display_name": LOCAL_DISPLAY_NAME, "password_hash": None, "role": "trainer", "created_at": now}
        insert_missing(session, User, {"username": LOCAL_USERNAME, **profile})
        user = session.scalars(select(User).where(User.username == LOCAL_USERNAME)).one()
    return user


def check_username(username: str) -> str:
    """A valid user name, or InvalidInput saying what is wrong with it."""
    name = username.strip()
    if not _USERNAME.match(name):
        raise InvalidInput("用户名要 2–30 个字符，只能用汉字、字母、数字、下划线、点或连字符")
    if name == LOCAL_USERNAME:
        raise InvalidInput(f"“{LOCAL_USERNAME}”是本机档案保留的名字，请换一个")
    return name


def create_user(
    session: Session,
    username: str,
    *,
    password_hash: str,
    now: dt.datetime,
    display_name: str | None = None,
    role: str = "candidate",
) -> User:
    """Register an account; the user name must be free."""
    name = check_username(username)
    if role not in ROLES:
        raise InvalidInput(f"角色只能是 {'、'.join(ROLES)}")
    if find_user(session, name) is not None:
        raise InvalidInput(f"用户名“{name}”已被使用")
    user = User(
        username=name, display_name=(display_name or name).strip()[:60], password_hash=password_hash, role=role, created_at=now
    )
    session.add(user)
    session.flush()
    return user


def find_user(session: Session, username: str) -> User | None:
    """The user with this name, if any."""
    return session.scalars(select(User).where(User.username == username.strip())).first()


def set_role(session: Session, username: str, role: str) -> User:
    """Make a user a trainer or a candidate."""
    if role not in ROLES:
        raise InvalidInput(f"角色只能是 {'、'.join(ROLES)}")
    user = find_user(session, username)
    if user is None:
        raise UserNotFound(f"没有这个用户：{username}")
    user.role = role
    session.flush()
    return user


def list_users(session: Session) -> list[User]:
    """Every user, oldest first."""
    return list(session.scalars(select(User).order_by(User.id)))
