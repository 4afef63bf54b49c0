"""The HTTP edge's protection: API keys and scopes, rate and size limits, a bound on
concurrent answer work, security headers, and keeping questions out of the logs.

Nothing here is part of the answering core; ``qa.app`` wires it in from the modules
(``headers``, ``middleware``, ``privacy``): importing this package stays light, so
``caseqa keys`` and the CLI's start-up do not load the web framework.
"""

from qa.security.keys import hash_key, new_key

__all__ = ["hash_key", "new_key"]
