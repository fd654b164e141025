"""Whatever text the editor hands over — half-typed code, garbage, real files cut and
shuffled — ``check_python`` returns findings and never raises, no rule fails on it (the
engine would log and skip it), and every finding's span lies inside the text."""

from __future__ import annotations

import logging
import signal
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ddb_architect.code.source import LINE_BREAK
from ddb_architect.engine import check_python
from tests.code.test_boto3_clean_code import MODULES

SHARED_EXAMPLE = Path(__file__).resolve().parents[2].parent / "shared" / "examples" / "orders_service.py"
REAL_FILES = [*(code.lstrip("\n") for code in MODULES.values())]
if SHARED_EXAMPLE.is_file():
    REAL_FILES.append(SHARED_EXAMPLE.read_text(encoding="utf-8"))

FRAGMENTS = [
    "import boto3",
    "import boto3 as b3",
    "from boto3 import resource, client",
    "from boto3.dynamodb.conditions import Key, Attr",
    "import os",
    'dynamodb = boto3.resource("dynamodb")',
    'table = dynamodb.Table("Orders")',
    'table = dynamodb.Table(os.environ["TABLE"])',
    'c = boto3.client("dynamodb")',
    "t = table",
    "a = b",
    "b = a",
    "x = x & Attr('a').eq(1)",
    "x = Key('pk').eq(1)",
    "kwargs = {'KeyConditionExpression': x}",
    "kwargs['ExclusiveStartKey'] = r['LastEvaluatedKey']",
    "kwargs.update(extra)",
    "r = table.query(**kwargs)",
    "r = t.scan(FilterExpression='#a = :v AND', ExpressionAttributeValues={':v': 1.5})",
    "for k in keys:",
    "while True:",
    "table.get_item(Key={'pk': k})",
    "c.put_item(TableName='T', Item={'pk': 'x'})",
    "break",
    "def handler(event, context):",
    "class Repo(Base):",
    "def __init__(self):",
    "self.table = boto3.resource('dynamodb').Table('T')",
    "@property",
    "def t(self):",
    "return self.t",
    "def f():",
    "return f()",
    "return table",
    "with table.batch_writer() as w:",
    "w.put_item(Item={'n': 0.5})",
    "items = r['Items']",
    "c.batch_write_item(RequestItems={'T': [{'PutRequest': {'Item': {'pk': {'S': 'a'}}}}]})",
    "c.transact_write_items(TransactItems=[{'Put': {'TableName': T, 'Item': {}}}, {'Put': {'TableName': T, 'Item': {}}}])",
    "c.get_paginator('scan').paginate(TableName='T', ScanFilter={})",
    "boto3.client('dynamodb', aws_access_key_id='AKIAIOSFODNN7EXAMPLE')",
    "t.update_item(Key={'pk': 1}, UpdateExpression='SET name = :n, #x = :y', ExpressionAttributeNames=n)",
    "x = (yield)",
    "async def g():",
    "r = await table.query(KeyConditionExpression='pk = :p é', Limit=1)",
    "try:",
    "except Exception:",
    "else:",
    "self.table.scan()['Items']",
    "return [table.get_item(Key=k) for k in ks]",
    "x = [i for p in c.get_paginator('query').paginate(TableName='T') for i in p['Items']]",
    "print('\u2028', '\x0c')",
    "s = 'SET a = :a' 'b'",
    "if __name__ == '__main__':",
    "pass",
]


@contextmanager
def no_rule_fails() -> Iterator[list[str]]:
    """Collect what the engine logs when a rule raises."""
    failures: list[str] = []

    class Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            failures.append(f"{record.getMessage()}: {record.exc_info[1] if record.exc_info else ''}")

    handler = Collect(level=logging.ERROR)
    logger = logging.getLogger("ddb_architect")
    logger.addHandler(handler)
    try:
        yield failures
    finally:
        logger.removeHandler(handler)


@contextmanager
def at_most(seconds: float) -> Iterator[None]:
    """Fail instead of hanging (the reader must not loop or blow up on any input)."""

    def expired(signum: int, frame: object) -> None:
        raise TimeoutError(f"check_python took more than {seconds} s")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def check_survives(text: str) -> None:
    with no_rule_fails() as failures, at_most(20):
        report = check_python(text, "fuzz.py")
    assert not failures, failures
    lines = LINE_BREAK.split(text)
    for finding in report.findings:
        start, end = finding.span.start, finding.span.end
        assert start <= end, finding
        assert end.line < len(lines), finding
        assert 0 <= start.column <= len(lines[start.line]), finding
        assert end.column <= len(lines[end.line]), finding


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=400))
def test_any_text(text: str) -> None:
    check_survives(text)


@st.composite
def python_like(draw: st.DrawFn) -> str:
    """Lines drawn from boto3-shaped fragments, indented as Python wants most of the time:
    deeper after a line ending in a colon, else at one of the open levels."""
    lines = draw(st.lists(st.sampled_from(FRAGMENTS), min_size=1, max_size=30))
    levels = [0]
    out = []
    for line in lines:
        if out and out[-1].endswith(":"):
            levels.append(levels[-1] + 4)
        else:
            keep = draw(st.integers(1, len(levels)))
            del levels[keep:]
        if draw(st.integers(0, 19)) == 0:
            levels[-1] += draw(st.sampled_from([-2, 1, 4]))  # now and then, not as Python wants
            levels[-1] = max(levels[-1], 0)
        out.append(" " * levels[-1] + line)
    return "\n".join(out) + "\n"


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(python_like())
def test_python_like_text_built_from_boto3_fragments(text: str) -> None:
    check_survives(text)


@st.composite
def mutated(draw: st.DrawFn) -> str:
    text = draw(st.sampled_from(REAL_FILES))
    for _ in range(draw(st.integers(1, 4))):
        lines = text.split("\n")
        operation = draw(
            st.sampled_from(["cut", "delete-line", "duplicate-line", "swap", "insert", "dedent"])
        )
        if operation == "cut" and text:
            start = draw(st.integers(0, len(text) - 1))
            end = draw(st.integers(start, min(len(text), start + 40)))
            text = text[:start] + text[end:]
        elif operation == "insert":
            at = draw(st.integers(0, len(text)))
            piece = draw(
                st.sampled_from(["(", ")", "]", "{", ":", " ", "\n", "'", '"', "1.5", "**", "é", "\t", "#"])
            )
            text = text[:at] + piece + text[at:]
        elif lines:
            index = draw(st.integers(0, len(lines) - 1))
            other = draw(st.integers(0, len(lines) - 1))
            if operation == "delete-line":
                del lines[index]
            elif operation == "duplicate-line":
                lines.insert(other, lines[index])
            elif operation == "swap":
                lines[index], lines[other] = lines[other], lines[index]
            else:
                lines[index] = lines[index].lstrip()
            text = "\n".join(lines)
    return text


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated())
def test_real_files_cut_and_shuffled(text: str) -> None:
    check_survives(text)


def test_the_real_files_themselves() -> None:
    for text in REAL_FILES:
        check_survives(text)


def test_pathological_but_valid_code_stays_fast() -> None:
    """Long method chains, names rebound from themselves, mutual assignments and
    recursive helpers are read in linear time (they took minutes, or forever, before)."""
    chain = "x = boto3.resource('dynamodb')" + ".meta" * 3 + "".join(f".m{n}()" for n in range(60))
    rebound = "\n".join(["flt = Attr('a').eq(1)"] + [f"flt = flt | Attr('a{n}').eq({n})" for n in range(80)])
    texts = [
        "import boto3\n" + chain + "\n",
        "import boto3\nfrom boto3.dynamodb.conditions import Attr\n"
        "table = boto3.resource('dynamodb').Table('T')\n"
        f"{rebound}\ntable.scan(FilterExpression=flt, Limit=1)\n",
        "def f():\n"
        + "\n".join(f"    v{n} = v{n + 1} | v{n + 1}" for n in range(60))
        + "\n    return v0.query()\n",
        "a = b\nb = a\na.query()\n",
        "def f(n):\n    return g(n)\ndef g(n):\n    return f(n).scan()\nf(1).scan()\n",
    ]
    for text in texts:
        check_survives(text)
