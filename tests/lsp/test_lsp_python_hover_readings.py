"""The Python hovers keep the check's readings of the documents checked last only: memory
stays bounded however many documents are open (a hover elsewhere reads again)."""

from __future__ import annotations

from typing import Any, cast

from ddb_architect.lsp.python_hover import KEPT_READINGS, PythonHovers


def _hovers() -> PythonHovers:
    return PythonHovers(cast(Any, None), cast(Any, None))


def test_only_the_readings_of_the_documents_checked_last_are_kept() -> None:
    hovers = _hovers()
    reading = cast(Any, object())
    uris = [f"file:///project/module_{i}.py" for i in range(KEPT_READINGS + 5)]
    for uri in uris:
        hovers.checked(uri, "text", reading)
    assert list(hovers._checked) == uris[-KEPT_READINGS:]


def test_a_document_checked_again_is_kept_as_the_newest() -> None:
    hovers = _hovers()
    reading = cast(Any, object())
    uris = [f"file:///project/module_{i}.py" for i in range(KEPT_READINGS)]
    for uri in uris:
        hovers.checked(uri, "text", reading)
    hovers.checked(uris[0], "new text", reading)
    hovers.checked("file:///project/another.py", "text", reading)
    assert uris[0] in hovers._checked
    assert uris[1] not in hovers._checked
    assert hovers._checked[uris[0]][0] == "new text"


def test_a_document_that_is_no_longer_dynamodb_code_drops_its_reading() -> None:
    hovers = _hovers()
    hovers.checked("file:///project/a.py", "text", cast(Any, object()))
    hovers.checked("file:///project/a.py", "text", None)
    assert hovers._checked == {}
