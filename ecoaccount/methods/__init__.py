"""Calculation methods: NumPy/pandas only, nothing about Excel.

Each module has the same shape: a docstring citing the paper and its equations, then pure
``calculate``-style functions, then ``validate``, then private helpers.
"""
