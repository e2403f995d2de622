"""The browser-test helpers themselves catch what they promise to catch."""

import pytest

from tests.e2e.conftest import check_accessibility


def test_axe_check_fails_on_an_inaccessible_page(browser):
    page = browser.new_page()
    page.set_content('<html><body><img src="x.png"><input type="text"></body></html>')
    with pytest.raises(AssertionError, match="image-alt"):
        check_accessibility(page)
    page.close()


def test_axe_check_passes_a_plain_accessible_page(browser):
    page = browser.new_page()
    page.set_content(
        '<html lang="nl"><head><title>T</title></head><body><main><h1>Kop</h1>'
        "<p>Tekst</p></main></body></html>"
    )
    check_accessibility(page)
    page.close()
