"""DynamoDB's reserved words, read once from ``schemas/reserved-words.json``."""

from __future__ import annotations

import json
from functools import cache

from ddb_architect.resources import schemas_dir

RESERVED_WORDS_FILE = "reserved-words.json"


@cache
def reserved_words() -> frozenset[str]:
    """Every reserved word, upper case."""
    data = json.loads((schemas_dir() / RESERVED_WORDS_FILE).read_text(encoding="utf-8"))
    return frozenset(str(word).upper() for word in data["words"])


def is_reserved(word: str) -> bool:
    """Whether an attribute name needs an expression attribute name (case-insensitive)."""
    return word.upper() in reserved_words()
