"""The article's words for the merge: word counts over the stored texts, and each article's key words.

* `term_counts`: in how many stored texts each lead word occurs (the row with the empty term holds
  the number of texts): the incremental document frequencies of corpus.terms.
* `document_terms`: each document's most distinctive words with its publication day, indexed by
  (term, day): the merge finds the events of articles that share them, whatever their place or date.

Stores made before this revision start counting with the next article; `wirecoder merge` recounts.

Revision ID: 0003
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"


def upgrade() -> None:
    op.create_table(
        "term_counts",
        sa.Column("term", sa.String(60), primary_key=True),
        sa.Column("documents", sa.Integer, nullable=False),
    )
    op.create_table(
        "document_terms",
        sa.Column("term", sa.String(60), nullable=False),
        sa.Column(
            "document_pk", sa.Integer, sa.ForeignKey("documents.pk", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("day", sa.String(10), nullable=False),
    )
    op.create_index("ix_document_terms", "document_terms", ["term", "day"])


def downgrade() -> None:
    op.drop_index("ix_document_terms", table_name="document_terms")
    op.drop_table("document_terms")
    op.drop_table("term_counts")
