"""Temporary re-export of app.services.accounts for the course path until it moves (issue 20)."""

from app.services.accounts import Actor as Actor
from app.services.accounts import actor_of_token as actor_of_token
