"""Two languages from the start: every key in both catalogs, every key used in code present."""
import re
from datetime import date
from pathlib import Path

import pytest

from components.i18n import LANGUAGES, catalog, format_day, format_money, format_number, format_share, translate
from db.actor import ADMIN
from db.models.access import ROLES
from db.queries.overview import HEADLINE_MEASURES

ROOT = Path(__file__).resolve().parent.parent
LITERAL_KEY = re.compile(r"""\b(?:t|open_project_page)\(\s*["']([a-z0-9_.]+)["']""")
PROBLEM_KEY = re.compile(r"""["'](error\.[a-z0-9_]+)["']""")


def _keys_used_in_code() -> set[str]:
    keys: set[str] = set()
    for folder in ("app.py", "pages", "components", "db"):
        path = ROOT / folder
        for file in ([path] if path.is_file() else path.rglob("*.py")):
            text = file.read_text(encoding="utf-8")
            keys |= set(LITERAL_KEY.findall(text)) | set(PROBLEM_KEY.findall(text))
    # Keys built from data: roles, headline measures and their help, progress bar kinds.
    keys |= {f"role.{r}" for r in ROLES}
    keys |= {f"measure.{m}" for m in HEADLINE_MEASURES} | {f"measure.{m}.help" for m in HEADLINE_MEASURES}
    keys |= {f"progress.kind.{k}" for k in ("time", "budget", "target")}
    keys |= _cohort_keys()
    from components.pipeline_figures import catalog_keys as enterprise_keys
    keys |= enterprise_keys()
    from components.stakeholder_labels import SEXES
    from db.models.project import INSTITUTION_LEVELS, INSTITUTION_TYPES
    from db.models.stakeholders import ACTION_STATUSES, EVENT_TYPES
    keys |= {f"stakeholders.event_type.{k}" for k in EVENT_TYPES} | {f"stakeholders.status.{k}" for k in ACTION_STATUSES}
    keys |= {f"stakeholders.institution_type.{k}" for k in INSTITUTION_TYPES} | {f"stakeholders.sex.{k}" for k in SEXES}
    keys |= {f"stakeholders.level.{k}" for k in INSTITUTION_LEVELS}
    from components.paging import WORDING_PARTS, WORDINGS
    keys |= {f"{wording}.{part}" for wording in WORDINGS for part in WORDING_PARTS}  # searched, paged lists
    return keys


def _cohort_keys() -> set[str]:
    """Keys the training pages build from data (issue #3)."""
    from db.models.training import ENROLMENT_STATUSES, FOLLOW_UP_MONTHS, FOLLOW_UP_STATUSES, GROUP_STATUSES, SEXES
    from domain.cohort_import import TEMPLATES
    from domain.cohort_results import AGE_BANDS, DIMENSIONS, STAGES

    return ({f"cohorts.status.{s}" for s in GROUP_STATUSES} | {f"cohorts.enrolment_status.{s}" for s in ENROLMENT_STATUSES}
            | {f"cohorts.follow_up.{s}" for s in FOLLOW_UP_STATUSES} | {f"cohorts.sex.{s}" for s in SEXES}
            | {f"progress_cohorts.stage.{s}" for s in STAGES} | {f"progress_cohorts.age.{a[0]}" for a in AGE_BANDS}
            | {f"progress_cohorts.dimension.{d}" for d in DIMENSIONS}
            | {f"cohort_import.{part}.{k}" for k in TEMPLATES for part in ("kind", "help")}
            | {f"cohort_results.after_{m}" for m in FOLLOW_UP_MONTHS})


@pytest.mark.parametrize("lang", list(LANGUAGES))
def test_every_key_used_in_code_has_a_translation(lang):
    missing = sorted(k for k in _keys_used_in_code() if not catalog(lang).get(k, "").strip())
    assert missing == [], f"{lang} catalog lacks {missing}"


def test_both_catalogs_have_the_same_keys():
    assert set(catalog("en")) ^ set(catalog("fr")) == set()


def test_each_area_has_a_catalog_file_in_both_languages():
    from components.i18n import CATALOG_DIR

    assert sorted(p.name for p in (CATALOG_DIR / "en").glob("*.json")) == sorted(
        p.name for p in (CATALOG_DIR / "fr").glob("*.json"))


def test_placeholders_match_between_languages():
    fields = re.compile(r"{(\w+)}")
    for key, english in catalog("en").items():
        assert set(fields.findall(english)) == set(fields.findall(catalog("fr")[key])), key


def test_translate_fills_parameters_and_falls_back_to_the_key():
    assert translate("error.password_too_short", "fr", min=8) == "Le mot de passe doit compter au moins 8 caractères."
    assert translate("no.such.key", "en") == "no.such.key"
    assert translate(f"role.{ADMIN}", "en") == "Administrator"


def test_numbers_money_shares_and_dates_follow_the_language():
    nbsp = "\u202f"  # French groups thousands with a narrow no-break space
    assert format_number(1234567, "en") == "1,234,567"
    assert format_number(1234567, "fr") == f"1{nbsp}234{nbsp}567"
    assert format_number(9.5, "fr", 2) == "9,50"
    assert format_money(200000, "en") == "US$200,000"
    assert format_money(200000, "fr").replace(nbsp, " ").replace("\xa0", " ") == "200 000 $US"
    assert format_share(0.274, "en") == "27%"
    assert format_share(0.274, "fr").replace("\xa0", " ").replace(nbsp, " ") == "27 %"
    assert format_share(None, "en") == "–"
    assert format_day(date(2017, 2, 21), "en") == "21 February 2017"
    assert format_day(date(2017, 2, 21), "fr") == "21 février 2017"
