"""Reproducible ZIP files: the same members give the same bytes."""

from __future__ import annotations

import io
import zipfile

ZIP_DATE = (2026, 1, 1, 0, 0, 0)


def make_zip(members: list[tuple[str, bytes]]) -> bytes:
    """A ZIP of (name, bytes), byte-for-byte the same for the same members."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members:
            info = zipfile.ZipInfo(name, date_time=ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, data)
    return out.getvalue()


def repack(data: bytes) -> bytes:
    """An Office file (a ZIP) written again with fixed dates, so its bytes are reproducible."""
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return make_zip([(info.filename, package.read(info)) for info in package.infolist()])
