"""Training-load metrics: pure functions, DataFrame or Series in, the same out.

Nothing here imports storage, files or Dash. Each function names its units and
the paper it implements (see ``../shared/science.md`` for the conventions).
"""
