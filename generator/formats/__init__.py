"""Output formats beside the pages: CAP 1.2 warnings, Atom feeds (atom.py: warnings, forecasts, rankings,
areas) and CSV downloads (csv_download.py).

Writers here turn page-stage models or source records into bytes; they compute no statistics."""
