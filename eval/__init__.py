"""Offline evaluation of caseqa against gold answers."""
