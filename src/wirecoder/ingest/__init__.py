"""Ingest: turn sources (files, folders, stdin, URLs, feeds, WARC, JSONL) into Articles."""
