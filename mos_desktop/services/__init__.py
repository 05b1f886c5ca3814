"""Business rules and use cases: plain Python over a Session, returning plain dataclasses."""
