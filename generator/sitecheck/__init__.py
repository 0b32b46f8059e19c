"""`check-site`: a built site checks itself (links, placeholders, page structure, outside loads).

Reads only the built site folder; knows nothing of how pages were made. See run.check_site.
"""

from generator.sitecheck.run import Problem, SiteReport, check_site

__all__ = ["Problem", "SiteReport", "check_site"]
