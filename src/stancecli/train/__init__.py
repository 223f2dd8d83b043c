"""Fitting and measuring stance models: a development extra (scikit-learn)."""
