"""caseqa's answering side: retrieval, answers, citations, the HTTP app and the CLI."""
