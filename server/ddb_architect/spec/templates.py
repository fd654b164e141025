"""Key templates: ``USER#{userId}``, ``POST#{createdAt}#{postId}``, ``{score:010d}``.

A template is parsed into literal and variable parts. Each variable gets a *domain* (the
strings it can produce: a closed set of values, or a character class with a length range,
derived from the field's format, type, padding and ``max_length``), which lets the rules
ask whether two templates can produce the same key, whether a key condition can match a
template, and how long a key can get.
"""

from __future__ import annotations

import re
import string
from collections import deque
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from ddb_architect.spec.model import FieldSpec

_FORMAT_SPEC = re.compile(
    r"^(?:(?P<fill>.)?(?P<align>[<>=^]))?(?P<sign>[-+ ])?(?P<z>z)?(?P<alt>#)?(?P<zero>0)?"
    r"(?P<width>\d+)?(?P<grouping>[_,])?(?:\.(?P<precision>\d+))?(?P<type>[bcdeEfFgGnosxX%])?$"
)
_IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


@dataclass(frozen=True)
class Literal:
    text: str


@dataclass(frozen=True)
class Variable:
    name: str
    format_spec: str = ""

    @property
    def zero_padded_width(self) -> int | None:
        """The width the number is zero-padded to (``{n:010d}`` → 10), or None."""
        match = _FORMAT_SPEC.match(self.format_spec)
        if not match or not match["width"]:
            return None
        zero = match["zero"] or (match["fill"] == "0" and match["align"] in (">", "="))
        return int(match["width"]) if zero else None


Part = Literal | Variable


@dataclass(frozen=True)
class KeyTemplate:
    source: str
    parts: tuple[Part, ...]

    @property
    def variables(self) -> list[Variable]:
        return [p for p in self.parts if isinstance(p, Variable)]

    @property
    def is_constant(self) -> bool:
        return not self.variables

    @property
    def literal_prefix(self) -> str:
        prefix = []
        for part in self.parts:
            if isinstance(part, Variable):
                break
            prefix.append(part.text)
        return "".join(prefix)


class TemplateError(ValueError):
    """A template that cannot be parsed; ``column`` is the offset in the template."""

    def __init__(self, message: str, column: int) -> None:
        super().__init__(message)
        self.column = column


@lru_cache(maxsize=4096)
def parse_template(source: str) -> KeyTemplate:
    """Parse a template; raises ``TemplateError`` for unbalanced braces, an empty ``{}``,
    a bad variable name or a bad format spec. ``{{`` and ``}}`` are literal braces."""
    parts: list[Part] = []
    literal: list[str] = []
    i = 0
    while i < len(source):
        ch = source[i]
        if ch == "{":
            if source.startswith("{{", i):
                literal.append("{")
                i += 2
                continue
            end = source.find("}", i + 1)
            nested = source.find("{", i + 1)
            if end == -1 or (nested != -1 and nested < end):
                raise TemplateError(f"unbalanced '{{' at offset {i}: a variable must close with '}}'", i)
            body = source[i + 1 : end]
            if not body.strip():
                raise TemplateError("empty '{}': name the variable, for example {userId}", i)
            name, _, spec = body.partition(":")
            name = name.strip()
            if not _IDENTIFIER.match(name):
                raise TemplateError(
                    f"{name!r} is not a variable name (letters, digits and '_', not starting with a digit)", i
                )
            if spec and not _FORMAT_SPEC.match(spec):
                raise TemplateError(
                    f"bad format spec {spec!r} in {{{body}}}: use a Python format spec such as {{{name}:010d}}",
                    i,
                )
            if literal:
                parts.append(Literal("".join(literal)))
                literal = []
            parts.append(Variable(name, spec))
            i = end + 1
            continue
        if ch == "}":
            if source.startswith("}}", i):
                literal.append("}")
                i += 2
                continue
            raise TemplateError(f"unbalanced '}}' at offset {i}: write '}}}}' for a literal brace", i)
        literal.append(ch)
        i += 1
    if literal:
        parts.append(Literal("".join(literal)))
    return KeyTemplate(source, tuple(parts))


def try_parse(source: str) -> KeyTemplate | None:
    try:
        return parse_template(source)
    except TemplateError:
        return None


# --------------------------------------------------------------------------- variable domains

ANY = None  # a character class of every character

DIGITS = frozenset(string.digits)
HEX_UUID = frozenset("0123456789abcdefABCDEF-")
CROCKFORD = frozenset("0123456789ABCDEFGHJKMNPQRSTVWXYZ")
DATE_CHARS = frozenset("0123456789-")
ISO_CHARS = frozenset("0123456789-:.TZ+")
NUMBER_CHARS = frozenset("0123456789-.eE+")

FORMAT_LENGTHS: dict[str, tuple[int, int | None]] = {
    "uuid": (36, 36),
    "ulid": (26, 26),
    "date": (10, 10),
    "iso8601": (10, 32),
    "epoch-seconds": (10, 10),
    "epoch-millis": (13, 13),
    "counter": (1, None),
}
FORMAT_CHARS: dict[str, frozenset[str]] = {
    "uuid": HEX_UUID,
    "ulid": CROCKFORD,
    "date": DATE_CHARS,
    "iso8601": ISO_CHARS,
    "epoch-seconds": DIGITS,
    "epoch-millis": DIGITS,
    "counter": DIGITS,
}
TIME_OR_COUNTER_FORMATS = frozenset({"iso8601", "date", "epoch-seconds", "epoch-millis", "counter"})
FIXED_LENGTH_FORMATS = frozenset(f for f, (lo, hi) in FORMAT_LENGTHS.items() if lo == hi)

# Typical value lengths in bytes, used only to estimate key and index-entry sizes.
TYPICAL_LENGTHS = {"iso8601": 24, "counter": 8}
TYPICAL_STRING_BYTES = 16
TYPICAL_NUMBER_BYTES = 8


@dataclass(frozen=True)
class Domain:
    """The strings a variable can produce: ``values`` when it is a closed set, else
    characters from ``chars`` (None: any) with a length in [min_length, max_length]."""

    values: frozenset[str] | None = None
    chars: frozenset[str] | None = ANY
    min_length: int = 1
    max_length: int | None = None

    @property
    def bounded_length(self) -> int | None:
        if self.values is not None:
            return max((len(v.encode()) for v in self.values), default=0)
        return self.max_length


def domain_of(variable: Variable, spec: FieldSpec | None) -> Domain:
    """The domain of a template variable given its field (None when undeclared)."""
    if spec is None:
        return Domain()
    if spec.values:
        return Domain(values=frozenset(_value_text(v, variable) for v in spec.values))
    max_length = int(spec.max_length) if spec.max_length is not None else None
    padded = variable.zero_padded_width
    if spec.format in FORMAT_LENGTHS:
        low, high = FORMAT_LENGTHS[spec.format]
        if padded and (high is None or padded > high):
            low, high = max(low, padded), (None if high is None else padded)
        return Domain(chars=FORMAT_CHARS[spec.format], min_length=low, max_length=high)
    if spec.type == "N":
        if padded:
            return Domain(chars=NUMBER_CHARS, min_length=padded, max_length=max_length)
        return Domain(chars=NUMBER_CHARS, min_length=1, max_length=max_length)
    return Domain(chars=ANY, min_length=1, max_length=max_length)


def _value_text(value: object, variable: Variable) -> str:
    if variable.format_spec and isinstance(value, (int, float)):
        try:
            return format(value, variable.format_spec)
        except (ValueError, TypeError):
            return str(value)
    return str(value)


def typical_length(variable: Variable, spec: FieldSpec | None) -> float:
    """Bytes a variable typically takes, for size estimates."""
    if spec is not None:
        if spec.values:
            texts = [_value_text(v, variable).encode() for v in spec.values]
            return sum(len(t) for t in texts) / len(texts)
        if spec.format in FIXED_LENGTH_FORMATS:
            return float(FORMAT_LENGTHS[spec.format][0])
        if spec.format in TYPICAL_LENGTHS:
            return float(TYPICAL_LENGTHS[spec.format])
        if spec.max_length is not None:
            return min(float(spec.max_length), float(TYPICAL_STRING_BYTES))
        if spec.type == "N":
            return float(max(variable.zero_padded_width or 0, TYPICAL_NUMBER_BYTES))
    return float(max(variable.zero_padded_width or 0, TYPICAL_STRING_BYTES))


def typical_value_bytes(template: KeyTemplate, fields: Mapping[str, FieldSpec]) -> float:
    """Estimated bytes of a value the template produces."""
    total = 0.0
    for part in template.parts:
        if isinstance(part, Literal):
            total += len(part.text.encode())
        else:
            total += typical_length(part, fields.get(part.name))
    return total


def max_value_bytes(template: KeyTemplate, fields: Mapping[str, FieldSpec]) -> tuple[int, list[str]]:
    """The longest value in bytes counting literal parts and the variables whose length is
    bounded (``max_length``, a fixed-length format or a closed set); and the names of the
    variables left out because nothing bounds them."""
    total = 0
    unbounded: list[str] = []
    for part in template.parts:
        if isinstance(part, Literal):
            total += len(part.text.encode())
            continue
        spec = fields.get(part.name)
        domain = domain_of(part, spec)
        bound = domain.bounded_length
        if bound is None:
            unbounded.append(part.name)
        else:
            # A fixed-length format is ASCII; max_length is already in bytes.
            total += bound
    return total, unbounded


# --------------------------------------------------------------------------- overlap of templates


@dataclass
class _Nfa:
    """A small NFA over characters; an edge label is a single character or a class
    (None: any character)."""

    edges: list[list[tuple[str | frozenset[str] | None, int]]] = field(default_factory=lambda: [[]])
    epsilon: list[list[int]] = field(default_factory=lambda: [[]])

    def new_state(self) -> int:
        self.edges.append([])
        self.epsilon.append([])
        return len(self.edges) - 1

    def add_text(self, start: int, text: str) -> int:
        state = start
        for ch in text:
            nxt = self.new_state()
            self.edges[state].append((ch, nxt))
            state = nxt
        return state

    def add_domain(self, start: int, domain: Domain) -> int:
        if domain.values is not None:
            end = self.new_state()
            for value in domain.values:
                last = self.add_text(start, value)
                self.epsilon[last].append(end)
            return end
        state = start
        for _ in range(domain.min_length):
            nxt = self.new_state()
            self.edges[state].append((domain.chars, nxt))
            state = nxt
        if domain.max_length is None:
            self.edges[state].append((domain.chars, state))
            return state
        end = self.new_state()
        self.epsilon[state].append(end)
        for _ in range(domain.max_length - domain.min_length):
            nxt = self.new_state()
            self.edges[state].append((domain.chars, nxt))
            self.epsilon[nxt].append(end)
            state = nxt
        return end

    def closure(self, states: Iterable[int]) -> frozenset[int]:
        seen = set(states)
        stack = list(seen)
        while stack:
            for nxt in self.epsilon[stack.pop()]:
                if nxt not in seen:
                    seen.add(nxt)
                    stack.append(nxt)
        return frozenset(seen)


Atom = tuple[str, str | Domain]  # ("text", "ABC") or ("domain", Domain)


def template_atoms(template: KeyTemplate, fields: Mapping[str, FieldSpec]) -> list[Atom]:
    atoms: list[Atom] = []
    for part in template.parts:
        if isinstance(part, Literal):
            atoms.append(("text", part.text))
        else:
            atoms.append(("domain", domain_of(part, fields.get(part.name))))
    return atoms


def _build(atoms: Sequence[Atom]) -> tuple[_Nfa, int]:
    nfa = _Nfa()
    state = 0
    for kind, value in atoms:
        if kind == "text":
            assert isinstance(value, str)
            state = nfa.add_text(state, value)
        else:
            assert isinstance(value, Domain)
            state = nfa.add_domain(state, value)
    return nfa, state


def _labels_meet(a: str | frozenset[str] | None, b: str | frozenset[str] | None) -> bool:
    if a is None or b is None:
        return True
    if isinstance(a, str) and isinstance(b, str):
        return a == b
    if isinstance(a, str):
        return a in b
    if isinstance(b, str):
        return b in a
    return not a.isdisjoint(b)


def _fixed_ends(atoms: Sequence[Atom]) -> tuple[str, str]:
    """The literal text every string of ``atoms`` starts with, and ends with."""
    texts = [value if kind == "text" else None for kind, value in atoms]
    prefix = []
    for text in texts:
        if not isinstance(text, str):
            break
        prefix.append(text)
    suffix = []
    for text in reversed(texts):
        if not isinstance(text, str):
            break
        suffix.append(text)
    return "".join(prefix), "".join(reversed(suffix))


def atoms_overlap(first: list[Atom], second: list[Atom]) -> bool:
    """True when some string is produced by both atom sequences (a product walk over
    pairs of NFA states, so it stays polynomial)."""
    first_start, first_end = _fixed_ends(first)
    second_start, second_end = _fixed_ends(second)
    # A string of both starts with both fixed prefixes and ends with both fixed suffixes.
    if not (first_start.startswith(second_start) or second_start.startswith(first_start)):
        return False
    if not (first_end.endswith(second_end) or second_end.endswith(first_end)):
        return False
    return _atoms_overlap(tuple(first), tuple(second))


@lru_cache(maxsize=4096)
def _atoms_overlap(first: tuple[Atom, ...], second: tuple[Atom, ...]) -> bool:
    a, a_end = _build(first)
    b, b_end = _build(second)
    seen = {(s, t) for s in a.closure([0]) for t in b.closure([0])}
    queue = deque(seen)
    while queue:
        s, t = queue.popleft()
        if s == a_end and t == b_end:
            return True
        for label_a, next_a in a.edges[s]:
            for label_b, next_b in b.edges[t]:
                if not _labels_meet(label_a, label_b):
                    continue
                for pair in ((x, y) for x in a.closure([next_a]) for y in b.closure([next_b])):
                    if pair not in seen:
                        seen.add(pair)
                        queue.append(pair)
    return False


def templates_overlap(
    first: KeyTemplate,
    first_fields: Mapping[str, FieldSpec],
    second: KeyTemplate,
    second_fields: Mapping[str, FieldSpec],
) -> bool:
    """True when the two templates can produce the same value."""
    if first.is_constant and second.is_constant:
        return _constant(first) == _constant(second)
    return atoms_overlap(template_atoms(first, first_fields), template_atoms(second, second_fields))


def _constant(template: KeyTemplate) -> str:
    return "".join(p.text for p in template.parts if isinstance(p, Literal))


def prefix_can_match(prefix: str, template: KeyTemplate, fields: Mapping[str, FieldSpec]) -> bool:
    """True when some value of ``template`` starts with ``prefix`` (``begins_with``)."""
    return atoms_overlap(
        template_atoms(template, fields), [("text", prefix), ("domain", Domain(min_length=0))]
    )
