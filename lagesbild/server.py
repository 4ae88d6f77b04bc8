"""The production server behind `flask --app lagesbild serve`: gunicorn with gthread workers.

One Python process holds the GIL, so one slow page (a large export, a report) would stall every other
request; a process per core lets them run side by side. gunicorn's gthread worker keeps waitress's
model inside each process (a pool of threads, a request per thread), and its master restarts a worker
that dies or hangs. Importing this module fails where gunicorn cannot run (Windows: no fork/fcntl);
the serve command then falls back to one waitress process.

SQLite's single-writer rule holds across processes as it does across threads: every write transaction
takes the file's write lock at BEGIN (BEGIN IMMEDIATE) and waits up to the busy timeout for it
(lagesbild/database.py), and WAL lets readers in every process go on meanwhile.
"""

from gunicorn.app.base import BaseApplication
from gunicorn.http import wsgi

# The Server header names the app, not the server software (as waitress's `ident` did); gunicorn has no
# setting for it, its responses read this module name.
wsgi.SERVER = "Lagesbild"


class _Server(BaseApplication):
    """gunicorn configured in code: no command line, no config file of its own."""

    def __init__(self, app, options: dict):
        self.application = app
        self.options = options
        super().__init__()

    def load_config(self):
        for key, value in self.options.items():
            self.cfg.set(key, value)
        # gunicorn 24+ opens a control socket in the user's home (one path for every server the user
        # runs, so a second install or a test server would collide); nothing here uses it.
        if "control_socket_disable" in self.cfg.settings:
            self.cfg.set("control_socket_disable", True)

    def load(self):
        return self.application


def run_gunicorn(app, *, host: str, port: int, workers: int, threads: int, engines) -> None:
    """Serve `app` (already built in this process; the workers are forked from it) until stopped."""

    def post_fork(_server, _worker):
        # Belt and braces: a connection the master opened after serve disposed its pools stays the
        # master's; the worker opens its own (close=False leaves the master's socket alone).
        for engine in engines:
            engine.dispose(close=False)

    options = {
        "bind": f"{host}:{port}",
        "workers": workers,
        "worker_class": "gthread",
        "threads": threads,
        # A problembild export of a large year takes seconds; 30 s (gunicorn's default) leaves no margin.
        "timeout": 120,
        "proc_name": "lagesbild",
        "post_fork": post_fork,
    }
    _Server(app, options).run()
