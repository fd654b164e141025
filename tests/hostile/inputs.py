"""Hostile inputs the tests feed to the engine, the command line and the server: alias
bombs, deep nesting, files over the size limit, binary and undecodable bytes, and the
example files a user types."""

from __future__ import annotations

from pathlib import Path

from ddb_architect.limits import MAX_FILE_BYTES

ROOT = Path(__file__).resolve().parents[2]
SHARED_EXAMPLES = ROOT.parent / "shared" / "examples"


def example_files() -> list[Path]:
    """Every example spec and Python file: the project's and, when present, the shared ones."""
    found = sorted(ROOT.glob("examples/**/*.ddb.yaml")) + sorted(ROOT.glob("examples/**/*.py"))
    if SHARED_EXAMPLES.is_dir():
        found += sorted(SHARED_EXAMPLES.glob("**/*.ddb.yaml")) + sorted(SHARED_EXAMPLES.glob("**/*.py"))
    return found


def billion_laughs(levels: int = 10, width: int = 10) -> str:
    """The classic alias bomb as a design spec: each anchor holds ``width`` aliases of the
    previous one, so the last expands to ``width ** levels`` strings."""
    lines = ["version: 1", "lol0: &lol0 " + '["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for level in range(1, levels):
        aliases = ", ".join([f"*lol{level - 1}"] * width)
        lines.append(f"lol{level}: &lol{level} [{aliases}]")
    lines.append("tables:")
    lines.append(f"  Bomb: {{key: {{partition: PK}}, tags: *lol{levels - 1}}}")
    return "\n".join(lines) + "\n"


def merge_key_bomb(levels: int = 12) -> str:
    """An alias bomb built from merge keys: each mapping merges the previous one twice
    under new names, doubling the entries at every level."""
    lines = ["version: 1", "m0: &m0 {a: 1, b: 2}"]
    for level in range(1, levels):
        lines.append(
            f"m{level}: &m{level} {{x{level}: *m{level - 1}, y{level}: *m{level - 1}, <<: *m{level - 1}}}"
        )
    return "\n".join(lines) + "\n"


def deep_flow(depth: int = 100_000) -> str:
    return "version: 1\nnested: " + "[" * depth + "]" * depth + "\n"


def deep_flow_mapping(depth: int = 20_000) -> str:
    return "version: 1\nnested: " + "{a: " * depth + "1" + "}" * depth + "\n"


def deep_block(depth: int = 300) -> str:
    """Block mappings nested ``depth`` levels, one more space of indentation each."""
    return (
        "version: 1\n" + "".join(" " * level + f"k{level}:\n" for level in range(depth)) + " " * depth + "v\n"
    )


def oversized_spec(megabytes: int = 20) -> str:
    """A design spec of ``megabytes`` MB (a real table, then comments)."""
    head = "version: 1\ntables:\n  Orders:\n    key: {partition: PK}\n    colour: blue\n"
    line = "# " + "padding " * 12 + "\n"
    return head + line * (megabytes * 1024 * 1024 // len(line) + 1)


def oversized_python(megabytes: int = 20) -> str:
    """A Python module of ``megabytes`` MB full of DynamoDB calls (each a finding, were
    it read: a scan without pagination)."""
    head = "import boto3\n\nclient = boto3.client('dynamodb')\n"
    line = "items = client.scan(TableName='Orders')['Items']\n"
    return head + line * (megabytes * 1024 * 1024 // len(line) + 1)


assert len(oversized_spec(11).encode()) > MAX_FILE_BYTES

BINARY = bytes(range(256)) * 64 + b"\x00" * 1024 + b"\xff\xfe\xfd" * 100
"""Bytes that are no text at all: every byte value, NULs, and invalid UTF-8."""

INVALID_UTF8_SPEC = (
    b"version: 1\ntables:\n  Orders:\n    key: {partition: PK}\n    description: caf\xe9 \xff\n"
)
INVALID_UTF8_PYTHON = b"import boto3\n\nNAME = 'caf\xe9'\nboto3.client('dynamodb').scan(TableName='T')\n"

ODD_TEXTS = {
    "nul bytes": "version: 1\x00\ntables:\n  T\x00: {key: {partition: PK}}\n",
    "control characters": "version: 1\ntables: \x07\x1b[31m\x7f\n",
    "lone surrogates": "version: 1\nname: \ud800\udfff\udc00 x\n",
    "nel ls ps breaks": "version: 1\x85tables:\u2028  T: {key: {partition: PK}}\u2029\n",
    "carriage returns only": "version: 1\rtables:\r  T:\r    key: {partition: PK}\r",
    "bom in the middle": "version: 1\n\ufefftables:\n  \ufeffT: {}\n",
    "tabs for indentation": "version: 1\ntables:\n\tT:\n\t\tkey: {partition: PK}\n",
    "only whitespace": " \n\t\n   \n",
    "empty": "",
    "a long line": "version: 1\nname: " + "x" * 200_000 + "\n",
    "many documents": "version: 1\n" + "---\na: 1\n" * 2_000,
    "emoji and combining marks": "version: 1\ntables:\n  T😋\u0301: {key: {partition: 'P😋K'}}\n",
    "python tag": "version: !!python/object/apply:os.system ['echo pwned']\n",
    "self alias": "a: &a [*a]\n",
    "undefined alias": "version: 1\ntables: *nothing\n",
}
"""Text an editor can hand over (``didOpen`` cannot carry invalid UTF-8, but can carry
all of these)."""
