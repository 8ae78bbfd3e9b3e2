"""Measuring recall against benchmark evidence: metrics, turn baselines, the harness, reports."""
