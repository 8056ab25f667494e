"""A few lines of HTTP for the seed and the suite (standard library only)."""

import json
import urllib.error
import urllib.request


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


_opener = urllib.request.build_opener(NoRedirect)


def request(method, url, body=None, token=None, timeout=10):
    """(status, headers, parsed JSON or None); redirects are returned, not followed."""
    data = json.dumps(body).encode() if body is not None else None
    headers = {"Content-Type": "application/json"} if data is not None else {}
    if token is not None:
        headers["Authorization"] = f"Bearer {token}"
    req = urllib.request.Request(url, data=data, method=method, headers=headers)
    try:
        with _opener.open(req, timeout=timeout) as response:
            status, response_headers, raw = response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        status, response_headers, raw = error.code, error.headers, error.read()
    content_type = response_headers.get("Content-Type", "")
    parsed = json.loads(raw) if raw and content_type.startswith("application/json") else None
    return status, response_headers, parsed
