"""Engines run the per-page stages at some scale: ``local`` (processes on this
machine's cores, the default) and ``spark`` (a PySpark cluster). Stages never
know which engine runs them."""
