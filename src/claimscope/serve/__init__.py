"""Ways to look at the store: terminal rendering (terminal.py), a read-only web UI
(app.py; `claimscope serve`) and a self-contained HTML report (report.py).

Nothing is imported here, so the terminal view works without the web extra."""
