"""The strict base of every file schema, and pydantic errors as one line.

Every model of a network or scenario file derives from :class:`StrictModel`: unknown keys
are errors (a typo must never be silently ignored), models are frozen, and no string may hold
a NUL character. :func:`one_line` turns pydantic's list of errors into the one
``(field, problem)`` that the user sees.
"""

from __future__ import annotations

import difflib
import math
import typing
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError, model_validator

__all__ = ["Integer", "Number", "StrictModel", "number", "one_line"]


def _not_a_flag(value: Any) -> Any:
    """A YAML flag (``yes``, ``no``, ``on``, ``off``, ``true``) is never a number."""
    if isinstance(value, bool):
        msg = "expected a number, got a true/false flag (YAML reads yes, no, on, off as flags)"
        raise ValueError(msg)  # noqa: TRY004 - pydantic turns ValueError into its error
    return value


#: A finite number that is not a flag.
Number = Annotated[float, Field(allow_inf_nan=False), BeforeValidator(_not_a_flag)]
#: A whole number that is not a flag (2.0 is 2; 2.5 is refused).
Integer = Annotated[int, BeforeValidator(_not_a_flag)]


def number(*, ge: float | None = None, gt: float | None = None, le: float | None = None,
           lt: float | None = None) -> Any:
    """A finite number, not a flag, within the given bounds (the physics and numerics behind
    each bound are in :mod:`energymodel.config.limits`)."""
    return Annotated[float, Field(ge=ge, gt=gt, le=le, lt=lt, allow_inf_nan=False),
                     BeforeValidator(_not_a_flag)]


class StrictModel(BaseModel):
    """Strict base: unknown keys are errors (a typo must never be silently ignored)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    @model_validator(mode="before")
    @classmethod
    def _no_nul(cls, data: Any) -> Any:
        """A NUL character (YAML "\\0") in a value would crash the file system calls later."""
        for key, value in data.items() if isinstance(data, dict) else ():
            if isinstance(value, str) and "\0" in value:
                msg = f"{key}: must not contain a NUL character"
                raise ValueError(msg)
        return data



def _fields_at(model: type[BaseModel], loc: tuple) -> list[str]:
    """Field names of the model found by following ``loc`` from ``model`` (dict keys and list
    indices are stepped over); [] when the path leads nowhere."""
    t: Any = model
    for part in loc:
        while True:  # strip Optional/Annotated, step into dict values and list items
            args = [a for a in typing.get_args(t) if a is not type(None)]
            origin = typing.get_origin(t)
            if origin in (dict, list) and args:
                if origin is dict and not isinstance(part, str):
                    return []
                t = args[-1]
                break
            if args and not (isinstance(t, type) and issubclass(t, BaseModel)):
                t = args[0]
                continue
            if isinstance(t, type) and issubclass(t, BaseModel) and part in t.model_fields:
                t = t.model_fields[part].annotation
                break
            return []
    while typing.get_args(t) and not (isinstance(t, type) and issubclass(t, BaseModel)):
        t = [a for a in typing.get_args(t) if a is not type(None)][0]
    return list(t.model_fields) if isinstance(t, type) and issubclass(t, BaseModel) else []


def one_line(err: ValidationError, model: type[BaseModel],
             doc: str = "docs/network-file.md") -> tuple[str, str]:
    """Turn pydantic's errors into one (field, problem); a typo (unknown key) comes first.

    A typo's suggestion is the closest missing field, else the closest field of the model at
    that place (``model`` is the validated model).
    """
    errors = sorted(err.errors(), key=lambda e: e["type"] != "extra_forbidden")
    e = errors[0]
    loc = ".".join(str(p) for p in e["loc"])
    msg = e["msg"]
    if e["type"] == "extra_forbidden":
        missing = [x["loc"][-1] for x in errors
                   if x["type"] == "missing" and x["loc"][:-1] == e["loc"][:-1]]
        known = missing or _fields_at(model, e["loc"][:-1])
        close = difflib.get_close_matches(str(e["loc"][-1]), [str(m) for m in known], n=1)
        hint = f"did you mean {close[0]!r}?" if close else f"see {doc}"
        msg = f"unknown field ({hint})"
    elif e["loc"] and e["loc"][-1] == "[key]":  # a dict key outside the field's choices
        loc, msg = loc.removesuffix(".[key]"), f"unknown key: {msg}"
    elif msg.startswith("Value error, "):
        msg = msg.removeprefix("Value error, ")
        head, sep, rest = msg.partition(": ")
        if sep and "." in head and (not loc or head.split(".")[0] == loc.split(".")[0]):
            loc, msg = head, rest  # a whole path: "sites.a.hub: ..." of the network
        elif sep and "." in head and " " not in head:  # "sale.enabled: ..." of the model at loc
            loc, msg = f"{loc}.{head}", rest
        elif sep and head.isidentifier():  # "generators: ..." of the model at loc
            loc, msg = f"{loc}.{head}" if loc else head, rest
    value = e.get("input")
    if e["type"] not in {"extra_forbidden", "missing"} and isinstance(value, int | float | str):
        if isinstance(value, float) and math.isnan(value):
            value = "NaN"
        msg = f"{msg} (got {value!r})"
    return loc or "(top level)", msg
