"""Training-load metrics: pure functions, DataFrame or Series in, the same out.

Nothing here imports storage, files or Dash. Each public function names its
units and the paper or convention it implements in its docstring.
"""
