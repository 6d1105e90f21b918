"""Question answering over stored reports: understand, route, look up or retrieve, compose.

`qa.answerer.Answerer.ask` is the one entry point; `qa.records` holds what it returns.
"""
