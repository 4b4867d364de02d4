"""Benchmarks (`make bench`): each bench_*.py module has run(out) and prints its own figures."""
