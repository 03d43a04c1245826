"""Temporary re-export of app.contracts.plans for the course path until it moves (issue 20)."""

from app.contracts.plans import InjectionPlanRequest as InjectionPlanRequest
from app.contracts.plans import TopicalPlanRequest as TopicalPlanRequest
