"""Rule-based attribution extraction on dependency parses: who (source) says
(cue) what (content).

Only sentences that mention a cue word or a quote mark are parsed. On a parsed
sentence, a cue is either a reporting verb from the cue table or a
prepositional cue ("according to"); its source is the verb's subject (or the
object of "according to"); its content is the verb's clausal complement or,
failing that, the rest of the sentence outside the cue clause. Content that
touches a quotation is widened to the whole quotation, which is how quotes that
run over several sentences or paragraphs are kept whole.
"""
from __future__ import annotations

from dataclasses import dataclass

from . import contentmodel, cues, quotes, sourcemodel

SUBJECT_DEPS = ("nsubj", "nsubjpass", "csubj")
CONTENT_DEPS = ("ccomp", "xcomp", "dobj", "parataxis")
# A cue verb that depends on another verb through these relations shares its subject.
SHARES_SUBJECT = ("xcomp", "advcl", "conj", "acl")
EDGE_PUNCT = " ,;:—–-\n\xa0"
MIN_CONTENT_CHARS = 2
STRONG_CUE_RATE = 0.6  # cue words at least this reliable need no further evidence
# "Trump: We will win" (headline style): a short nominal source before a colon.
COLON_SOURCE_POS = {"PROPN", "NOUN", "DET", "ADJ", "PUNCT", "CCONJ", "PART"}
COLON_MAX_SOURCE_TOKENS = 6
INTERVIEW_LABELS = {"Q", "A"}
RELATIVE_TAGS = ("WDT", "WP")  # "that", "which", "who" heading a relative clause


@dataclass(frozen=True, slots=True)
class Attribution:
    cue: tuple[int, int]
    content: tuple[int, int]
    source: tuple[int, int] | None
    quote_type: str  # direct | indirect | mixed


def extent(attribution) -> tuple[int, int]:
    """Where an attribution (anything with ``source``, ``cue`` and ``content`` spans) lies:
    from its first part to its last."""
    spans = [s for s in (attribution.source, attribution.cue, attribution.content) if s]
    return min(s[0] for s in spans), max(s[1] for s in spans)


def _span_of(tokens) -> tuple[int, int]:
    tokens = list(tokens)
    return tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)


def _subtree_span(token) -> tuple[int, int]:
    return token.left_edge.idx, token.right_edge.idx + len(token.right_edge.text)


def _subject(verb):
    for child in verb.children:
        if child.dep_ in SUBJECT_DEPS:
            return child
    if verb.dep_ in SHARES_SUBJECT and verb.head is not verb:
        return _subject(verb.head) if verb.dep_ != "acl" else verb.head
    if verb.dep_ == "relcl":
        return verb.head
    return None


def _source_span(verb, subject) -> tuple[int, int] | None:
    if subject is None:
        return None
    if subject is verb.head and verb.dep_ in ("relcl", "acl"):
        return subject.left_edge.idx, subject.idx + len(subject.text)  # "officials who said"
    return _subtree_span(subject)


def _is_cue_verb(token) -> bool:
    if token.pos_ not in ("VERB", "AUX") or token.dep_ in ("amod", "compound", "aux"):
        return False
    rate = cues.cue_rates().get(token.lower_, 0.0)
    if rate >= STRONG_CUE_RATE:
        return True
    # A weaker cue word counts only with the shape of a report: a clause or a quote after it.
    return rate >= cues.MIN_CUE_RATE and _reports_something(token)


def _reports_something(verb) -> bool:
    if any(c.dep_ in ("ccomp", "parataxis") for c in verb.children):
        return True
    return any(t.text in cues.QUOTE_CHARS for t in verb.doc[verb.i + 1:verb.i + 4])


def _cue_span(verb) -> tuple[int, int]:
    """The verb with its auxiliaries ("has said", "was quoted")."""
    left = [c for c in verb.lefts if c.dep_ in ("aux", "auxpass", "neg") and c.i == verb.i - 1]
    start = left[0].idx if left else verb.idx
    return start, verb.idx + len(verb.text)


def _outside_span(sent, exclude: tuple[int, int]) -> tuple[int, int] | None:
    """The larger part of the sentence left or right of ``exclude``."""
    before = (sent.start_char, exclude[0])
    after = (exclude[1], sent.end_char)
    best = max(before, after, key=lambda s: s[1] - s[0])
    return best if best[1] - best[0] >= MIN_CONTENT_CHARS else None


def _clause_span(verb, subject) -> tuple[int, int]:
    """Span of the cue clause: subject, auxiliaries, verb and its non-content dependents."""
    tokens = [verb] + [c for c in verb.children if c.dep_ not in CONTENT_DEPS + ("punct",)]
    start = min(t.left_edge.idx for t in tokens)
    end = max(t.right_edge.idx + len(t.right_edge.text) for t in tokens)
    if subject is not None and subject is not verb.head:
        start = min(start, subject.left_edge.idx)
        end = max(end, subject.right_edge.idx + len(subject.right_edge.text))
    return start, end


def _verb_content(verb, subject, sent) -> tuple[int, int] | None:
    for child in verb.children:
        if child.dep_ in ("ccomp", "parataxis") or (child.dep_ == "xcomp" and child.i > verb.i):
            return _subtree_span(child)
    for child in verb.children:
        if child.dep_ in ("dobj", "prep", "advcl") and child.i > verb.i and child.pos_ != "PRON" \
                and len(list(child.subtree)) > 1:
            return _subtree_span(child)
    if verb.dep_ in ("ccomp", "parataxis") and verb.head.i < verb.i:
        # "The city was razed, she said" parses "said" under the content's verb.
        return _outside_span(sent, _clause_span(verb, subject))
    return _outside_span(sent, _clause_span(verb, subject))


def _verb_attribution(verb, sent) -> Attribution | None:
    subject = _subject(verb)
    content = _verb_content(verb, subject, sent)
    if content is None:
        return None
    return Attribution(_cue_span(verb), content, _source_span(verb, subject), "indirect")


def _prepositional_attribution(token, sent) -> Attribution | None:
    words = [t.lower_ for t in sent.doc[token.i:token.i + 4]]
    for pattern in cues.PREPOSITIONAL_CUES:
        if tuple(words[:len(pattern)]) == pattern:
            cue_tokens = sent.doc[token.i:token.i + len(pattern)]
            break
    else:
        return None
    last = cue_tokens[-1]
    objects = [c for c in last.children if c.dep_ in ("pobj", "pcomp", "agent", "dobj")]
    source = _subtree_span(objects[0]) if objects else None
    phrase_end = source[1] if source else last.idx + len(last.text)
    content = _outside_span(sent, (cue_tokens[0].idx, phrase_end))
    if content is None:
        return None
    return Attribution(_span_of(cue_tokens), content, source, "indirect")


def _colon_attribution(token, sent) -> Attribution | None:
    before = sent.doc[:token.i]
    after = sent.doc[token.i + 1:]
    if not 0 < len(before) <= COLON_MAX_SOURCE_TOKENS or len(after) < 3:
        return None
    interview = len(before) == 1 and before[0].text in INTERVIEW_LABELS  # "Q: ..." / "A: ..."
    if not interview and (any(t.pos_ not in COLON_SOURCE_POS for t in before)
                          or not any(t.pos_ == "PROPN" for t in before)):
        return None
    # a label over a list or a teaser ("News Tracker: past stories on this issue") says
    # nothing: a colon claim states something, so its content has a verb
    if not any(t.pos_ in ("VERB", "AUX") for t in after):
        return None
    return Attribution(_span_of([token]), _span_of(after), _span_of(before), "indirect")


def _trim(text: str, span: tuple[int, int]) -> tuple[int, int]:
    start, end = span
    while start < end and text[start] in EDGE_PUNCT:
        start += 1
    while end > start and text[end - 1] in EDGE_PUNCT:
        end -= 1
    return start, end


def _with_quotes(text: str, attribution: Attribution, regions) -> Attribution:
    content = _trim(text, attribution.content)
    region = quotes.region_touching(regions, *content)
    if region is None:
        return Attribution(attribution.cue, content, attribution.source, "indirect")
    cue_inside = region[0] <= attribution.cue[0] < region[1]
    if cue_inside:  # the cue belongs to a nested attribution inside a quote
        return Attribution(attribution.cue, content, attribution.source, "indirect")
    whole = region[0] <= content[0] and content[1] <= region[1] + 2
    widened = (min(content[0], region[0]), max(content[1], region[1]))
    if attribution.cue[0] < region[0] < attribution.cue[1] or _overlaps(widened, attribution.cue):
        widened = content
    kind = "direct" if whole or widened == region else "mixed"
    return Attribution(attribution.cue, widened, attribution.source, kind)


def _overlaps(a, b) -> bool:
    return b is not None and a[0] < b[1] and b[0] < a[1]


NOUN_CONTENT_DEPS = ("acl", "ccomp", "relcl", "appos")
NOUN_SOURCE_PREPS = ("by", "from", "of")


# Rule cues (reporting verbs of the cue tables) add cues the tagger left out; a word
# the tagger has seen inside PolNeAR cues is left to the tagger and the cue filter
# unless this is True.
RULE_CUES_IN_VOCABULARY = False
FUNCTION_POS = {"DET", "ADP", "PRON", "PART", "CCONJ", "SCONJ", "PUNCT", "AUX", "NUM"}


def _cue_groups(doc, flags) -> list[list]:
    """Contiguous runs of tagged tokens (a gap of one token is bridged)."""
    groups: list[list] = []
    current: list = []
    gap = 0
    for token, flag in zip(doc, flags):
        if flag:
            if current and gap == 1:
                current.append(doc[token.i - 1])
            current.append(token)
            gap = 0
        elif current:
            gap += 1
            if gap > 1 or token.is_punct:
                groups.append(current)
                current, gap = [], 0
    if current:
        groups.append(current)
    return [_without_leading_nominals([t for t in g if not t.is_punct or t.text == ":"] or g)
            for g in groups]


NOMINAL_POS = {"NOUN", "PROPN", "ADJ", "DET", "NUM", "PRON"}


def _without_leading_nominals(group: list) -> list:
    """"officials say" tagged as one cue would leave "Top Israeli" as the source: the
    nouns before a group's verb belong to the source, so the cue starts at the verb."""
    for n, token in enumerate(group):
        if token.pos_ in ("VERB", "AUX"):
            return group[n:] if n and all(t.pos_ in NOMINAL_POS for t in group[:n]) else group
    return group


def _group_head(group):
    ids = {t.i for t in group}
    heads = [t for t in group if t.head.i not in ids or t.head is t]
    verbs = [t for t in heads if t.pos_ in ("VERB", "AUX")]
    return (verbs or heads or group)[0]


def _noun_attribution(head, span, sent) -> Attribution | None:
    source = None
    for child in head.children:
        if child.dep_ == "poss":
            source = _subtree_span(child)
        elif child.dep_ == "prep" and child.lower_ in NOUN_SOURCE_PREPS and source is None:
            objects = [c for c in child.children if c.dep_ == "pobj"]
            if objects and objects[0].ent_type_ in ("PERSON", "ORG", "NORP", "GPE"):
                source = _subtree_span(objects[0])
    if source is None and head.dep_ in ("dobj", "pobj", "attr"):
        verb = head.head if head.dep_ != "pobj" else head.head.head
        subject = _subject(verb) if verb is not None else None
        source = _subtree_span(subject) if subject is not None else None
    content = None
    for child in head.children:
        if child.dep_ in NOUN_CONTENT_DEPS and child.i > head.i:
            content = _subtree_span(child)
            break
        if child.dep_ == "prep" and child.lower_ in ("about", "on", "over", "that") and child.i > head.i:
            content = _subtree_span(child)
            break
    if content is None:
        content = _outside_span(sent, (min(span[0], source[0]) if source else span[0],
                                       max(span[1], source[1]) if source else span[1]))
    if content is None:
        return None
    return Attribution(span, content, source, "indirect")


def _picked_source(group, sent, in_quote):
    """The learned source picker's choice for a cue group: (found, span or None,
    probability); found is False when no picker ships (the rules decide then)."""
    picker = sourcemodel.load_picker()
    if picker is None:
        return False, None, 0.0
    ids = {t.i for t in group}
    head = _group_head(group)
    ranked = picker.ranked(sent.doc, head, ids, in_quote)
    if not ranked or ranked[0][0] < picker.threshold:
        return True, None, ranked[0][0] if ranked else 0.0
    chosen = _shared_subject(head, ranked[0][1]) or ranked[0][1]
    return True, sourcemodel.source_span(chosen, ids), ranked[0][0]


def _shared_subject(verb, picked):
    """The subject a cue verb shares with the verb it is joined to by "and" or "but", where the
    picker took instead the subject of a clause inside the first verb's: in "Police said the
    man was armed, and added that ...", "Police" for "added", not "the man" (the picker learnt
    from few such sentences). None when the cue verb has a subject of its own or the picker's
    choice is no such inner subject (on a badly parsed line the picker is the better judge). A
    relative clause's "that" or "who" stands for the noun the clause describes."""
    if verb.dep_ != "conj" or verb.pos_ not in ("VERB", "AUX") or any(
            child.dep_ in SUBJECT_DEPS for child in verb.children):
        return None
    first = verb.head
    subject = next((child for child in first.children if child.dep_ in SUBJECT_DEPS), None)
    # a "who" or "which" the picker took usually heads the clause the cue verb belongs to, one
    # the parse attached too high ("a piece written by Vroomen, who points out ... and calls for")
    inner = (picked.dep_ in SUBJECT_DEPS and picked.tag_ not in RELATIVE_TAGS
             and picked.head is not first and first in picked.head.ancestors)
    if subject is None or not inner:
        return None
    if subject.tag_ in RELATIVE_TAGS and first.dep_ == "relcl":
        return first.head
    return subject


def _tagged_attribution(group, sent, in_quote=lambda i: False, info=None) -> Attribution | None:
    found = _rule_tagged_attribution(group, sent)
    if found is None:
        return None
    picked, source, prob = _picked_source(group, sent, in_quote)
    if info is not None:
        info["source_prob"] = prob if picked else (1.0 if found.source else 0.0)
    if not picked:
        return found
    return Attribution(found.cue, _picked_content(group, sent, source, found), source, found.quote_type)


def _picked_content(group, sent, source, found: Attribution) -> tuple[int, int]:
    """The learned content picker's choice for verb and noun cues (prepositional and
    colon cues keep the rule content)."""
    picker = contentmodel.load_picker()
    head = _group_head(group)
    if picker is None or head.text == ":":
        return found.content
    if group[0].lower_ in {p[0] for p in cues.PREPOSITIONAL_CUES} and \
            _prepositional_attribution(group[0], sent) is not None:
        return found.content
    doc = sent.doc
    source_ids = {t.i for t in doc if source and source[0] <= t.idx < source[1]}
    best = contentmodel.ranked(picker, doc, head, {t.i for t in group}, source_ids)
    if not best:
        return found.content
    lo, hi = best[0][1]
    return doc[lo].idx, doc[hi].idx + len(doc[hi].text)


def _rule_tagged_attribution(group, sent) -> Attribution | None:
    head = _group_head(group)
    if all(t.pos_ in FUNCTION_POS and t.text != ":" for t in group):
        return None  # a lone "a", "to" or "the": not a cue by itself
    span = _span_of(sorted(group, key=lambda t: t.i))
    first = group[0]
    if first.lower_ in {p[0] for p in cues.PREPOSITIONAL_CUES}:
        found = _prepositional_attribution(first, sent)
        if found is not None:
            return found
    if head.text == ":":
        found = _colon_attribution(head, sent)
        after = sent.doc[head.i + 1:]
        if found is None and len(after) >= 2:
            before = sent.doc[:head.i]
            source = _span_of(before) if 0 < len(before) <= 8 else None
            found = Attribution(_span_of([head]), _span_of(after), source, "indirect")
        return found
    if head.pos_ in ("NOUN", "PROPN"):
        return _noun_attribution(head, span, sent)
    found = _verb_attribution(head, sent)
    if found is None:
        return None
    return Attribution(span, found.content, found.source, found.quote_type)


def _quoted(doc, base: int, regions):
    """in_quote(token index) for a sentence starting at page offset ``base``."""
    end = base + len(doc.text)
    near = [r for r in regions if r[0] < end and base < r[1]]
    return [any(s <= base + t.idx < e for s, e in near) for t in doc].__getitem__


TOKENS_PER_BATCH = 8192  # padded tokens the v4 tagger reads at once (≈ 25 MB of states)


def sentence_batches(lengths: list[int], budget: int = TOKENS_PER_BATCH) -> list[range]:
    """Consecutive runs of sentences whose padded size (count × longest) stays within
    ``budget`` tokens; a longer sentence (a scraped line with no full stop) goes alone."""
    batches, begin, longest = [], 0, 0
    for i, n in enumerate(lengths):
        if i > begin and (i - begin + 1) * max(longest, n) > budget:
            batches.append(range(begin, i))
            begin, longest = i, 0
        longest = max(longest, n)
    return batches + [range(begin, len(lengths))] if lengths else batches


def cue_probabilities(parsed, regions, pieces) -> list[list[float]] | None:
    """The v4 tagger's token probabilities for every parsed sentence of ``parsed``
    (``textpass.ParsedSentence``), in padded batches; None when the v4 tagger does not run."""
    from . import cuemodel, cuestates

    tagger = cuestates.load_state_tagger() if pieces is not None else None
    if tagger is None:
        return None
    out = []
    for batch in sentence_batches([len(item.doc) for item in parsed]):
        features, states = [], []
        for item in (parsed[i] for i in batch):
            base = item.sentence.start
            vectors, present = cuestates.token_states(item.doc, base, pieces.around(base))
            features.append(cuestates.with_state_flags(
                cuemodel.sentence_features(item.doc, _quoted(item.doc, base, regions)), present))
            states.append(vectors)
        out += tagger.sentence_probabilities(features, states)
    return out


def attributions_in_doc(doc, base: int, regions=(), probs=None) -> list[Attribution]:
    """Attributions in one parsed sentence whose text starts at ``base`` in the page.

    Cue tokens come from the learned tagger where it ships (v4, ``cuestates``, whose token
    probabilities ``cue_probabilities`` gives as ``probs``; else v3, ``cuemodel``), plus the
    rule cues (reporting verbs of the cue tables, "according to", headline colons)."""
    from . import cuemodel, cuestates

    found, covered, rejected = [], set[int](), set[int]()
    sent = doc[:]
    tagger = cuestates.load_state_tagger() if probs is not None else cuemodel.load_tagger()
    in_quote = lambda i: False  # noqa: E731
    if tagger is not None:
        in_quote = _quoted(doc, base, regions)
        if probs is None:
            assert isinstance(tagger, cuemodel.CueTagger)  # no probs given: the v3 tagger
            probs = tagger.probabilities(cuemodel.sentence_features(doc, in_quote))
        second = cuemodel.load_filter()
        low = second.candidate_threshold if second is not None else tagger.threshold
        for group in _cue_groups(doc, [p >= low for p in probs]):
            info: dict = {}
            attribution = _tagged_attribution(group, sent, in_quote, info)
            if attribution is None:
                continue
            if second is not None and second.score(cuemodel.group_features(
                    group, probs, attribution, info["source_prob"], in_quote)) < second.threshold:
                rejected.update(t.i for t in group)
                continue
            found.append(_shifted(attribution, base))
            covered.update(t.i for t in group)
    known = tagger.vocabulary if tagger is not None else frozenset()
    for token in doc:
        if token.i in covered or token.lower_ in known and token.text != ":" and (
                token.i in rejected or not RULE_CUES_IN_VOCABULARY):
            continue
        attribution = None
        if token.lower_ in {p[0] for p in cues.PREPOSITIONAL_CUES}:
            attribution = _prepositional_attribution(token, sent)
        if attribution is None and _is_cue_verb(token) and (tagger is None or cues.cue_rates().get(token.lower_, 0) >= 0.99):
            attribution = _verb_attribution(token, sent)
            if attribution is not None and tagger is not None:
                picked, source, _ = _picked_source([token], sent, in_quote)
                if picked:
                    attribution = Attribution(attribution.cue, attribution.content, source, attribution.quote_type)
        if attribution is None and token.text == ":":
            attribution = _colon_attribution(token, sent)
        if attribution is not None:
            found.append(_shifted(attribution, base))
    return found


def _shifted(a: Attribution, base: int) -> Attribution:
    move = lambda s: (s[0] + base, s[1] + base)  # noqa: E731
    return Attribution(move(a.cue), move(a.content), a.source and move(a.source), a.quote_type)


def attributions_from_parsed(text: str, parsed, pieces=None, regions=None, probs=None) -> list[Attribution]:
    """Attributions in already parsed sentences (``textpass.ParsedSentence``); ``pieces``:
    the region's MiniLM word-piece states (``cuestates.word_pieces``) for the v4 tagger;
    ``regions``: ``quotes.quote_regions(text)`` when the caller has them (the extract stage
    reads them once per page, not once per segment); ``probs``: ``cue_probabilities`` of
    the parsed sentences when the caller has them (the extract stage reads a page's at once)."""
    if regions is None:
        regions = quotes.quote_regions(text)
    parsed = [item for item in parsed if item.parsed]
    if probs is None:
        probs = cue_probabilities(parsed, regions, pieces) or [None] * len(parsed)
    results = []
    for item, sentence_probs in zip(parsed, probs):
        for attribution in attributions_in_doc(item.doc, item.sentence.start, regions, sentence_probs):
            results.append(_with_quotes(text, attribution, regions))
    return results


def find_attributions(text: str, start: int = 0, end: int | None = None) -> list[Attribution]:
    """All attributions in ``text[start:end]``, spans in ``text`` offsets (the region's
    paragraphs are read by MiniLM as the extract stage reads an article's)."""
    from ..encoder import Encodings
    from ..text.units import paragraphs
    from .cuestates import second_look, word_pieces
    from .textpass import parse_region

    pieces = word_pieces([(start + p.start, p.text) for p in paragraphs(text[start:end])], Encodings())
    return attributions_from_parsed(text, parse_region(text, start, end, second_look(pieces)), pieces)
