"""The payments domain's Piccolo tables; the CHECKs that guard refunds live in its migration.

``refunded`` and ``refunding`` move only through the store's conditional UPDATEs, so
refunds never pass what was captured: refunded + refunding <= captured <= amount.
"""

from __future__ import annotations

from piccolo.columns import UUID, BigInt, Boolean, ForeignKey, OnDelete, Text, Timestamptz, Varchar
from piccolo.table import Table


class PaymentsPayment(Table, tablename="payments_payment"):
    id = UUID(primary_key=True)
    order_id = UUID(unique=True)
    provider = Varchar(length=50)
    status = Varchar(length=20, default="pending")
    currency = Varchar(length=3)
    amount = BigInt()
    capture = Boolean(default=True)
    captured = BigInt(default=0)
    refunded = BigInt(default=0)
    refunding = BigInt(default=0)
    reference = Varchar(length=255, null=True, default=None)
    decline_reason = Varchar(length=100, null=True, default=None)
    action_url = Text(null=True, default=None)
    created_at = Timestamptz()
    updated_at = Timestamptz()


class PaymentsTransaction(Table, tablename="payments_transaction"):
    id = UUID(primary_key=True)
    payment = ForeignKey(references=PaymentsPayment, on_delete=OnDelete.cascade, db_column_name="payment_id")
    kind = Varchar(length=20)
    amount = BigInt()
    currency = Varchar(length=3)
    outcome = Varchar(length=20, default="pending")
    reference = Varchar(length=255, null=True, default=None)
    reason = Varchar(length=500, null=True, default=None)
    created_at = Timestamptz()


TABLES: list[type[Table]] = [PaymentsPayment, PaymentsTransaction]
