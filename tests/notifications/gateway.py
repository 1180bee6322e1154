"""A fake SMS gateway on 127.0.0.1, in the style of Iran's common providers (never the internet)."""

import json
import threading
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class FakeGateway:
    """Records each request; answers with ``self.answer`` = (HTTP status, JSON body)."""

    def __init__(self):
        self.requests = []
        self.answer = (200, {"return": {"status": 200, "message": "تایید شد"}, "entries": [{"messageid": 8792343}]})
        gateway = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                length = int(self.headers.get("Content-Length") or 0)
                fields = urllib.parse.parse_qs(self.rfile.read(length).decode())
                gateway.requests.append({"path": self.path, "fields": {k: v[0] for k, v in fields.items()}})
                status, body = gateway.answer
                raw = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(raw)))
                self.end_headers()
                self.wfile.write(raw)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self):
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()
