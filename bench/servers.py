"""The two servers the built site is measured under: the shipped nginx configuration, and a
plain static file server that compresses on the fly, as most hosts do."""

from __future__ import annotations

import gzip
import http.server
import io
import shutil
import socket
import ssl
import subprocess
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from builds import build
from common import SERVER_NAME, free_port

# Chromium's flags for both servers: the site's name resolves to loopback; the local nginx has
# a throw-away self-signed certificate (tests/nginxserver.py).
CHROME_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-background-networking",
    "--disable-component-update",
    "--ignore-certificate-errors",
    f'--host-resolver-rules="MAP {SERVER_NAME} 127.0.0.1"',
]
# What the static server compresses (gzip level 6, the usual default of hosts and nginx).
COMPRESSED = {".html", ".css", ".js", ".json", ".svg", ".xml", ".txt", ".map"}
SERVERS = ("nginx", "static")


@contextmanager
def nginx_site(project: Path, workdir: Path, env: dict[str, str]) -> Iterator[tuple[str, Path]]:
    """Build the site for ``https://pamaniunaptur.lv:<port>/`` and serve it on loopback with the
    shipped nginx configuration (tests/nginxserver.py): its gzip -9 copies, headers and CSP as in
    production. Browsers reach it by the configured server name (:data:`CHROME_FLAGS` maps the
    name to 127.0.0.1), so a server block that refuses unknown Host names still answers."""
    import nginxserver

    binary = nginxserver.find_nginx()
    if binary is None or shutil.which("openssl") is None:
        raise RuntimeError("nginx and openssl are needed (Debian packages nginx, openssl)")
    http_port, https_port = free_port(), free_port()
    url = f"https://{SERVER_NAME}:{https_port}"
    site = workdir / "site-nginx"
    build(project, site, {**env, "SITE_URL": f"{url}/"})
    prefix = workdir / "nginx"
    main = nginxserver.install(site, prefix, http_port, https_port)
    command = [binary, "-p", str(prefix), "-c", str(main), "-e", str(prefix / "logs/error.log")]
    check = subprocess.run([*command, "-t"], capture_output=True, text=True, check=False)
    if check.returncode != 0:
        raise RuntimeError(f"nginx -t failed:\n{check.stderr}")
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    server = nginxserver.NginxServer(site, prefix, process, http_port, https_port)
    try:
        deadline = time.monotonic() + 15
        while True:
            try:
                with socket.create_connection(("127.0.0.1", https_port), timeout=0.2):
                    break
            except OSError:
                if time.monotonic() > deadline or process.poll() is not None:
                    raise RuntimeError(f"nginx did not start:\n{server.error_log()}") from None
                time.sleep(0.05)
        yield url, site
    finally:
        server.stop()


class _GzipHandler(http.server.SimpleHTTPRequestHandler):
    """Python's static file handler plus on-the-fly gzip for text, no other headers."""

    protocol_version = "HTTP/1.1"

    def log_message(self, *args: object) -> None:
        pass

    def send_head(self):  # type: ignore[no-untyped-def]
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            if not self.path.split("?", 1)[0].endswith("/"):
                return super().send_head()  # the redirect to the slash
            path = path / "index.html"
        wants_gzip = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (path.is_file() and path.suffix in COMPRESSED and wants_gzip):
            return super().send_head()
        body = gzip.compress(path.read_bytes(), compresslevel=6)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Vary", "Accept-Encoding")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)


@contextmanager
def static_site(site: Path, workdir: Path) -> Iterator[str]:
    """Serve an already built ``site`` on loopback with :class:`_GzipHandler` over HTTPS (a
    throw-away certificate, as for nginx): no cache or security headers, no pre-compressed
    copies, no HTTP/2. Reached by the site's name too (the same :data:`CHROME_FLAGS`)."""
    import nginxserver

    port = free_port()
    folder = workdir / "static-tls"
    folder.mkdir(parents=True, exist_ok=True)
    cert, key = nginxserver.self_signed_certificate(folder)
    tls = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    tls.load_cert_chain(cert, key)

    def handler(*args, **kwargs):  # type: ignore[no-untyped-def]
        return _GzipHandler(*args, directory=str(site), **kwargs)

    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    server.daemon_threads = True
    server.socket = tls.wrap_socket(server.socket, server_side=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"https://{SERVER_NAME}:{port}"
    finally:
        server.shutdown()
        server.server_close()
