"""Write a folder of hostile inputs: the shapes of page that made per-page work unbounded.

    python3 bench/hostile_inputs.py FOLDER [--scale 1.0]

``write_hostile(folder, scale)`` writes each file below and returns their paths; ``scale``
shrinks every size (0.01 writes a folder of a few MB for a quick look). Everything is
generated from a fixed seed, so two runs write the same bytes. At scale 1:

- ``long_line.txt``        a 200 MB page that is one line of junk words
- ``short_lines.txt``      5 M short lines ("ok 17", "+1", ...)
- ``bomb.gz``              a gzip bomb: 2 MB that unpack to 2 GiB of text
- ``bomb.warc.gz``         one WARC response record whose gzip member unpacks to 2 GiB
- ``bomb.jsonl.gz``        a JSONL.gz whose first line unpacks to 1 GiB, then a normal line
- ``binary.bin``           10 MB of random bytes
- ``image.png``            a PNG header and random bytes
- ``broken_utf8.txt``      prose with invalid UTF-8 sequences every few hundred bytes
- ``broken_utf16.txt``     UTF-16 with a byte order mark, lone surrogates and an odd last byte
- ``huge_line.jsonl``      a normal line, a 300 MB line (over max_page_bytes), a 40 MB line
- ``nested.html``          100,000 nested tags and 50 MB of script
- ``comment_thread.txt``   an article under 40,000 comments (about 10 MB)
"""
from __future__ import annotations

import argparse
import gzip
import json
import random
import zlib
from pathlib import Path

__all__ = ["ERROR_FILES", "HOSTILE_FILES", "write_hostile"]

MB = 1024 * 1024
# the files that must end as input errors (over max_page_bytes, binary); the others are pages
ERROR_FILES = ("bomb.gz", "bomb.warc.gz", "binary.bin", "image.png")
HOSTILE_FILES = ("long_line.txt", "short_lines.txt", *ERROR_FILES, "bomb.jsonl.gz", "broken_utf8.txt",
                 "broken_utf16.txt", "huge_line.jsonl", "nested.html", "comment_thread.txt")

_WORDS = tuple("the minister said that forces attacked villages near the border on Monday while "
               "officials denied reports of casualties and claimed the strikes hit only military "
               "targets according to a statement released by the ministry in the capital".split(" "))
_NAMES = ("Anna K", "bob_1970", "Guest", "Truth Seeker", "M. Rossi", "Jean-Luc", "xX_patriot_Xx", "Li Wei")
_COMMENTS = (
    "This is exactly what they said would happen, and nobody listened.",
    "Source? The ministry has denied every one of these reports so far.",
    "According to the UN, more than 3,000 people left the city in March.",
    "They are lying to us again. Wake up people!",
    "Good article, thanks for posting it.",
    "The spokesman said the strikes hit only military targets, which I doubt.",
    "I live near Raqqa and what you describe is not what we see here.",
    "+1",
)


def _junk_words(rng: random.Random, size: int) -> bytes:
    """About ``size`` bytes of words separated by spaces, on one line."""
    block = " ".join(rng.choice(_WORDS) + rng.choice(("", "", "x", "123", "-")) for _ in range(20_000)).encode()
    repeats, rest = divmod(size, len(block) + 1)
    return b" ".join([block] * repeats) + b" " + block[:rest]


def _gzip_of_repeats(unit: bytes, total: int, prefix: bytes = b"") -> bytes:
    """One gzip member of ``prefix`` and ``unit`` repeated to ``total`` bytes, made
    without holding ``total`` bytes in memory."""
    packer = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    out = [packer.compress(prefix)]
    chunk = unit * max(1, MB // len(unit))
    written = 0
    while written < total:
        piece = chunk[: total - written]
        out.append(packer.compress(piece))
        written += len(piece)
    out.append(packer.flush())
    return b"".join(out)


def _warc_bomb(body_size: int) -> bytes:
    http_head = b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n"
    length = len(http_head) + body_size
    warc_head = (f"WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: http://example.com/bomb\r\n"
                 f"WARC-Date: 2020-03-27T10:00:00Z\r\nWARC-Record-ID: <urn:uuid:0000-bomb>\r\n"
                 f"Content-Type: application/http; msgtype=response\r\nContent-Length: {length}\r\n\r\n").encode()
    body = _gzip_of_repeats(b"<p>boom</p>", body_size, warc_head + http_head + b"<html><body>")
    return body  # the record's trailing CRLFs never come: the bomb is also cut short


def _comment_thread(rng: random.Random, comments: int) -> str:
    article = ("Forces attacked villages near the border, officials said on Monday.\n\n"
               "The ministry denied the reports. \"Our strikes hit only military targets,\" "
               "spokesman Ivan Petrov said in a statement.\n\n")
    parts = ["Border villages attacked, officials say\n\n", article, f"{comments} Comments\n\n"]
    for i in range(comments):
        body = " ".join(rng.choice(_COMMENTS) for _ in range(rng.randint(1, 4)))
        parts.append(f"{rng.choice(_NAMES)}\nMarch {1 + i % 28}, 2020 at {1 + i % 12}:{i % 60:02d} pm\n"
                     f"{body}\nReply\n\n")
    return "".join(parts)


def _nested_html(depth: int, script_bytes: int) -> bytes:
    script = "<script>var x = '" + "a" * (script_bytes // 2) + "';</script>\n"
    return ("<!doctype html><html><head><title>Nested</title>" + script + "</head><body>"
            + "<div>" * depth + "<p>Deep inside, the minister said the talks had failed.</p>"
            + "</div>" * depth + script + "<p>The end of the page.</p></body></html>").encode()


def _broken_utf16() -> bytes:
    text = "The minister said the talks had failed. " * 2000
    good = "\ufeff".encode("utf-16-le") + text.encode("utf-16-le")
    lone_surrogates = b"\x00\xd8A\x00" * 50  # high surrogates with no low half
    return good[:20_000] + lone_surrogates + good[20_000:] + b"\x41"  # odd last byte


def write_hostile(folder: str | Path, scale: float = 1.0, seed: int = 16) -> list[Path]:
    """Write every hostile file into ``folder`` (created); returns their paths."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    size = lambda n: max(1, int(n * scale))  # noqa: E731
    files = {
        "long_line.txt": _junk_words(rng, size(200 * MB)),
        "short_lines.txt": b"".join(rng.choice((b"ok %d\n", b"+1\n", b"lol\n", b"%d\n")).replace(b"%d", b"%d" % i)
                                    for i in range(size(5_000_000))),
        "bomb.gz": _gzip_of_repeats(b"all work and no play ", size(2048 * MB)),
        "bomb.warc.gz": _warc_bomb(size(2048 * MB)),
        "bomb.jsonl.gz": _gzip_of_repeats(b"A", size(1024 * MB), b'{"text": "') + gzip.compress(
            b'", "url": "http://example.com/a"}\n{"text": "A normal line after the bomb."}\n'),
        "binary.bin": rng.randbytes(size(10 * MB)),
        "image.png": b"\x89PNG\r\n\x1a\n" + rng.randbytes(size(MB)),
        "broken_utf8.txt": b"".join(b"The talks failed, the minister said. " * 8 + rng.choice((b"\xff", b"\xc3", b"\xe2\x80", b"\xed\xa0\x80"))
                                    for _ in range(size(20_000))),
        "broken_utf16.txt": _broken_utf16(),
        "nested.html": _nested_html(size(100_000), size(50 * MB)),
        "comment_thread.txt": _comment_thread(rng, size(40_000)).encode(),
    }
    for name, data in files.items():
        (folder / name).write_bytes(data)
        del data
    files.clear()
    _write_huge_jsonl(folder / "huge_line.jsonl", rng, size)
    return [folder / name for name in HOSTILE_FILES]


def _write_huge_jsonl(path: Path, rng: random.Random, size) -> None:
    """Line 2 is over max_page_bytes (an error), line 3 is a 40 MB page of junk words."""
    with open(path, "wb") as fh:
        fh.write(json.dumps({"text": "A short normal page. The minister said so."}).encode() + b"\n")
        fh.write(b'{"text": "')
        fh.writelines(b"x" * MB for _ in range(max(1, size(300 * MB) // MB)))
        fh.write(b'"}\n')
        fh.write(b'{"text": "' + _junk_words(rng, size(40 * MB)) + b'"}\n')


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("folder")
    ap.add_argument("--scale", type=float, default=1.0)
    args = ap.parse_args()
    for path in write_hostile(args.folder, args.scale):
        print(f"{path.stat().st_size:>12,} {path}")


if __name__ == "__main__":
    main()
