"""Accuracy harness: `repwatch eval CORPUS PATH` scores the system against gold data."""
