"""Download buttons for the public files: the IATI activity file and the open-data package. Open to every
role (aggregates only, small counts suppressed); each file is built only when its button is clicked."""
from __future__ import annotations

from collections.abc import Callable
from datetime import date

import streamlit as st

from components.data import engine, read
from components.i18n import t
from db.engine import session_factory
from db.queries.overview import ProjectCard
from db.queries.publishing import publisher
from exports.iati import activity_xml
from exports.open_data import package


def _deferred(build: Callable[..., bytes], **kwargs) -> Callable[[], bytes]:
    """The file, built in its own short session when the user clicks (Streamlit calls it on another thread:
    the engine is resolved here, in the script's)."""
    bound = engine()

    def make() -> bytes:
        with session_factory(bound)() as session:
            return build(session, **kwargs)

    return make


def public_downloads(card: ProjectCard, as_of: date) -> None:
    """The two buttons side by side, with one line on what they hold. A click downloads without rerunning
    the page: a rerun would draw the other button anew, and a click on it meanwhile fetched nothing."""
    arguments = {"project_id": card.id, "as_of": as_of, "illustrative": card.is_illustrative}
    left, right = st.columns(2)
    if read(publisher, project_id=card.id).reporting_org_ref:
        left.download_button(t("publishing.iati"), data=_deferred(activity_xml, **arguments),
                             file_name=f"IATI_{card.code}_{as_of.isoformat()}.xml", mime="application/xml",
                             icon=":material/public:", key="download_iati", on_click="ignore", help=t("publishing.iati_help"))
    else:
        left.caption(t("publishing.no_identifier"))
    right.download_button(t("publishing.open_data"), data=_deferred(package, **arguments),
                          file_name=f"open-data_{card.code}_{as_of.isoformat()}.zip", mime="application/zip",
                          icon=":material/folder_zip:", key="download_open_data", on_click="ignore",
                          help=t("publishing.open_data_help"))

