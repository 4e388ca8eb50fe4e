"""The precision filter: which candidate attributions are claims a reader may cite.

The cue tagger was trained on political news, where almost every reporting verb
reports someone. Blog posts and comment threads are different: their writers speak
for themselves ("I think", "you know"), comment headers read "Ann says:", datelines
read "KOLLAM: ...", and perception verbs ("police found", "an AFP reporter saw")
look like cues. ``reject_reason`` names the first rule a candidate breaks, or None.
Rules (each with why):

- ``first_person_source``: a source that is I/we/you is the writer speaking (or
  addressing the reader); a quoted speaker's "I said" sits inside their own claim.
- ``no_source``: without a source, only a passive report ("it was agreed that",
  "is said to") attributes anything; in a comment, even less is left: a sourceless
  active cue there is the commenter's own voice.
- ``addressee_source``: "@John: ..." or a comment's line opening "Bruce G: ..." or
  "Cyndi @86: ..." answers that person in a thread; it does not report them (an
  all-capital speaker is a transcript's: "CONGRESSMAN PAUL: Well, ...").
- ``date_source`` / ``place_source``: a date is never a speaker; a bare place named
  as the source in a comment is the commenter's topic ("Moscow showed ..."), and a
  place before a colon is a dateline ("LAHORE: ...").
- ``comment_header``: the "NAME says:" / "NAME said..." line that opens a comment, or
  "NAME said: text" where a reblog names its commenter at the start of the line.
- ``discourse_marker``: "That said, ...", "that being said", "so to say", "rest assured",
  "all told", "something tells me" report nothing.
- ``negated_cue``: "did not think", "has not pledged to support", "refuses to pledge",
  "doesn't feel": what someone did not say is not their claim, and the content read
  without the negation says the opposite of what the text says.
- ``hypothetical_cue``: "could say", "might figure out", "should consider" (and, in a
  comment, "would say"): speech imagined, not reported.
- ``group_source``: in a comment, "most Americans think", "no one knows", "everyone
  agrees": the commenter's generalisation about a group, not a report of what it said.
- ``question_content``: content that opens an indirect question ("declined to say
  whether", "would not describe how") reports no statement.
- ``not_a_report``: every cue word is a perception, finding or wish (data/not_cues.txt);
  or "this", "that" or "which" suggests, indicates or means: the writer's inference.
- ``unattested_cue``: no cue word reports speech, writing, belief or a conclusion
  (data/report_words.txt): on web pages the tagger also marks events, states and the
  writer's own judgements ("loves a film actress", "has a point", "the court upheld"); a
  cue of no word reports only as a colon or a dash, not as a bullet ("Ben Burns • Recent Picks").
- ``reported_of``: "Phillips said to succeed Brooks", "the firm, reported to be in talks": a
  reporting verb's participle right before "to" says what unnamed others say of its subject,
  so the subject is spoken of, not the speaker (a headline drops the "is" of "is said to");
  "was said by Lord Stevens to have been ..." names its speaker after the cue and stays.
- ``short_content``: content of fewer than two words ("it", "which") reports nothing.
- ``repeated_line``: the cue's line stands three or more times in the page's article and
  comment text: a signature or a widget the template repeats, not something said three
  times ("Noted Racist Kevin Goldstein www.…" under every comment of one blog).
- ``no_statement``: the content holds no verb by the parse, so it names a thing, not
  something said: "added 20 points", "announces his blueprint", "explained his own
  performance improvements", "predicts Mid East peace date", "told the women about their
  moments of despair". A quotation ('"Tremendous!" he said'), a colon, and the cues whose
  object stands for a statement ("denied the allegations", "confirmed the deaths",
  "condemned the raid", "reported 49 million", "called for calm") keep verbless content.
- ``topic_colon``: a colon after words that name no one — no person, organisation, group or
  place by NER, no role noun, no pronoun — labels a topic or a section, not a speaker:
  "Tennis: Top seed falls in Hobart", "Film review: ...", "Vista: Piracy rates half ...".
- ``accordance``: "according to" right after the words it qualifies, with no comma or
  bracket between, whose object names no one and no record ("paid according to the
  performance of individual labels", "went according to plan", "sorted according to your
  wishes"): in accordance with, not a report. A sentence-opening or comma-set "according to",
  and one that names a person, a body or a record ("killed according to police", "according
  to Nielsen Media Research", "according to reports"), stays a claim.
- ``listing_colon``: a colon in a table cell ("| Director: Farah Khan"), in a list item or
  before a text cut short ("Leo: Unless you exercise ...") labels a listing or a teaser, on a
  line as short as a listing's; a headline ("Burrell: Diana treated Dodi ...") stays a claim.
"""
from __future__ import annotations

import functools
import re
import unicodedata
from collections import Counter

from ..text.content import is_furniture
from . import coref
from .attribution import extent
from .cues import ACCORDING_TO, _data_lines

__all__ = ["REASONS", "names_recipient", "reject_reason"]

REASONS = ("first_person_source", "addressee_source", "no_source", "date_source", "place_source",
           "comment_header", "furniture", "discourse_marker", "group_source", "not_a_report",
           "unattested_cue", "question_content", "short_content", "no_statement", "listing_colon",
           "repeated_line", "negated_cue", "hypothetical_cue", "topic_colon", "accordance", "reported_of")
# Reasons that leave the candidate's source a person or body the text talks about ("Troy
# Carter spoke about fans. … he said"): no claim, but coreference still follows them.
SPEAKER_REASONS = frozenset(["not_a_report", "negated_cue", "hypothetical_cue", "question_content", "reported_of"])
# cues whose noun-phrase object stands for a statement, by the start of the word: a denial,
# a confirmation, an allegation, an admission, a report, a description, a forecast, and a
# stance taken in words ("denied the allegations", "confirmed the deaths", "condemned the
# raid", "welcomed the move", "urged restraint"), a promise or a threat ("promised further
# strikes", "vowed revenge", "warned of a crisis"); and a demand ("called for calm", "asked for
# help")
STATEMENT_OBJECT_STEMS = ("deni", "deny", "confirm", "alleg", "admit", "express", "reiterat", "forecast",
                          "report", "describ", "liken", "condemn", "critici", "prais", "hail", "welcom",
                          "denounc", "accus", "blam", "reject", "defend", "urg", "demand", "promis", "vow",
                          "pledg", "threat", "warn")
DEMAND_CUE = re.compile(r"\b(?:call|plead|appeal|ask)(?:s|ed|ing)?\s+for\b", re.IGNORECASE)
NEGATION = re.compile(r"\b(?:not(?!\s+guilty)|never|no\s+longer)\b|n[’']t\b|\b(?:refus|declin)(?:e|es|ed|ing)\s+to\b"
                      r"|\bden(?:y|ies|ied|ying)\s+to\s+comment\b",
                      re.IGNORECASE)  # "declined to speculate", "denied to comment": nothing was said
MODALS = frozenset(["could", "might", "may", "should"])
COMMENT_MODALS = MODALS | {"would"}  # "as Randy Jackson would say": in news, "would say only that" reports
IMAGINED_SPEECH = frozenset(["say", "argue", "claim", "tell", "write", "ask", "suggest", "retort", "reply", "answer",
                             "respond", "figure", "think", "feel", "consider", "wonder", "imagine", "be"])
IDIOM_BEFORE_TO_SAY = frozenset(["so", "needless", "is", "suffice", "strange", "sad", "safe"])  # "so to say"
IDIOM_SOURCES = [(["rest"], ["assured"]), (["all"], ["told"]), (["something"], ["tells"]),
                 (["something"], ["told"]), (["experience"], ["tells"]), (["nuff"], ["said"]),
                 (["enough"], ["said"]), (["easier"], ["said"]), (["s"], ["say"])]
# "Rest assured", "All told", "something tells me", "'nuff said", "easier said than done", "let's say"
# "called off the show": "call" with "off" is an act, not speech
CALL_FORMS = frozenset(["call", "calls", "called", "calling"])
AGREE_FORMS = frozenset(["agree", "agrees", "agreed", "agreeing"])
# "said to succeed", "believed to be hiding": participles that, before "to", report what others
# say of the subject (the present "says to" addresses someone: "told to", "asked to" are summons)
REPORTED_OF = frozenset(["said", "reported", "believed", "thought", "rumoured", "rumored", "understood", "known",
                         "alleged", "reputed"])
# ... unless "to" opens whom it was said to ("said to reporters", "said to him")
ADDRESSED_TO = frozenset("the a an this that these those his her their its our my your him them me us you it "
                         "reporters journalists colleagues friends supporters police officials".split())
# "claimed a 34-20 victory": a claim verb taking what was won, not what was said
CLAIM_VERBS = frozenset(["claim", "claims", "claimed", "claiming"])
PRIZES = frozenset(["victory", "victories", "win", "wins", "title", "titles", "life", "lives", "seat", "seats",
                    "crown", "prize", "points", "medal", "trophy", "record", "spot", "place", "share", "draw"])
PRIZE_REACH = 4  # the prize is among the content's first words: "a 34-20 victory"
PRIZE_FOLLOWERS = frozenset(["over", "in", "at", "for", "against", "on", "of", "by", "to", "with", "and", "after"])
# a line no longer than this may be page furniture as a whole ("Posted by: Name | date")
FURNITURE_LINE_MAX_WORDS = 25
INFERENCE_STEMS = ("suggest", "indicat", "mean", "impl")
ASKING_STEMS = ("ask", "question", "wonder", "inquir", "enquir")
NEGATED_BEFORE = re.compile(r"\b(?:by|in)\s+no\s+(?:means|way)\s+\Z", re.IGNORECASE)  # "by no means suggesting"
SUMMONS = frozenset(["call", "calls", "called", "told", "asked", "ordered"])  # with "to": sent for, not quoted
ADDRESSEE_MAX_WORDS = 3  # "Bruce G", "Cyndi @86": a name a reply opens with
REPLY_REACH = 80  # characters before the name searched for its line's start
QUOTE_MARKS = "\"“”'‘’«»„"
WRITER_QUANTIFIERS = frozenset(["all", "both", "each", "together"])
FIRST_PERSON = frozenset(["i", "me", "my", "we", "us", "our", "you", "your", "ya", "u", "i'd", "i’d", "i'm", "i’m"])
# participles that make a sourceless passive a report ("it is said", "was told")
PASSIVE_REPORTS = frozenset(
    ["said", "told", "reported", "claimed", "alleged", "believed", "thought", "described", "quoted", "agreed", "seen", "documented", "known", "rumoured", "rumored", "considered"])
BE_FORMS = frozenset(["is", "are", "was", "were", "be", "been", "being"])
PASSIVE_AUX = frozenset(["is", "are", "was", "were", "be", "been", "being", "has", "have", "had"])
# words around a cue's predicate that do not change what it reports: auxiliaries, modals,
# negation, adverbs and particles ("can certainly see", "has also been quiet about")
FILLER = PASSIVE_AUX | frozenset(
    ["do", "does", "did", "not", "n't", "can", "could", "must", "will", "would", "shall", "should", "may", "might", "also", "certainly", "really", "just", "even", "actually", "strongly", "directly", "repeatedly", "still", "never", "already", "only", "to", "about", "on", "for", "of", "with", "at", "in", "by"])
GROUP_WORDS = frozenset(["most", "many", "all", "some", "everyone", "everybody", "nobody", "no", "none", "someone", "anyone", "people"])
QUESTION_WORDS = frozenset(["whether", "how", "why", "what", "if"])
HEADER_VERB = re.compile(r"^(?:says|said|wrote|writes|added|commented)\s*(?::|\.\.\.|…)", re.IGNORECASE)
DATE_WORDS = re.compile(
    r"^(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|today|yesterday|tonight|"
    r"january|february|march|april|may|june|july|august|september|october|november|december|"
    r"jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec)$")
HEADER_LINE = re.compile(r"(?:says|said|wrote|writes|commented)\s*(?::|\.\.\.|…)?\s*$", re.IGNORECASE)
HEADER_MAX_WORDS = 12  # "23. Jul, 2012 / Lisa Myers says:" and longer names fit
MIN_CONTENT_WORDS = 2
REPEATED_LINE_MIN = 3  # a line this often on one page is the template's
TRUNCATION_MARKS = ("...", "…")  # a teaser's excerpt ends where the site cut it
LISTING_MAX_WORDS = 25
# What an "according to" glued to its clause may still cite besides a person, body or
# document the entity words know: records and counts, and the plural speakers they miss.
RECORD_WORDS = frozenset(
    "report reports data figures statistics stats study studies survey surveys poll polls estimate "
    "estimates record records research analysis analyses census forecast forecasts tally logs papers "
    "filings documents sources source officials analysts experts witnesses residents authorities "
    "media accounts reporters observers investigators prosecutors".split())
GLUED_BEFORE = re.compile(r"\w[ \t]+\Z")  # a word, then only spaces, right before the cue
GLUED_REACH = 40  # characters before the cue looked at (a scraped line may be megabytes)
LISTING_MARKS = ("|", "- ", "* ", "• ", "· ")  # a table cell or a list item ("- Conformance: ...")
_WORD = re.compile(r"[^\W\d_][\w'’-]*")
CONTENT_WORD = re.compile(r"[^\W_]+")
PLACE_LABELS = frozenset({"GPE", "LOC"})
SPEAKER_LABELS = frozenset({"PERSON", "ORG", "NORP", "GPE", "LOC", "FAC"})
# what a source's word marks in coref's word list when it names someone
SPEAKER_WORD_KINDS = frozenset({"role", "org", "body", "pronoun_m", "pronoun_f", "pronoun_p", "pronoun_1"})
# a colon's content that opens in the first person quotes someone ("Top cop: We could have
# saved Diana"), whatever the words before it
FIRST_PERSON_OPENERS = frozenset(["i", "we", "i'm", "we're", "i've", "we've", "my", "our"])
# Positions a team sheet prints after a player's name (American football, basketball,
# baseball, ice hockey): "Archer, QB: Debated whether to put him on the list."
PLAYER_POSITIONS = frozenset("QB RB FB WR TE OL OT OG G C DL DE DT NT LB ILB OLB MLB DB CB S SS FS K P LS KR PR "
                             "PG SG SF PF RHP LHP SP RP 1B 2B 3B OF IF LW RW D".split())
ANSWER = "A"  # an interview transcript's "A:" is the interviewee answering ("Q:" asks, and is no claim)
DATE_LABELS = frozenset({"DATE", "TIME"})


RECIPIENT_PASSIVES = frozenset(["told", "asked", "informed", "warned", "assured"])


def names_recipient(cue_text: str) -> bool:
    """"she was told that ...": the subject of a passive telling verb heard the claim;
    whoever said it is not named."""
    words = _words(cue_text)
    return _is_passive(words) and words[-1] in RECIPIENT_PASSIVES


def _is_passive(words: list[str]) -> bool:
    """A form of "be" before the participle: "was told", "has been said" (not the active
    "had informed")."""
    return len(words) >= 2 and any(w in BE_FORMS for w in words[:-1])


@functools.cache
def not_cue_words() -> frozenset[str]:
    return frozenset(_data_lines("not_cues.txt"))


@functools.cache
def report_words() -> frozenset[str]:
    """Every form of the reporting words: each line's lemma, its regular inflections and
    the irregular forms the line lists."""
    forms: set[str] = set()
    for line in _data_lines("report_words.txt"):
        lemma, *irregular = line.split()
        forms.update((lemma, *irregular, *_regular_forms(lemma)))
    return frozenset(forms)


def _regular_forms(lemma: str) -> tuple[str, ...]:
    if lemma.endswith("y") and lemma[-2:-1] not in "aeiou":
        return lemma[:-1] + "ies", lemma[:-1] + "ied", lemma + "ing"
    third = lemma + "es" if lemma.endswith(("s", "sh", "ch", "x", "z", "o")) else lemma + "s"
    if lemma.endswith("e"):
        return third, lemma + "d", (lemma if lemma.endswith("ee") else lemma[:-1]) + "ing"
    return third, lemma + "ed", lemma + "ing"


def _words(text: str) -> list[str]:
    return [w.lower() for w in _WORD.findall(text)]


def _label_of(span, entities) -> str | None:
    """The NER label of an entity that covers the whole span (a bare name)."""
    for start, end, label in entities:
        if start <= span[0] and span[1] <= end:
            return label
    return None


def _source_reason(text, source, cue_text: str, kind: str, entities) -> str | None:
    if source is None:
        words = _words(cue_text)
        passive = _is_passive(words) and words[-1] in PASSIVE_REPORTS
        return None if passive else "no_source"
    words = _words(text[source[0]:source[1]])
    if not words or words[-1] in FIRST_PERSON or words[0] in FIRST_PERSON and (
            len(words) == 1 or set(words[1:]) <= WRITER_QUANTIFIERS):  # "We all agree"
        return "first_person_source"
    if text[source[0]:source[1]].lstrip().startswith("@") or (kind == "comment" and _opens_a_reply(text, source, cue_text)):
        return "addressee_source"  # "@John: you are wrong" answers John, it does not quote him
    label = _label_of(source, entities)
    if label in DATE_LABELS or all(DATE_WORDS.match(w) for w in words):
        return "date_source"
    if label in PLACE_LABELS and (kind == "comment" or cue_text.strip() == ":"):
        return "place_source"
    if cue_text.strip() == ":" and text[source[0]:source[1]].isupper() and len(words) == 1 \
            and len(words[0]) >= 5:
        return "place_source"  # an all-capital dateline the tagger did not label a place
    return None


def _topic_colon(text: str, attribution, cue_text: str, entities) -> bool:
    """A colon after words that name no one, before content that is not in the first person
    (``topic_colon``). Without the segment's entities NER did not run: nothing to tell."""
    if cue_text.strip() != ":" or not entities or attribution.source is None:
        return False
    opening = _words(text[attribution.content[0]:attribution.content[1]])[:1]
    if opening and opening[0] in FIRST_PERSON_OPENERS:
        return False
    return not _names_someone(text, attribution.source, entities)


def _in_accordance(text: str, attribution, cue_text: str, entities) -> bool:
    """"according to" meaning "in accordance with" (``accordance``). Without the segment's
    entities NER did not run: nothing to tell."""
    if tuple(_words(cue_text)) != ACCORDING_TO or not entities or attribution.source is None:
        return False
    cue_start = attribution.cue[0]
    if not GLUED_BEFORE.search(text, max(0, cue_start - GLUED_REACH), cue_start):
        return False
    if _names_someone(text, attribution.source, entities):
        return False
    cited = _words(text[attribution.source[0]:attribution.source[1]])
    return not any(w in RECORD_WORDS or coref.kind_of(w) == "document" for w in cited)


def _names_someone(text: str, source: tuple[int, int], entities) -> bool:
    """Whether a source's words can name a speaker: NER finds a person, an organisation, a
    group or a place in them, or a capitalised word of theirs names one elsewhere in the
    segment ("Top cop Condon" where NER marks "Condon" further down), or they hold a pronoun
    or a role or organisation noun, or they are a transcript's "A" (the answer)."""
    if any(label in SPEAKER_LABELS and start < source[1] and source[0] < end for start, end, label in entities):
        return True
    written = _WORD.findall(text[source[0]:source[1]])
    if written == [ANSWER] or any(coref.kind_of(w) in SPEAKER_WORD_KINDS for w in written):
        return True
    named = {w for start, end, label in entities if label in SPEAKER_LABELS for w in _WORD.findall(text[start:end])}
    return any(w[:1].isupper() and w in named for w in written)


def _opens_a_reply(text: str, source: tuple[int, int], cue_text: str) -> bool:
    """"Bruce G: You are in play ...": a short name opening a comment's line before a colon."""
    name = text[source[0]:source[1]].strip()
    if cue_text.strip() != ":" or name.isupper() or not 0 < len(name.split()) <= ADDRESSEE_MAX_WORDS:
        return False
    reach = max(0, source[0] - REPLY_REACH)  # bounded: a scraped line can be megabytes long
    newline = text.rfind("\n", reach, source[0])
    return (newline >= 0 or reach == 0) and not text[newline + 1:source[0]].strip()


def _is_header(text: str, attribution, segment_start: int) -> bool:
    cue, source = attribution.cue, attribution.source
    line_start, line = _line_of(text, cue)
    if HEADER_LINE.search(line) and len(line.split()) <= HEADER_MAX_WORDS:
        return text.count("\n", segment_start, line_start) <= 2  # near the comment's top
    # "muchas-smooches said: disgusting": a name opening the line, then "said:"
    opens_line = source is not None and not text[line_start:source[0]].strip()
    return opens_line and bool(HEADER_VERB.match(text[cue[0]:cue[0] + 20]))


def repeated_lines(text: str, spans) -> frozenset[str]:
    """The lines (stripped) that stand ``REPEATED_LINE_MIN`` or more times within the
    ``(start, end)`` spans of ``text``."""
    counts = Counter(line.strip() for start, end in spans for line in text[start:end].splitlines())
    return frozenset(line for line, n in counts.items() if n >= REPEATED_LINE_MIN and line)


def reject_reason(text: str, attribution, kind: str, segment_start: int, entities=(),
                  repeated: frozenset[str] = frozenset(), has_verb=None) -> str | None:
    """Why ``attribution`` (cue, content and source spans into ``text``) is not a claim,
    or None; ``kind`` is its segment's kind, ``entities`` the (start, end, label) NER
    spans of that segment, ``repeated`` the page's ``repeated_lines``, ``has_verb(start,
    end)`` whether the parse found a verb in that stretch (None: not known)."""
    cue_text = text[attribution.cue[0]:attribution.cue[1]]
    if repeated and _line_of(text, attribution.cue)[1] in repeated:
        return "repeated_line"
    if kind == "comment" and _is_header(text, attribution, segment_start):
        return "comment_header"
    start, end = extent(attribution)
    if is_furniture(text[start:end]) or cue_text.strip() == ":" and _furniture_line(text, attribution.cue):
        # "SFGate asks that you log in or register to post a comment"; "Posted by: Name | Jan 11,
        # 2008 8:43 AM", where the colon's "source" and "content" are the name and the date
        return "furniture"
    reason = _source_reason(text, attribution.source, cue_text, kind, entities)
    if reason:
        return reason
    if _topic_colon(text, attribution, cue_text, entities):
        return "topic_colon"
    if _in_accordance(text, attribution, cue_text, entities):
        return "accordance"
    reason = _shape_reason(text, attribution, cue_text, kind)
    if reason is None and has_verb is not None and _names_a_thing(text, attribution, cue_text, has_verb):
        return "no_statement"
    return reason


def _reported_of(text: str, attribution, cue_text: str, words: list[str]) -> bool:
    """A reporting participle (``REPORTED_OF``) with its subject as the source before it and
    content opening "to" and a verb: lower case and no determiner, pronoun or audience ("said
    to be", not "said to Reuters" or "said to the crowd"), or any word in a headline's title
    case ("Said to Succeed")."""
    source = attribution.source
    if not words or words[-1] not in REPORTED_OF or source is None or source[1] > attribution.cue[0]:
        return False
    written = _WORD.findall(text[attribution.content[0]:attribution.content[1]])[:2]
    if len(written) < 2 or written[0].lower() != "to" or written[1].lower() in ADDRESSED_TO:
        return False
    return written[1].islower() or _WORD.findall(cue_text)[-1][:1].isupper()


def _names_a_thing(text: str, attribution, cue_text: str, has_verb) -> bool:
    """The content is a noun phrase, not a statement (``no_statement``)."""
    start, end = attribution.content
    content = text[start:end].strip()
    if cue_text.strip() == ":" or attribution.quote_type == "direct" or content[:1] in QUOTE_MARKS:
        return False
    if content.lower().startswith("that "):
        return False  # a "that" clause is a statement even where the parse finds no verb in it
    if any(word.startswith(STATEMENT_OBJECT_STEMS) for word in _words(cue_text)):
        return False
    if DEMAND_CUE.search(f"{cue_text} {content[:4]}"):  # the "for" may open the content: "asked" / "for help"
        return False
    return not has_verb(start, end)


def _shape_reason(text: str, attribution, cue_text: str, kind: str) -> str | None:
    source = text[attribution.source[0]:attribution.source[1]] if attribution.source else ""
    words = _words(cue_text)
    word_before = _words(text[max(0, attribution.cue[0] - 12):attribution.cue[0]])[-1:]
    if (_words(source) in (["that"], ["this"]) and (text[attribution.cue[1]:].startswith(",") or words == ["said"])
            or words == ["being", "said"] or words == ["to", "say"] and word_before
            and word_before[0] in IDIOM_BEFORE_TO_SAY):
        return "discourse_marker"  # "That said", "that being said", "so to say", "needless to say"
    if (_words(source)[-1:], words[-1:]) in IDIOM_SOURCES:
        return "discourse_marker"  # "rest assured", "all told", "something tells me", "'nuff said"
    if _words(source) == ["they"] and words[-1:] == ["say"] and attribution.source and [
            w.lower() for w in _words(text[max(0, attribution.source[0] - 12):attribution.source[0]])[-1:]] in (["as"], ["like"]):
        return "discourse_marker"  # "as they say, a little knowledge is a dangerous thing"
    content_words = _words(text[attribution.content[0]:attribution.content[1]])
    if words[-1:] and words[-1] in CALL_FORMS and content_words[:1] == ["off"]:
        return "not_a_report"  # "called off the show"
    if words[-1:] and words[-1] in AGREE_FORMS and content_words[:1] == ["to"]:
        return "not_a_report"  # "agreed to supply 100,000 cars": a deal, not a statement ("agreed that …" is one)
    if _reported_of(text, attribution, cue_text, words):
        return "reported_of"  # "Phillips Said to Succeed Brooks": others say it of Phillips
    if words[-1:] and words[-1] in CLAIM_VERBS and _prize(content_words):
        return "not_a_report"  # "claimed a 34-20 victory over Leeds", "claimed three lives"
    if _words(source) in (["this"], ["that"], ["which"]) and words[-1:] and words[-1].startswith(INFERENCE_STEMS):
        return "not_a_report"  # "This suggests ...", "which means": the writer's inference from a fact
    if NEGATION.search(cue_text) or NEGATED_BEFORE.search(text, max(0, attribution.cue[0] - 20), attribution.cue[0]):
        return "negated_cue"
    if len(words) >= 2 and words[0] in (COMMENT_MODALS if kind == "comment" else MODALS) | {"will"} and \
            words[1] in IMAGINED_SPEECH:
        return "hypothetical_cue"  # "could say", "might retort", "will argue" (not said yet); "could only point to" reports
    if "rather" in words and any(w in IMAGINED_SPEECH for w in words):
        return "hypothetical_cue"  # "they'd rather say …": what someone would prefer to say
    source_words = _words(source)
    if (kind == "comment" and source_words[:1] and source_words[0] in GROUP_WORDS) or source_words == ["one"] or (
            source_words and all(w in GROUP_WORDS for w in source_words)):
        return "group_source"  # "Most people say", and anywhere "one can say", "many people say": nobody in particular
    cue_words = [w for w in words if w not in FILLER]
    if cue_words and all(w in not_cue_words() for w in cue_words):
        return "not_a_report"
    content_text = text[attribution.content[0]:attribution.content[1]].lstrip()
    if words[-1:] and words[-1] in SUMMONS and content_text.lower().startswith(("to ", "upon ")) and (
            _is_passive(words) or content_text.lower().startswith("to mind")):
        return "not_a_report"  # "were called to check a report", "was told to place", "calls to mind"
    if words and not any(w in report_words() for w in words):  # "has" alone is all filler: no report
        return "unattested_cue"
    if not words and not any(ch == ":" or unicodedata.category(ch) == "Pd" for ch in cue_text):
        # a cue with no word reports only as a colon or a dash ("Smith ― ...", PolNeAR marks those);
        # a bullet or a bar between a sidebar's name and its links ("Ben Burns •") reports nothing
        return "unattested_cue"
    if content_words[:1] and content_words[0] in QUESTION_WORDS:
        return "question_content"
    if words and words[-1].startswith(ASKING_STEMS) and (
            set(content_words[:2]) & QUESTION_WORDS or text[attribution.content[0]:attribution.content[1]].rstrip(QUOTE_MARKS + " ").endswith("?")):
        return "question_content"  # "asked: 'You are suggesting ...?'", "questioned over why": a question, no statement
    if words[-1:] == ["about"] or words[-2:] in (["noted", "for"], ["known", "for"]):
        return "not_a_report"  # "spoke quite a bit about", "blogs about", "noted for": a topic, no statement
    if len(CONTENT_WORD.findall(text[attribution.content[0]:attribution.content[1]])) < MIN_CONTENT_WORDS:
        return "short_content"
    if cue_text.strip() == ":" and (_is_listing(text, attribution) or _roster_entry(source)):
        return "listing_colon"
    return None


def _roster_entry(source: str) -> bool:
    """"Joique Bell, RB" before a colon: a player and his position open a list entry (a
    draft pick's write-up), whose text is the writer's, not the player's."""
    name, comma, position = source.rpartition(",")
    code = position.strip().rstrip(".")
    return bool(comma and name.strip()) and code.isupper() and code in PLAYER_POSITIONS


def _furniture_line(text: str, span: tuple[int, int]) -> bool:
    """Whether the short line holding ``span`` is page furniture as a whole."""
    line = _line_of(text, span)[1]
    return len(line.split()) <= FURNITURE_LINE_MAX_WORDS and is_furniture(line)


def _prize(content_words: list[str]) -> bool:
    """Whether the content opens with what was won or taken ("a 34-20 victory over Leeds",
    "three lives"), not a statement about it ("the victory parade had cost nothing")."""
    for i, word in enumerate(content_words[:PRIZE_REACH]):
        if word.lower() in PRIZES:
            after = content_words[i + 1:i + 2]
            return not after or after[0].lower() in PRIZE_FOLLOWERS
    return False


def _line_of(text: str, span: tuple[int, int]) -> tuple[int, str]:
    """(where the line holding ``span`` starts, that line stripped)."""
    line_start = text.rfind("\n", 0, span[0]) + 1
    line_end = text.find("\n", span[1])
    return line_start, text[line_start:line_end if line_end >= 0 else len(text)].strip()


def _is_listing(text: str, attribution) -> bool:
    line = _line_of(text, attribution.cue)[1]
    # a whole story on one line (some scrapes have no line breaks) may start in a table
    # cell or end cut short: only a line as short as a listing's is one
    return len(line.split()) <= LISTING_MAX_WORDS and (
        line.startswith(LISTING_MARKS) or line.endswith(TRUNCATION_MARKS))
