"""The first store schema: documents, merged events, mentions, copy bands.

Revision ID: 0001
Revises:
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None


def upgrade() -> None:
    op.create_table(
        "documents",
        sa.Column("pk", sa.Integer, primary_key=True),
        sa.Column("doc_id", sa.String(200), nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("current", sa.Boolean, nullable=False),
        sa.Column("url", sa.Text),
        sa.Column("site", sa.Text),
        sa.Column("title", sa.Text),
        sa.Column("published", sa.String(40)),
        sa.Column("content_hash", sa.String(64), nullable=False),
        sa.Column("copy_of", sa.Integer),
        sa.Column("signature", sa.LargeBinary),
        sa.Column("document", sa.Text, nullable=False),
        sa.Column("stored_at", sa.String(40), nullable=False),
        sa.UniqueConstraint("doc_id", "version", name="uq_documents_doc_version"),
    )
    op.create_index("ix_documents_url", "documents", ["url"])
    op.create_table(
        "events",
        sa.Column("pk", sa.Integer, primary_key=True),
        sa.Column("type", sa.String(40)),
        sa.Column("day", sa.String(10)),
        sa.Column("last_day", sa.String(10)),
        sa.Column("lat", sa.Float),
        sa.Column("lon", sa.Float),
        sa.Column("country", sa.String(3)),
        sa.Column("precision", sa.Integer),
        sa.Column("cell", sa.Integer, nullable=False),
        sa.Column("sources", sa.Integer, nullable=False),
        sa.Column("disputed", sa.Boolean, nullable=False),
        sa.Column("confidence", sa.Float),
        sa.Column("record", sa.Text, nullable=False),
    )
    op.create_index("ix_events_block", "events", ["type", "day"])
    op.create_index("ix_events_cell", "events", ["type", "cell", "day"])
    op.create_index("ix_events_country", "events", ["country"])
    op.create_table(
        "mentions",
        sa.Column("pk", sa.Integer, primary_key=True),
        sa.Column("event_pk", sa.Integer, sa.ForeignKey("events.pk", ondelete="CASCADE"), nullable=False),
        sa.Column(
            "document_pk", sa.Integer, sa.ForeignKey("documents.pk", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("doc_event", sa.String(40), nullable=False),
        sa.Column("features", sa.Text, nullable=False),
        sa.UniqueConstraint("document_pk", "doc_event", name="uq_mentions_document_event"),
    )
    op.create_index("ix_mentions_event", "mentions", ["event_pk"])
    op.create_table(
        "copy_bands",
        sa.Column("band", sa.Integer, nullable=False),
        sa.Column("hash", sa.BigInteger, nullable=False),
        sa.Column(
            "document_pk", sa.Integer, sa.ForeignKey("documents.pk", ondelete="CASCADE"), nullable=False
        ),
    )
    op.create_index("ix_copy_bands", "copy_bands", ["band", "hash"])


def downgrade() -> None:
    op.drop_table("copy_bands")
    op.drop_table("mentions")
    op.drop_table("events")
    op.drop_table("documents")
