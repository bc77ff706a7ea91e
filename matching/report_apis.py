"""The follow-up group's report over the API (JSON, or a CSV, XLSX or PDF download), and
the meeting pack."""

from collections.abc import Mapping
from datetime import date
from typing import Any

from django.http import Http404, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import NotAcceptable, NotFound
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.api_schema import error_responses
from accounts.ids import id_field
from matching.report_exports import (
    CONTENT_TYPES,
    FORMATS,
    CellSerializer,
    ReportSerializer,
    report_export,
    report_filename,
    report_json,
)
from matching.reports import Period, report_for
from matching.selectors import meeting_pack_get

EARLIEST, LATEST = date(2000, 1, 1), date(2100, 12, 31)


class _FileRenderer(BaseRenderer):
    """Passes a rendered download through; the view renders it (report_exports)."""

    charset = None

    def render(
        self,
        data: Any,
        accepted_media_type: str | None = None,
        renderer_context: Mapping[str, Any] | None = None,
    ) -> Any:
        return data


def _file_renderer(name: str) -> type[BaseRenderer]:
    return type(
        f"{name.capitalize()}Renderer",
        (_FileRenderer,),
        {"format": name, "media_type": CONTENT_TYPES[name].split(";")[0]},
    )


class _JsonWhenUnknown(DefaultContentNegotiation):
    """An unknown ``format`` or Accept answers in JSON, so the view can say 400 about it."""

    def select_renderer(self, request: Request, renderers: Any, format_suffix: Any = None) -> Any:
        try:
            return super().select_renderer(request, renderers, format_suffix)
        except (Http404, NotFound, NotAcceptable):
            return JSONRenderer(), JSONRenderer.media_type


def _file(description: str) -> OpenApiResponse:
    return OpenApiResponse(OpenApiTypes.BINARY, description=description)


class ReportApi(APIView):
    renderer_classes = (JSONRenderer, *(_file_renderer(name) for name in FORMATS))
    content_negotiation_class = _JsonWhenUnknown

    class FilterSerializer(serializers.Serializer[Any]):
        project = id_field(required=False, help_text="One project.")
        municipality = serializers.RegexField(
            r"^[0-9]{3}$", required=False, help_text="One municipality, by its code."
        )
        to = serializers.DateField(
            required=False, help_text="The period's last day (with from; included)."
        )
        format = serializers.ChoiceField(
            choices=["json", *FORMATS], required=False, default="json", help_text="Download as."
        )

        def get_fields(self) -> dict[str, serializers.Field[Any, Any, Any, Any]]:
            fields = super().get_fields()
            # "from" is a Python keyword: declared here rather than as an attribute.
            fields["from"] = serializers.DateField(
                required=False,
                help_text="The period's first day; without from and to, the last complete "
                "two-month block.",
            )
            return fields

        def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
            first, last = attrs.get("from"), attrs.get("to")
            if (first is None) != (last is None):
                raise serializers.ValidationError(
                    {"to" if last is None else "from": _("Give both ends of the period.")}
                )
            if first is not None and last is not None:
                if first > last:
                    raise serializers.ValidationError(
                        {"to": _("The end of the period is before its start.")}
                    )
                if first < EARLIEST or last > LATEST:
                    raise serializers.ValidationError(
                        {"from": _("The period must lie between 2000 and 2100.")}
                    )
            return attrs

    @extend_schema(
        operation_id="reports_retrieve",
        parameters=[FilterSerializer],
        responses={
            (200, "application/json"): ReportSerializer,
            (200, "text/csv"): _file("format=csv"),
            (200, CONTENT_TYPES["xlsx"]): _file("format=xlsx: tables and charts"),
            (200, "application/pdf"): _file("format=pdf: tables and charts"),
            **{
                (code, "application/json"): response
                for code, response in error_responses(400, 404).items()
            },
        },
        description="The follow-up group's report (DESIGN §7) for a project, a municipality "
        "or everything you may see, for a period (by default the last complete two-month "
        "block) and since the start. Coordinators see full figures; everyone else sees "
        "their own projects' (contractor staff: their contractors') figures under "
        "disclosure control. A project or municipality outside your scope is 404.",
    )
    def get(self, request: Request) -> Response | HttpResponse:
        filters = self.FilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        given = filters.validated_data
        period = Period(given["from"], given["to"]) if "from" in given else None
        report = report_for(
            user=request.user,
            today=timezone.localdate(),
            project=given.get("project"),
            municipality=given.get("municipality"),
            period=period,
        )
        if given["format"] == "json":
            return Response(report_json(report))
        name = given["format"]
        download = HttpResponse(report_export(report, name), content_type=CONTENT_TYPES[name])
        download["Content-Disposition"] = f'attachment; filename="{report_filename(report, name)}"'
        return download

    def finalize_response(self, request: Request, response: Any, *args: Any, **kwargs: Any) -> Any:
        response = super().finalize_response(request, response, *args, **kwargs)
        if isinstance(response, Response) and not isinstance(response.data, bytes):
            # Errors and JSON answers are JSON whatever format was asked for.
            response.accepted_renderer = JSONRenderer()
            response.accepted_media_type = JSONRenderer.media_type
        return response


class _UnfilledNeedSerializer(serializers.Serializer[Any]):
    need = serializers.IntegerField()
    trade = serializers.CharField()
    contractor = serializers.CharField()
    places = serializers.IntegerField()
    free = serializers.IntegerField()
    latest_start = serializers.DateField()


class _StalledSerializer(serializers.Serializer[Any]):
    missing_end_plans = CellSerializer(help_text="Under way, ending within a week, no plan.")
    missing_outcomes = CellSerializer(help_text="Ended, no outcome recorded.")
    missed_check_ins = CellSerializer(help_text="Under way, no follow-up for a week.")
    unfilled_needs = _UnfilledNeedSerializer(many=True)


class _ActionSerializer(serializers.Serializer[Any]):
    text = serializers.CharField()
    owner = serializers.CharField(allow_null=True, help_text="The owner's name.")
    due_on = serializers.DateField(allow_null=True)
    done = serializers.BooleanField()


class MeetingPackApi(APIView):
    class OutputSerializer(serializers.Serializer[Any]):
        meeting = serializers.IntegerField(source="meeting_id")
        group = serializers.IntegerField(source="meeting.group_id")
        held_on = serializers.DateField(source="meeting.held_on")
        period_start = serializers.DateField()
        period_end = serializers.DateField()
        frozen_at = serializers.DateTimeField()
        report = ReportSerializer(help_text="Since the last meeting, as the members see it.")
        stalled = _StalledSerializer()
        previous_actions = _ActionSerializer(many=True, help_text="The last meeting's actions.")

    @extend_schema(
        operation_id="meetings_pack_retrieve",
        responses={200: OutputSerializer, **error_responses(404)},
        description="The meeting pack, frozen seven days before the meeting: for the "
        "group's members, the coordinators of its municipality and administrators. "
        "404 before it is made.",
    )
    def get(self, request: Request, meeting_id: int) -> Response:
        pack = meeting_pack_get(user=request.user, meeting_id=meeting_id)
        return Response(self.OutputSerializer(pack).data)
