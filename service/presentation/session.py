"""The name of the web pages' session cookie, shared by the pages (which set it) and the
API's report page (which accepts it in place of a bearer token)."""

SESSION_COOKIE = "grannskap_session"
