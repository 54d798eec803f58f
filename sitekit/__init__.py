"""Plain-Python logic behind the site: data loading and checks, i18n helpers, coverage.

Nothing here imports MkDocs, so it keeps working when the hooks in ``hooks/`` are replaced.
"""
