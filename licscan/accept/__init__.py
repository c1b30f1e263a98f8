"""Accepted findings: the baseline file and inline ignore comments."""
