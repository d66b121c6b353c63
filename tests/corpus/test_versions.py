"""Version status (时效性) from a family's versions and a day."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from corpus.catalog import load_catalog
from corpus.errors import SourceError
from corpus.versions import VersionInfo, version_info, version_statuses

D = dt.date
OLD = VersionInfo("law-2018", "law", D(2018, 10, 26), D(1992, 10, 1), "修正")
NEW = VersionInfo("law-2022", "law", D(2022, 10, 30), D(2023, 1, 1), "修订")


@pytest.mark.parametrize(
    ("as_of", "old", "new"),
    [
        (D(2024, 12, 31), "amended", "current"),
        (D(2022, 12, 31), "current", "not_yet_effective"),  # adopted, not yet in force
        (D(2020, 1, 1), "current", "not_yet_effective"),
        (D(2010, 1, 1), "not_yet_effective", "not_yet_effective"),  # the header's 1992 施行 is the first version's
    ],
)
def test_the_latest_version_in_force_is_current(as_of: dt.date, old: str, new: str) -> None:
    found = version_statuses([NEW, OLD], as_of)
    assert (found["law-2018"].status, found["law-2022"].status) == (old, new)


def test_an_amended_version_names_its_successor_with_date_and_kind() -> None:
    found = version_statuses([OLD, NEW], D(2024, 12, 31))["law-2018"]
    assert (found.replaced_by, found.replaced_on, found.replaced_kind, found.current) == (
        "law-2022",
        D(2022, 10, 30),
        "修订",
        "law-2022",
    )


def test_the_catalog_wins_for_a_text_whose_successor_is_not_in_the_corpus() -> None:
    lone = VersionInfo("other-2010", "other", D(2010, 1, 1), catalog_replaced_by="other-2025")
    gone = VersionInfo("gone-2001", "gone", D(2001, 1, 1), catalog_status="repealed")
    found = version_statuses([lone, gone, VersionInfo("plain", "plain", D(2020, 1, 1))], D(2024, 12, 31))
    assert (found["other-2010"].status, found["other-2010"].replaced_by) == ("amended", "other-2025")
    assert (found["gone-2001"].status, found["gone-2001"].replaced_by) == ("repealed", None)
    assert found["plain"].status == "current"


def test_version_info_reads_stored_meta() -> None:
    meta = {
        "family": "law",
        "version": "2022-10-30",
        "effective": "2023-01-01",
        "amended": [{"date": "2022-10-30", "kind": "修订"}],
    }
    assert version_info("law-2022", meta) == NEW


@pytest.mark.parametrize(
    ("entry", "says"),
    [
        ('status = "gone"', "status 无效"),
        ('status = "current"\nreplaced_by = "x"', "不能有 replaced_by"),
        ('replaced_by = ""', "replaced_by"),
    ],
)
def test_a_bad_catalog_status_is_reported(tmp_path: Path, entry: str, says: str) -> None:
    path = tmp_path / "catalog.toml"
    path.write_text(f'[[file]]\nname = "a.md"\n{entry}\n', encoding="utf-8")
    with pytest.raises(SourceError, match=says):
        load_catalog(path)
