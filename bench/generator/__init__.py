"""The national-scale generator for benchmarks (`python -m bench.generator`); not shipped
with the product. `generate.py` builds and writes the rows, `expand.py` the leaf rows."""
