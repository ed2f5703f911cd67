"""The load bench's client against a real `streamlit run` outside demo mode: on a database prepared by the
bench, it logs in through the form and refreshes a dashboard with the cookie the app gave it
(seed/load_bench.py measures with it; this only checks that it works)."""
from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor

from seed.load_bench import Tab, logged_in_tab, prepare_database
from tests.browser.conftest import _start_server, _stop

COOKIE_KEY = "an-unpublished-cookie-key-0123456789-abcdefghij"


def test_a_load_client_logs_in_through_the_form_and_refreshes_the_overview(tmp_path):
    url = f"sqlite:///{tmp_path / 'load.db'}"
    [(username, password)] = prepare_database(url, scale=1, users=1)
    server = _start_server(url, tmp_path / "streamlit.log",
                           extra_env={"DEMO_MODE": "0", "AUTH_COOKIE_KEY": COOKIE_KEY})

    async def journey() -> tuple[bool, str, bool, list[str]]:
        stranger = Tab(server.url, "overview")
        await stranger.open()
        stranger_in = (await stranger.run()).logged_in
        await stranger.close()
        tab = await logged_in_tab(server.url, "overview", username, password)
        refresh = await tab.run()
        await tab.close()
        return stranger_in, tab.cookie, refresh.logged_in, refresh.exceptions

    try:
        # In a thread of its own: after the browser tests, Playwright's sync API keeps an event loop running
        # in this one, and asyncio.run refuses to start a second loop there.
        with ThreadPoolExecutor(max_workers=1) as alone:
            stranger_in, cookie, refreshed_in, exceptions = alone.submit(asyncio.run, journey()).result()
    finally:
        _stop(server)
    assert username == "load-01"
    assert not stranger_in  # without the cookie, the same address answers with the login form
    assert cookie.count(".") == 2  # the signed login cookie (a JWT) the app wrote for the browser
    assert refreshed_in and exceptions == []
