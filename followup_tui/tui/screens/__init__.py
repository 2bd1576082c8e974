"""Modal screens and forms: each returns a value through `dismiss`; the caller saves."""
