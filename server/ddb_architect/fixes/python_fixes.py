"""Fixes of findings in Python code (edits of the call, and the imports they need)."""

from __future__ import annotations
