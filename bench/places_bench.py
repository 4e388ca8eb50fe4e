"""Place resolution on a hostile page: one line listing every sizeable one-word US town
name the gazetteer knows (about 1,300), the shape of a scraped directory or tag cloud.
Prints names, toponyms found and seconds; resolution must stay near-linear in the
number of names on a page."""
from __future__ import annotations

import time

from claimscope.extract.gazetteer import gazetteer
from claimscope.extract.places import find_toponyms


def main() -> None:
    places = gazetteer().places()
    names = sorted({p.name for p in places if p.country == "US" and p.feature == "city"
                    and p.population >= 20_000 and " " not in p.name})
    text = "Towns: " + ", ".join(names) + "."
    started = time.perf_counter()
    found = find_toponyms(text)
    print(f"{len(names)} names, {len(found)} toponyms, {time.perf_counter() - started:.2f} s")


if __name__ == "__main__":
    main()
