"""Narrow exceptions of the answering core; the HTTP app and the CLI translate them."""


class QAError(Exception):
    """Base class of the answering core's errors."""


class BadQuestion(QAError):
    """The request cannot be answered as asked (empty question, k out of range...)."""


class UnknownDocuments(QAError):
    """A request names doc_ids that are not in the index."""

    def __init__(self, doc_ids: list[str]) -> None:
        super().__init__(f"unknown doc_ids: {', '.join(map(repr, doc_ids[:20]))}")
        self.doc_ids = doc_ids


class ModeUnavailable(QAError):
    """The requested answer mode is not configured."""


class LLMUnavailable(QAError):
    """The LLM server is unreachable, too slow, refused the request or answered garbage."""


class Overloaded(QAError):
    """Too much answer work is queued; try again later."""

    def __init__(self, message: str, retry_after: int = 1) -> None:
        super().__init__(message)
        self.retry_after = retry_after
