"""The projection grammar: document paths separated by commas."""

from __future__ import annotations

from ddb_architect.code.expressions.cursor import Cursor
from ddb_architect.code.expressions.overlaps import check_overlaps
from ddb_architect.code.expressions.tokens import TokenKind


class ProjectionParser(Cursor):
    keywords: frozenset[str] = frozenset()  # no keywords: a reserved word is a path here

    def parse(self) -> None:
        paths = []
        while True:
            if not self.at_path():
                self.not_a_path("a document path")
            paths.append(self.parse_path())
            if self.at_end():
                break
            if not self.at(TokenKind.COMMA):
                self.unexpected("',' or the end of the expression")
            self.advance()
        check_overlaps(self, paths)
