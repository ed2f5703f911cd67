"""The IATI 2.03 schema and codelists kept in ../shared/standards (beside the repository, as CI clones it).

`STANDARDS_DIR` may point elsewhere (a git worktree has no shared/ beside it); tests that need the files are
skipped, saying why, only when the folder is absent."""
from __future__ import annotations

import os
import xml.etree.ElementTree as ET
from functools import cache
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
STANDARDS = Path(os.environ.get("STANDARDS_DIR") or ROOT.parent / "shared" / "standards")
IATI = STANDARDS / "iati-2.03"


def require_standard() -> Path:
    """The IATI 2.03 folder, or skip the test with the reason."""
    if not (IATI / "iati-activities-schema.xsd").exists():
        pytest.skip(f"IATI 2.03 schema not found at {IATI} (clone shared/ beside the repository or set "
                    "STANDARDS_DIR)")
    return IATI


@cache
def schema():
    import xmlschema

    return xmlschema.XMLSchema(str(require_standard() / "iati-activities-schema.xsd"))


@cache
def codelist(name: str) -> dict[str, str]:
    """code → status ('active', 'withdrawn' or '' when the list gives none) of one IATI codelist."""
    root = ET.parse(require_standard() / "codelists" / f"{name}.xml").getroot()
    return {item.findtext("code"): item.get("status", "") for item in root.iter("codelist-item")}


def schema_errors(xml: bytes) -> list[str]:
    return [f"{error.path}: {error.reason}" for error in schema().iter_errors(xml)]
