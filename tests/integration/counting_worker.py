"""`policy-digest worker` whose engine writes each finished translation call to a log.

Usage: python tests/integration/counting_worker.py LOG [worker flags]. Each line of LOG is one
text the engine translated and the options it used, written after the call returned, so a call
cut short by SIGKILL is not counted and a text translated twice shows up twice.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from service.cli import main
from service.translate.codec import CodecEngine

LOG = Path(sys.argv[1])
_translate = CodecEngine.translate


def counted(self: CodecEngine, texts: list[str], src: str, tgt: str, **options: Any) -> list[str]:
    outputs = _translate(self, texts, src, tgt, **options)
    lines = "".join(json.dumps([t, options], ensure_ascii=False) + "\n" for t in texts)
    with LOG.open("a", encoding="utf-8") as log:
        log.write(lines)
    return outputs


CodecEngine.translate = counted  # type: ignore[method-assign]

if __name__ == "__main__":
    sys.exit(main(["worker", *sys.argv[2:]]))
