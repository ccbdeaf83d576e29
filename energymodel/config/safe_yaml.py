"""Safe YAML for network and scenario files: no alias bombs, no duplicate keys, no tags.

:func:`load_yaml` reads a file with :class:`StrictLoader` (``yaml.SafeLoader``, so no
``!!python/...`` tag builds an object) and turns every failure into one :class:`InputError`
line naming the file and the line.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from energymodel.errors import InputError

__all__ = ["MAX_YAML_NODES", "StrictLoader", "load_yaml"]

#: Most YAML nodes a network file may expand to through aliases (the default network has ~600).
MAX_YAML_NODES = 100_000


class StrictLoader(yaml.SafeLoader):
    """``yaml.SafeLoader`` that refuses alias bombs and duplicate keys.

    Aliases (``*name``) are allowed, but the document may expand to at most
    :data:`MAX_YAML_NODES` nodes counting every alias as a copy, and may not contain itself: an
    alias bomb ("billion laughs") would otherwise expand into billions of nodes when validated
    or dumped. The count is memoised on the composed node graph, so it costs linear time. A
    repeated key would otherwise silently replace the first (a second hub ``h:``).
    """

    def compose_document(self) -> Any:  # noqa: D102
        node = super().compose_document()
        sizes: dict[int, int] = {}

        def size(n: Any) -> int:
            if id(n) in sizes:
                if sizes[id(n)] < 0:
                    raise yaml.composer.ComposerError(None, None, "an alias refers to a node "
                                                      "that contains it", n.start_mark)
                return sizes[id(n)]
            sizes[id(n)] = -1
            children = n.value if isinstance(n, yaml.SequenceNode) else \
                [c for kv in n.value for c in kv] if isinstance(n, yaml.MappingNode) else []
            total = 1 + sum(size(c) for c in children)
            if total > MAX_YAML_NODES:
                problem = (f"expands to more than {MAX_YAML_NODES:,} values through aliases "
                           "(*name): an alias bomb?")
                raise yaml.composer.ComposerError(None, None, problem, n.start_mark)
            sizes[id(n)] = total
            return total

        if node is not None:
            size(node)
        return node

    def construct_mapping(self, node: Any, deep: bool = False) -> Any:  # noqa: D102
        seen = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            if not isinstance(key, str | int | float):
                continue
            if key in seen:
                problem = f"duplicate key {key!r}"
                raise yaml.constructor.ConstructorError(None, None, problem, key_node.start_mark)
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


def load_yaml(path: Path) -> Any:
    """Read a YAML file safely (see :class:`StrictLoader`); one-line InputError on failure."""
    try:
        path.resolve(strict=True)
    except (RuntimeError, OSError) as err:  # missing, or a symbolic-link loop (3.11)
        problem = "not found" if isinstance(err, FileNotFoundError) else \
            f"cannot be followed ({err})"
        raise InputError(path, "(file)", problem) from None
    if not path.is_file():
        raise InputError(path, "(file)", "not a file")
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=StrictLoader)  # noqa: S506
    except (UnicodeDecodeError, RecursionError, OSError) as err:
        problem = "nested too deeply" if isinstance(err, RecursionError) else str(err)
        raise InputError(path, "(file)", f"not readable as UTF-8 YAML: {problem}") from None
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        where = f"line {mark.line + 1}" if mark else "(file)"
        raise InputError(path, where, f"not valid YAML: {getattr(err, 'problem', err)}") from None
    return data
