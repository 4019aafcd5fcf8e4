"""The schema documents every answer the API gives, errors included.

drf-spectacular documents the success answers from the views; the errors DRF answers for
every view of a kind are added here, so clients (and schemathesis) know them: 400 for
invalid input, 401/403 where a key is needed, 404 where a path names an object, 429 where
a throttle applies (per address without a key, per key with one). Each is JSON.
"""

from drf_spectacular.openapi import AutoSchema
from drf_spectacular.types import OpenApiTypes
from rest_framework import serializers


class ErrorSerializer(serializers.Serializer):
    detail = serializers.CharField()


class ApiAutoSchema(AutoSchema):
    def _error_codes(self) -> list[str]:
        view = self.view
        codes = ["400"]
        if getattr(view, "authentication_classes", ()):
            codes += ["401", "403"]
        if "{" in self.path:
            codes.append("404")
        if getattr(view, "throttle_classes", ()):
            codes.append("429")
        return codes

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        if direction != "response":
            return responses
        for code in self._error_codes():
            if code in responses:
                continue
            body = OpenApiTypes.OBJECT if code == "400" else ErrorSerializer
            responses[code] = self._get_response_for_code(body, code, direction=direction)
        return responses
