"""Output formats beside the pages: CAP 1.2 warnings, Atom feeds (warnings, forecasts).

Writers here turn page-stage models or source records into bytes; they compute no statistics."""
