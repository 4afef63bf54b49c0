"""Narrow exceptions raised by the index; the CLI and HTTP edges translate them."""


class IndexError_(Exception):
    """Base class of every error the index raises."""


class InputError(IndexError_):
    """A document or input file is unusable; the message names the file and the problem."""


class IndexNotFound(IndexError_):
    """No index exists in the directory."""


class IndexSettingsMismatch(IndexError_):
    """The index on disk was built with settings other than the current ones."""


class IndexBusy(IndexError_):
    """Another process is writing the index."""


class DocumentNotFound(IndexError_):
    """A doc_id names no stored document."""
