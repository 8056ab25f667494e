"""shortlinks: a small URL shortener on PostgreSQL, on Python's standard library
and Debian's psycopg2 only (no framework, nothing installed at build time).

  GET  /health          200 once the database answers
  POST /links           {"url": ...} with "Authorization: Bearer $API_TOKEN" -> 201 {"code", "url"}
  GET  /links           every link, newest first
  GET  /links/<code>    one link with its hit count
  GET  /<code>          302 to the link's URL, counts a hit

Settings come from the environment: DATABASE_URL, API_TOKEN, PORT (default 8000).
"""

import hmac
import json
import os
import re
import secrets
import signal
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

import psycopg2
import psycopg2.pool

SCHEMA = """
CREATE TABLE IF NOT EXISTS links (
  code       text PRIMARY KEY,
  url        text NOT NULL,
  hits       bigint NOT NULL DEFAULT 0,
  created_at timestamptz NOT NULL DEFAULT now()
)
"""
CODE_PATTERN = re.compile(r"^[A-Za-z0-9_-]{4,32}$")
MAX_BODY = 16 * 1024


def connect_pool(database_url, attempts=120):
    """The database may still be starting (same `up` creates both): retry for a minute."""
    for attempt in range(attempts):
        try:
            pool = psycopg2.pool.ThreadedConnectionPool(1, 8, database_url)
            break
        except psycopg2.OperationalError as error:
            if attempt == attempts - 1:
                raise
            # Every 5 s, not every try: a database that never comes would flood the log.
            if attempt % 10 == 0:
                print(f"shortlinks: database not ready ({str(error).strip()}), retrying", file=sys.stderr, flush=True)
            time.sleep(0.5)
    connection = pool.getconn()
    try:
        with connection, connection.cursor() as cursor:
            # Several replicas may start at once: one creates the table at a time.
            cursor.execute("SELECT pg_advisory_xact_lock(4242)")
            cursor.execute(SCHEMA)
    finally:
        pool.putconn(connection)
    return pool


def is_web_url(value):
    if not isinstance(value, str) or len(value) > 2048:
        return False
    parts = urlsplit(value)
    return parts.scheme in ("http", "https") and bool(parts.netloc)


class Store:
    def __init__(self, pool):
        self.pool = pool

    def run(self, statement, parameters=(), fetch="none"):
        connection = self.pool.getconn()
        try:
            with connection, connection.cursor() as cursor:
                cursor.execute(statement, parameters)
                if fetch == "one":
                    return cursor.fetchone()
                if fetch == "all":
                    return cursor.fetchall()
                return None
        finally:
            self.pool.putconn(connection)

    def healthy(self):
        return self.run("SELECT 1", fetch="one") == (1,)

    def create(self, url, code=None):
        """A new link; a code chosen by the caller must be free (None when it is taken)."""
        for _ in range(5):
            candidate = code or secrets.token_urlsafe(5)
            # ON CONFLICT: a taken code is an answer (409), not an error in the database's log.
            inserted = self.run(
                "INSERT INTO links (code, url) VALUES (%s, %s) ON CONFLICT (code) DO NOTHING RETURNING code",
                (candidate, url),
                fetch="one",
            )
            if inserted:
                return candidate
            if code:
                return None
        raise RuntimeError("no free code after 5 tries")

    def follow(self, code):
        row = self.run("UPDATE links SET hits = hits + 1 WHERE code = %s RETURNING url", (code,), fetch="one")
        return row[0] if row else None

    def get(self, code):
        row = self.run("SELECT code, url, hits FROM links WHERE code = %s", (code,), fetch="one")
        return {"code": row[0], "url": row[1], "hits": row[2]} if row else None

    def list(self):
        rows = self.run("SELECT code, url, hits FROM links ORDER BY created_at DESC, code LIMIT 1000", fetch="all")
        return [{"code": code, "url": url, "hits": hits} for code, url, hits in rows]


def make_handler(store, api_token):
    class Handler(BaseHTTPRequestHandler):
        server_version = "shortlinks/1"
        protocol_version = "HTTP/1.1"

        def log_message(self, format, *args):  # noqa: A002 - the base class names it so
            # Health probes every few seconds would drown the log.
            if not self.path.startswith("/health"):
                sys.stderr.write("%s %s\n" % (self.address_string(), format % args))

        def send_json(self, status, body, headers=()):
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            for name, value in headers:
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(data)

        def authorized(self):
            given = self.headers.get("Authorization", "")
            return hmac.compare_digest(given.encode(), f"Bearer {api_token}".encode())

        def do_GET(self):
            path = self.path.split("?", 1)[0]
            if path == "/health":
                try:
                    store.healthy()
                except psycopg2.Error as error:
                    return self.send_json(503, {"status": "db unavailable", "error": str(error).strip()})
                return self.send_json(200, {"status": "ok"})
            if path == "/links":
                return self.send_json(200, {"links": store.list()})
            if path.startswith("/links/"):
                link = store.get(path[len("/links/"):])
                return self.send_json(200, link) if link else self.send_json(404, {"error": "no such link"})
            code = path.lstrip("/")
            if CODE_PATTERN.match(code):
                url = store.follow(code)
                if url:
                    self.send_response(302)
                    self.send_header("Location", url)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return None
            return self.send_json(404, {"error": "not found"})

        def do_POST(self):
            if self.path != "/links":
                return self.send_json(404, {"error": "not found"})
            if not self.authorized():
                return self.send_json(401, {"error": "a valid bearer token is required"}, [("WWW-Authenticate", "Bearer")])
            length = int(self.headers.get("Content-Length") or 0)
            if length <= 0 or length > MAX_BODY:
                return self.send_json(400, {"error": "a JSON body of at most 16 KiB is required"})
            try:
                body = json.loads(self.rfile.read(length))
            except ValueError:
                return self.send_json(400, {"error": "the body is not JSON"})
            url = body.get("url") if isinstance(body, dict) else None
            code = body.get("code") if isinstance(body, dict) else None
            if not is_web_url(url):
                return self.send_json(400, {"error": "url must be an http or https URL"})
            if code is not None and not (isinstance(code, str) and CODE_PATTERN.match(code)):
                return self.send_json(400, {"error": "code must be 4-32 letters, digits, - or _"})
            created = store.create(url, code)
            if created is None:
                return self.send_json(409, {"error": f"code {code} is taken"})
            return self.send_json(201, {"code": created, "url": url}, [("Location", f"/links/{created}")])

    return Handler


def main():
    database_url = os.environ["DATABASE_URL"]
    api_token = os.environ["API_TOKEN"]
    port = int(os.environ.get("PORT", "8000"))
    store = Store(connect_pool(database_url))
    server = ThreadingHTTPServer(("0.0.0.0", port), make_handler(store, api_token))
    server.daemon_threads = True
    print(f"shortlinks: listening on :{port}", file=sys.stderr, flush=True)
    # `docker stop` sends SIGTERM: finish at once rather than wait for the kill.
    signal.signal(signal.SIGTERM, lambda *_: threading.Thread(target=server.shutdown).start())
    server.serve_forever()


if __name__ == "__main__":
    main()
