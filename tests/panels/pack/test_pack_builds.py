"""A pack is laid out by a worker, never in the request: the page asks for it, shows how far it
has got, then offers it. A pack that events have overtaken (a new declaration of interest, the
round moving on) is not handed out; a failed build says why and keeps nothing; a newer pack
replaces the older, so a member's applications are not kept twice."""

import pytest
from django.urls import reverse

from commissioning.models import FundingRound
from panels import services
from panels.models import PackBuild, PanelMembership
from panels.services import builds
from panels.services.pack import build_pack
from tests.pdfs import pdf_text

from .conftest import declare, make_application, pdf_of, prepare_and_download

DUMMY_TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}


@pytest.fixture
def pack_url(panel):
    return reverse("panels:member_pack", args=[panel.pk])


@pytest.fixture
def no_worker(settings):
    """Tasks wait, as on a server whose worker has not reached them yet."""
    settings.TASKS = DUMMY_TASKS


def seat_of(member, panel):
    return PanelMembership.objects.get(user=member, panel=panel)


def test_before_any_pack_the_page_says_so_and_offers_to_prepare_one(member_client, pack_url):
    page = member_client.get(pack_url).content.decode()

    assert "No pack has been prepared yet." in page
    assert "Prepare the pack" in page


def test_asking_lays_nothing_out_in_the_request(member_client, pack_url, applications, no_worker, monkeypatch):
    def no_pdf_here(*args, **kwargs):
        raise AssertionError("the request laid out a PDF")

    monkeypatch.setattr(services.pack, "render_pdf", no_pdf_here)

    response = member_client.post(pack_url)

    assert response.status_code == 302 and response["Location"] == pack_url
    build = PackBuild.objects.get()
    assert (build.status, build.progress) == (PackBuild.Status.QUEUED, 0)


def test_while_it_waits_and_builds_the_page_shows_how_far_it_has_got(member_client, pack_url, applications, no_worker):
    member_client.post(pack_url)
    build = PackBuild.objects.get()

    waiting = member_client.get(pack_url).content.decode()
    assert "The pack is being prepared" in waiting
    assert "Waiting for the pack builder to start: 0% done." in waiting
    assert 'data-building="true"' in waiting

    PackBuild.objects.filter(pk=build.pk).update(status=PackBuild.Status.BUILDING, progress=40)
    part = member_client.get(pack_url + "?part=status").content.decode()
    assert part.lstrip().startswith('<div id="pack-status"')  # the status alone, for the script
    assert "Laying out the pages: 40% done." in part
    assert "<html" not in part


def test_asking_twice_while_one_is_waiting_gives_the_same_pack(member_client, pack_url, applications, no_worker):
    member_client.post(pack_url)
    member_client.post(pack_url)

    assert PackBuild.objects.count() == 1


def test_the_worker_builds_it_and_the_page_offers_the_download(member_client, pack_url, applications, no_worker):
    member_client.post(pack_url)
    build = build_pack(PackBuild.objects.get().pk)

    assert build.status == PackBuild.Status.READY
    page = member_client.get(pack_url).content.decode()
    assert "The pack is ready" in page
    assert "It has 1 application to read and score, and 1 declaration sheet." in page
    assert 'data-building="false"' in page
    text = pdf_text(pdf_of(member_client.get(reverse("panels:pack_download", args=[build.pk]))))
    assert "Our tea dances bring forty people together" in text


def test_a_second_worker_leaves_a_pack_already_taken_alone(member, panel, applications):
    build = PackBuild.objects.create(membership=seat_of(member, panel), status=PackBuild.Status.BUILDING)

    assert build_pack(build.pk).status == PackBuild.Status.BUILDING
    build.refresh_from_db()
    assert build.progress == 0 and not build.file


def test_a_new_conflict_declared_since_means_the_pack_is_not_handed_out(
    client, member_client, pack_url, panel, member, facilitator, applications
):
    prepare_and_download(member_client, pack_url)
    build = PackBuild.objects.get()
    # Staff learn of a conflict on the application the pack holds.
    services.membership.record_known_conflict(
        actor=facilitator,
        membership=seat_of(member, panel),
        application=applications.readable,
        nature="Her daughter runs the club.",
    )

    response = member_client.get(reverse("panels:pack_download", args=[build.pk]))

    assert response.status_code == 403
    assert PackBuild.DECLARED_SINCE in response.content.decode()
    page = member_client.get(pack_url).content.decode()
    assert "The last pack is out of date" in page
    assert reverse("panels:pack_download", args=[build.pk]) not in page
    # A new pack leaves the conflicted application out.
    text = pdf_text(pdf_of(prepare_and_download(member_client, pack_url)))
    assert "Leeds Tea Dance Club" not in text


def test_a_round_that_has_moved_on_means_a_new_pack(member_client, pack_url, panel, applications):
    prepare_and_download(member_client, pack_url)
    build = PackBuild.objects.get()
    FundingRound.objects.filter(pk=panel.funding_round_id).update(status=FundingRound.Status.INTERVIEWS)

    response = member_client.get(reverse("panels:pack_download", args=[build.pk]))

    assert response.status_code == 403
    assert "The round has moved on since this pack was prepared." in response.content.decode()


def test_a_newer_pack_replaces_the_older_and_its_file(
    member_client, pack_url, panel, member, facilitator, settings, django_capture_on_commit_callbacks
):
    declare(member, make_application(panel, facilitator, "Leeds Tea Dance Club", "Tea dances", "Tea dance answer."))
    prepare_and_download(member_client, pack_url)
    first = PackBuild.objects.get()
    first_file = settings.MEDIA_ROOT / first.file.name
    assert first_file.exists()

    with django_capture_on_commit_callbacks(execute=True):
        prepare_and_download(member_client, pack_url)

    assert list(PackBuild.objects.values_list("pk", flat=True)) != [first.pk]
    assert PackBuild.objects.count() == 1
    assert not first_file.exists()
    assert len(list(settings.MEDIA_ROOT.rglob("pack-*.pdf"))) == 1


def test_a_failed_build_keeps_nothing_says_why_and_can_be_tried_again(
    member_client, pack_url, applications, monkeypatch, settings
):
    def broken(*args, **kwargs):
        raise OSError("the disk is full")

    monkeypatch.setattr(services.pack, "render_pdf", broken)
    member_client.post(pack_url)

    build = PackBuild.objects.get()
    assert (build.status, build.error, build.file.name) == (PackBuild.Status.FAILED, builds.FAILED_REASON, "")
    assert list(settings.MEDIA_ROOT.rglob("*.pdf")) == []
    page = member_client.get(pack_url).content.decode()
    assert "The pack could not be prepared" in page
    assert "Something went wrong while writing the PDF" in page
    assert "disk" not in page
    monkeypatch.undo()
    assert pdf_of(prepare_and_download(member_client, pack_url)).startswith(b"%PDF")


def test_a_store_that_cannot_be_reached_fails_the_build_in_plain_words(member_client, pack_url, applications, settings):
    from tests.test_object_storage import unreachable_store

    settings.STORAGES = unreachable_store()

    response = member_client.post(pack_url, follow=True)

    build = PackBuild.objects.get()
    assert build.status == PackBuild.Status.FAILED
    assert build.error == builds.STORE_FAILED_REASON
    assert "could not be kept, because the store where files are kept could not be reached" in (
        response.content.decode()
    )


def test_staff_see_the_page_for_the_member_and_can_prepare_it(client, facilitator, panel, member, applications):
    client.force_login(facilitator)
    url = reverse("panels:staff_member_pack", args=[panel.pk, seat_of(member, panel).pk])

    page = client.get(url).content.decode()
    assert "Panel pack for Pamela Panel" in page
    assert "Pamela Panel has declared no conflict on" in page

    text = pdf_text(pdf_of(prepare_and_download(client, url)))
    assert "For Pamela Panel." in text
    page = client.get(url).content.decode()
    assert "for Fiona Facilitator" in page  # who asked for it
