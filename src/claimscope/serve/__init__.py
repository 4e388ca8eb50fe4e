"""Ways to look at the store: terminal rendering now, a read-only web UI later."""
