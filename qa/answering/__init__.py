"""Answerers: turn a question and retrieved passages into an answer with citations."""

from qa.answering.base import REFUSAL, Answerer, Draft

__all__ = ["REFUSAL", "Answerer", "Draft"]
