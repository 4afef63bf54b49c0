"""The evaluation's own error; the CLI prints it and exits with status 2."""


class EvalError(Exception):
    """A gold file, run directory or floors file is unusable; the message says how to fix it."""
