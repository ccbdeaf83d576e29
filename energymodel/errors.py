"""Project error types. The CLI turns each into one line and an exit code."""

from __future__ import annotations

from pathlib import Path


def shown(file: str | Path) -> str:
    """A path as the user would write it: relative to the working folder when inside it."""
    try:
        return str(Path(file).resolve().relative_to(Path.cwd()))
    except (ValueError, OSError, RuntimeError):  # RuntimeError: a symbolic-link loop (3.11)
        return str(file)


class EnergyModelError(Exception):
    """Base class of every error the CLI reports as one line."""

    exit_code = 1


class InputError(EnergyModelError):
    """Bad input: names the file, the field and the problem. Exit code 2."""

    exit_code = 2

    def __init__(self, file: str, field: str, problem: str) -> None:
        self.file = shown(file)
        self.field = " ".join(str(field).split())  # always one line, whatever a parser said
        self.problem = " ".join(str(problem).split())
        super().__init__(f"{self.file}: {self.field}: {self.problem}")


class InfeasibleError(EnergyModelError):
    """The optimisation has no solution. Exit code 3."""

    exit_code = 3


class SolutionError(EnergyModelError):
    """A solution that breaks a row or a bound of its LP beyond the stated tolerances
    (:mod:`energymodel.model.check`). Exit code 1: the solver, not the input, is at fault."""
