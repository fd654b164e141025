"""How much text the engine reads: a file over the size limit is skipped, with an
information finding that says so, instead of costing minutes and gigabytes to parse."""

from __future__ import annotations

from ddb_architect.findings import DOCUMENT_START, Finding, Severity

MAX_FILE_BYTES = 10 * 1024 * 1024
"""No design spec or module that calls DynamoDB comes near this; generated data does."""

SKIPPED_CODE = "DDB001"


def utf8_size(text: str) -> int:
    """The size of ``text`` in bytes as UTF-8 (lone surrogates counted, never raised on)."""
    return len(text.encode("utf-8", errors="surrogatepass"))


def oversized(text: str, max_bytes: int = MAX_FILE_BYTES) -> int | None:
    """The size in bytes of ``text`` when it is over ``max_bytes``, else None (cheaply:
    a text of at most ``max_bytes / 4`` characters is never encoded)."""
    if len(text) * 4 <= max_bytes:
        return None
    size = utf8_size(text)
    return size if size > max_bytes else None


def skipped_finding(size: int, max_bytes: int, what: str) -> Finding:
    """The information finding of a file skipped for its size: ``what`` it would have
    been read as (``design spec``, ``Python file``)."""
    mb = 1024 * 1024
    return Finding(
        SKIPPED_CODE,
        Severity.INFO,
        DOCUMENT_START,
        f"the file is {size / mb:.1f} MB, over the {max_bytes / mb:.0f} MB limit for a {what}: "
        "it was skipped, not checked",
        {"skipped": "size", "bytes": size},
    )
