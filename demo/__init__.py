"""Seed data for a new shop: what `mercato demo` and `mercato serve --demo` load."""
