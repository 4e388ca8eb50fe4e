"""Toxicity and hate, with the targeted group and the span that drove each decision.

Two signals, combined by taking the stronger:
- claimscope-toxicity-v5 (trained by scripts/train_toxicity.py), which gives P(none),
  P(offensive), P(hate) as a blend of two heads: a TF-IDF n-gram logistic model and a
  logistic regression on frozen all-MiniLM-L6-v2 sentence embeddings. Without
  sentence-transformers (the ``link`` extra) the n-gram head is used alone, with
  its own cut-off;
- the hate lexicon (hate_lexicon.v6.toml): slurs, coded hate ("zio", "ZOG",
  "(((…)))", "jewhadis"), hateful tropes, insults and group mentions, matched on
  text with leetspeak undone ("p00f").
The model's hate probability is rescaled so that its tuned cut-off
(``hate_cutoff()``) becomes 0.5; then one threshold setting serves both signals.
Hate is always hate against a named group: every hate decision is made per group the
text names (``TargetEvidence``), from the lexicon's evidence against that group and the
model's score of the sentence that names it (``group_targets``). A group named only in
passing, in a sentence the model finds harmless, is a mention, not a target; a
nationality that only qualifies an institution ("the Syrian army") names no group at all.
A text with no named target gets no hate score (it may still be toxic).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .. import encoder
from ..encoder import Encodings
from ..text.units import sentences
from .lexicon import HATE_KINDS, Hit, Lexicon
from .normalize import normalize
from .textmodel import load_for_reader, prepare, reads_this_encoder

__all__ = ["MODEL_NAME", "MODEL_HATE_CUTOFF", "ARTICLE_MODEL_FLOOR", "ToxicityScore", "TargetEvidence",
           "score_texts", "targets_of", "hate_cutoff", "hate_rule", "generic_claim", "names_a_target",
           "group_mentions", "praises", "uses_embeddings", "model_label"]

# The artefact in models/ that scores toxicity. Not a setting nor an environment variable:
# which model ran is part of the stage's version, and a hidden switch would make the flags'
# producer lie. A held-out check swaps it in-process (scripts/train_toxicity.py).
MODEL_NAME = "claimscope-toxicity-v5"
# The n-gram head's P(hate) at which a text counts as hateful when it is used alone
# (no sentence-transformers), chosen on ToxiGen groups that were not held out. The
# blended model's own cut-off is stored in the artefact (see hate_cutoff() and
# docs/models/claimscope-toxicity-v2.md).
MODEL_HATE_CUTOFF = 0.3
# On article paragraphs (news prose, unlike the training posts) model evidence
# counts only from this rescaled score up; lexicon evidence counts as usual.
ARTICLE_MODEL_FLOOR = 0.85
# P(offensive) + P(hate) at which a text counts as toxic.
MODEL_TOXIC_CUTOFF = 0.6
# Texts shorter than this many words ("lol", "Fake news.", "Exactly.") are judged by the
# lexicon alone: the models see almost nothing in them, and the tweets they learned from
# put "lol" among offensive posts (P(offensive) 0.75).
MIN_MODEL_WORDS = 3
# Model evidence that a rule holds back keeps its score, capped at this share of the cut-off
# (under the default thresholds, still ordering texts by what the model thinks).
HELD_BACK = 0.98
_WORD = re.compile(r"\w+")
# Weak trope hits ("soros": weight 0.3) add to the hate score but do not name
# the target on their own; a plain group mention in the text does that better.
TARGET_MIN_WEIGHT = 0.5


@dataclass(frozen=True, slots=True)
class TargetEvidence:
    """The evidence of hate against one named group in a scored text."""
    group: str
    start: int  # span of the trigger (a slur, trope or the group's mention) within the text
    end: int
    strength: float  # the strongest lexicon weight against the group (0 for a plain mention)
    lexicon: float = 0.0  # lexicon hate evidence against this group (noisy-or of its hits)
    model: float = 0.0  # the model's rescaled hate score of the sentence naming the group

    def score(self, model_floor: float = 0.0) -> float:
        """The hate score against this group; model evidence below ``model_floor`` ignored."""
        return max(self.lexicon, self.model if self.model >= model_floor else 0.0)


@dataclass(frozen=True, slots=True)
class ToxicityScore:
    toxic: float
    hate: float  # the best target's score; 0 when the text names no group
    model_hate: float  # the model's own P(hate) for the whole text, before rescaling
    hits: tuple[Hit, ...]
    lexicon_hate: float = 0.0
    lexicon_toxic: float = 0.0
    model_toxic: float = 0.0  # rescaled
    targets: tuple[TargetEvidence, ...] = ()

    def discount_model(self, floor: float) -> ToxicityScore:
        """The score with model evidence below ``floor`` ignored (rescaled units).

        Used for article paragraphs: the model learned from tweets and posts, and
        on news prose its middling scores are mostly wrong, so there only the
        lexicon or a very confident model counts."""
        hate = max((t.score(floor) for t in self.targets), default=0.0)
        model_toxic = self.model_toxic if self.model_toxic >= floor else 0.0
        toxic = max(self.lexicon_toxic, model_toxic, hate)
        return ToxicityScore(round(toxic, 4), round(hate, 4), self.model_hate, self.hits,
                             self.lexicon_hate, self.lexicon_toxic, self.model_toxic,
                             tuple(t for t in self.targets if t.score(floor) > 0))


def _rescale(p: float, cutoff: float) -> float:
    """Map [0, cutoff] to [0, 0.5] and [cutoff, 1] to [0.5, 1], so cutoff -> 0.5."""
    if p < cutoff:
        return 0.5 * p / cutoff
    return 0.5 + 0.5 * (p - cutoff) / (1.0 - cutoff)


def _noisy_or(weights) -> float:
    missing = 1.0
    for w in weights:
        missing *= 1.0 - w
    return 1.0 - missing


def model() -> dict:
    """The artefact this process runs: the one fitted on the student's vectors under the fast
    profile when it ships (``textmodel.for_reader``), else v5 as fitted on MiniLM's."""
    return load_for_reader(MODEL_NAME)


def uses_embeddings() -> bool:
    """True when the blended (n-gram + embedding) model runs; False for the n-gram fallback,
    which also runs when the head was fitted on another encoder than the one read here."""
    return reads_this_encoder(model(), "embedding_head")


def model_label() -> str:
    """The model name written on flags (``encoder.head_label``)."""
    return encoder.head_label(MODEL_NAME, uses_embeddings())


def hate_cutoff() -> float:
    """The P(hate) at which a text counts as hateful, for the model as it runs here."""
    artefact = model()
    if uses_embeddings():
        return float(artefact["hate_cutoff"])
    return float(artefact.get("ngram_hate_cutoff", MODEL_HATE_CUTOFF))


def model_probabilities(texts: list[str], encodings: Encodings | None = None) -> list[dict[str, float]]:
    """P(class) per text; ``encodings`` holds the page's MiniLM vectors (a new cache when None)."""
    artefact = model()
    pipeline = artefact["pipeline"]
    labels = list(pipeline.classes_)
    probs = pipeline.predict_proba(prepare(texts))
    if uses_embeddings():
        head = artefact["embedding_head"]
        emb = head.predict_proba((encodings or Encodings()).vectors(texts))
        emb = emb[:, [list(head.classes_).index(label) for label in labels]]
        probs = artefact["blend"] * probs + (1.0 - artefact["blend"]) * emb
    # plain floats: numpy scalars would reach SQLite as blobs
    return [dict(zip(labels, map(float, row))) for row in probs]


# How the model's P(hate) is weighed against its other classes (stored in the artefact as
# "hate_rule"):
# "claim" (v3): hate must be more likely than "offensive" (abuse without a group); when it
#   is also more likely than "none" it counts, and when it is not (the model is unsure,
#   P(hate) above the cut-off but P(none) higher) it counts only if the text makes a
#   generic claim about a group (``generic_claim``) and is not a plain insult (an insult
#   word and no group). Implicit hate states a stereotype about a group; a neutral
#   question about one ("Could the Kurds have seen sense …?") does not.
# "most_likely" (v2, the default for artefacts that do not say): hate must beat both.
# "offensive": hate must beat "offensive" only.
HATE_RULES = ("claim", "most_likely", "offensive")

# A generic claim: a group word followed by a generic predicate ("immigrants are …",
# "the chinese cannot be trusted", "jews always …"), a quantifier before a group word
# ("all muslims", "those mexicans"), or "they" with such a predicate. Matched on the
# normal form of the text, from the lexicon's group hits.
_GENERIC_PREDICATE = re.compile(
    r"\s*,?\s*(?:people |folks |men |women )?(?:(?:really|just|all|simply|generally|usually|mostly) )?"
    r"(?:are|is|were|was|aren'?t|isn'?t|can'?t|cannot|could never|will never|won'?t|never|always|"
    r"all|only|just|should|shouldn'?t|must|don'?t|do not|tend to|need to|have no|has no|love to|"
    r"like to|want to|get|take|bring|ruin|steal|destroy|think)\b")
_QUANTIFIER = re.compile(r"\b(?:all|most|every|those|these|no|many|typical|such)\s+(?:\w+\s+)?$")
_THEY_GENERIC = re.compile(r"\b(?:they|they'?re|their kind|them)\s+(?:are|re|can'?t|cannot|never|always|all|"
                           r"only|just|should|don'?t|will never|have no)\b")


def generic_claim(text: str, hits: list[Hit]) -> bool:
    """True when ``text`` states something about a group as a whole (see above)."""
    norm = normalize(text)
    for hit in hits:
        if hit.group and (_GENERIC_PREDICATE.match(norm, hit.end)
                          or _QUANTIFIER.search(norm[max(0, hit.start - 30):hit.start])):
            return True
    return _THEY_GENERIC.search(norm) is not None


# Hate is aimed at a group; model evidence for hate therefore counts only when the text
# points at one: a group the lexicon knows, "those people"-like phrases, or, in a short
# statement, a plain pronoun ("they should all go back"). The embedding head gives short or
# political comments that name no group at all ("Think about that for one minute.", "Fake
# news.", "the people in Washington who do this are criminals") a P(hate) above the
# cut-off; in a longer comment "they" is mostly whoever the comment is about. The length
# limit cost nothing on the ToxiGen tuning groups (all short statements).
_GROUP_PHRASE = re.compile(r"\b(?:these people|those people|such people|you people|their kind)\b")
_PRONOUN = re.compile(r"\b(?:they|them|their|theirs|themselves)\b")
PRONOUN_MAX_WORDS = 25


def names_a_target(text: str, hits: list[Hit]) -> bool:
    """True when ``text`` names a group (a lexicon group hit) or refers to one (see above)."""
    if any(h.group for h in hits):
        return True
    norm = normalize(text)
    if _GROUP_PHRASE.search(norm):
        return True
    return _PRONOUN.search(norm) is not None and len(_WORD.findall(text)) <= PRONOUN_MAX_WORDS


# How a slur counts (stored in the artefact as "slur_rule"): "always" (v3: a slur is hate
# against its group), or "agree" (v4 may choose it): a slur counts as hate only where the
# model finds the sentence holding it at least as likely hateful as merely offensive. In
# tweets and forum posts slurs are mostly abuse without a message about the group; the
# datasets label most of those posts offensive. Coded terms and tropes always count.
SLUR_RULES = ("always", "agree")


def slur_rule() -> str:
    """The name of the slur rule the model runs with (see ``SLUR_RULES``)."""
    return str(model().get("slur_rule", "always"))


def hate_rule() -> str:
    """The name of the rule the model runs with (see ``HATE_RULES``)."""
    return str(model().get("hate_rule", "most_likely"))


# Praise of a group is no hate, whatever the model makes of a sentence that says something
# about a whole group ("Mexicans are hard-working people …" reads to it like the ToxiGen
# stereotypes it learned from). A text that praises (a praise word not negated just before)
# and holds no slur, trope, insult or dehumanising word gets no model hate.
_PRAISE = re.compile(
    r"\b(?:hard[- ]?working|kind(?:est|er)?|generous|friendly|welcoming|hospitable|lovely|wonderful|"
    r"brilliant|talented|honest|peaceful|decent|respectful|admirable|amazing|intelligent|courageous|"
    r"brave|polite|caring|helpful|proud of|love|loved|admire|respect|grateful|thankful|"
    r"contribut(?:e|ed|es|ing|ions?)|enrich(?:es|ed|ing)?|"
    # advocacy for a group, and sympathy with it: "ensuring girls & women are benefiting",
    # "many of the women are getting almost no funding … far more repressed"
    r"equality|equal rights|empower(?:s|ed|ing|ment)?|benefit(?:ing|ed|s)? from|opportunit(?:y|ies)|"
    r"scholarships?|(?:more |far more |being |been )?(?:oppressed|repressed|persecuted|marginali[sz]ed|"
    r"discriminated against|mistreated))\b")
_NEGATED = re.compile(r"\b(?:not|never|no|n't|hardly|less)\s+(?:\w+\s+){0,2}$")


def praises(text: str, hits: list[Hit]) -> bool:
    """True when ``text`` praises (see above) and has no hostile lexicon hit."""
    if any(h.kind != "identity" for h in hits):
        return False
    norm = normalize(text)
    return any(not _NEGATED.search(norm[max(0, m.start() - 30):m.start()]) for m in _PRAISE.finditer(norm))


def _model_hate(probs: dict[str, float], hits: list[Hit], text: str) -> float:
    """The model's P(hate), held just under the cut-off when the rule (``hate_rule``)
    says a competing class wins (the embedding head gives plain insults ("you moron")
    and neutral mentions of a group a P(hate) above the cut-off while finding them more
    likely offensive or neutral), or when the text points at no group at all."""
    hate = probs.get("hate", 0.0)
    rule = hate_rule()
    beats_none = hate >= probs.get("none", 0.0)
    if hate < probs.get("offensive", 0.0):
        counts = False
    elif rule == "offensive" or beats_none:
        counts = True
    elif rule == "claim" and hate >= hate_cutoff():
        insult_only = (any(h.kind == "insult" for h in hits) and not any(h.group for h in hits))
        counts = not insult_only and generic_claim(text, hits)
    else:
        counts = False
    counts = counts and names_a_target(text, hits) and not praises(text, hits)
    return hate if counts else min(hate, HELD_BACK * hate_cutoff())


def _score(probs: dict[str, float], hits: list[Hit], text: str,
           windows: list[tuple[int, int, dict[str, float]]]) -> ToxicityScore:
    lex_hate = _noisy_or(h.weight for h in hits if h.kind in HATE_KINDS)
    lex_insult = _noisy_or(h.weight for h in hits if h.kind == "insult")
    # hate-kind hits that name no group ("soros") can make a text toxic, never hate
    untargeted = _noisy_or(h.weight for h in hits if h.kind in HATE_KINDS and not h.group)
    model_toxic = _rescale(probs.get("hate", 0.0) + probs.get("offensive", 0.0), MODEL_TOXIC_CUTOFF)
    short = len(_WORD.findall(text)) < MIN_MODEL_WORDS
    if short or praises(text, hits):  # praise is neither hate nor abuse
        model_toxic = min(model_toxic, HELD_BACK * 0.5)  # 0.5: the rescaled toxic cut-off
    targets = group_targets(hits, text, [] if short else windows)
    hate = max((t.score() for t in targets), default=0.0)
    toxic = max(model_toxic, lex_insult, untargeted, hate)
    return ToxicityScore(round(toxic, 4), round(hate, 4), round(_model_hate(probs, hits, text), 4),
                         tuple(hits), lex_hate, lex_insult, model_toxic, targets)

# A dehumanising word pairs with a group mention at full weight when at most this many
# words stand between them ("migrants are vermin", "those rats, the migrants"); further
# apart in the sentence the pair weighs FAR_PAIR_WEIGHT, under the hate threshold, so the
# model must agree. Far pairs are mostly words about something else: "Male monkeys pay
# for sex by grooming females" (a news report, 5 words apart) is no hate of women. Even on
# HateXplain, posts chosen for their hate words, a pair up to 3 words apart sits in a hate
# post 73 % of the time and a pair further apart 60 % (266 posts with a pair).
NEAR_PAIR_WORDS = 3
FAR_PAIR_WEIGHT = 0.45


def paired_hits(text: str, hits: list[Hit]) -> list[Hit]:
    """``hits`` plus a trope hit for every dehumanising word that shares a sentence
    with a group mention ("migrants ... vermin"): the word alone is no hate, the pair is
    (at full weight only when the two stand close, see ``NEAR_PAIR_WORDS``)."""
    dehumanising = [h for h in hits if h.kind == "dehumanising"]
    if not dehumanising:
        return hits
    mentions = [h for h in hits if h.group and h.kind != "dehumanising"]
    paired = list(hits)
    for sentence in sentences(text):
        inside = [m for m in mentions if sentence.start <= m.start < sentence.end]
        for word in (d for d in dehumanising if sentence.start <= d.start < sentence.end):
            for group in dict.fromkeys(m.group for m in inside):
                apart, mention = min(((_words_between(text, word, m), m) for m in inside if m.group == group),
                                     key=lambda pair: pair[0])
                weight = word.weight if apart <= NEAR_PAIR_WORDS else min(word.weight, FAR_PAIR_WEIGHT)
                paired.append(Hit(min(word.start, mention.start), max(word.end, mention.end),
                                  "trope", mention.group, weight))
    return paired


def _words_between(text: str, a: Hit, b: Hit) -> int:
    first, second = (a, b) if a.start <= b.start else (b, a)
    return len(_WORD.findall(text[first.end:second.start]))


# A nationality that only qualifies a state body or an institution ("encircled by the
# Syrian army", "Iranian officials said") names that institution, not a people: such a
# word is no mention of a group, neither for the target nor for the rules above.
_INSTITUTION = re.compile(
    r"\s+(?:army|armed forces|forces|military|troops|soldiers|navy|air ?force|militias?|government|"
    r"regime|state|authorities|officials?|president|prime minister|pm|ministers?|ministry|embassy|"
    r"consulate|parliament|leaders?|leadership|intelligence|police|border|media|press|news|"
    r"television|tv|side|economy|markets?|compan(?:y|ies)|firms?|banks?|team|delegation|diplomats?|"
    r"defen[cs]e|airspace|territory|capital|cities|city|counterparts?|foreign)\b")


def text_hits(text: str, lexicon: Lexicon) -> list[Hit]:
    """The lexicon's hits in ``text`` without nationalities that qualify an institution,
    plus the dehumanising word + group pairs (``paired_hits``)."""
    norm = normalize(text)
    kept = [h for h in lexicon.hits(text)
            if not (h.kind == "identity" and (h.group or "").startswith("national_ethnic")
                    and _INSTITUTION.match(norm, h.end))]
    return paired_hits(text, kept)


# The speaker's own group ("as an Israeli living in Israel", "I'm Indian myself", "we
# Muslims", "my fellow Jews"): the mention identifies who is speaking, not whom they attack.
_SELF = re.compile(r"\b(?:as an?|i am an?|i'm an?|i am|i'm|we|us|my fellow|fellow|myself an?)\s+(?:[\w-]+\s+)?$")


def self_identified(text: str, hit: Hit) -> bool:
    """True when the group mention ``hit`` names the speaker's own group (see above)."""
    return _SELF.search(normalize(text[max(0, hit.start - 30):hit.start])) is not None


def group_mentions(hits: list[Hit] | tuple[Hit, ...]) -> list[Hit]:
    """The hits that name a group: a mention, slur, coded term or trope; weak trope hits
    ("soros": below TARGET_MIN_WEIGHT) do not name one on their own."""
    return [h for h in hits if h.group and not (h.kind in HATE_KINDS and h.weight < TARGET_MIN_WEIGHT)]


def _windows(text: str, mentions: list[Hit]) -> list[tuple[int, int]]:
    """The spans the model scores for the groups a text names: the whole text when it is
    one sentence, else each sentence naming a group, with the next sentence when that one
    goes on about "them" ("Muslims again. They should all leave.")."""
    units = sentences(text)
    if len(units) <= 1:
        return [(0, len(text))]
    spans = []
    for i, unit in enumerate(units):
        if any(unit.start <= m.start < unit.end for m in mentions):
            end = unit.end
            if i + 1 < len(units) and _PRONOUN.search(normalize(" ".join(units[i + 1].text.split()[:6]))):
                end = units[i + 1].end
            spans.append((unit.start, end))
    return spans


def group_targets(hits: list[Hit], text: str,
                  windows: list[tuple[int, int, dict[str, float]]]) -> tuple[TargetEvidence, ...]:
    """Per group the text names, the evidence of hate against it: the lexicon's hits
    against that group, and the model's score (under its rule) of the best sentence
    ``window`` that names it. A group the model finds no hate around and no slur or trope
    names is only mentioned: its evidence scores 0."""
    cutoff, agree = hate_cutoff(), slur_rule() == "agree"
    found = []
    named = group_mentions(hits)
    for group in dict.fromkeys(h.group for h in named):
        assert group is not None  # group_mentions keeps hits naming a group
        against = [h for h in hits if h.group == group and h.kind in HATE_KINDS
                   and not (agree and h.kind == "slur" and _abuse_only(h, windows))]
        model, where = 0.0, None
        for a, b, probs in windows:
            inside = [Hit(h.start - a, h.end - a, h.kind, h.group, h.weight) for h in hits if a <= h.start < b]
            here = [h for h in named if h.group == group and a <= h.start < b and not self_identified(text, h)]
            if here:
                value = _rescale(_model_hate(probs, inside, text[a:b]), cutoff)
                if where is None or value > model:
                    model, where = value, here[0]
        strong = [h for h in against if h.weight >= TARGET_MIN_WEIGHT]
        trigger = max(strong, key=lambda h: h.weight) if strong else where or next(
            h for h in named if h.group == group)
        found.append(TargetEvidence(group, trigger.start, trigger.end, max((h.weight for h in against), default=0.0),
                                    round(_noisy_or(h.weight for h in against), 4), round(model, 4)))
    return tuple(sorted(found, key=lambda t: -t.score()))


def _abuse_only(hit: Hit, windows: list[tuple[int, int, dict[str, float]]]) -> bool:
    """True when the model finds the sentence holding ``hit`` more likely offensive than
    hateful (no windows: a text too short for the model, where the slur counts)."""
    for a, b, probs in windows:
        if a <= hit.start < b:
            return probs.get("hate", 0.0) < probs.get("offensive", 0.0)
    return False


def score_texts(texts: list[str], lexicon: Lexicon, encodings: Encodings | None = None) -> list[ToxicityScore]:
    """Score each text (a comment or a paragraph): one model call for the texts, and one
    for the sentences of longer texts that name a group."""
    if not texts:
        return []
    probs = model_probabilities(texts, encodings)
    hits = [text_hits(t, lexicon) for t in texts]
    spans = [_windows(t, group_mentions(h)) if group_mentions(h) else [] for t, h in zip(texts, hits)]
    parts = sorted({t[a:b] for t, ws in zip(texts, spans) for a, b in ws if (a, b) != (0, len(t))})
    part_probs = dict(zip(parts, model_probabilities(parts, encodings))) if parts else {}
    out = []
    for text, p, h, ws in zip(texts, probs, hits, spans):
        windows = [(a, b, p if (a, b) == (0, len(text)) else part_probs[text[a:b]]) for a, b in ws]
        out.append(_score(p, h, text, windows))
    return out


def targets_of(score: ToxicityScore, threshold: float = 0.0) -> list[TargetEvidence]:
    """The groups a text targets with a hate score of at least ``threshold``, best first."""
    return [t for t in score.targets if t.score() >= threshold and t.score() > 0]
