"""caseqa's index: documents, chunking, embedding, the FAISS store and the keyword index.

This package knows nothing of answering: it never imports ``qa`` or ``eval``.
"""

from index.documents import Document
from index.errors import IndexError_, IndexNotFound, IndexSettingsMismatch, InputError

__all__ = ["Document", "IndexError_", "IndexNotFound", "IndexSettingsMismatch", "InputError"]
