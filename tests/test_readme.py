"""The README is the truth: its commands, pages and demo accounts exist."""
import re
from pathlib import Path

from components.i18n import translate
from components.navigation import PAGES

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_the_pages_the_readme_lists_are_the_apps_pages():
    section = README[README.index("## Pages"):]
    rows = [line for line in section.splitlines() if line.startswith("| **")]
    listed = {re.search(r"\*\*(.+?)\*\*", row).group(1): re.search(r"`/([\w-]+)`", row).group(1) for row in rows}
    assert listed == {translate(p.title_key, "en"): p.url_path for p in PAGES}


def test_the_two_commands_and_the_extra_targets_exist_in_the_makefile():
    makefile = (ROOT / "Makefile").read_text()
    for target in re.findall(r"`make (\w+)", README):
        assert re.search(rf"^{target}:", makefile, re.M), target


def test_demo_passwords_in_the_readme_are_the_seeded_ones():
    from seed.demo import DEMO_ACCOUNTS

    for username, password, role, _name in DEMO_ACCOUNTS:
        assert f"| `{username}` | `{password}` |" in README
