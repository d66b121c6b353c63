"""Versions of one document and their status (时效性) on a given day.

Words:

* a **family** holds every version of one law present in the corpus (one file, one work each);
  a document with no other version is a family of one;
* a version is **in force** on a day when its effective date (施行, but not before its version
  date, since headers keep the first 施行 date through amendments) is not after that day;
* its **status** on that day: ``current`` (现行有效: the latest version of its family in force),
  ``amended`` (已被修改: a later version of the family is in force, which ``replaced_by`` names,
  with that version's date and kind of amendment), ``not_yet_effective`` (尚未生效: effective
  after the day), ``repealed`` (已废止, only from the catalog) or ``unknown`` (only from the
  catalog). The catalog's ``status`` / ``replaced_by`` win over what the versions present say,
  for a text whose successor is not in the corpus.

The day is an argument: the build passes the build date, the question bank the exam's cut-off.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

STATUSES = ("current", "amended", "repealed", "not_yet_effective", "unknown")
STATUS_LABELS = {
    "current": "现行有效",
    "amended": "已被修改",
    "repealed": "已废止",
    "not_yet_effective": "尚未生效",
    "unknown": "时效不明",
}
# how search orders equally good hits: the version in force first
STATUS_RANK = {"current": 0, "not_yet_effective": 1, "unknown": 2, "amended": 3, "repealed": 4}


def status_label(status: str) -> str:
    """现行有效 / 已被修改 / … for a status code (an unknown code as it is)."""
    return STATUS_LABELS.get(status, status)


@dataclass(frozen=True)
class VersionInfo:
    """What the status rule needs of one work: its family, dates and what the catalog says."""

    slug: str
    family: str
    version: dt.date | None  # the version date (latest adoption, amendment or publication)
    effective: dt.date | None = None
    kind: str | None = None  # 修正 | 修订 of the version's own latest amendment, if any
    catalog_status: str | None = None
    catalog_replaced_by: str | None = None

    @property
    def in_force_from(self) -> dt.date | None:
        """The day the version takes effect: its effective date, but never before the version was made.

        A law's header keeps the first 施行 date through later 修正 (妇女权益保障法 2018 says 1992);
        such a version is in force from its own date.
        """
        if self.effective and self.version:
            return max(self.effective, self.version)
        return self.effective or self.version


@dataclass(frozen=True)
class VersionStatus:
    """One version's status on a day, and the version that replaced it (if amended)."""

    status: str
    replaced_by: str | None = None
    replaced_on: dt.date | None = None  # the replacing version's date
    replaced_kind: str | None = None  # 修正 | 修订 | None
    current: str | None = None  # the family's version in force that day, if any

    def as_meta(self) -> dict[str, str | None]:
        """The status as stored in a work's meta (dates as ISO strings)."""
        return {
            "status": self.status,
            "replaced_by": self.replaced_by,
            "replaced_on": self.replaced_on.isoformat() if self.replaced_on else None,
            "replaced_kind": self.replaced_kind,
            "current": self.current,
        }


def _order(v: VersionInfo) -> tuple[dt.date, dt.date, str]:
    return (v.in_force_from or dt.date.min, v.version or dt.date.min, v.slug)


def version_statuses(versions: Iterable[VersionInfo], as_of: dt.date) -> dict[str, VersionStatus]:
    """Each version's status on the day ``as_of``, from the versions of its family present."""
    families: dict[str, list[VersionInfo]] = defaultdict(list)
    for v in versions:
        families[v.family].append(v)
    out: dict[str, VersionStatus] = {}
    for members in families.values():
        members.sort(key=_order)
        in_force = [v for v in members if (v.in_force_from or dt.date.min) <= as_of]
        current = in_force[-1] if in_force else None
        for v in members:
            if current is not None and v is current:
                found = VersionStatus("current", current=v.slug)
            elif v not in in_force:
                found = VersionStatus("not_yet_effective", current=current.slug if current else None)
            else:
                nxt = in_force[in_force.index(v) + 1]  # the next version in force replaced this one
                found = VersionStatus("amended", nxt.slug, nxt.version, nxt.kind, current.slug if current else None)
            out[v.slug] = _with_catalog(v, found)
    return out


def _with_catalog(v: VersionInfo, found: VersionStatus) -> VersionStatus:
    """The catalog's word wins: a status it sets, and the successor it names (outside the corpus too)."""
    if not v.catalog_status and not v.catalog_replaced_by:
        return found
    status = v.catalog_status or ("amended" if v.catalog_replaced_by else found.status)
    replaced_by = v.catalog_replaced_by or (found.replaced_by if status == "amended" else None)
    keep = status == found.status and replaced_by == found.replaced_by
    return VersionStatus(
        status,
        replaced_by,
        found.replaced_on if keep else None,
        found.replaced_kind if keep else None,
        found.current if status != "current" else v.slug,
    )


def current_versions(statuses: Mapping[str, VersionStatus]) -> set[str]:
    """The slugs whose status is ``current`` (the versions questions may come from)."""
    return {slug for slug, s in statuses.items() if s.status == "current"}


def version_info(slug: str, meta: Mapping[str, object]) -> VersionInfo:
    """Read a work's family, dates and catalog status from its meta (as assembled or as stored)."""

    def day(value: object) -> dt.date | None:
        if isinstance(value, dt.date):
            return value
        return dt.date.fromisoformat(value) if isinstance(value, str) and value else None

    version = day(meta.get("version"))
    amended = meta.get("amended")
    kind = None
    if isinstance(amended, list):
        kind = next(
            (str(a.get("kind")) for a in reversed(amended) if isinstance(a, dict) and day(a.get("date")) == version), None
        )
    status, replaced_by = meta.get("catalog_status"), meta.get("catalog_replaced_by")
    return VersionInfo(
        slug,
        str(meta.get("family") or slug),
        version,
        day(meta.get("effective")),
        kind,
        str(status) if status else None,
        str(replaced_by) if replaced_by else None,
    )
