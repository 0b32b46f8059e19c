"""Site assembly: the build context and output tree, the Jinja2 environment, the Content-Security-
Policy, the docs folder and configuration MkDocs builds from, and the built site's folder (atomic
swap)."""
