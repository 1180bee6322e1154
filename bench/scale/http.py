"""A small HTTP client for the benchmark: loopback only, token or session sign-in, timed requests."""

import http.client
import json
import re
import time
import urllib.parse

HOST = "127.0.0.1"


class Client:
    def __init__(self, port, *, token=None, cookies=None):
        self.port = port
        self.token = token
        self.cookies = dict(cookies or {})

    def _headers(self, extra=None):
        headers = {"Host": f"{HOST}:{self.port}", "Accept-Language": "fa"}
        if self.token:
            headers["Authorization"] = f"Token {self.token}"
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        headers.update(extra or {})
        return headers

    def request(self, method, path, body=None, headers=None):
        """(status, seconds, body bytes); the time covers connect to last byte."""
        started = time.perf_counter()
        conn = http.client.HTTPConnection(HOST, self.port, timeout=120)
        try:
            conn.request(method, path, body=body, headers=self._headers(headers))
            response = conn.getresponse()
            data = response.read()
            elapsed = time.perf_counter() - started
            for header, value in response.getheaders():
                if header.lower() == "set-cookie":
                    name, _, rest = value.partition("=")
                    self.cookies[name.strip()] = rest.split(";", 1)[0]
            return response.status, elapsed, data
        finally:
            conn.close()

    def get(self, path):
        return self.request("GET", path)

    def post_json(self, path, payload):
        return self.request(
            "POST", path, json.dumps(payload).encode(), {"Content-Type": "application/json; charset=utf-8"}
        )


def token_client(port, username, password):
    status, _, data = Client(port).post_json("/api/v1/auth/token/", {"username": username, "password": password})
    if status != 200:
        raise RuntimeError(f"token sign-in of {username}: {status} {data[:200]!r}")
    return Client(port, token=json.loads(data)["token"])


def session_client(port, username, password):
    client = Client(port)
    status, _, page = client.get("/accounts/login/")
    match = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    if status != 200 or match is None:
        raise RuntimeError(f"login page: {status}")
    form = urllib.parse.urlencode(
        {"username": username, "password": password, "csrfmiddlewaretoken": match.group(1).decode()}
    ).encode()
    status, _, _ = client.request(
        "POST",
        "/accounts/login/",
        form,
        {
            "Content-Type": "application/x-www-form-urlencoded",
            "Referer": f"http://{HOST}:{client.port}/accounts/login/",
        },
    )
    if status != 302 or "sessionid" not in client.cookies:
        raise RuntimeError(f"session sign-in of {username}: {status}")
    return client
