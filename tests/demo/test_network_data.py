"""The demo's networks as a data file (issue 19): `demo/story/network.toml` is read and
checked, with errors that name the file and the key, and its logins are the README's."""

import re
import tomllib
from pathlib import Path

import pytest

from samenspel.demo.accounts import DEMO_ACCOUNTS
from samenspel.demo.story import network_data
from samenspel.demo.story.network_data import DATA_FILE, DemoDataError, parse

README = Path(__file__).resolve().parents[2] / "README.md"


def _raw() -> dict:
    return tomllib.loads(DATA_FILE.read_text())


def test_the_data_file_reads_into_the_three_networks():
    data = network_data.read()

    assert [story.slug for story in data.stories] == [
        "beter-thuis",
        "extrateam-zuilen",
        "netwerk-oost-vlaanderen",
    ]
    assert [len(story.people) for story in data.stories] == [24, 20, 17]
    assert sum(1 for story in data.stories for person in story.people if person.hours != 24) == 14
    assert len(data.glossary) == 11
    assert len(data.agreements) == 7
    assert len(data.services) == 5
    assert len(data.away_this_week) == 4


def test_each_network_has_its_own_glossary_and_agreements():
    """Issue 12: the Flemish network opened an empty glossary and no agreements, because the
    entries belonged only to the networks of `[register]`; without a `networks` key they
    still do."""
    data = network_data.read()
    raw = _raw()

    for slug in ("beter-thuis", "extrateam-zuilen"):
        assert [term.term for term in network_data.glossary_of(data, slug)] == [
            entry["term"] for entry in raw["glossary"] if "networks" not in entry
        ]
        assert [a.title for a in network_data.agreements_of(data, slug)] == [
            entry["title"] for entry in raw["agreements"] if "networks" not in entry
        ]
    flemish_terms = network_data.glossary_of(data, "netwerk-oost-vlaanderen")
    flemish_agreements = network_data.agreements_of(data, "netwerk-oost-vlaanderen")
    assert "Trajectbegeleider" in {term.term for term in flemish_terms}
    assert len(flemish_agreements) >= 3
    # No Dutch law in the Flemish network's agreements.
    flemish_text = " ".join(line for a in flemish_agreements for line in a.lines).lower()
    assert re.search(r"jeugdwet|wmo|meldcode|veilig thuis", flemish_text) is None


def test_every_login_in_the_data_file_is_a_demo_login_in_the_readme_table():
    data = network_data.read()
    logins = {p.login for s in data.stories for p in s.people if p.login}
    logins |= {role.login for role in data.scoped_roles} | {data.register.login}
    table = set(re.findall(r"^\| `([a-z.-]+@demo\.samenspel\.nl)`", README.read_text(), re.M))

    assert logins <= {account.email for account in DEMO_ACCOUNTS}
    assert logins <= table
    assert len(logins) == 11


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            lambda d: d["networks"][0]["people"][3]["expertise"].update(lvb=5),
            "network.toml: networks[0].people[3].expertise.lvb: expected a level 1 to 3, got 5",
        ),
        (
            lambda d: d["networks"][1]["people"][0].update(organisation="nowhere"),
            "network.toml: networks[1].people[0].organisation: 'nowhere' is not one of",
        ),
        (
            lambda d: d["networks"][0]["people"][0].pop("job"),
            "network.toml: networks[0].people[0].job: missing",
        ),
        (
            lambda d: d["networks"][2]["people"][1].update(hours="8"),
            "network.toml: networks[2].people[1].hours: expected int, got str '8'",
        ),
        (
            lambda d: d["networks"][0]["people"][0].update(jobb="x"),
            "network.toml: networks[0].people[0].jobb: unknown key",
        ),
        (
            lambda d: d["networks"][0]["teams"].update({"Nieuw team": ["mars"]}),
            "network.toml: networks[0].teams.Nieuw team: unknown area 'mars'",
        ),
        (
            lambda d: d["away_this_week"][0].update(cover="Niemand"),
            "network.toml: away_this_week[0].cover: 'Niemand' is not one of",
        ),
        (
            lambda d: d["services"][0].update(effectiveness="great"),
            "network.toml: services[0].effectiveness: 'great' is not one of",
        ),
        (
            lambda d: d["register"]["checklist"].update(why="x"),
            "network.toml: register.checklist.why: not one of",
        ),
        (
            lambda d: d["glossary"][0].update(networks=["netwerk-west-vlaanderen"]),
            "network.toml: glossary[0].networks: unknown network 'netwerk-west-vlaanderen'",
        ),
        (
            lambda d: d["agreements"][0].update(networks=["nergens"]),
            "network.toml: agreements[0].networks: unknown network 'nergens'",
        ),
        (
            lambda d: d["agreements"][0].update(networks=[]),
            "network.toml: agreements[0].networks: expected at least one network",
        ),
        (
            lambda d: d["agreements"][0].update(networks=["netwerk-oost-vlaanderen"]),
            "network.toml: agreements[0].terms: no glossary term 'Regisseur' in "
            "'netwerk-oost-vlaanderen'",
        ),
        (
            lambda d: d["glossary"].append(dict(d["glossary"][0])),
            "network.toml: glossary[11].term: 'Gezin in kwetsbare omstandigheden' is twice in "
            "'beter-thuis'",
        ),
        (
            lambda d: d["agreements"][0].update(category="gossip"),
            "network.toml: agreements[0].category: 'gossip' is not one of",
        ),
    ],
)
def test_bad_data_is_named_by_file_and_key(change, message):
    raw = _raw()
    change(raw)

    with pytest.raises(DemoDataError) as error:
        parse(raw, "network.toml")

    assert str(error.value).startswith(message)


def test_a_file_that_is_not_toml_is_named(tmp_path):
    broken = tmp_path / "network.toml"
    broken.write_text("[areas\n")

    with pytest.raises(DemoDataError, match=r"^network\.toml: "):
        network_data.read.__wrapped__(broken)


def test_the_data_file_ships_in_the_package():
    import samenspel

    assert DATA_FILE.parent.is_relative_to(Path(samenspel.__file__).parent)
    assert DATA_FILE.is_file()
