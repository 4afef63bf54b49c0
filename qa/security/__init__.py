"""The HTTP edge's protection: API keys and scopes, rate and size limits, a bound on
concurrent answer work, security headers, and keeping questions out of the logs.

Nothing here is part of the answering core; ``qa.app`` wires it in.
"""

from qa.security.headers import security_headers
from qa.security.keys import hash_key, new_key
from qa.security.middleware import Gatekeeper, protect
from qa.security.privacy import question_log

__all__ = ["Gatekeeper", "hash_key", "new_key", "protect", "question_log", "security_headers"]
