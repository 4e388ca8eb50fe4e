"""Every setting in one documented table, loaded into a frozen ``Settings``.

A TOML file (``claimscope run --config FILE``) may set any of them under a
``[claimscope]`` table; unknown names and values of the wrong type are errors, so
a typo never goes unnoticed. Each row is read by the code it names in its help
(a test changes every one and watches the behaviour change), and the settings a
stage reads are part of its version (``fingerprint.derived_version``).
"""
from __future__ import annotations

import dataclasses
import tomllib
from pathlib import Path

from .errors import ClaimscopeError

__all__ = ["SETTINGS", "FILE_SETTINGS", "CHOICES", "Settings", "load_settings"]

# (name, default, help); the defaults are what the code did before it was a setting
SETTINGS: tuple[tuple[str, object, str], ...] = (
    ("max_page_bytes", 256 * 1024 * 1024,
     "Largest input page (or JSONL line, or WARC record) read; larger ones are reported as errors."),
    ("max_analysed_chars", 250_000,
     ("Each per-page stage reads at most this many characters of a page's text (cut at a line end "
      "when one is near); the page is stored whole, and a stage that stops early records a notice "
      "(claimscope show PAGE). 250,000 is about 40,000 words: a long comment thread, at 1-2 minutes "
      "of extract on one core. 0 turns the bound off.")),
    ("boilerplate_min_pages", 3,
     "A short line found on at least this many pages of the corpus is treated as site chrome."),
    ("toxic_threshold", 0.5, "Minimum score for a 'toxic' flag."),
    ("toxic_shown_threshold", 1.01,
     "Minimum score for a stored 'toxic' flag the model alone carries to be shown by default; one an insult of the lexicon backs in a comment is shown anyway (1.01: never; calibrated on labelled reader comments and real comment threads: scripts/calibrate_toxic_shown.py)."),
    ("hate_threshold", 0.5,
     "Minimum score for a 'hate' flag (the model's tuned cut-off is rescaled to 0.5; lexicon hits score their weight)."),
    ("hate_shown_threshold", 1.01,
     "Minimum model score for a stored 'hate' flag that no slur, coded term or trope of the lexicon carries to be shown by default; a flag the lexicon carries is shown from hate_threshold. 1.01: a group named in a sentence the model scores as hateful is stored, never shown by default (on labelled real comment threads 3 of 30 such flags were hate: scripts/calibrate_hate_shown.py)."),
    ("propaganda_threshold", 0.0,
     "Minimum probability for a 'propaganda:<technique>' flag; 0 keeps the per-technique thresholds tuned with the model."),
    ("propaganda_shown_threshold", 0.0,
     "Minimum probability for a stored 'propaganda:<technique>' flag to be shown by default; 0 keeps the per-technique thresholds calibrated with the model (precision >= .5 on SemEval articles, raised where labelled real news pages needed it)."),
    ("propaganda_shown_calibration", "pages",
     "Which labelled data the per-technique shown thresholds come from: 'pages' (SemEval articles and labelled real news pages, the higher of the two: fewer flags, wrong less often on ordinary news) or 'articles' (SemEval's persuasive articles alone: more flags on state media, about half of them right there)."),
    ("narrative_threshold", 0.6, "Minimum score for a 'narrative' flag (0.6: every required cue of a narrative)."),
    ("narratives_file", "", "Narrative catalogue file (TOML) used instead of the built-in narratives.v1.toml."),
    ("narrative_catalogue", "", "Extra narrative catalogue file (TOML) to match besides the one in use."),
    ("lexicon_file", "", "Hate lexicon file (TOML) used instead of the built-in hate_lexicon.v6.toml."),
    ("propaganda_on_comments", False, "Also run the propaganda model on comments (not only on article paragraphs)."),
    ("classify_kinds", ("comment", "article"), "Segment kinds the classify stage flags."),
    ("same_claim_threshold", 0.43,
     ("Minimum hybrid score (cosine blended with rare-word overlap) for two sentences of two pages "
      "to be linked as the same claim; the overlap and shared-word minimums apply as well.")),
    ("same_claim_min_overlap", 0.2,
     ("Least IDF-weighted share of the shorter side's content words found in the other for a "
      "same-claim link between pages.")),
    ("same_claim_min_shared", 7,
     "Fewest distinct content words (names and numbers count) two sides of a same-claim link share."),
    ("story_threshold", 0.32,
     "Least TF-IDF cosine between an article and a story's centroid for the article to join the story."),
    ("story_min_shared_terms", 0,
     ("Fewest content words (entity and place names not counted) an article shares with a story's "
      "centroid (its top 60 terms) to join the story; 0 checks nothing.")),
    ("story_window_days", 2,
     ("Most days between an article's date and the date range of a story it joins (undated "
      "articles are not time-filtered).")),
    ("near_duplicate_threshold", 0.5,
     "Minimum estimated Jaccard similarity (MinHash of word 3-grams) for a near-duplicate link."),
    ("link_min_words", 6,
     ("Fewest words on each side of a near-duplicate or same-claim link; a same-claim side must "
      "also be a claim or a sentence (a verb, not mostly digits), and comment headers, dates "
      "and site chrome are never linked.")),
    ("link_chrome_min_pages", 3,
     ("A line found on at least this many pages of the corpus is site chrome: no link step links "
      "it, even inside article or comment text (0: no such check). Text repeated word for word "
      "as a line on that many pages is then not linked, even when it is content.")),
    ("claim_continuations", "quoted",
     ("Which sentences that follow a claim in the same paragraph, with no cue of their own, become "
      "claims of that claim's speaker (quote_type \"continuation\"): \"quoted\" (only quoted speech), "
      "\"all\" (every such sentence: on real news pages most unquoted ones are the writer's own) or "
      "\"none\".")),
    ("claim_check_threshold", 0.3,
     ("Lowest score of the claim check (a model of which claim shapes readers judged wrong on real "
      "pages: docs/models/claim-check.md) at which a verified claim is stored; 0 stores every "
      "claim the verifier's rules keep. The default keeps 98 % of the right claims of the labelled "
      "pages, out of fold, and drops 23 % of the wrong ones; higher values drop more of both.")),
    ("link_page_repeats", 2,
     ("A sentence (or a line of one sentence) that one page's article text prints at least this"
      " many times is chrome (a related-stories list shown twice): no link step links it (0: no such check). A pull quote's sentence is then not linked either.")),
    ("worker_threads", 1,
     ("Threads each worker process gives the numeric libraries (torch, BLAS); 0 leaves their own default. "
      "One per worker lets N workers use N cores without fighting over them.")),
    ("spark_driver_memory", "2g", "Memory of the Spark driver (spark.driver.memory) in `claimscope run --engine spark` (and its link step)."),
    ("profile", "accurate",
     ("Which encoder the extract and classify stages read texts with: \"accurate\" (MiniLM under the cue "
      "tagger and the classifiers: the figures in README) or \"fast\" (the student encoder distilled from "
      "MiniLM under the cue tagger and the propaganda model, each fitted on its states, and the toxicity "
      "model's n-gram part; faster, a little less accurate: "
      "docs/models/student-minilm.md). The claims link step reads its sentence vectors with the same "
      "encoder. Part of these stages' and that step's versions, and named in the claims' producer, the "
      "flags' model and the same-claim links' producer.")),
    ("device", "auto",
     ("Where MiniLM runs: \"auto\" (a CUDA GPU when torch finds one, else the CPU), \"cpu\" or "
      "\"cuda\" (an error when there is none). The same full-precision model either way.")),
    ("pages_per_worker", 8,
     ("`claimscope run` without --jobs starts one worker per this many pending pages, up to the "
      "machine's cores: loading the models costs a worker about as much as this many pages.")),
    ("worker_memory_mb", 2800,
     ("`claimscope run` without --jobs starts no more workers than the available memory holds at "
      "this many MB each (one worker with every stage peaked at 2.0-2.7 GB before the cue tagger's table and the "
      "gazetteer stopped being held whole; on real news pages it now peaks at about 1.0 GB fast, 1.5 GB accurate, "
      "more on pages at the max_analysed_chars bound).")),
)

# settings that take one of a few words: any other value is an error when loaded
CHOICES = {"profile": ("accurate", "fast"), "device": ("auto", "cpu", "cuda"),
           "propaganda_shown_calibration": ("pages", "articles"),
           "claim_continuations": ("quoted", "all", "none")}

# settings that name a file: a stage reading one is versioned by the file's bytes too
FILE_SETTINGS = frozenset({"narratives_file", "narrative_catalogue", "lexicon_file"})


# One field per SETTINGS row, in the same order, typed as its default, so a type checker
# sees every setting; tests/foundation/test_settings.py checks the two agree.
@dataclasses.dataclass(frozen=True)
class Settings:
    """The run's settings; see SETTINGS for what each one means."""

    max_page_bytes: int = 256 * 1024 * 1024
    max_analysed_chars: int = 250_000
    boilerplate_min_pages: int = 3
    toxic_threshold: float = 0.5
    toxic_shown_threshold: float = 1.01
    hate_threshold: float = 0.5
    hate_shown_threshold: float = 1.01
    propaganda_threshold: float = 0.0
    propaganda_shown_threshold: float = 0.0
    propaganda_shown_calibration: str = "pages"
    narrative_threshold: float = 0.6
    narratives_file: str = ""
    narrative_catalogue: str = ""
    lexicon_file: str = ""
    propaganda_on_comments: bool = False
    classify_kinds: tuple[str, ...] = ("comment", "article")
    same_claim_threshold: float = 0.43
    same_claim_min_overlap: float = 0.2
    same_claim_min_shared: int = 7
    story_threshold: float = 0.32
    story_min_shared_terms: int = 0
    story_window_days: int = 2
    near_duplicate_threshold: float = 0.5
    link_min_words: int = 6
    link_chrome_min_pages: int = 3
    claim_continuations: str = "quoted"
    claim_check_threshold: float = 0.3
    link_page_repeats: int = 2
    worker_threads: int = 1
    spark_driver_memory: str = "2g"
    profile: str = "accurate"
    device: str = "auto"
    pages_per_worker: int = 8
    worker_memory_mb: int = 2800


_DEFAULTS = {name: default for name, default, _ in SETTINGS}


def load_settings(path: str | Path | None = None, **overrides) -> Settings:
    values: dict = {}
    if path:
        with open(path, "rb") as fh:
            data = tomllib.load(fh)
        values.update(data.get("claimscope", data))
    values.update({k: v for k, v in overrides.items() if v is not None})
    unknown = sorted(set(values) - set(_DEFAULTS))
    if unknown:
        raise ClaimscopeError(f"unknown setting(s): {', '.join(unknown)}")
    return Settings(**{name: _typed(name, value) for name, value in values.items()})


def _typed(name: str, value):
    """``value`` as the type of the setting's default: TOML has arrays, not tuples, and
    writes 1 for 1.0; anything else of the wrong type is refused."""
    default = _DEFAULTS[name]
    if isinstance(default, tuple) and isinstance(value, (list, tuple)):
        return tuple(value)
    if isinstance(default, float) and isinstance(value, int) and not isinstance(value, bool):
        return float(value)
    if type(value) is not type(default):
        raise ClaimscopeError(f"setting {name} must be {type(default).__name__}, not {value!r}")
    if name in CHOICES and value not in CHOICES[name]:
        raise ClaimscopeError(f"setting {name} must be one of {', '.join(CHOICES[name])}, not {value!r}")
    return value
