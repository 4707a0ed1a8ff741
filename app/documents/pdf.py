"""A .docx as PDF, by LibreOffice headless (`soffice --headless --convert-to pdf`).

Each conversion runs in a subprocess of its own with its own temporary
profile (`-env:UserInstallation`), so parallel conversions do not share (and
lock) one profile; it is killed, with whatever it started, after `timeout`
seconds.
"""

import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path


class PdfUnavailable(RuntimeError):
    """LibreOffice is not installed on this server."""


class PdfFailed(RuntimeError):
    """The conversion failed or took too long."""


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def to_pdf(docx: bytes, *, timeout: float = 60) -> bytes:
    program = soffice()
    if program is None:
        raise PdfUnavailable("soffice (LibreOffice) is not installed")
    with tempfile.TemporaryDirectory(prefix="zorgpad-pdf-") as work:
        folder = Path(work)
        source = folder / "document.docx"
        source.write_bytes(docx)
        command = [
            program,
            f"-env:UserInstallation={(folder / 'profile').as_uri()}",
            "--headless",
            "--norestore",
            "--nolockcheck",
            "--nodefault",
            "--convert-to",
            "pdf:writer_pdf_Export",
            "--outdir",
            str(folder),
            str(source),
        ]
        env = {**os.environ, "HOME": work}
        process = subprocess.Popen(
            command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, start_new_session=True
        )  # its own group: killed with its children
        try:
            _, errors = process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.communicate()
            raise PdfFailed(f"LibreOffice took longer than {timeout:g} s") from None
        result = folder / "document.pdf"
        if process.returncode != 0 or not result.is_file():
            detail = errors.decode(errors="replace")[:500]
            raise PdfFailed(f"LibreOffice failed ({process.returncode}): {detail}")
        return result.read_bytes()
