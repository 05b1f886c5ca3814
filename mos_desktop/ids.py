"""Primary keys made on the workstation: UUID version 7 (time-ordered, RFC 9562)."""

from __future__ import annotations

import os
import threading
import time
import uuid

_lock = threading.Lock()
_last_ms = 0
_counter = 0


def uuid7() -> uuid.UUID:
    """A UUIDv7: 48-bit Unix milliseconds, then a 12-bit counter and 62 random bits.

    Within one process the ids are strictly increasing, even when several are made in the same
    millisecond or the wall clock steps back (the counter carries on from the last value).
    """
    global _last_ms, _counter
    with _lock:
        ms = time.time_ns() // 1_000_000
        if ms > _last_ms:
            _last_ms = ms
            _counter = int.from_bytes(os.urandom(2), "big") & 0x3FF  # leave room to count up
        else:
            _counter += 1
            if _counter > 0xFFF:
                _last_ms += 1
                _counter = 0
        ms = _last_ms
        counter = _counter
    rand = int.from_bytes(os.urandom(8), "big") & ((1 << 62) - 1)
    value = (ms & ((1 << 48) - 1)) << 80
    value |= 0x7 << 76
    value |= counter << 64
    value |= 0b10 << 62
    value |= rand
    return uuid.UUID(int=value)


# Namespace of the name-based ids below (a fixed random UUID: never change it, ids in the field depend on it).
CLIENT_NAMESPACE = uuid.UUID("6f1c2a7e-3b5d-4c8e-9a01-5e7d2b4c9f10")


def client_id_for_inn(inn: str) -> uuid.UUID:
    """The id of a new client with this ИНН, the same on every workstation (UUID version 5).

    A client is one per ИНН; two managers who add the same client offline (both importing the shared list,
    say) thereby create one row, not two: sync merges the two inserts field by field, differing fields
    become visible conflicts. Re-creating a client after its deletion takes a fresh ``uuid7`` instead
    (a deleted row never comes back)."""
    return uuid.uuid5(CLIENT_NAMESPACE, f"client-inn:{inn.strip()}")


def as_uuid(value: object) -> uuid.UUID | None:
    """An id as given (a UUID, or its text as a picker or a file holds it); None when it is not one."""
    if isinstance(value, uuid.UUID):
        return value
    try:
        return uuid.UUID(str(value).strip())
    except ValueError:
        return None
