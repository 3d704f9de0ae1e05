"""Tuning: staff read and change the synonyms, stop words and pins; the index applies them."""

from __future__ import annotations

from typing import TYPE_CHECKING

from domains.search.messages import ConfigureSearch, GetSearchSettings, IndexSettings
from domains.search.model import SearchTuning

if TYPE_CHECKING:
    from core.domain import Handler
    from core.messages import Message
    from domains.search.ports import SearchDeps


async def get_settings(query: GetSearchSettings, deps: SearchDeps) -> IndexSettings:
    return await deps.store.settings()


async def configure(command: ConfigureSearch, deps: SearchDeps) -> IndexSettings:
    async with deps.uow() as uow:
        tuning = SearchTuning(await deps.store.settings())
        settings = tuning.change(
            synonyms=command.synonyms, stop_words=command.stop_words, pinned=command.pinned
        )
        await deps.store.save_settings(settings)
        await deps.index.configure(settings)
        uow.collect(tuning)
        await uow.commit()
    return settings


HANDLERS: dict[type[Message], Handler] = {GetSearchSettings: get_settings, ConfigureSearch: configure}
