"""POST /api/v1/beyond-use: the beyond-use date of a compounded preparation, USP <795>/<797>."""

from __future__ import annotations

import datetime as dt
import re
from enum import StrEnum
from typing import Annotated

from fastapi import APIRouter
from pydantic import (
    BaseModel,
    ConfigDict,
    Discriminator,
    Field,
    PlainValidator,
    Tag,
    ValidationInfo,
    WithJsonSchema,
)
from pydantic_core import PydanticCustomError

from app.api.calculator_responses import SourceOut, sources
from app.api.strict_json import StrictJsonRoute
from app.contracts.fields import DATE_PATTERN, PlainText
from app.contracts.json_values import JsonObject
from app.pharmacy.beyond_use import BeyondUse, Category, Form, Storage
from app.services import pharmacy_records

router = APIRouter(prefix="/api/v1", tags=["pharmacy records"], strict_content_type=False,
                   route_class=StrictJsonRoute)

# Compounding records span decades at most; the bounds keep date arithmetic far from overflow.
_EARLIEST, _LATEST = dt.date(1900, 1, 1), dt.date(2200, 12, 31)
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_DATE_TIME = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?")  # seconds optional, as ISO 8601


def _text(value: object, info: ValidationInfo, pattern: re.Pattern[str], example: str) -> str:
    if not isinstance(value, str) or not pattern.fullmatch(value):
        raise PydanticCustomError(
            "value_error", "{field} must be text such as '{example}'; got {got}",
            {"field": info.field_name, "example": example, "got": repr(value)[:60]},
        )
    return value


def _in_range(moment: dt.date, info: ValidationInfo) -> None:
    if not _EARLIEST <= moment <= _LATEST:
        raise PydanticCustomError(
            "value_error", "{field} must fall between 1900-01-01 and 2200-12-31",
            {"field": info.field_name},
        )


def _date(value: object, info: ValidationInfo) -> dt.date:
    text = _text(value, info, _DATE, "2025-01-06")
    try:
        day = dt.date.fromisoformat(text)
    except ValueError as error:
        raise PydanticCustomError("value_error", "{field} is not a calendar date: {text}",
                                  {"field": info.field_name, "text": text}) from error
    _in_range(day, info)
    return day


def _date_time(value: object, info: ValidationInfo) -> dt.datetime:
    text = _text(value, info, _DATE_TIME, "2025-01-06T09:30")
    try:
        moment = dt.datetime.fromisoformat(text)
    except ValueError as error:
        raise PydanticCustomError(
            "value_error", "{field} is not a local date and time: {text}",
            {"field": info.field_name, "text": text}) from error
    _in_range(moment.date(), info)
    return moment


def choice(options: type[StrEnum]) -> object:
    """A field that takes exactly one of an enumeration's values, with a message naming them."""
    allowed = ", ".join(f"'{option.value}'" for option in options)

    def validate(value: object, info: ValidationInfo) -> StrEnum:
        if isinstance(value, str) and value in options._value2member_map_:
            return options(value)
        raise PydanticCustomError("choice", "{field} must be one of {allowed}; got {got}",
                                  {"field": info.field_name, "allowed": allowed,
                                   "got": repr(value)[:60]})

    schema = {"type": "string", "enum": [option.value for option in options]}
    return Annotated[options, PlainValidator(validate), WithJsonSchema(schema)]


IsoDate = Annotated[dt.date, PlainValidator(_date), WithJsonSchema(
    {"type": "string", "format": "date", "pattern": DATE_PATTERN, "maxLength": 10,
     "description": "ISO date YYYY-MM-DD, 1900–2200", "examples": ["2025-01-06"]})]
# The years, months, days, hours and minutes a local time can have, as a pattern; format
# "date-time" would demand a time zone, so the format names this rule (a day the month lacks,
# 30 February, passes the pattern and is refused by the server).
IsoMinute = Annotated[dt.datetime, PlainValidator(_date_time), WithJsonSchema(
    {"type": "string", "format": "sts-local-date-time", "maxLength": 19,
     "pattern": DATE_PATTERN.removesuffix("-[0-9]{2}-[0-9]{2}$")
     + r"-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])T([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9])?$",
     "description": "local date and time YYYY-MM-DDTHH:MM (seconds optional), no time zone, "
                    "1900–2200",
     "examples": ["2025-01-06T09:30"]})]


class StrictModel(BaseModel):
    """Request parts that take JSON types as they are: no numbers for text, no text for lists."""

    model_config = ConfigDict(strict=True, extra="forbid")


def kind(expected: str) -> object:
    """The `preparation` field of one kind; any other value is refused naming both kinds."""

    def validate(value: object, info: ValidationInfo) -> str:
        if value != expected:
            raise PydanticCustomError(
                "choice", "preparation must be 'nonsterile' or 'sterile'; got {got}",
                {"got": repr(value)[:60]})
        return expected

    return Annotated[str, PlainValidator(validate),
                     WithJsonSchema({"type": "string", "const": expected})]


class ComponentIn(StrictModel):
    """An ingredient and the expiry date on its label."""

    # Plain text, but not held to one script per word: chemical names such as α-tocopherol mix
    # Greek and Latin letters by right.
    name: Annotated[PlainText, Field(max_length=200, examples=["Sodium thiosulfate"])]
    expiry: IsoDate


Components = Annotated[list[ComponentIn], Field(min_length=1, max_length=100)]


class NonsterileRequest(StrictModel):
    """A non-sterile preparation (USP <795>): the kind the pharmacist chose and its components."""

    preparation: kind("nonsterile")  # type: ignore[valid-type]
    form: choice(Form)  # type: ignore[valid-type]
    compounded: IsoDate
    components: Components


class SterileRequest(StrictModel):
    """A sterile preparation (USP <797>): its category, storage, start of preparation."""

    # USP <797> allows frozen storage only for Category 2; the schema says so too.
    model_config = ConfigDict(strict=True, extra="forbid", json_schema_extra={"anyOf": [
        {"properties": {"storage": {"enum": [Storage.ROOM, Storage.REFRIGERATOR]}}},
        {"properties": {"category": {"const": Category.CATEGORY_2}}},
    ]})

    preparation: kind("sterile")  # type: ignore[valid-type]
    category: choice(Category)  # type: ignore[valid-type]
    storage: choice(Storage)  # type: ignore[valid-type]
    prepared: IsoMinute
    components: Components


def _preparation(body: object) -> str:
    """The model to check a body against: one that names no known kind is checked as
    non-sterile, whose `preparation` field then reports what was expected."""
    kind = body.get("preparation") if isinstance(body, dict) else None
    return "sterile" if kind == "sterile" else "nonsterile"


BeyondUseRequest = Annotated[
    Annotated[NonsterileRequest, Tag("nonsterile")] | Annotated[SterileRequest, Tag("sterile")],
    Discriminator(_preparation),
]


class BeyondUseResult(BaseModel):
    """The assigned BUD, the chapter's limit, storage, what limited it and the working."""

    beyond_use: str = Field(description="YYYY-MM-DD (non-sterile) or YYYY-MM-DDTHH:MM (sterile)")
    days: int | None = Field(None, description="the chapter's limit in days, where it counts days")
    hours: int | None = Field(None, description="the chapter's limit in hours, where it counts "
                              "hours (Category 1, immediate use)")
    storage: str
    limited_by: str = Field(description="'chapter', or the name of the component whose expiry "
                            "came first")
    working: list[str]
    sources: list[str] = Field(description="the chapters applied, e.g. 'USP <795>'")
    citations: list[SourceOut] = Field(description="each limit used, its value and full source")


def result_body(found: BeyondUse) -> JsonObject:
    """The response object for a BUD: `days` or `hours`, never both."""
    result = BeyondUseResult(
        beyond_use=found.text,
        storage=found.rule.storage,
        limited_by=found.limited_by or "chapter",
        working=found.working.lines,
        sources=[found.rule.chapter],
        citations=sources(found.working),
        **{found.rule.unit: found.rule.count},
    )
    return result.model_dump(exclude_none=True)


@router.post("/beyond-use", response_model=BeyondUseResult, response_model_exclude_none=True)
async def beyond_use(request: BeyondUseRequest) -> JsonObject:
    """Assign a beyond-use date from the chapter's table and the components' expiry dates."""
    if isinstance(request, SterileRequest):
        found = pharmacy_records.sterile_beyond_use(
            request.category, request.storage, request.prepared, request.components)
    else:
        found = pharmacy_records.nonsterile_beyond_use(
            request.form, request.compounded, request.components)
    return result_body(found)
