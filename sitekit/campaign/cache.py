"""Cache keys for campaign files: the SHA-256 of everything a file is made from, so a warm
build reuses every file and a changed number or text remakes only what shows it. Storage is
the lesson kits' :class:`sitekit.downloads.DownloadCache`."""

from __future__ import annotations

from sitekit.downloads import DownloadCache, _package_version, digest

# Bump when the output changes for the same input.
GENERATOR_VERSION = "1"

__all__ = ["DownloadCache", "key"]


def key(kind: str, *parts: str) -> str:
    """The key of a ``kind`` ("pdf", "png" or "preview") file made from ``parts``."""
    package = {"pdf": "weasyprint", "png": "cairosvg", "preview": "pypdfium2"}[kind]
    versions = (_package_version(package),)
    return digest("campaign", GENERATOR_VERSION, kind, *versions, *parts)
