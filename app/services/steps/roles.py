"""Who may do a task: the role the school named for it, the form's x-roles, or
the lane's default roles (app/services/access.py)."""

from flask import current_app

from app.extensions import db
from app.models import CaseTask, School
from app.services.access import lane_roles, school_named_roles
from app.services.forms import load_form


def task_roles(row: CaseTask) -> frozenset:
    form = load_form(current_app.config["FORMS_DIR"], row.bpmn_id)
    if form.school_role:
        school = db.session.get(School, row.school_id)
        assert school is not None, "the task's foreign key"
        return school_named_roles(school, form.school_role)
    return lane_roles(row.lane, form.roles)
