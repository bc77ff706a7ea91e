from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from accounts.api_schema import error_responses
from accounts.api_views import PagedApi, request_user
from notifications.models import DeliveryEvent, NotificationKind, NotificationStatus
from notifications.selectors import notification_list


class NotificationListApi(PagedApi):
    class FilterSerializer(serializers.Serializer[Any]):
        status = serializers.ChoiceField(
            choices=NotificationStatus.choices, required=False, default=""
        )
        kind = serializers.ChoiceField(choices=NotificationKind.choices, required=False, default="")

    class OutputSerializer(serializers.Serializer[Any]):
        id = serializers.IntegerField()
        kind = serializers.ChoiceField(choices=NotificationKind.choices)
        status = serializers.ChoiceField(choices=NotificationStatus.choices)
        due_at = serializers.DateTimeField()
        sent_at = serializers.DateTimeField(allow_null=True)
        event = serializers.ChoiceField(choices=DeliveryEvent.choices, allow_blank=True)
        event_at = serializers.DateTimeField(allow_null=True)
        about = serializers.DictField(
            source="context", help_text="Ids of what the notification is about."
        )

    @extend_schema(
        operation_id="notifications_list",
        parameters=[FilterSerializer],
        responses={200: OutputSerializer(many=True), **error_responses(400, 404)},
    )
    def get(self, request: Request) -> Response:
        filters = self.FilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        user = request_user(request)
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(
            notification_list(user=user, **filters.validated_data), request, view=self
        )
        return paginator.get_paginated_response(self.OutputSerializer(page, many=True).data)
