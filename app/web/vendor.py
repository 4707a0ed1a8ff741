"""Front-end packages from npm (package.json), served by the app itself: no CDN.

Only the listed folders of node_modules are reachable, under /vendor/<name>/.
`make run` and `make test` install them with `npm ci`.
"""

import logging
from pathlib import Path

from flask import abort, current_app, send_from_directory

from app.config import PROJECT_ROOT
from app.web.blueprint import bp

log = logging.getLogger("zorgpad.web")

PACKAGES = {
    "bpmn-js": "bpmn-js/dist",
    "htmx": "htmx.org/dist",
    "chart.js": "chart.js/dist",
}


def folder(name: str) -> Path:
    return Path(current_app.config["NODE_MODULES"]) / PACKAGES[name]


@bp.route("/vendor/<name>/<path:filename>")
def vendor_file(name, filename):
    if name not in PACKAGES:
        abort(404)
    return send_from_directory(folder(name), filename, max_age=3600)


def init_app(app) -> None:
    app.config.setdefault("NODE_MODULES", str(PROJECT_ROOT / "node_modules"))
    missing = [n for n in PACKAGES if not (Path(app.config["NODE_MODULES"]) / PACKAGES[n]).is_dir()]
    if missing:
        log.warning("front-end packages missing (%s): run `npm ci` (make run does)", ", ".join(missing))
