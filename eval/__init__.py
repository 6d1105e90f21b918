"""Evaluation: gold questions → answers → scores per question kind; synthetic corpora."""
