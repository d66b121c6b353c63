"""Turn a raw file's bytes into text, whatever encoding a policy text arrives in."""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

from corpus.errors import EmptyFile, UndecodableFile


@dataclass(frozen=True)
class Decoded:
    """A file's text (BOM removed, line ends untouched) and the encoding it was read with."""

    text: str
    encoding: str


# the opening bytes of file types that are not text, with their names
_MAGIC = (
    (b"%PDF", "PDF"),
    (b"PK\x03\x04", "ZIP 压缩包或 Word/Excel（.docx/.xlsx）"),
    (b"\xd0\xcf\x11\xe0", "Word/Excel 旧格式（.doc/.xls）"),
    (b"\x89PNG", "PNG 图片"),
    (b"\xff\xd8\xff", "JPEG 图片"),
    (b"GIF8", "GIF 图片"),
    (b"{\\rtf", "RTF"),
)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


def decode_bytes(filename: str, data: bytes) -> Decoded:
    """Decode UTF-8 (with or without BOM), UTF-16 with BOM, or GB18030; refuse binary and anything else."""
    for magic, kind in _MAGIC:
        if data.startswith(magic):
            raise UndecodableFile(filename, f"是二进制文件（{kind}），不是文本；请先转成 .txt 或 .md")
    if data.startswith(codecs.BOM_UTF8):
        candidates = [("utf-8-sig", data)]
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        candidates = [("utf-16", data)]
    else:
        candidates = [("utf-8", data), ("gb18030", data)]
    for encoding, payload in candidates:
        try:
            text = payload.decode(encoding)
        except UnicodeDecodeError:
            continue
        if "\x00" in text:
            continue
        if len(_CONTROL.findall(text)) > max(2, len(text) // 1000):
            raise UndecodableFile(filename, "含大量控制字符，像是二进制文件，不是文本")
        if not text.strip():
            raise EmptyFile(filename, "文件为空（只有空白字符）")
        return Decoded(text=text, encoding=encoding)
    if not data.strip():
        raise EmptyFile(filename, "文件为空")
    raise UndecodableFile(filename, "无法按 UTF-8 或 GB18030 解码（文件可能是二进制或其他编码）")
