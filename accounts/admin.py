from typing import Any

from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import BaseUserCreationForm, UserChangeForm
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from accounts.models import AuditEvent, User


def _email_clean(form: forms.ModelForm, email: str) -> str:
    """Return the address in lower case, refusing one that differs from another only in case.

    ``UserManager.create_user`` stores addresses in lower case and login looks
    them up exactly, so the admin must not create ``Anne@…`` beside ``anne@…``.
    """
    email = email.strip().lower()
    if User.objects.filter(email__iexact=email).exclude(pk=form.instance.pk).exists():
        raise forms.ValidationError(_("A user with this email address already exists."))
    return email


class UserCreationForm(BaseUserCreationForm):
    class Meta:
        model = User
        fields = ("email", "full_name")

    def clean_email(self) -> str:
        return _email_clean(self, self.cleaned_data["email"])


class UserEditForm(UserChangeForm):
    class Meta:
        model = User
        fields = (
            "email",
            "password",
            "full_name",
            "phone",
            "language",
            "is_active",
            "is_staff",
            "is_superuser",
            "groups",
            "user_permissions",
        )

    def clean_email(self) -> str:
        return _email_clean(self, self.cleaned_data["email"])


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    form = UserEditForm
    add_form = UserCreationForm
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Personal info"), {"fields": ("full_name", "phone", "language")}),
        (
            _("Permissions"),
            {
                "fields": (
                    "is_active",
                    "is_staff",
                    "is_superuser",
                    "groups",
                    "user_permissions",
                )
            },
        ),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": ("email", "full_name", "password1", "password2"),
            },
        ),
    )
    readonly_fields = ("last_login", "date_joined")
    list_display = ("email", "full_name", "phone", "language", "is_staff", "is_active")
    list_filter = ("is_staff", "is_superuser", "is_active", "language", "groups")
    search_fields = ("email", "full_name", "phone")
    ordering = ("email",)
    filter_horizontal = ("groups", "user_permissions")


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """The audit log, for reading only: it is append-only in the model as well."""

    list_display = (
        "occurred_at",
        "actor",
        "action",
        "object_type",
        "object_id",
        "candidate_id",
        "purpose",
    )
    list_filter = ("action", "object_type", "occurred_at")
    list_select_related = ("actor",)
    search_fields = ("object_type", "object_id", "purpose")
    date_hierarchy = "occurred_at"
    # No bulk actions at all: "delete selected" is the only one and must not exist here.
    actions = None

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
