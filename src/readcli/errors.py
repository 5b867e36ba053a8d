"""Errors a user can cause. The CLI turns each into one line on stderr and an exit code."""


class ReadcliError(Exception):
    """An error caused by the user's input or environment, not by a bug.

    ``str(error)`` is the one line shown to the user; ``exit_code`` is the process status.
    """

    exit_code = 1

    def __init__(self, message: str, exit_code: int | None = None):
        super().__init__(message)
        if exit_code is not None:
            self.exit_code = exit_code


class UsageError(ReadcliError):
    """Bad arguments: unknown id, ambiguous prefix, conflicting options."""

    exit_code = 2


class InputError(ReadcliError):
    """An input file or stream that cannot be read as Arabic text."""


class ModelError(ReadcliError):
    """No translation package, or a package that cannot be used."""


class StoreError(ReadcliError):
    """The translation memory database cannot be used."""
