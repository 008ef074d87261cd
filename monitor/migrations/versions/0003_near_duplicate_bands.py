"""near-duplicates by MinHash LSH band keys instead of a SimHash

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-28 16:50:00

The SimHash found 31 % of reposts with a word added; see classifiers/neardup.py. Existing posts
get their band keys computed from their text; their groups are kept as they are. A downgrade
restores the old columns as zeros (old posts then find no near-duplicates by fingerprint).
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

NEW = [f"dup_band_{n}" for n in range(4)]
OLD = ["simhash"] + [f"simhash_b{n}" for n in range(4)]
BATCH = 1000


def upgrade() -> None:
    with op.batch_alter_table("post", schema=None) as batch_op:
        for name in NEW:
            batch_op.add_column(sa.Column(name, sa.Integer(), nullable=False, server_default="0"))
            # With the group in the index, finding candidate groups never reads the table.
            batch_op.create_index(f"ix_post_{name}", [name, "dup_group"], unique=False)
        for name in OLD[1:]:
            batch_op.drop_index(f"ix_post_{name}")
        for name in OLD:
            batch_op.drop_column(name)
    _fill_band_keys()


def _fill_band_keys() -> None:
    from monitor.near_duplicates import fingerprint  # the algorithm the code uses from now on

    connection = op.get_bind()
    post = sa.table("post", sa.column("id", sa.Integer), sa.column("text", sa.Text))
    bands = [sa.column(name, sa.Integer) for name in NEW]
    target = sa.table("post", sa.column("id", sa.Integer), *bands)
    last = 0
    while True:
        rows = connection.execute(
            sa.select(post.c.id, post.c.text)
            .where(post.c.id > last)
            .order_by(post.c.id)
            .limit(BATCH)
        ).all()
        if not rows:
            return
        for post_id, text in rows:
            _bigrams, keys = fingerprint(text or "")
            connection.execute(
                sa.update(target)
                .where(target.c.id == post_id)
                .values(dict(zip(NEW, keys, strict=True)))
            )
        last = rows[-1][0]


def downgrade() -> None:
    with op.batch_alter_table("post", schema=None) as batch_op:
        for name in OLD:
            batch_op.add_column(sa.Column(name, sa.Integer(), nullable=False, server_default="0"))
        for name in OLD[1:]:
            batch_op.create_index(f"ix_post_{name}", [name], unique=False)
        for name in NEW:
            batch_op.drop_index(f"ix_post_{name}")
            batch_op.drop_column(name)
