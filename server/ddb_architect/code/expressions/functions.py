"""The functions each kind of expression allows, and how a misspelt one is reported."""

from __future__ import annotations

import difflib

# Function names are case-sensitive (Developer Guide, "Condition and filter expressions,
# operators, and functions": "function names are case sensitive").
CONDITION_FUNCTIONS = {
    "attribute_exists": 1,
    "attribute_not_exists": 1,
    "attribute_type": 2,
    "begins_with": 2,
    "contains": 2,
    "size": 1,
}
UPDATE_FUNCTIONS = {"if_not_exists": 2, "list_append": 2}


def unknown_function_message(name: str, known: dict[str, int], elsewhere: dict[str, int], where: str) -> str:
    """Why ``name`` is not a function here, with the likely intended one."""
    if name in elsewhere:
        return f"{name}() cannot be used in {where}"
    lowered = {candidate.lower(): candidate for candidate in known}
    if name.lower() in lowered:
        return (
            f"unknown function '{name}': function names are case-sensitive, write {lowered[name.lower()]}()"
        )
    close = difflib.get_close_matches(name, list(known), n=1, cutoff=0.6)
    if not close:
        close = [candidate for candidate in known if candidate.startswith(name.lower())][:1]
    hint = f": did you mean {close[0]}()?" if close else ""
    return f"unknown function '{name}'{hint}"


def arity_message(name: str, wanted: int, got: int) -> str:
    plural = "argument" if wanted == 1 else "arguments"
    return f"{name}() takes {wanted} {plural}, not {got}"
