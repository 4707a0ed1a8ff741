"""Zip archives (.docx) with fixed timestamps: the same content gives the same bytes."""

import io
import zipfile

ZIP_TIME = (2026, 1, 1, 0, 0, 0)


def normalise_zip(data: bytes) -> bytes:
    """The same archive, its members in the same order, with fixed timestamps."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for item in source.infolist():
            info = zipfile.ZipInfo(item.filename, date_time=ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o600 << 16
            target.writestr(info, source.read(item.filename))
    return out.getvalue()
