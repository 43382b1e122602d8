from django.contrib import admin

from motcua.catalog.models import (
    Component,
    Fee,
    Field,
    Procedure,
    ProcedureCase,
    ProcedureVersion,
    StepDefinition,
)


@admin.register(Field)
class FieldAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "ministry"]
    search_fields = ["code", "name"]


@admin.register(Procedure)
class ProcedureAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "field", "level", "online_level", "boundary_free", "at_counter"]
    list_filter = [
        "level",
        "online_level",
        "field",
        "boundary_free",
        "at_counter",
        "result_needs_seal",
        "published",
    ]
    search_fields = ["code", "search_key"]
    readonly_fields = ["current_version"]


class CaseInline(admin.TabularInline):
    model = ProcedureCase
    extra = 0
    fields = [
        "code",
        "name",
        "limit_amount",
        "limit_unit",
        "online_limit_amount",
        "same_day_cutoff",
    ]
    show_change_link = True


@admin.register(ProcedureVersion)
class ProcedureVersionAdmin(admin.ModelAdmin):
    """Versions are frozen once published: edits make a new version through the importer or
    the step editor."""

    list_display = ["procedure", "number", "published_at"]
    inlines = [CaseInline]

    def has_change_permission(self, request, obj=None) -> bool:
        return False


class ComponentInline(admin.TabularInline):
    model = Component
    extra = 0


class FeeInline(admin.TabularInline):
    model = Fee
    extra = 0


class StepInline(admin.TabularInline):
    model = StepDefinition
    extra = 0


@admin.register(ProcedureCase)
class ProcedureCaseAdmin(admin.ModelAdmin):
    list_display = ["version", "code", "name", "limit_amount", "limit_unit"]
    inlines = [ComponentInline, FeeInline, StepInline]

    def has_change_permission(self, request, obj=None) -> bool:
        return False
