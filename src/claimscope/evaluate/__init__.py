"""Evaluation harnesses: each reads labelled files given as arguments and
returns a dict of metrics (the CLI prints it, or one JSON object with --json)."""
