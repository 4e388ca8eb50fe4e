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

# A capitalised word, or one whose capital follows a single small letter ("eMarketer", "iRobot")
# or an Arabic article and a hyphen ("al-Mutlak", "el-Baradei"), never the tail of a longer
# word; "*" inside a name ("E*Trade") belongs to it.
_NAME_WORD = r"(?<![\w*])(?:(?:al|el|ad|ash|as|at|az|ar|an)-)?[a-z]?[A-Z][\w'’.*-]*"
NAME = re.compile(rf"{_NAME_WORD}(?:\s+(?:(?:al|el|bin|de|van|von|of|the|for)\s+)?{_NAME_WORD})*")
ACRONYM = re.compile(r"\(([A-Z]{2,})\)")
ARTICLES = ("the ", "a ", "an ")


@functools.cache
def entity_words() -> dict[str, str]:
    text = resources.files(__package__).joinpath("data").joinpath("entity_words.tsv").read_text("utf-8")
    rows = (l.split("\t") for l in text.splitlines() if l.strip() and not l.startswith("#"))
    return {word: kind for word, kind in rows}


def kind_of(word: str) -> str | None:
    """What a word marks in a source (data/entity_words.tsv): "org", "role", "document", a
    pronoun's kind, or None."""
    return entity_words().get(word.lower().strip(".,"))


RELATIVE_PRONOUNS = frozenset(["who", "that", "which"])
BARE_ROLE_WORDS = frozenset(["the", "a", "an", "this", "that", "our", "their", "its"])  # "the official" alone
# A wire story's dateline the source's words begin with: "NEW YORK (AP) - ".
DATELINE = re.compile(r"^[A-Z][A-Z.,' ]{2,40}(?:\s*\([^)]{1,20}\))?\s*[-–—]+\s+")
# A poll's share of those asked ("Nearly half of all voters in Tier 1 (48 percent)", "47
# percent", "Just four in ten"): the speaker is the share of the group, never a name read out
# of it ("Tier", "Nearly").
POLL_SHARE = re.compile(
    r"(?i)^(?:(?:just|nearly|only|about|almost|roughly|some|over|under|more than|fewer than|less than)\s+)?"
    r"(?:half|a third|a quarter|one-third|two-thirds|one-quarter|three-quarters|three in four|\w+ in (?:ten|10)"
    r"|\d+(?:\.\d+)?\s?(?:percent|per cent|%)|a majority|the majority|a plurality)\b")


def looks_like_org(name: str) -> bool:
    return any(kind_of(w) == "org" for w in name.split()) or name.isupper()


def _strip_article(text: str) -> str:
    lowered = text.lower()
    for article in ARTICLES:
        if lowered.startswith(article):
            return text[len(article):]
    return text


def _leading_name(source: str) -> str | None:
    """The name an appositive follows: "Lee Lewis" of "Lee Lewis, manager of the Caltex
    Southern Cross roadhouse" (the last capitalised run there names the roadhouse)."""
    head, comma, _ = source.partition(",")
    match = NAME.fullmatch(_strip_article(head.strip())) if comma else None
    if match is None or match.group(0).lower() in entity_words() or looks_like_org(match.group(0)):
        return None
    return match.group(0)


# Where a source's words about its speaker end: a relative clause or an appositive ("owner
# Ted Leonsis, who has made Ovechkin the cornerstone of … the Capitals") or the body the
# speaker is with ("Astronomer Sandra Faber with the University of California, Santa Cruz",
# "David Leckrone of NASA's Goddard Space Flight Center in Greenbelt, Maryland") or the one
# spoken about ("Tony Romo on Dez Bryant: He's come full circle"). The last
# capitalised run of the whole source names that body or place, not the speaker.
_HEAD_END = re.compile(r",|\s(?:who|whose)\s|\s(?:with|of|at|from|on)\s+(?:the\s+)?(?=[A-Z])")


def _head_name(source: str) -> str | None:
    """The person a source names before its first clause or affiliation: "Ted Leonsis" of
    "owner Ted Leonsis, who …", "President Ana Ruiz" of "President Ana Ruiz of Peru". A
    single word ("Leonsis, who …"), a possessive ("Sousa's father, Carlos Sousa Sr") or a
    body ("Bank of America") is left to the other rules."""
    end = _HEAD_END.search(source)
    if end is None:
        return None
    head = source[:end.start()].rstrip()
    runs = list(NAME.finditer(head))
    if not runs or runs[-1].end() != len(head):
        return None
    name = _strip_article(runs[-1].group(0))
    words = name.split()
    if len(words) < 2 or looks_like_org(head) or name.lower() in entity_words() \
            or kind_of(words[-1]) == "role":
        return None  # "the U.S. District Court for the Western District of …", "Assistant Secretary of State …"
    return name


# "Secretary Ana Ruiz on Monday", "the same security firm in May": a time the source's words
# end with is no name ("May" alone elsewhere may be a person).
WEEKDAY = re.compile(r"(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day")
MONTH = re.compile(r"January|February|March|April|May|June|July|August|September|October|November|December")
TIME_PREPOSITION = re.compile(r"\b(?:on|in|since|by|last|this|next)\s+\Z", re.IGNORECASE)


def _last_name_run(source: str) -> str | None:
    runs = [_strip_article(m.group(0)) for m in NAME.finditer(source)
            if not (WEEKDAY.fullmatch(m.group(0)) or MONTH.fullmatch(m.group(0))
                    and TIME_PREPOSITION.search(source, 0, m.start()))]
    runs = [r for r in runs if r and r.lower() not in entity_words() and r.lower() not in ("the", "a", "an")]
    return runs[-1] if runs else None


# An appositive or a relative clause inside a source, where a name may follow the description.
_APPOSITION = re.compile(r",|\s[-–—]\s|\s\(|\s(?:who|whose|which|that)\s")
_LIST_COMMA = re.compile(r",(?=\s+(?!(?:who|whose|which|that)\b)[a-z])")


def _describes(source: str) -> bool:
    """True for a source that names someone by a description whose head is a common noun
    after the last capitalised word: "Political analysts", "Lebanese officials", "Obama
    aides", "Tusk's spokesman", "the head of the UN agency". The capitalised word is a
    modifier (or only capitalised because the sentence starts there), so the speaker is the
    described person or group, not that word's person or body. An appositive ("Lee Lewis,
    manager of the roadhouse", "Jenny Franco - who lost an eye", "Sousa's father, Carlos
    Sousa Sr") is left to the name rules, and a pronoun names none."""
    words = source.split()
    # after "of", a comma before a lower-case word lists what the head is in charge of ("the
    # head of Russia's radiation, chemical and biological protection troops"): it sets off no
    # appositive name ("Lee Lewis, manager of …", "the mayor of Riverton, Anna Berg" do)
    holder, of, held = source.partition(" of ")
    if len(words) < 2 or _APPOSITION.search(holder + of + _LIST_COMMA.sub(" ", held)) \
            or not _last_name_run(source):
        return False
    head = source.split(" of ", 1)[0].split()  # "the aides of Senator Lane": the aides
    last = (head[-1] if len(head) < len(words) else words[-1]).strip(".,;:’'\"")
    # a document speaks for its owner ("the GCC's final communique"): the name rules decide
    return last.isalpha() and last.islower() and kind_of(last) not in (
        "pronoun_1", "pronoun_m", "pronoun_f", "pronoun_p", "document")


def _described_head(source: str) -> str | None:
    """The description a source opens with when a clause or an appositive that names no one
    follows it: "The Iraqi official" of "The Iraqi official, who asked not to be named",
    "Obama aides" of "Obama aides, who spoke …" (not Iraq's or Obama's words). A name after
    the comma ("The mayor of Riverton, Anna Berg") is the speaker, and a description that
    runs on past a comma ("… radiation, chemical and biological protection troops") is
    ``_describes``' whole source; None for both."""
    parts = _APPOSITION.split(source, maxsplit=1)
    if len(parts) < 2 or _describes(source):
        return None
    head, rest = parts[0].strip(), _strip_article(parts[1].strip(" ,-–—("))
    if not rest or rest[0].isupper() or not _describes(head):
        return None  # "…, the National Institute of Justice, a US agency": the name after the comma
    return head


def _described_body(source: str) -> str | None:
    """The noun of a source that names an organisation by what it is, before any clause:
    "companies" of "the companies", "company" of "the consumer goods company, whose brands
    include Dove …"; None for anything else ("the Tata group", "Ford Motor Company")."""
    head = _APPOSITION.split(source, maxsplit=1)[0].strip()
    words = head.split()
    if len(words) < 2 or words[0].lower() != "the" or any(w[:1].isupper() for w in words[1:]):
        return None
    return words[-1].lower() if kind_of(words[-1]) == "body" else None


def _name_ending(context: str) -> str | None:
    """The name a relative pronoun follows after a comma: "Ana Ruiz" of "… told Ana Ruiz, "
    (then "who said …"); None where no comma sets the clause off ("a friend at University
    who swore": the clause restricts a noun, no name)."""
    if not context.rstrip().endswith(","):
        return None
    stripped = context.rstrip(" ,")
    runs = list(NAME.finditer(stripped))
    if not runs or runs[-1].end() != len(stripped):
        return None
    return runs[-1].group(0)


FEMALE_TITLES = ("ms ", "ms. ", "mrs ", "mrs. ", "miss ")
MALE_TITLES = ("mr ", "mr. ")


def narrated_people(text: str, attributions, entities) -> dict[int, str]:
    """For each attribution's source start, the person last named in the narration since
    the previous attribution: "Mark Geragos, an attorney for the brothers, did not return
    a call. He has repeatedly said ..." makes "He" Geragos, not the last speaker. Names
    inside a claim's content do not count ("Mubarak said he stressed in his talks with
    Bush ... He said" stays Mubarak). A last name alone counts for a person named in full
    before who has already spoken ("Alex Ovechkin … 'I'm happy,' Ovechkin said. … Even so,
    Ovechkin was carefree. 'Hockey is my life,' he said": Ovechkin, not the general manager
    named in full in between); the defendant a story keeps naming by last name ("Legg, he
    said, only used a computer") never spoke, and "he" is his lawyer. ``entities``:
    (start, end, label) NER spans."""
    people = [(s, e) for s, e, label in entities if label == "PERSON"]
    full = _full_names(text, people)
    contents = [a.content for a in attributions]
    out: dict[int, str] = {}
    since = 0
    spoken: set[str] = set()  # last names of the speakers so far
    for a in attributions:
        if a.source is not None:
            named = [p for p in people if since <= p[0] and p[1] <= a.source[0]
                     and not any(c[0] <= p[0] < c[1] for c in contents)]
            names = [n for n in (_narrated_name(text, p, full, spoken) for p in named) if n]
            if names:
                out[a.source[0]] = names[-1]
            source_words = text[a.source[0]:a.source[1]].split()
            if source_words:
                spoken.add(source_words[-1].strip(".,'’"))
        since = max(since, a.content[1], a.cue[1])
    return out


# "The paper notes …" is the newspaper named before, not the body its story is about (a
# newspaper's title holds one of these words: "the Tampa Bay Times", "the Inquirer").
PAPER_NOUNS = frozenset(["paper", "newspaper"])
PRESS_WORDS = frozenset(["times", "post", "news", "press", "herald", "journal", "tribune", "gazette", "chronicle",
                         "telegraph", "guardian", "observer", "mail", "inquirer", "examiner", "star", "daily",
                         "independent", "globe", "record", "sun", "express", "mirror", "bulletin", "courier"])
def _titled_paper(source: str, name: str) -> bool:
    """"the Daily Mail", "the Sun", "the Washington Post": "the" before a name that ends in a
    newspaper's word is a newspaper, never a person (a surname "Post" or "Sun" has no "the")."""
    return source.lstrip().lower().startswith("the ") and name.split()[-1].lower() in PRESS_WORDS


LIST_JOINER = re.compile(r",?\s+(?:and|&)\s+|,\s+")


def narrated_bodies(text: str, attributions, entities) -> dict[int, tuple[str, ...]]:
    """For each attribution's source start, the organisations NER last named before it in
    the segment, latest last: one name, or two or more written as one list ("Unilever and
    DHL Supply Chain have partnered on initiatives that the companies say …"). "The
    company" or "the lender" then means that organisation, not the words themselves. ("It"
    does not: NER marks products as organisations, and "it" is as often a report.)"""
    orgs = sorted((s, e) for s, e, label in entities if label == "ORG")
    out: dict[int, tuple[str, ...]] = {}
    for a in attributions:
        if a.source is None:
            continue
        before = [span for span in orgs if span[1] <= a.source[0]]
        if _described_body(text[a.source[0]:a.source[1]]) in PAPER_NOUNS:  # "the paper": a title, not whom it covers
            before = [span for span in before if any(w.lower() in PRESS_WORDS for w in text[span[0]:span[1]].split())]
        if not before:
            continue
        group = [before[-1]]
        for span in reversed(before[:-1]):  # "Unilever and DHL", "Apple, Google and Amazon"
            if not LIST_JOINER.fullmatch(text[span[1]:group[0][0]]):
                break
            group.insert(0, span)
        out[a.source[0]] = tuple(text[s:e] for s, e in group)
    return out


def _full_names(text: str, people: list[tuple[int, int]]) -> dict[str, str]:
    """Last name -> the full name it was first written with, over the PERSON spans."""
    full: dict[str, str] = {}
    for start, end in people:
        if _person_name(text, start, end):
            written = text[start:end]
            full.setdefault(written.split()[-1], written)
    return full


def _narrated_name(text: str, span: tuple[int, int], full: dict[str, str], spoken: set[str]) -> str | None:
    """The person a PERSON span names in narration: a first and a last name as written, or a
    last name alone of a person named in full who has spoken; None for anything else."""
    start, end = span
    if _person_name(text, start, end):
        return text[start:end]
    written = text[start:end].strip()
    quoted = start > 0 and text[start - 1] in "‘“'\""
    return full.get(written) if written in spoken and not quoted else None


def _person_name(text: str, start: int, end: int) -> bool:
    """NER's PERSON spans include places and units ("al-Tanf", "‘Jaysh Maghawir
    al-Thawra’"): a person named in narration has a first and a last name, each
    capitalised, and stands outside quotation marks."""
    words = text[start:end].split()
    quoted = start > 0 and text[start - 1] in "‘“'\""
    return len(words) >= 2 and all(w[:1].isupper() for w in words) and not quoted


def _gender_fits(pronoun: str, name: str) -> bool:
    lowered = name.lower() + " "
    if lowered.startswith(FEMALE_TITLES):
        return pronoun == "pronoun_f"
    if lowered.startswith(MALE_TITLES):
        return pronoun == "pronoun_m"
    return True


# A possessive inside a capitalised run makes it two noun phrases, not one person's name: a
# headline in title case ("Murder Victim's Mother Assails Huckabee Says …") or a title with its
# organisation ("CML's Director General Michael Coogan").
_POSSESSIVE = re.compile(r"\w['’]s\b")


def _name_shaped(name: str) -> bool:
    """Whether ``name`` can be one person's name written in full, so that a last name alone
    later on stands for it, or it for a last name met before."""
    return not _POSSESSIVE.search(name)


class SourceResolver:
    """Keeps the page's entities in order of appearance; call ``resolve`` per claim."""

    def __init__(self) -> None:
        self.people: list[str] = []
        self.orgs: dict[str, str] = {}  # acronym or name -> canonical
        self.named_orgs: list[str] = []  # every organisation named so far, in order
        self.roles: dict[str, str] = {}  # role noun -> person
        self.role_words: dict[str, set[str]] = {}  # role noun -> the words they were introduced with
        self.last_speaker: str | None = None
        self.last_person: str | None = None

    def _remember_person(self, name: str, source: str) -> str:
        for known in self.people:  # "Zakharova" after "Mariya Zakharova"
            if known.split()[-1] == name.split()[-1] and _name_shaped(known) and _name_shaped(name):
                name = known if len(known) >= len(name) else name
        if name not in self.people:
            self.people.append(name)
        for word in re.findall(r"[a-z]+", source):
            if kind_of(word) == "role":
                self._remember_role(word, name, source)
        return name

    def _remember_role(self, role: str, holder: str, source: str) -> None:
        """``holder`` is who "the <role>" means from now on, introduced with ``source``'s words."""
        self.roles[role] = holder
        self.role_words[role] = set(re.findall(r"[a-z]+", source.lower()))

    def _remember_org(self, source: str) -> str:
        acronym = ACRONYM.search(source)
        canonical = _strip_article(ACRONYM.sub("", source).strip(" ,"))
        if acronym:
            self.orgs[acronym.group(1)] = canonical
        canonical = self.orgs.get(canonical, canonical)
        self.named_orgs.append(canonical)
        return canonical

    def _by_words(self, source: str, narrated: str | None = None) -> str | None:
        words = re.findall(r"[A-Za-z]+", source.lower())
        kinds = [kind_of(w) for w in words]
        if words and kinds[-1] == "pronoun_1":
            return None  # "we"/"I" inside a quote: the quoted speaker, resolved by nesting
        named = _last_name_run(narrated) if narrated else None
        if words and kinds[-1] in ("pronoun_m", "pronoun_f") and narrated and named and \
                _gender_fits(kinds[-1], narrated):
            return self._remember_person(named, narrated)
        if words and kinds[-1] and kinds[-1].startswith("pronoun"):
            # "she"/"he" name a person; "they" may be any speaker
            if kinds[-1] == "pronoun_p":
                return self.last_speaker
            person = self.last_person  # unresolved rather than "she" for a "Mr ..."
            return person if person and _gender_fits(kinds[-1], person) else None
        if "document" in kinds:
            return self.last_speaker
        for word, kind in zip(reversed(words), reversed(kinds)):
            if kind == "role":  # "the spokesperson": only the person introduced with that title
                if any(w not in BARE_ROLE_WORDS and w not in self.role_words.get(word, ()) for w in words):
                    return None  # "the Yemeni official" is no "State Department official" named before
                return self.roles.get(word)  # (an unknown "official" is not the last person named)
        return None

    def resolve(self, source: str | None, context: str = "", narrated: str | None = None,
                bodies: tuple[str, ...] = ()) -> str | None:
        """``context``: text just before the source, where an appositive title sits
        ("a spokesperson for the Russian Foreign Ministry, Mariya Zakharova");
        ``narrated``: the person the narration named since the last claim
        (``narrated_people``), whom "he"/"she" then means; ``bodies``: the organisations
        named last before the source (``narrated_bodies``), whom "the company" then means."""
        if not source:
            return None
        source = DATELINE.sub("", source) or source  # "NEW YORK (AP) - NBC Sports anchor Bob Costas"
        if POLL_SHARE.match(source):  # "Two-thirds of seniors (64 percent)": the share of the group polled
            self.last_speaker = source.split("(", 1)[0].strip(" ,")
            return self.last_speaker
        if source.strip().lower() in RELATIVE_PRONOUNS:  # "a friend who swore", "Ana Ruiz, who said"
            name = _name_ending(context)
            return self.resolve(name, context[:-len(name)] if name else "") if name else None
        source = _described_head(source) or source  # "The Iraqi official, who asked not to be named"
        described_body = _described_body(source)
        if described_body and bodies:
            named = " and ".join(bodies) if described_body.endswith("s") and len(bodies) > 1 else bodies[-1]
            self.last_speaker = self._remember_org(named)
            return self.last_speaker
        if (last_name := _last_name_run(source)) and not looks_like_org(last_name):
            source_with_title = f"{context} {source}"
        else:
            source_with_title = source
        described = _describes(source)
        canonical = self._by_words(source, narrated) if described or not _last_name_run(source) else None
        if canonical is None and kind_of(source.split()[-1]) == "pronoun_1":
            return None
        if canonical is None and narrated and source.strip() == last_name and " " not in last_name \
                and narrated.split()[-1] == last_name:  # "Willard" after "Actor Fred Willard was fired"
            canonical = self._remember_person(narrated, source_with_title)
        if canonical is None and described:
            canonical = _strip_article(source.strip())
            role = source.split()[-1].lower().strip(".,")
            if kind_of(role) == "role":
                self._remember_role(role, canonical, source)  # "The official" after "the Yemeni official"
        elif canonical is None:
            canonical = self._by_name(source, source_with_title)
        if canonical:
            self.last_speaker = canonical
            if canonical in self.people:
                self.last_person = canonical
        return canonical

    def _by_name(self, source: str, with_title: str) -> str | None:
        leading = _head_name(source) or _leading_name(source)  # "Shawn Graham, who chairs a council": a person
        if leading:
            return self.orgs.get(leading) or self._remember_person(leading, with_title)
        name = _last_name_run(source)
        if name is None:
            return _strip_article(source.strip()) or None
        if name in self.orgs:
            return self.orgs[name]
        if _titled_paper(source, name):  # "the Daily Mail reports": no person whom a later "he" means
            last = name.split()[-1]  # "the Telegraph" after "the Sunday Telegraph" is that paper
            named = [known for known in self.named_orgs if known.split()[-1] == last]
            return named[-1] if named else self._remember_org(name)
        if looks_like_org(_strip_article(source)) and not looks_like_org(name):
            return self._remember_org(source)  # "the UN Office for the Coordination of ..."
        if looks_like_org(name) or ACRONYM.search(source) or kind_of(source.split()[-1]) == "org":
            return self._remember_org(source if ACRONYM.search(source) else name)
        return self._remember_person(name, with_title)
