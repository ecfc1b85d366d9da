"""Free text in every script, filters, facets, hashes, duplicates, records."""

import datetime as dt
import hashlib

import pytest

from cases import facts, teams
from chain_of_custody.models import CustodyEvent
from evidence.models import EvidenceItem
from search import indexing
from search.models import EvidenceDocument, RecordDocument
from search.params import SearchError, parse
from tests.evidence import samples
from tests.search.conftest import find, refs

pytestmark = pytest.mark.django_db


@pytest.fixture
def corpus(indexed):
    return {
        "arabic": indexed(
            b"1",
            "a.txt",
            title="شهادة",
            description="شاهد رأى مُحَمَّد عند المدرسة",
            language="ar",
        ),
        "latin": indexed(
            b"2",
            "b.txt",
            title="Speech by Vojislav Šešelj",
            description="Recorded in Hrtkovci, May 1992",
            language="sr-Latn",
        ),
        "cyrillic": indexed(
            b"3", "c.txt", title="Говор Шешеља", description="Хртковци, мај 1992"
        ),
        "burmese": indexed(
            b"4",
            "d.txt",
            title="ရခိုင်ပြည်နယ် မြောက်ပိုင်း",
            description="မြန်မာနိုင်ငံ စစ်တပ်",
            language="my",
            source_type="open_source",
        ),
    }


def test_arabic_found_with_or_without_vowel_marks(corpus, analyst):
    assert refs(find(analyst, q="محمد")) == [corpus["arabic"].reference]
    assert refs(find(analyst, q="مُحَمَّد")) == [corpus["arabic"].reference]
    assert refs(find(analyst, q="مـحـمـد")) == [corpus["arabic"].reference]
    # Teh marbuta and heh are one letter to the search.
    assert refs(find(analyst, q="المدرسه")) == [corpus["arabic"].reference]


def test_latin_diacritics_and_case_fold(corpus, analyst):
    for typed in ("Seselj", "šešelj", "SESELJ", "Šešelj"):
        assert refs(find(analyst, q=typed)) == [corpus["latin"].reference], typed


def test_cyrillic_case_fold_and_prefix(corpus, analyst):
    assert refs(find(analyst, q="ХРТКОВЦИ")) == [corpus["cyrillic"].reference]
    assert refs(find(analyst, q="шеш*")) == [corpus["cyrillic"].reference]


def test_burmese_word_inside_a_sentence(corpus, analyst):
    assert refs(find(analyst, q="မြန်မာ")) == [corpus["burmese"].reference]
    assert refs(find(analyst, q="စစ်တပ်")) == [corpus["burmese"].reference]


def test_phrases_must_be_adjacent(corpus, analyst):
    assert refs(find(analyst, q='"Vojislav Šešelj"')) == [corpus["latin"].reference]
    assert refs(find(analyst, q='"Šešelj Vojislav"')) == []
    assert refs(find(analyst, q="Šešelj Vojislav")) == [corpus["latin"].reference]


def test_snippet_marks_the_match_and_escapes(indexed, analyst):
    item = indexed(
        b"x", "x.txt", description="before <script>alert(1)</script> Šešelj after"
    )
    [hit] = find(analyst, q="seselj").hits
    assert hit.item == item
    assert "<mark>Šešelj</mark>" in hit.snippet
    assert "&lt;script&gt;" in hit.snippet
    assert "<script>" not in hit.snippet


def test_filters_and_facets(corpus, analyst):
    results = find(analyst, q="1992")
    assert results.total == 2
    assert {b.value: b.count for b in results.facets["language"]} == {"sr-Latn": 1}
    assert results.facets["type"] == []  # plain text is "text/" only if sniffed so
    only = find(analyst, q="1992", language="SR-latn")
    assert refs(only) == [corpus["latin"].reference]
    open_source = find(analyst, source_type="open_source")
    assert refs(open_source) == [corpus["burmese"].reference]
    sources = {b.value: b.count for b in find(analyst).facets["source_type"]}
    assert sources == {"witness": 3, "open_source": 1}


def test_dates_gps_and_map_box(indexed, analyst):
    here = indexed(b"gps", "g.txt", title="placed")
    EvidenceItem.objects.filter(pk=here.pk).update(
        gps_latitude=45.0,
        gps_longitude=19.8,
        capture_time=dt.datetime(2024, 3, 5, 11, tzinfo=dt.UTC),
    )
    elsewhere = indexed(b"nogps", "n.txt", title="unplaced")

    assert refs(find(analyst, has_gps="yes")) == [here.reference]
    assert refs(find(analyst, has_gps="no")) == [elsewhere.reference]
    assert refs(find(analyst, bbox="19,44,20,46")) == [here.reference]
    assert refs(find(analyst, bbox="20,44,21,46")) == []
    assert refs(find(analyst, bbox="170,44,19.9,46")) == [here.reference]
    assert refs(find(analyst, captured_from="2024-03-05", captured_to="2024-03-05"))
    assert refs(find(analyst, captured_from="2024-03-06")) == []
    today = dt.datetime.now(dt.UTC).date().isoformat()
    assert len(refs(find(analyst, submitted_from=today))) == 2


def test_hash_prefix_lookup_of_sha256_sha512_and_md5(indexed, analyst, settings):
    settings.INDISPUTABLE_COMPUTE_MD5 = True
    content = b"hash me"
    item = indexed(content, "h.txt")
    indexed(b"another", "o.txt")
    sha256 = hashlib.sha256(content).hexdigest()
    sha512 = hashlib.sha512(content).hexdigest()
    md5 = hashlib.md5(content).hexdigest()  # noqa: S324 - legacy tools' hash
    assert item.blob.md5 == md5

    for value in (sha256, sha256[:8], sha512, sha512[:12], md5, md5[:10].upper()):
        assert refs(find(analyst, hash=value)) == [item.reference], value
    # Typed alone into the search box, a hash is looked up as one.
    assert refs(find(analyst, q=sha256[:16])) == [item.reference]
    assert refs(find(analyst, hash="ffffffffffff0000")) == []


def test_bad_hash_and_values_say_what_is_wrong():
    with pytest.raises(SearchError, match="8 to 128 hexadecimal digits"):
        parse({"hash": "xyz"})
    with pytest.raises(SearchError, match="date like 2024-03-31"):
        parse({"captured_from": "yesterday"})
    with pytest.raises(SearchError, match="west,south,east,north"):
        parse({"bbox": "1,2,3"})
    with pytest.raises(SearchError, match="Unknown sensitivity: secret"):
        parse({"sensitivity": "secret"})


def test_similar_images_find_a_resized_recompressed_copy(indexed, analyst, tmp_path):
    original = samples.camera_jpeg(tmp_path / "o.jpg").read_bytes()
    copy = samples.jpeg_bytes(samples.camera_pixels().resize((640, 480)), quality=60)
    first = indexed(original, "o.jpg")
    second = indexed(copy, "copy.jpg")
    again = indexed(original, "again.jpg")
    indexed(samples.jpeg_bytes(samples.unrelated_pixels()), "other.jpg")

    similar = find(analyst, similar_to=first.reference)
    assert refs(similar) == [second.reference]
    assert similar.hits[0].distance <= 6
    duplicates = find(analyst, duplicates_of=first.reference)
    distances = {hit.item.reference: hit.distance for hit in duplicates.hits}
    assert set(distances) == {again.reference, second.reference}
    assert distances[again.reference] == 0
    image_facet = {b.value: b.count for b in find(analyst).facets["type"]}
    assert image_facet == {"image": 4}


def test_similar_to_an_item_the_user_may_not_see_is_refused(indexed, analyst, tmp_path):
    hidden = indexed(
        samples.camera_jpeg(tmp_path / "o.jpg").read_bytes(),
        "o.jpg",
        sensitivity="confidential",
    )
    with pytest.raises(SearchError, match=f"No evidence item {hidden.reference}"):
        find(analyst, similar_to=hidden.reference)


def test_indexing_on_commit_follows_analysis(indexed, analyst, tmp_path):
    item = indexed(samples.pdf_with_text(tmp_path / "s.pdf").read_bytes(), "s.pdf")
    words = samples.PDF_PAGES[0].split()
    assert refs(find(analyst, q=words[-1])) == [item.reference]
    document = EvidenceDocument.objects.get(item=item)
    assert item.reference.lower() in document.document


def test_a_result_list_records_no_view(corpus, analyst):
    before = CustodyEvent.objects.count()
    find(analyst, q="Šešelj")
    assert CustodyEvent.objects.count() == before


def test_records_only_from_the_users_cases(analyst, django_user_model):
    from tests.conftest import make_user

    lead = make_user(django_user_model, "lead", "Analysts")
    case = teams.create_case(
        actor=lead,
        reference="CASE-1",
        title="River villages",
        forum_kind="icc",
        forum="ICC",
    )
    facts.add_person(
        case=case,
        actor=lead,
        name="Colonel Ахмед",
        other_names=[{"name": "العقيد أحمد", "kind": "alias", "script": "Arab"}],
    )
    indexing.rebuild()
    assert RecordDocument.objects.count() == 2

    own = find(lead, q="احمد")
    assert [(r.kind, r.title, r.case_reference) for r in own.records] == [
        ("person", "Colonel Ахмед", "CASE-1")
    ]
    assert own.record_total == 1
    assert find(analyst, q="احمد").records == []
    assert find(analyst, q="احمد").record_total == 0
    assert [r.kind for r in find(lead, q="river").records] == ["case"]


def test_rebuild_reports_progress(corpus):
    EvidenceDocument.objects.all().delete()
    seen = []
    counts = indexing.rebuild(lambda kind, done, total: seen.append((kind, done)))
    assert counts["evidence"] == 4
    assert ("evidence", 4) in seen
    assert EvidenceDocument.objects.count() == 4


def test_rebuild_command_indexes_and_says_so(corpus):
    import io

    from django.core.management import call_command

    EvidenceDocument.objects.all().delete()
    out, err = io.StringIO(), io.StringIO()
    call_command("rebuild_search_index", stdout=out, stderr=err)
    assert out.getvalue().strip() == (
        "Indexed 4 evidence, 0 case, 0 person, 0 organisation, 0 incident."
    )
    assert "evidence: 100%" in err.getvalue()
    assert EvidenceDocument.objects.count() == 4


def test_relevance_puts_the_most_matching_item_first(indexed, analyst):
    many = indexed(
        b"many", "m.txt", title="Convoy", description="the convoy, the convoy again"
    )
    once = indexed(
        b"once",
        "o.txt",
        title="Market day",
        description="a long account of the market, the river, the bridge, the "
        "school, the hospital and, once, a convoy passing on the road north",
    )
    assert refs(find(analyst, q="convoy")) == [once.reference, many.reference]
    ranked = find(analyst, q="convoy", order="relevance")
    assert refs(ranked) == [many.reference, once.reference]
    assert ranked.total == 2
    # Paged like any order; without words, relevance is newest first.
    assert refs(find(analyst, q="convoy", order="relevance", page="2")) == []
    assert refs(find(analyst, order="relevance")) == [once.reference, many.reference]
