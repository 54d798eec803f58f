"""Run the shipped nginx configuration (deploy/nginx/) on loopback ports, for the tests.

It does what DEPLOYING.md tells an administrator to do, in a temporary folder: copy
deploy/nginx/ and the build's ``.nginx/csp.conf`` into one configuration folder, point ``root``
at the built site, and enable pamaniunaptur.conf from an nginx.conf with Debian's http
defaults. Only file paths and ``listen`` lines change (each must be found, so a change to the
shipped file cannot leave the tests running something else), and a throw-away self-signed
certificate stands in for Let's Encrypt's. nginx runs in the foreground with its own prefix,
pid file, logs and temp folders, and is stopped by its process id.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

from conftest import ROOT, SERVER_NAME

DEPLOY = ROOT / "deploy" / "nginx"
NGINX_CANDIDATES = ("/usr/sbin/nginx", "/usr/local/sbin/nginx")
MIME_TYPES = Path("/etc/nginx/mime.types")

# The http block of Debian's /etc/nginx/nginx.conf (bookworm), minus its log and include paths.
MAIN_CONF = """\
{user}
worker_processes 1;
daemon off;
pid {prefix}/nginx.pid;
error_log {prefix}/logs/error.log warn;
events {{ worker_connections 128; }}
http {{
    sendfile on;
    tcp_nopush on;
    types_hash_max_size 2048;
    include {mime_types};
    default_type application/octet-stream;
    ssl_protocols TLSv1 TLSv1.1 TLSv1.2 TLSv1.3;
    ssl_prefer_server_ciphers on;
    access_log {prefix}/logs/access.log;
    gzip on;
    client_body_temp_path {prefix}/temp/body;
    proxy_temp_path {prefix}/temp/proxy;
    fastcgi_temp_path {prefix}/temp/fastcgi;
    uwsgi_temp_path {prefix}/temp/uwsgi;
    scgi_temp_path {prefix}/temp/scgi;
    include {conf_dir}/pamaniunaptur.conf;
}}
"""


def find_nginx() -> str | None:
    for candidate in (os.environ.get("NGINX"), *NGINX_CANDIDATES):
        if candidate and Path(candidate).exists():
            return candidate
    return shutil.which("nginx")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def substitute(text: str, replacements: dict[str, str]) -> str:
    """Replace each key of ``replacements`` in ``text``; every key must occur."""
    for old, new in replacements.items():
        assert old in text, f"deploy/nginx: {old!r} not found; update tests/nginxserver.py"
        text = text.replace(old, new)
    return text


def self_signed_certificate(folder: Path) -> tuple[Path, Path]:
    """A certificate and key for pamaniunaptur.lv and 127.0.0.1, valid for two days."""
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:prime256v1",
            "-nodes",
            "-days",
            "2",
            "-subj",
            f"/CN={SERVER_NAME}",
            "-addext",
            f"subjectAltName=DNS:{SERVER_NAME},IP:127.0.0.1",
            "-keyout",
            str(key),
            "-out",
            str(cert),
        ],
        check=True,
        capture_output=True,
    )
    return cert, key


@dataclass
class NginxServer:
    """A running nginx serving a built site with the shipped configuration."""

    site: Path
    prefix: Path
    process: subprocess.Popen
    http_port: int
    https_port: int

    @property
    def https_url(self) -> str:
        """The site's address; Chromium resolves the name to 127.0.0.1 (CHROMIUM_ARGS)."""
        return f"https://{SERVER_NAME}:{self.https_port}"

    @property
    def conf_dir(self) -> Path:
        return self.prefix / "conf"

    def error_log(self) -> str:
        path = self.prefix / "logs" / "error.log"
        return path.read_text(encoding="utf-8", errors="replace") if path.exists() else ""

    def logs(self) -> dict[str, bytes]:
        """Every log file nginx writes (the main error log, the site's logs, the http-level
        access log of Debian's nginx.conf), by name."""
        return {path.name: path.read_bytes() for path in (self.prefix / "logs").glob("*.log")}

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)


def install(site: Path, prefix: Path, http_port: int, https_port: int) -> Path:
    """Lay out the configuration as DEPLOYING.md does; return the main nginx.conf."""
    conf_dir = prefix / "conf"
    for sub in ("conf", "logs", "temp", "acme"):
        (prefix / sub).mkdir(parents=True, exist_ok=True)
    cert, key = self_signed_certificate(prefix)
    for name in ("http.conf", "headers.conf", "site.conf"):
        shutil.copy(DEPLOY / name, conf_dir / name)
    shutil.copy(site / ".nginx" / "csp.conf", conf_dir / "csp.conf")
    production = (DEPLOY / "pamaniunaptur.conf").read_text(encoding="utf-8")
    rendered = substitute(
        production,
        {
            "/etc/nginx/pamaniunaptur/": f"{conf_dir}/",
            "/srv/pamaniunaptur/site": str(site),
            "/var/log/nginx/": f"{prefix}/logs/",
            "/var/www/letsencrypt": str(prefix / "acme"),
            f"/etc/letsencrypt/live/{SERVER_NAME}/fullchain.pem": str(cert),
            f"/etc/letsencrypt/live/{SERVER_NAME}/privkey.pem": str(key),
            "    listen [::]:80;\n": "",
            "    listen [::]:443 ssl http2;\n": "",
            "    listen [::]:80 default_server;\n": "",
            "    listen [::]:443 ssl http2 default_server;\n": "",
            "listen 80;": f"listen 127.0.0.1:{http_port};",
            "listen 443 ssl http2;": f"listen 127.0.0.1:{https_port} ssl http2;",
            "listen 80 default_server;": f"listen 127.0.0.1:{http_port} default_server;",
            "listen 443 ssl http2 default_server;": (
                f"listen 127.0.0.1:{https_port} ssl http2 default_server;"
            ),
        },
    )
    (conf_dir / "pamaniunaptur.conf").write_text(rendered, encoding="utf-8")
    main = conf_dir / "nginx.conf"
    main.write_text(
        MAIN_CONF.format(
            # nginx started by root runs its workers as nobody, who cannot read pytest's
            # private temporary folders.
            user="user root;" if os.geteuid() == 0 else "",
            prefix=prefix,
            mime_types=MIME_TYPES,
            conf_dir=conf_dir,
        ),
        encoding="utf-8",
    )
    return main


def start(nginx: str, site: Path, prefix: Path) -> NginxServer:
    """Check the configuration with ``nginx -t``, start nginx, wait until it answers."""
    http_port, https_port = free_port(), free_port()
    main = install(site, prefix, http_port, https_port)
    command = [nginx, "-p", str(prefix), "-c", str(main), "-e", str(prefix / "logs/error.log")]
    check = subprocess.run([*command, "-t"], capture_output=True, text=True, check=False)
    assert check.returncode == 0, f"nginx -t failed:\n{check.stderr}"
    with open(prefix / "stderr.txt", "wb") as stderr:
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=stderr)
    server = NginxServer(site, prefix, process, http_port, https_port)
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"nginx exited:\n{server.error_log()}")
        try:
            with socket.create_connection(("127.0.0.1", https_port), timeout=0.2):
                return server
        except OSError:
            time.sleep(0.05)
    server.stop()
    raise AssertionError(f"nginx did not start listening:\n{server.error_log()}")
