"""What every ingest reader shares: the options, the error type, and size limits."""

from __future__ import annotations

from dataclasses import dataclass

DEFAULT_MAX_BYTES = 20 * 1024 * 1024


class IngestError(Exception):
    """An input that cannot be read or parsed. `source` names the input, `reason` says what was wrong."""

    def __init__(self, source: str, reason: str):
        super().__init__(f"{source}: {reason}")
        self.source = source
        self.reason = reason

    def __reduce__(self):  # keep both fields when sent to or from a worker process
        return (type(self), (self.source, self.reason))


@dataclass(frozen=True)
class IngestOptions:
    max_bytes: int = DEFAULT_MAX_BYTES  # per input: a file, a downloaded page, a WARC record, a JSONL line
    allow_private: bool = False  # allow URLs that resolve to loopback, private or link-local addresses
    fetch: bool = True  # for feeds: fetch each item's page (False: use the feed's own content)
    connect_timeout: float = 10.0
    read_timeout: float = 30.0
    # Total seconds one URL may take: connecting, sending, headers and body, over all its redirects.
    timeout: float = 30.0
    # Total seconds the item pages of one feed may take together (each is also bounded by `timeout`).
    feed_timeout: float = 300.0
    follow_links: bool = False  # folders: follow symbolic links that lead out of the folder given
    max_redirects: int = 5
    user_agent: str = "wirecoder/0.1 (+https://pypi.org/project/wirecoder/)"
