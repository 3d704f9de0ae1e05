"""Mercato runtime: messages, bus, actors, unit of work, outbox and errors."""
