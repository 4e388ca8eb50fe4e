"""Place resolution on hostile pages: one line listing every sizeable one-word US town
name the gazetteer knows (about 1,300), the shape of a scraped directory or tag cloud;
and one long line repeating the same sentence (a spam page or a stuck scraper), where
the same few names come back thousands of times. Prints names, toponyms found and
seconds; resolution must stay near-linear in the number of names on a page."""
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
    for repeats in (1_000, 4_000):
        text = " ".join(["Officials in Paris and Berlin said the talks in Geneva would go on."] * repeats)
        started = time.perf_counter()
        found = find_toponyms(text)
        print(f"one sentence {repeats} times: {len(found)} toponyms, {time.perf_counter() - started:.2f} s")


if __name__ == "__main__":
    main()
