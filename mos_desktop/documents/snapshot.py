"""What an issued document said, kept on its record: the form's assembled data as JSON.

Why the data and not the PDF file: the record syncs to every workstation (a file beside one database does
not), it is a few kilobytes where a PDF is tens, both formats (PDF and DOCX) are laid out from it, and a
preview's rolled-back savepoint takes it back with the record (a file written then would stay). A re-print
lays out this data, so it shows the requisites, texts, prices and VAT that were printed the first time even
after the settings or the record changed.

The data are frozen dataclasses of ``mos_desktop.documents`` (InvoiceData, Company, Options, GoodsLine…)
holding str, int, bool, None, Decimal, date, datetime, bytes (a logo), tuples, lists and dicts. Each
dataclass is stored with its class path; only classes of this package (and the models' enums) are rebuilt.
"""

from __future__ import annotations

import base64
import dataclasses
import enum
import importlib
import json
from datetime import date, datetime
from decimal import Decimal
from typing import Any

PACKAGE = "mos_desktop.documents."
MODELS = "mos_desktop.models."  # enums of the models (a status) may appear in the data
VERSION = 1


def dumps(data: Any) -> str:
    return json.dumps({"v": VERSION, "data": _encode(data)}, ensure_ascii=False, separators=(",", ":"))


def loads(text: str) -> Any:
    payload = json.loads(text)
    if not isinstance(payload, dict) or payload.get("v") != VERSION:
        raise ValueError("unknown snapshot version")
    return _decode(payload["data"])


def _encode(value: Any) -> Any:
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, float):
        raise TypeError("floats have no place in a document's data (money is kopecks or Decimal)")
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        kind = type(value)
        fields = {f.name: _encode(getattr(value, f.name)) for f in dataclasses.fields(value) if f.init}
        return {"$dc": f"{kind.__module__}:{kind.__qualname__}", "f": fields}
    if isinstance(value, enum.Enum):
        cls = type(value)
        return {"$enum": f"{cls.__module__}:{cls.__qualname__}", "v": value.value}
    if isinstance(value, Decimal):
        return {"$dec": str(value)}
    if isinstance(value, datetime):
        return {"$dt": value.isoformat()}
    if isinstance(value, date):
        return {"$d": value.isoformat()}
    if isinstance(value, bytes):
        return {"$b": base64.b64encode(value).decode("ascii")}
    if isinstance(value, tuple):
        return {"$t": [_encode(v) for v in value]}
    if isinstance(value, list):
        return [_encode(v) for v in value]
    if isinstance(value, dict):
        return {"$map": [[_encode(k), _encode(v)] for k, v in value.items()]}
    raise TypeError(f"cannot keep {type(value).__name__} in a document snapshot")


def _class(path: str, *, enum_ok: bool = False) -> Any:
    module, _, name = path.partition(":")
    allowed = (module + ".").startswith(PACKAGE) or (enum_ok and module.startswith(MODELS))
    if not allowed:
        raise ValueError(f"snapshot names a class outside the documents package: {path}")
    found: Any = importlib.import_module(module)
    for part in name.split("."):
        found = getattr(found, part)
    return found


def _decode(value: Any) -> Any:
    if isinstance(value, list):
        return [_decode(v) for v in value]
    if not isinstance(value, dict):
        return value
    if "$dc" in value:
        cls: Any = _class(value["$dc"])
        if not (isinstance(cls, type) and dataclasses.is_dataclass(cls)):
            raise ValueError(f"not a dataclass: {value['$dc']}")
        return cls(**{k: _decode(v) for k, v in value["f"].items()})
    if "$enum" in value:
        return _class(value["$enum"], enum_ok=True)(value["v"])
    if "$dec" in value:
        return Decimal(value["$dec"])
    if "$dt" in value:
        return datetime.fromisoformat(value["$dt"])
    if "$d" in value:
        return date.fromisoformat(value["$d"])
    if "$b" in value:
        return base64.b64decode(value["$b"])
    if "$t" in value:
        return tuple(_decode(v) for v in value["$t"])
    if "$map" in value:
        return {_decode(k): _decode(v) for k, v in value["$map"]}
    raise ValueError("unknown value in a document snapshot")
