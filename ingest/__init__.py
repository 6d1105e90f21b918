"""Ingest: read report files, parse them into typed `Report` records, and store them.

Data flows one way: files → `ingest.read` (text) → `ingest.parse` (Report) → `ingest.store`.
Nothing in this package imports from `qa`, `ui` or `eval`.
"""
