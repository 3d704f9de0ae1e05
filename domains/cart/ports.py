"""What the cart handlers need."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from core.bus import MessageBus
    from core.uow import UnitOfWorkFactory


@dataclass(frozen=True)
class CartDeps:
    uow: UnitOfWorkFactory
    bus: MessageBus
