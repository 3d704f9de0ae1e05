"""What the cms controllers share: the bus dependency, list parameters and guards."""

from __future__ import annotations

from typing import Annotated

from litestar.di import NamedDependency
from litestar.params import Parameter

from core.bus import MessageBus
from core.http import staff
from core.paging import MAX_LIMIT

Bus = NamedDependency[MessageBus]
Limit = Annotated[int, Parameter(ge=1, le=MAX_LIMIT, description="Items per page.")]
Cursor = Annotated[str | None, Parameter(description="`next_cursor` of the previous page.")]
READ, WRITE = staff("cms:read"), staff("cms:write")
