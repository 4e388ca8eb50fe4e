"""Bytes to text: detect the encoding, replace (and count) what cannot be decoded."""
from __future__ import annotations

import codecs

from ..errors import InputError

_BINARY_MAGIC = {
    b"\x89PNG": "PNG image", b"%PDF": "PDF document", b"PK\x03\x04": "ZIP archive",
    b"\x7fELF": "ELF executable", b"GIF8": "GIF image", b"\xff\xd8\xff": "JPEG image",
    b"BZh": "bzip2 archive", b"\xfd7zXZ": "xz archive", b"7z\xbc\xaf": "7-zip archive",
    b"SQLite format 3": "SQLite database",
}


# every byte but the C0 controls and DEL: deleting these from bytes leaves their control
# bytes. Tab, line feed, vertical tab, form feed and carriage return are text, and so is
# escape (pages copied from a terminal carry colour codes).
_NOT_CONTROL = bytes(b for b in range(256) if not (b < 0x20 and b not in b"\t\n\x0b\x0c\r\x1b" or b == 0x7f))


def check_not_binary(raw: bytes) -> None:
    """Raise InputError for bytes that are clearly not a text page."""
    if not raw.strip():
        raise InputError("empty file" if not raw else "file holds only whitespace")
    for magic, what in _BINARY_MAGIC.items():
        if raw.startswith(magic):
            raise InputError(f"binary file ({what}), not a page")
    head = raw[:8192]
    if head.count(b"\x00") > len(head) // 100 and not _looks_utf16(head):
        raise InputError("binary file (NUL bytes), not a page")
    if len(head.translate(None, _NOT_CONTROL)) > len(head) // 20 and not _looks_utf16(head):
        # random bytes hold a NUL only once in 256, but a control byte once in 9; text in
        # any 8-bit encoding or UTF-8 holds almost none
        raise InputError("binary file (control bytes), not a page")


def _looks_utf16(head: bytes) -> bool:
    return head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))


def decode(raw: bytes, declared: str | None = None) -> tuple[str, str, int, tuple[str, ...]]:
    """Decode ``raw``: (text, encoding, replaced character count, notes).

    UTF-8 (with or without BOM) and UTF-16 with a BOM are taken as they are; a
    declared charset (HTTP header, meta tag) is tried next; otherwise
    charset-normalizer guesses. Bytes that the chosen encoding cannot decode
    become U+FFFD and are counted, never fatal.
    """
    notes: list[str] = []
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _decode_with(raw, "utf-16", notes)
    if raw.startswith(codecs.BOM_UTF8):
        notes.append("utf-8 byte order mark removed")
        return _decode_with(raw, "utf-8-sig", notes)
    try:
        return raw.decode("utf-8"), "utf-8", 0, ()
    except UnicodeDecodeError:
        pass
    candidates = [declared] if declared else []
    guess = _guess(raw)
    if guess:
        candidates.append(guess)
    for encoding in candidates:
        try:
            codecs.lookup(encoding)
        except LookupError:
            notes.append(f"unknown encoding {encoding!r} ignored")
            continue
        text, enc, replaced, notes_t = _decode_with(raw, encoding, notes)
        # a guess that needs many replacements is worse than utf-8 with a few
        if replaced <= max(3, len(raw) // 1000):
            return text, enc, replaced, notes_t
    notes.append("not valid utf-8 and no better encoding found")
    return _decode_with(raw, "utf-8", notes)


def _guess(raw: bytes) -> str | None:
    try:
        from charset_normalizer import from_bytes
    except ImportError:  # pragma: no cover - a core dependency
        return "cp1252"
    best = from_bytes(raw[:200_000]).best()
    return best.encoding if best else None


def _decode_with(raw: bytes, encoding: str, notes: list[str]):
    text = raw.decode(encoding, errors="replace")
    replaced = text.count("\ufffd") - _count_literal_replacement(raw, encoding)
    notes = list(notes)
    if encoding not in ("utf-8", "utf-8-sig"):
        notes.append(f"decoded as {encoding}")
    if replaced:
        notes.append(f"{replaced} undecodable byte sequence(s) replaced with U+FFFD")
    return text, encoding, max(replaced, 0), tuple(notes)


def _count_literal_replacement(raw: bytes, encoding: str) -> int:
    """U+FFFD characters that were really in the source (not our replacements)."""
    if encoding.startswith("utf-8"):
        return raw.count("\ufffd".encode("utf-8"))
    return 0
