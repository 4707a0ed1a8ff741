"""A signed-in browser session for the web pages, on Flask's test client.

Each user gets a client of their own (own cookies); posts carry the CSRF token
the pages put in their forms, as a browser would.
"""

import re

from werkzeug.datastructures import MultiDict

CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


class WebUser:
    def __init__(self, app, username: str | None = None, password: str = "demo"):
        self.client = app.test_client()
        self.token = None
        if username:
            response = self.sign_in(username, password)
            assert response.status_code == 302, response.text

    def csrf(self, path: str = "/login") -> str:
        self.token = CSRF.search(self.client.get(path).text).group(1)
        return self.token

    def sign_in(self, username: str, password: str = "demo", next_path: str | None = None):
        data = {"csrf_token": self.csrf(), "username": username, "password": password}
        if next_path:
            data["next"] = next_path
        response = self.client.post("/login", data=data)
        if response.status_code == 302:
            self.csrf("/taken")  # a fresh session has a fresh token
        return response

    def get(self, path: str, **kwargs):
        return self.client.get(path, **kwargs)

    def post(self, path: str, data=None, *, csrf: bool = True, **kwargs):
        data = list((data or {}).items()) if isinstance(data, dict) else list(data or [])
        if csrf:
            data.append(("csrf_token", self.token))
        return self.client.post(path, data=MultiDict(data), **kwargs)


def text_of(html: str) -> str:
    """The page's words, without tags (for 'does the page say ...' checks)."""
    words = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))
    return re.sub(r" ([:.,;)])", r"\1", words)
