"""Rule-based resolution of claim sources to one canonical entity per page.

A source written as a full name starts an entity. Later, a surname
("Zakharova"), a pronoun ("she"), a role noun phrase ("the foreign ministry
spokesperson") or a document noun ("the statement") is resolved to the most
recent compatible entity: surnames by their last word, roles through the
appositive that introduced the person ("a spokesperson for ..., Mariya
Zakharova"), pronouns and documents to the latest speaker.
"""
from __future__ import annotations

import functools
import re
from importlib import resources

NAME = re.compile(r"[A-Z][\w'’.-]*(?:\s+(?:(?:al|el|bin|de|van|von|of|the|for)\s+)?[A-Z][\w'’.-]*)*")
ACRONYM = re.compile(r"\(([A-Z]{2,})\)")
ARTICLES = ("the ", "a ", "an ")


@functools.cache
def entity_words() -> dict[str, str]:
    text = resources.files(__package__).joinpath("data").joinpath("entity_words.tsv").read_text("utf-8")
    rows = (l.split("\t") for l in text.splitlines() if l.strip() and not l.startswith("#"))
    return {word: kind for word, kind in rows}


def _kind_of(word: str) -> str | None:
    return entity_words().get(word.lower().strip(".,"))


def looks_like_org(name: str) -> bool:
    return any(_kind_of(w) == "org" for w in name.split()) or name.isupper()


def _strip_article(text: str) -> str:
    lowered = text.lower()
    for article in ARTICLES:
        if lowered.startswith(article):
            return text[len(article):]
    return text


def _last_name_run(source: str) -> str | None:
    runs = [_strip_article(m.group(0)) for m in NAME.finditer(source)]
    runs = [r for r in runs if r and r.lower() not in entity_words() and r.lower() not in ("the", "a", "an")]
    return runs[-1] if runs else None


class SourceResolver:
    """Keeps the page's entities in order of appearance; call ``resolve`` per claim."""

    def __init__(self) -> None:
        self.people: list[str] = []
        self.orgs: dict[str, str] = {}  # acronym or name -> canonical
        self.roles: dict[str, str] = {}  # role noun -> person
        self.last_speaker: str | None = None
        self.last_person: str | None = None

    def _remember_person(self, name: str, source: str) -> str:
        for known in self.people:  # "Zakharova" after "Mariya Zakharova"
            if known.split()[-1] == name.split()[-1]:
                name = known if len(known) >= len(name) else name
        if name not in self.people:
            self.people.append(name)
        for word in re.findall(r"[a-z]+", source):
            if _kind_of(word) == "role":
                self.roles[word] = name
        return name

    def _remember_org(self, source: str) -> str:
        acronym = ACRONYM.search(source)
        canonical = _strip_article(ACRONYM.sub("", source).strip(" ,"))
        if acronym:
            self.orgs[acronym.group(1)] = canonical
        return self.orgs.get(canonical, canonical)

    def _by_words(self, source: str) -> str | None:
        words = re.findall(r"[A-Za-z]+", source.lower())
        kinds = [_kind_of(w) for w in words]
        if words and kinds[-1] == "pronoun_1":
            return None  # "we"/"I" inside a quote: the quoted speaker, resolved by nesting
        if words and kinds[-1] and kinds[-1].startswith("pronoun"):
            # "she"/"he" name a person; "they" may be any speaker
            return self.last_speaker if kinds[-1] == "pronoun_p" else self.last_person
        if "document" in kinds:
            return self.last_speaker
        for word, kind in zip(reversed(words), reversed(kinds)):
            if kind == "role":  # "the spokesperson": the person introduced with that title
                return self.roles.get(word) or (self.people[-1] if self.people else None)
        return None

    def resolve(self, source: str | None, context: str = "") -> str | None:
        """``context``: text just before the source, where an appositive title sits
        ("a spokesperson for the Russian Foreign Ministry, Mariya Zakharova")."""
        if not source:
            return None
        if (last_name := _last_name_run(source)) and not looks_like_org(last_name):
            source_with_title = f"{context} {source}"
        else:
            source_with_title = source
        canonical = self._by_words(source) if not _last_name_run(source) else None
        if canonical is None and _kind_of(source.split()[-1]) == "pronoun_1":
            return None
        if canonical is None:
            canonical = self._by_name(source, source_with_title)
        if canonical:
            self.last_speaker = canonical
            if canonical in self.people:
                self.last_person = canonical
        return canonical

    def _by_name(self, source: str, with_title: str) -> str | None:
        name = _last_name_run(source)
        if name is None:
            return _strip_article(source.strip()) or None
        if name in self.orgs:
            return self.orgs[name]
        if looks_like_org(_strip_article(source)) and not looks_like_org(name):
            return self._remember_org(source)  # "the UN Office for the Coordination of ..."
        if looks_like_org(name) or ACRONYM.search(source) or _kind_of(source.split()[-1]) == "org":
            return self._remember_org(source if ACRONYM.search(source) else name)
        return self._remember_person(name, with_title)
