"""The HTTP benchmark behind ``make bench``; docs/benchmarks.md has the figures."""
