"""Evaluation: the shared datasets, one harness over retrieve() and verify(), and one module per
stress set (claims, numbers, quotes, retrieval, grounded, newsrooms, figures)."""
