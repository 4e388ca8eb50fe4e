"""Entity mentions with one canonical name per entity and page.

spaCy's NER proposes spans; its labels are then corrected with what the page
itself shows: a span resolved by the gazetteer is a PLACE, a name that the
attribution rules found speaking as a person is a PERSON (the small model
calls Zakharova ORG), and a surname after a full name takes the full name.
"""
from __future__ import annotations

from dataclasses import dataclass

from .coref import SourceResolver, looks_like_org

LABELS = {"PERSON": "PERSON", "ORG": "ORG", "GPE": "PLACE", "LOC": "PLACE", "FAC": "PLACE",
          "NORP": "GROUP"}


@dataclass(frozen=True, slots=True)
class EntityMatch:
    start: int
    end: int
    text: str
    label: str
    canonical: str


def _canonical_person(name: str, people: list[str]) -> str | None:
    last = name.split()[-1]
    for person in people:
        if person == name or person.split()[-1] == last:
            return person
    return None


def find_entities(text: str, ents, toponyms, resolver: SourceResolver) -> list[EntityMatch]:
    """``ents``: NER (start, end, label); ``toponyms``: resolved places; ``resolver``:
    the page's source resolver after the claims were resolved (it knows the speakers)."""
    places = {(t.start, t.end): t.place.name for t in toponyms}
    found = []
    for start, end, label in ents:
        if label not in LABELS:
            continue
        surface = text[start:end]
        found.append(_entity(start, end, surface, LABELS[label], places, resolver))
    covered = {(m.start, m.end) for m in found}
    found += [EntityMatch(t.start, t.end, t.text, "PLACE", t.place.name)
              for t in toponyms if (t.start, t.end) not in covered]
    return sorted(found, key=lambda m: m.start)


def _entity(start, end, surface, label, places, resolver) -> EntityMatch:
    if (start, end) in places:
        return EntityMatch(start, end, surface, "PLACE", places[(start, end)])
    name = surface[4:] if surface.lower().startswith("the ") else surface
    person = _canonical_person(name, resolver.people)
    if person and not looks_like_org(name):
        return EntityMatch(start, end, surface, "PERSON", person)
    if name in resolver.orgs:
        return EntityMatch(start, end, surface, "ORG", resolver.orgs[name])
    return EntityMatch(start, end, surface, label, name)
