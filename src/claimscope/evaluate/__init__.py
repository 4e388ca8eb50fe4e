"""Evaluation harnesses, apart from the stages they measure: each reads labelled files
given as arguments and returns a dict of metrics (the CLI prints it, or one JSON object
with --json). Every score comes from ``metrics``.

- ``segmentation``, ``extraction``: segment F1 and author accuracy; HTML main-text and comment word F1
- ``attribution`` (PolNeAR), ``geoparse`` (LGL/GeoVirus): the extract stage
- ``classification`` (toxicity, SemEval-2023 propaganda; readers in ``semeval``): the classify stage
- ``claim_matching`` (CLEF CheckThat! 2020 task 2; readers in ``clef``, ``tweets``): a tweet
  reranker over the link stage's indexes, with the tuned top layers in ``tuned``. The
  pipeline's link stage does not run the reranker or the tuned layers.

The stage packages never import this package (tests/foundation/test_layers.py).
"""
