"""Speed and memory benchmarks (not tests): ratios against bare spaCy on the same texts."""
