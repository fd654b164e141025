"""Benchmarks of ddb-architect: generated large inputs, the engine against its floor
(``yaml.compose``, ``ast.parse``), and the language server driven over stdio by a real
client. Run ``python -m bench --help`` from the repository root; see docs/performance.md.
"""
