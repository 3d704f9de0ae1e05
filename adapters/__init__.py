"""Technology adapters for the runtime's ports."""
