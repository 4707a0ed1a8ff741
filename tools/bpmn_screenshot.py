"""Open each workflows/*.bpmn in bpmn-js (Debian's Chromium) and picture it.

    python -m tools.bpmn_screenshot [file.bpmn ...]    # from the repository root

Reports bpmn-js import warnings and any BPMN element without a drawn shape,
and writes screenshots/<name>.png (git-ignored) at full scale, and pieces
<name>-<n>.png of it to look at. Exit status 1 when something is not drawn.
"""

import json
import os
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[1]
VIEWER = ROOT / "node_modules" / "bpmn-js" / "dist" / "bpmn-viewer.production.min.js"
PIECE = 1400  # px per piece
PAGE = """<!doctype html><html><head><meta charset="utf-8">
<style>html,body,#canvas{margin:0;width:100%;height:100%;background:#fff}</style></head>
<body><div id="canvas"></div></body></html>"""
CHECK = """async (xml) => {
  const viewer = window.viewer = new BpmnJS({container: '#canvas'});
  const {warnings} = await viewer.importXML(xml);
  const registry = viewer.get('elementRegistry');
  const drawn = new Set(registry.getAll().map(e => e.id));
  const doc = new DOMParser().parseFromString(xml, 'application/xml');
  const ids = [...doc.querySelectorAll('process *[id]')].map(e => e.id)
     .filter(id => !/^(med_|ted_|laneset_)/.test(id) && !id.endsWith('_timer'));
  const missing = ids.filter(id => !drawn.has(id));
  const box = viewer.get('canvas').viewbox();
  return {warnings: warnings.map(w => w.message), missing, x: box.inner.x, y: box.inner.y,
          width: box.inner.width, height: box.inner.height};
}"""


def main(paths: list[str]) -> int:
    files = [Path(p) for p in paths] or sorted((ROOT / "workflows").glob("*.bpmn"))
    out = ROOT / "screenshots"
    out.mkdir(exist_ok=True)
    script = VIEWER.read_text(encoding="utf-8")
    failed = False
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=os.environ.get("ZORGPAD_CHROMIUM", "/usr/bin/chromium"))
        for path in files:
            page = browser.new_page(viewport={"width": 3000, "height": 1000})
            page.set_content(PAGE)
            page.add_script_tag(content=script)
            result = page.evaluate(CHECK, path.read_text(encoding="utf-8"))
            width = min(int(result["width"]) + 40, 16000)
            height = min(int(result["height"]) + 40, 4000)
            page.set_viewport_size({"width": width, "height": height})
            show = "([x, y, w, h]) => window.viewer.get('canvas').viewbox({x, y, width: w, height: h})"
            page.evaluate(show, [result["x"] - 20, result["y"] - 20, width, height])
            page.wait_for_timeout(300)
            page.locator("#canvas").screenshot(path=str(out / f"{path.stem}.png"))
            for i, x in enumerate(range(0, width, PIECE)):  # readable pieces of a wide diagram
                clip = {"x": x, "y": 0, "width": min(PIECE, width - x), "height": height}
                page.screenshot(path=str(out / f"{path.stem}-{i + 1}.png"), clip=clip)
            print(
                json.dumps(
                    {
                        "file": path.name,
                        "warnings": result["warnings"],
                        "missing": result["missing"],
                        "size": [width, height],
                    }
                )
            )
            failed |= bool(result["missing"] or result["warnings"])
            page.close()
        browser.close()
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
