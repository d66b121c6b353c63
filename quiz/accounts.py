"""Users: the local profiles of the embedded default, and accounts on a shared deployment.

Passwords arrive here already hashed (the web layer hashes them); this module only stores and finds
users. On one computer nobody logs in: the first browser gets the local profile (the one ``policykb
drill`` uses), each further browser an anonymous profile of its own, and every local profile is
also the trainer there. On a shared server each account sees only its own answers; trainers are
named by an administrator (``policykb user add NAME --trainer``). Names are compared case-folded
(``fold_name``): ``s1ALICE`` logs in as ``s1alice`` and cannot register beside it. A user's
``session_version`` goes up when they log out or get a new password, which voids every session
signed before.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from typing import Any

from sqlalchemy import select, update
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


BROWSER_PREFIX = "~"  # anonymous browser profiles: a character no registered name may hold


def fold_name(username: str) -> str:
    """A user name as it is compared: trimmed, NFKC-normalised and case-folded."""
    return unicodedata.normalize("NFKC", username.strip()).casefold()


def local_user(session: Session, *, now: dt.datetime) -> User:
    """The local profile (made on first use, once however many requests come first): the CLI's user and the
    first browser's on the embedded default."""
    user = session.scalars(select(User).where(User.username_key == LOCAL_USERNAME)).first()
    if user is None:
        profile = {"display_name": LOCAL_DISPLAY_NAME, "password_hash": None, "role": "trainer", "created_at": now}
        insert_missing(session, User, {"username": LOCAL_USERNAME, "username_key": LOCAL_USERNAME, **profile})
        user = session.scalars(select(User).where(User.username_key == LOCAL_USERNAME)).one()
    return user


def claim_local_user(session: Session, *, now: dt.datetime) -> User | None:
    """The local profile for the first browser that asks; None once another browser holds it."""
    user = local_user(session, now=now)
    claimed = session.execute(
        update(User).where(User.id == user.id, User.claimed_at.is_(None)).values(claimed_at=now).returning(User.id)
    ).first()
    return user if claimed is not None else None


def browser_profile(session: Session, token: str, *, now: dt.datetime) -> User:
    """A new anonymous local profile for one more browser (a trainer, like the local profile)."""
    name = f"{BROWSER_PREFIX}{token}"
    user = User(
        username=name,
        username_key=name,
        display_name=f"本机访客 {token[:4]}",
        password_hash=None,
        role="trainer",
        created_at=now,
        claimed_at=now,
    )
    session.add(user)
    session.flush()
    return user


def check_username(username: str) -> str:
    """A valid user name, or InvalidInput saying what is wrong with it."""
    name = unicodedata.normalize("NFKC", username.strip())
    if not _USERNAME.match(name):
        raise InvalidInput("用户名要 2–30 个字符，只能用汉字、字母、数字、下划线、点或连字符")
    if fold_name(name) == LOCAL_USERNAME:
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
        raise InvalidInput(f"用户名“{name}”已被使用（不区分大小写）")
    user = User(
        username=name,
        username_key=fold_name(name),
        display_name=(display_name or name).strip()[:60],
        password_hash=password_hash,
        role=role,
        created_at=now,
    )
    session.add(user)
    session.flush()
    return user


def find_user(session: Session, username: str) -> User | None:
    """The user with this name (compared case-folded), if any; an exact name first (two accounts that fold
    alike from before names were folded both stay reachable, see migration 0003)."""
    exact = session.scalars(select(User).where(User.username == username.strip())).first()
    return exact or session.scalars(select(User).where(User.username_key == fold_name(username))).first()


def end_sessions(user: User) -> None:
    """Void every session of this user (logging out, a new password)."""
    user.session_version = (user.session_version or 0) + 1


def set_password(session: Session, username: str, password_hash: str) -> User:
    """Give an account a new password (already hashed) and end its sessions."""
    user = find_user(session, username)
    if user is None or user.password_hash is None:
        raise UserNotFound(f"没有这个账号：{username}")
    user.password_hash = password_hash
    end_sessions(user)
    session.flush()
    return user


def replace_password_hash(session: Session, user: User, *, old: str, new: str) -> bool:
    """Store a new hash of the same password (a stronger format) unless the hash is no longer ``old``; whether it was stored.

    The sessions stay: the password is the same. The condition is in the UPDATE itself, so a password changed
    between reading ``old`` and now is never overwritten with the previous one.
    """
    stored: Any = session.execute(
        update(User).where(User.id == user.id, User.password_hash == old).values(password_hash=new),
        execution_options={"synchronize_session": "fetch"},
    )
    return bool(stored.rowcount)


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
