"""The site's Markdown markers as Python-Markdown extensions, listed under ``markdown_extensions``
in mkdocs.yml, so that every engine that runs Python-Markdown expands them:

- ``sitekit.mdext.helplines``: ``<!-- helplines: id id … -->`` becomes helpline cards
  (partials/helplines.html);
- ``sitekit.mdext.lessons``: the facts block under a lesson's title (partials/lesson-facts.html,
  with the ``<!-- lesson-downloads -->`` placeholder) and ``<!-- lessons-index -->``
  (partials/lessons-index.html).

The page and the site come from ``sitekit.pagecontext`` (see :func:`base.contexts`).
"""
