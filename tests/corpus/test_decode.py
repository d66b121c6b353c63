import codecs

import pytest

from corpus.decode import decode_bytes
from corpus.errors import EmptyFile, UndecodableFile

TEXT = "一、总体要求\r\n加强社区工作者队伍建设。"


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (TEXT.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF8 + TEXT.encode("utf-8"), "utf-8-sig"),
        (TEXT.encode("gb18030"), "gb18030"),
        (TEXT.encode("utf-16"), "utf-16"),
    ],
)
def test_decodes_the_encodings_policy_texts_arrive_in(data: bytes, encoding: str) -> None:
    decoded = decode_bytes("x.txt", data)
    assert decoded.text == TEXT
    assert decoded.encoding == encoding


def test_an_empty_file_is_refused_with_its_name() -> None:
    with pytest.raises(EmptyFile, match=r"blank\.txt"):
        decode_bytes("blank.txt", b" \r\n\t\n")


def test_binary_bytes_are_refused_with_its_name() -> None:
    with pytest.raises(UndecodableFile, match=r"scan\.pdf: 无法"):
        decode_bytes("scan.pdf", bytes(range(256)) * 4)
