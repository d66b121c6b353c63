"""Turn a raw file's bytes into text, whatever encoding a policy text arrives in."""

from __future__ import annotations

import codecs
from dataclasses import dataclass

from corpus.errors import EmptyFile, UndecodableFile


@dataclass(frozen=True)
class Decoded:
    """A file's text (BOM removed, line ends untouched) and the encoding it was read with."""

    text: str
    encoding: str


def decode_bytes(filename: str, data: bytes) -> Decoded:
    """Decode UTF-8 (with or without BOM), UTF-16 with BOM, or GB18030; refuse anything else."""
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
        if not text.strip():
            raise EmptyFile(filename, "文件为空（只有空白字符）")
        return Decoded(text=text, encoding=encoding)
    if not data.strip():
        raise EmptyFile(filename, "文件为空")
    raise UndecodableFile(filename, "无法按 UTF-8 或 GB18030 解码（文件可能是二进制或其他编码）")
