"""``manage.py ingest``: recursion, resumable re-runs, a summary, a failing exit."""

import hashlib
import os

import pytest
from django.core.management import CommandError, call_command

from chain_of_custody.models import CustodyEvent
from evidence.models import EvidenceItem


@pytest.fixture
def folder(tmp_path):
    root = tmp_path / "card"
    (root / "DCIM" / "100").mkdir(parents=True)
    (root / "a.txt").write_bytes(b"alpha")
    (root / "DCIM" / "b.txt").write_bytes(b"bravo")
    (root / "DCIM" / "100" / "c.txt").write_bytes(b"alpha")
    return root


def run(*args):
    from io import StringIO

    out, err = StringIO(), StringIO()
    call_command(
        "ingest", *args, "--no-progress", "--jobs", "1", stdout=out, stderr=err
    )
    return out.getvalue(), err.getvalue()


@pytest.mark.django_db
def test_ingest_walks_folders_and_summarises(folder, investigator):
    out, _ = run(str(folder), "--collected-by", "ivana", "--source-type", "partner")

    assert out.strip() == (
        "ingested 3, of which exact duplicates 1; "
        "skipped (already ingested) 0; failed 0"
    )
    items = EvidenceItem.objects.order_by("ingest_path")
    assert {i.ingest_path for i in items} == {
        str(folder / "a.txt"),
        str(folder / "DCIM" / "b.txt"),
        str(folder / "DCIM" / "100" / "c.txt"),
    }
    assert {i.source_type for i in items} == {"partner"}
    assert items.get(ingest_path=str(folder / "a.txt")).blob.sha256 == (
        hashlib.sha256(b"alpha").hexdigest()
    )


@pytest.mark.django_db
def test_a_second_run_skips_what_was_ingested(folder, investigator):
    run(str(folder), "--collected-by", "ivana")
    (folder / "new.txt").write_bytes(b"charlie")

    out, _ = run(str(folder), "--collected-by", "ivana")

    assert out.strip() == (
        "ingested 1, of which exact duplicates 0; "
        "skipped (already ingested) 3; failed 0"
    )
    assert EvidenceItem.objects.count() == 4


@pytest.mark.django_db
def test_changed_bytes_at_the_same_path_are_ingested_again(folder, investigator):
    run(str(folder), "--collected-by", "ivana")
    (folder / "a.txt").write_bytes(b"alpha, edited")

    out, _ = run(str(folder), "--collected-by", "ivana")

    assert out.startswith("ingested 1,")
    assert EvidenceItem.objects.filter(ingest_path=str(folder / "a.txt")).count() == 2


@pytest.mark.django_db
def test_failures_are_listed_and_the_exit_status_is_non_zero(folder, investigator):
    os.symlink(folder / "missing.txt", folder / "dangling.txt")

    with pytest.raises(CommandError, match="1 file\\(s\\) failed") as raised:
        run(str(folder), "--collected-by", "ivana")

    assert raised.value.returncode == 1
    assert EvidenceItem.objects.count() == 3


@pytest.mark.django_db
def test_over_the_size_limit_is_a_clear_failure(folder, investigator, settings):
    settings.INDISPUTABLE_MAX_UPLOAD_BYTES = 4
    from io import StringIO

    err = StringIO()
    with pytest.raises(CommandError):
        call_command(
            "ingest",
            str(folder),
            "--collected-by",
            "ivana",
            "--no-progress",
            "--jobs",
            "1",
            stdout=StringIO(),
            stderr=err,
        )
    assert f"failed: {folder / 'a.txt'}: file is larger than the limit of 4 bytes" in (
        err.getvalue()
    )


@pytest.mark.django_db
def test_unknown_user_and_missing_path_are_refused(folder, investigator):
    with pytest.raises(CommandError, match="no such user: nobody"):
        run(str(folder), "--collected-by", "nobody")
    with pytest.raises(CommandError, match="no such file or folder: /nonexistent"):
        run("/nonexistent", "--collected-by", "ivana")


@pytest.mark.django_db(transaction=True)
def test_several_jobs_at_once_ingest_everything_once(tmp_path, investigator):
    for i in range(12):
        (tmp_path / f"f{i:02d}.txt").write_bytes(f"file {i % 10}".encode())
    from io import StringIO

    out = StringIO()
    call_command(
        "ingest",
        str(tmp_path),
        "--collected-by",
        "ivana",
        "--no-progress",
        "--jobs",
        "3",
        stdout=out,
        stderr=StringIO(),
    )

    assert out.getvalue().strip() == (
        "ingested 12, of which exact duplicates 2; "
        "skipped (already ingested) 0; failed 0"
    )
    assert EvidenceItem.objects.count() == 12
    seqs = sorted(CustodyEvent.objects.values_list("seq", flat=True))
    assert seqs == list(range(len(seqs)))
