import pytest

from tests.factories import (
    NetworkFactory,
    OrganisationFactory,
    SectorFactory,
    add_to_network,
    area,
    make_colleague,
)


@pytest.fixture
def beter_thuis():
    """A small "Beter Thuis": youth care, adult GGZ and LVB care; Zoetermeer and Den Haag."""
    network = NetworkFactory(name="Beter Thuis", slug="beter-thuis")
    youth = OrganisationFactory(name="Jeugdhulp Hofstad", sector=SectorFactory(code="jeugdhulp"))
    lvb = OrganisationFactory(name="Stichting Steunpunt LVB", sector=SectorFactory(code="lvb-zorg"))
    for organisation in (youth, lvb):
        add_to_network(organisation, network)
    network.youth, network.lvb = youth, lvb
    network.zoetermeer, network.den_haag = area("Zoetermeer"), area("Den Haag")
    return network


@pytest.fixture
def colleague(beter_thuis):
    return make_colleague(
        beter_thuis,
        full_name="Fatima el Amrani",
        organisation=beter_thuis.youth,
        expertise_levels={"jeugdhulp": 3},
        areas=(beter_thuis.zoetermeer,),
    )
