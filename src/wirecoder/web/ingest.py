"""The optional `POST /api/articles`: analyse and store one article. Off unless the app is created with
an ingest token (`wirecoder serve --ingest`, the token in $WIRECODER_INGEST_TOKEN); each request must
then send `Authorization: Bearer <token>`. The one writer (Corpus) is opened when the app starts, so a
store another process is writing is refused at once; articles are stored one at a time."""

from __future__ import annotations

import secrets
import threading
from typing import Annotated, Any

from fastapi import Depends, FastAPI, Header, HTTPException
from pydantic import BaseModel, Field

from wirecoder.corpus import Corpus
from wirecoder.model import Article

MIN_TOKEN = 16
MAX_TEXT = 1_000_000


class ArticleIn(BaseModel):
    text: str = Field(min_length=1, max_length=MAX_TEXT, description="the article's plain text")
    id: str | None = Field(None, max_length=200, pattern=r"^[A-Za-z0-9._:-]+$")
    url: str | None = Field(None, max_length=2000, pattern=r"^https?://\S+$")
    title: str | None = Field(None, max_length=1000)
    site: str | None = Field(None, max_length=300)
    published: str | None = Field(None, pattern=r"^\d{4}-\d{2}-\d{2}$", description="YYYY-MM-DD")


class IngestOut(BaseModel):
    status: str = Field(description="new, version (a changed text under the same id or URL) or stored (already)")
    id: str | None
    events: int
    merged: int


def add_ingest(app: FastAPI, db_url: str | None, token: str) -> None:
    if len(token) < MIN_TOKEN:
        raise ValueError(f"the ingest token must have at least {MIN_TOKEN} characters")
    corpus = Corpus(db_url)  # the writer: takes the SQLite writer lock now
    app.state.ingest_corpus = corpus
    lock = threading.Lock()
    expected = f"Bearer {token}".encode()

    def authorised(authorization: Annotated[str | None, Header()] = None) -> None:
        if authorization is None:
            raise HTTPException(401, "send Authorization: Bearer <token>", headers={"WWW-Authenticate": "Bearer"})
        if not secrets.compare_digest(authorization.encode(), expected):
            raise HTTPException(403, "wrong token")

    @app.post("/api/articles", tags=["articles"], status_code=201, response_model=IngestOut,
              dependencies=[Depends(authorised)],
              summary="Analyse and store one article (only when serve runs with --ingest; needs the token)")  # fmt: skip
    def ingest(article: ArticleIn) -> dict[str, Any]:
        item = Article(text=article.text, id=article.id, url=article.url, title=article.title, site=article.site,
                       published=article.published, source="POST /api/articles")  # fmt: skip
        with lock:
            outcome = next(iter(corpus.add_stream([item])))
        if outcome.status == "failed":
            raise HTTPException(422, f"the article could not be analysed: {outcome.reason}")
        return {"status": outcome.status, "id": outcome.doc_id, "events": outcome.events, "merged": outcome.merged}
