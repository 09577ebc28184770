"""Benchmarks of the dashboard: speed against a bare Streamlit page, load with real browsers, prep at scale.

`python -m bench.speed` and `python -m bench.load --sessions 20`; results go to docs/benchmarks.md.
"""
