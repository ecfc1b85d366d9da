"""The crimes catalogue: complete, coded uniquely, loaded idempotently."""

import json
from collections import Counter

import pytest
from django.core.management import call_command

from cases.models import Crime, Element, LiabilityMode
from cases.statutes import (
    ROME_STATUTE,
    CatalogueError,
    load_catalogue,
    read_catalogue,
    validate,
)

pytestmark = pytest.mark.django_db

EXPECTED_SPLITS = {
    "7(1)(g)": 6,
    "8(2)(a)(ii)": 3,
    "8(2)(a)(vii)": 2,
    "8(2)(b)(vii)": 4,
    "8(2)(b)(x)": 2,
    "8(2)(b)(xxii)": 6,
    "8(2)(c)(i)": 4,
    "8(2)(e)(vi)": 6,
    "8(2)(e)(xi)": 2,
}


def test_every_crime_has_material_mental_and_trailing_contextual_elements():
    crimes = Crime.objects.prefetch_related("elements")
    assert crimes.count() == 102
    for crime in crimes:
        kinds = [e.kind for e in crime.elements.order_by("position")]
        assert "material" in kinds, crime.code
        assert "mental" in kinds, crime.code
        assert kinds[-1] == "contextual", crime.code
        first_context = kinds.index("contextual")
        assert set(kinds[first_context:]) == {"contextual"}, crime.code


def test_articles_and_splits_are_covered():
    articles = set(Crime.objects.values_list("article", flat=True))
    assert {f"6({x})" for x in "abcde"} <= articles
    assert {f"7(1)({x})" for x in "abcdefhijk"} <= articles
    splits = Counter(a.split("-")[0] for a in articles if "-" in a)
    assert dict(splits) == EXPECTED_SPLITS
    romans = "i ii iii iv v vi vii viii ix x xi xii xiii xiv xv xvi xvii xviii xix xx"
    romans += " xxi xxii xxiii xxiv xxv xxvi"
    for numeral in romans.split():
        assert any(
            a == f"8(2)(b)({numeral})" or a.startswith(f"8(2)(b)({numeral})-")
            for a in articles
        ), numeral
    for numeral in romans.split()[:15]:
        assert any(
            a == f"8(2)(e)({numeral})" or a.startswith(f"8(2)(e)({numeral})-")
            for a in articles
        ), numeral


def test_genocide_elements_follow_the_official_numbering():
    codes = list(
        Element.objects.filter(crime__code="RS-6-e")
        .order_by("position")
        .values_list("code", "kind")
    )
    assert codes == [
        ("RS-6-e-1", "material"),
        ("RS-6-e-2", "material"),
        ("RS-6-e-3", "mental"),
        ("RS-6-e-4", "material"),
        ("RS-6-e-5", "material"),
        ("RS-6-e-6", "mental"),
        ("RS-6-e-7", "contextual"),
    ]


def test_modes_of_liability():
    articles = set(LiabilityMode.objects.values_list("article", flat=True))
    assert articles == {f"25(3)({x})" for x in "abcdef"} | {"28(a)", "28(b)"}
    for mode in LiabilityMode.objects.all():
        assert mode.elements.filter(kind="mental").exists(), mode.code


def test_codes_are_unique_in_the_file():
    data = json.loads(ROME_STATUTE.read_text())
    codes = [
        code
        for entry in data["crimes"] + data["modes"]
        for code in [entry["code"], *(e["code"] for e in entry["elements"])]
    ]
    assert len(codes) == len(set(codes))


def test_loading_twice_changes_nothing():
    before = list(Element.objects.order_by("code").values())
    report = load_catalogue(read_catalogue(ROME_STATUTE))
    assert (report.created, report.updated, report.stale) == (0, 0, [])
    assert list(Element.objects.order_by("code").values()) == before


def test_load_catalogue_command_updates_by_code(tmp_path, capsys):
    data = read_catalogue(ROME_STATUTE)
    data["crimes"][0]["elements"][0]["text"] = "Corrected summary."
    path = tmp_path / "rs.json"
    path.write_text(json.dumps(data))
    call_command("load_catalogue", str(path))
    assert "0 created, 1 updated" in capsys.readouterr().out
    assert Element.objects.get(code="RS-6-a-1").text == "Corrected summary."


def test_another_statute_loads_beside_the_rome_statute(tmp_path):
    national = {
        "format": "indisputable-catalogue/1",
        "statute": {"code": "VStGB", "title": "Völkerstrafgesetzbuch"},
        "crimes": [
            {
                "code": "VStGB-7-1-1",
                "article": "§ 7(1) Nr. 1",
                "category": "crime_against_humanity",
                "title": "Tötung",
                "elements": [
                    {
                        "code": "VStGB-7-1-1-1",
                        "number": 1,
                        "kind": "material",
                        "text": "Killed a person.",
                    },
                    {
                        "code": "VStGB-7-1-1-2",
                        "number": 2,
                        "kind": "contextual",
                        "text": "Attack context.",
                    },
                ],
            }
        ],
        "modes": [],
    }
    report = load_catalogue(national)
    assert report.created == 4
    assert Crime.objects.filter(statute__code="VStGB").count() == 1


def test_a_duplicate_code_is_refused():
    data = read_catalogue(ROME_STATUTE)
    data["crimes"][1]["elements"][0]["code"] = "RS-6-a-1"
    with pytest.raises(CatalogueError, match="code RS-6-a-1 appears twice"):
        validate(data)
