"""takedown notices: subject, quoted URLs, facts relied on, follow-up note

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-28 12:00:00
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("takedownnotice", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "subject",
                sqlmodel.sql.sqltypes.AutoString(length=200),
                nullable=False,
                server_default="",
            )
        )
        batch_op.add_column(sa.Column("urls_json", sa.Text(), nullable=False, server_default="[]"))
        batch_op.add_column(sa.Column("facts_json", sa.Text(), nullable=False, server_default="{}"))
        batch_op.add_column(
            sa.Column("updated_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True)
        )
        batch_op.add_column(
            sa.Column(
                "last_check_note", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True
            )
        )
        batch_op.create_index("ix_takedownnotice_sent_outcome", ["sent_at", "outcome"])


def downgrade() -> None:
    with op.batch_alter_table("takedownnotice", schema=None) as batch_op:
        batch_op.drop_index("ix_takedownnotice_sent_outcome")
        batch_op.drop_column("last_check_note")
        batch_op.drop_column("updated_at")
        batch_op.drop_column("facts_json")
        batch_op.drop_column("urls_json")
        batch_op.drop_column("subject")
