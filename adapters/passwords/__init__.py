"""Password hashing adapters for identity's ``PasswordHasher`` port."""
