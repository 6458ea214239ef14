"""Lookups into fitparse's copy of the FIT SDK profile.

Everything numeric about a message (field numbers, base types, scales and
offsets, enum names) comes from ``fitparse.profile`` so that the fast decoder,
the fitparse fallback and the test tooling's writer cannot disagree about it.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import numpy as np
from fitparse import profile

# FIT timestamps count seconds from 1989-12-31T00:00:00Z.
FIT_EPOCH_S = 631065600
# Values below this are device-relative counters ("system time"), not dates
# (FIT SDK, date_time type: min = 0x10000000).
FIT_MIN_DATE = 0x10000000
SEMICIRCLE_TO_DEG = 180.0 / 2**31
TIMESTAMP_FIELD = profile.FIELD_NUM_TIMESTAMP


@dataclass(frozen=True)
class BaseType:
    """A FIT base type: its numpy code, byte size and invalid value."""

    number: int
    name: str
    fmt: str
    size: int
    invalid: int | float | None


def _invalid_value(name: str) -> int | float | None:
    # The FIT SDK's invalid values, derived from each base type's width the
    # same way fitparse's parse lambdas test them.
    widths = {"8": 8, "16": 16, "32": 32, "64": 64}
    if name in ("enum", "byte"):
        return 0xFF
    if name.startswith("float"):
        return float("nan")
    if name.endswith("z"):
        return 0
    bits = widths[name.strip("suintz")]
    return (1 << (bits - 1)) - 1 if name.startswith("sint") else (1 << bits) - 1


def _base_types() -> dict[int, BaseType]:
    result = {}
    for number, base in profile.BASE_TYPES.items():
        invalid = None if base.name == "string" else _invalid_value(base.name)
        result[number] = BaseType(number, base.name, base.fmt, base.size, invalid)
    return result


BASE_TYPES = _base_types()
BYTE = BASE_TYPES[0x0D]


def message_number(name: str) -> int:
    """The global message number of the message called ``name``."""
    return _message_numbers()[name]


@cache
def _message_numbers() -> dict[str, int]:
    return {m.name: num for num, m in profile.MESSAGE_TYPES.items()}


@dataclass(frozen=True)
class FieldSpec:
    """What the profile says about one field of one message."""

    number: int
    name: str
    type_name: str
    base: BaseType
    scale: float | None
    offset: float | None
    enum: dict[int, str] | None


@cache
def fields_of(message: str) -> dict[int, FieldSpec]:
    """Every profile field of ``message``, by field number."""
    mesg = profile.MESSAGE_TYPES[message_number(message)]
    result = {}
    for num, field in mesg.fields.items():
        ftype = field.type
        base = getattr(ftype, "base_type", ftype)
        values = getattr(ftype, "values", None)
        result[num] = FieldSpec(
            number=num,
            name=field.name,
            type_name=ftype.name,
            base=BASE_TYPES[base.identifier],
            scale=field.scale,
            offset=field.offset,
            enum=dict(values) if values else None,
        )
    return result


@cache
def field_named(message: str, name: str) -> FieldSpec:
    """The profile field ``name`` of ``message``."""
    for spec in fields_of(message).values():
        if spec.name == name:
            return spec
    raise KeyError(f"{message}.{name} is not in the FIT profile")


def enum_number(type_name: str, value_name: str) -> int:
    """The number FIT uses for ``value_name`` of the enum type ``type_name``."""
    for num, name in profile.FIELD_TYPES[type_name].values.items():
        if name == value_name:
            return num
    raise KeyError(f"{value_name!r} is not a {type_name}")


def enum_name(type_name: str, number: int | None) -> str | None:
    """The name of ``number`` in the enum type ``type_name``, or None."""
    if number is None:
        return None
    return profile.FIELD_TYPES[type_name].values.get(number)


def numpy_dtype(base: BaseType, big_endian: bool) -> np.dtype:
    """The numpy scalar dtype of a FIT base type in the given byte order."""
    return np.dtype(("<", ">")[big_endian] + base.fmt.replace("s", "S1"))


def product_name(manufacturer: str | None, product: int | None) -> str | None:
    """A device name from the file_id's manufacturer and product numbers.

    Garmin-family manufacturers name products through the ``garmin_product``
    subfield of the profile; others only have a number.
    """
    if isinstance(manufacturer, int) or manufacturer is None:
        manufacturer = f"manufacturer {manufacturer}" if manufacturer is not None else None
    if product is None:
        return manufacturer
    spec = profile.MESSAGE_TYPES[message_number("file_id")].fields[
        field_named("file_id", "product").number
    ]
    for sub in spec.subfields or ():
        makers = {enum_name("manufacturer", ref.raw_value) for ref in sub.ref_fields}
        if manufacturer in makers:
            name = enum_name(sub.type.name, product)
            if name:
                return f"{manufacturer} {name}"
    return f"{manufacturer or 'unknown maker'} product {product}"
