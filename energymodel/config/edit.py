"""Change a validated network file: dotted paths into its data, then validation again.

Every change to a network file after loading (a command-line cost year, a scenario's
overrides, a certification study without its rules, a mineral trade-off's caps) goes through
:func:`with_changes`, so every changed network is validated exactly like a file on disk.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from typing import Any

from energymodel.config.network import NetworkFile, parse

__all__ = ["UnknownField", "set_field", "with_changes"]


class UnknownField(KeyError):
    """A change whose dotted path names nothing in the network: ``path`` is the change,
    ``prefix`` the first part of it that names nothing."""

    def __init__(self, path: str, prefix: str) -> None:
        super().__init__(prefix)
        self.path = path
        self.prefix = prefix


def set_field(data: dict, path: str, value: Any) -> None:
    """Set the dotted ``path`` in the network data; ``*`` matches every key of a mapping.

    Raises ``KeyError`` with the path prefix that names nothing.
    """
    keys = path.split(".")
    if not path or "" in keys:
        raise KeyError(path)
    nodes = [data]
    for depth, key in enumerate(keys[:-1]):
        nxt = []
        for node in nodes:
            if key == "*" and isinstance(node, dict):
                nxt += list(node.values())
            elif isinstance(node, dict) and isinstance(node.get(key), dict | list):
                nxt.append(node[key])
            elif isinstance(node, list) and key.isdigit() and int(key) < len(node):
                nxt.append(node[int(key)])
            else:
                raise KeyError(".".join(keys[:depth + 1]))
        nodes = nxt
    for node in nodes:
        if isinstance(node, list):
            if not keys[-1].isdigit() or int(keys[-1]) >= len(node):
                raise KeyError(path)
            node[int(keys[-1])] = copy.deepcopy(value)
        elif keys[-1] == "*":
            for k in node:
                node[k] = copy.deepcopy(value)
        else:
            node[keys[-1]] = copy.deepcopy(value)


def with_changes(nf: NetworkFile, changes: Mapping[str, Any]) -> NetworkFile:
    """A copy of ``nf`` with each dotted path of ``changes`` set, validated again.

    Without changes ``nf`` itself is returned. Raises :class:`UnknownField` for a path that
    names nothing and :class:`~energymodel.errors.InputError` when the result breaks the
    schema.
    """
    if not changes:
        return nf
    data = nf.network.model_dump(mode="json", exclude_none=True)
    for path, value in changes.items():
        try:
            set_field(data, path, value)
        except KeyError as err:
            raise UnknownField(path, str(err.args[0])) from None
    return parse(data, nf.path)
