"""The payments domain's Piccolo tables; the CHECKs that guard refunds live in its migration.

``refunded`` and ``refunding`` move only through the store's conditional UPDATEs, so
refunds never pass what was captured: refunded + refunding <= captured <= amount.
"""

from __future__ import annotations

from piccolo.columns import (
    UUID,
    Array,
    BigInt,
    Boolean,
    ForeignKey,
    OnDelete,
    SmallInt,
    Text,
    Timestamptz,
    Varchar,
)
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
    fraud_score = SmallInt(null=True, default=None)
    fraud_reasons = Array(base_column=Text())
    fraud_decision = Varchar(length=10, null=True, default=None)


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


class PaymentsWebhookEvent(Table, tablename="payments_webhook_events"):
    """One row per provider event received; the key is (provider, event_id) in the migration."""

    provider = Varchar(length=50, primary_key=True)
    event_id = Text()
    event_type = Text()
    outcome = Varchar(length=20, default="received")
    order_id = UUID(null=True, default=None)
    received_at = Timestamptz()


class PaymentsAttempt(Table, tablename="payments_attempt"):
    """What a payment attempt presented to the fraud rules; velocity is counted from these rows."""

    payment_id = UUID(primary_key=True)  # references payments_payment (id) in the migration
    email = Varchar(length=254, null=True, default=None)
    ip = Varchar(length=45, null=True, default=None)
    card_fingerprint = Varchar(length=32, null=True, default=None)
    saved_method_id = UUID(null=True, default=None)
    billing_country = Varchar(length=2, null=True, default=None)
    shipping_country = Varchar(length=2, null=True, default=None)
    created_at = Timestamptz()


class PaymentsReview(Table, tablename="payments_review"):
    """The one staff decision on a held payment."""

    payment_id = UUID(primary_key=True)  # references payments_payment (id) in the migration
    decision = Varchar(length=10)
    actor = Varchar(length=100)
    reason = Varchar(length=500, null=True, default=None)
    decided_at = Timestamptz()


class PaymentsBlocklist(Table, tablename="payments_blocklist"):
    id = UUID(primary_key=True)
    kind = Varchar(length=10)
    value = Varchar(length=254)
    note = Varchar(length=500, null=True, default=None)
    created_by = Varchar(length=100, null=True, default=None)
    created_at = Timestamptz()


class PaymentsSavedMethod(Table, tablename="payments_saved_method"):
    """A customer's provider token; never a card number, never shown back."""

    id = UUID(primary_key=True)
    customer_id = UUID()
    provider = Varchar(length=50)
    token = Varchar(length=500)
    card_fingerprint = Varchar(length=32)
    label = Varchar(length=50, null=True, default=None)
    brand = Varchar(length=30, null=True, default=None)
    last4 = Varchar(length=4, null=True, default=None)
    expires = Varchar(length=7, null=True, default=None)
    created_at = Timestamptz()


TABLES: list[type[Table]] = [
    PaymentsPayment,
    PaymentsTransaction,
    PaymentsWebhookEvent,
    PaymentsAttempt,
    PaymentsReview,
    PaymentsBlocklist,
    PaymentsSavedMethod,
]
