"""Tables A, B and C: the national template, text parsing, and arithmetic checks."""
