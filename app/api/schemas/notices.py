"""A notice: what the CLB wrote "voor de school" on a step, and its acknowledgement."""

from marshmallow import fields

from app.api.schemas.common import ApiSchema, PersonRef


class PPeriodOut(ApiSchema):
    kind = fields.String(metadata={"description": "naft, time_out, care_farm of other."})
    from_ = fields.String(data_key="from", attribute="from", metadata={"description": "Vanaf (datum)."})
    until = fields.String(allow_none=True, metadata={"description": "Tot (datum), als gekend."})


class NoticeDetailsOut(ApiSchema):
    p_period = fields.Nested(
        PPeriodOut,
        allow_none=True,
        metadata={"description": "De leerling is in NAFT, time-out, …: de afwezigheden worden P, niet B."},
    )


class NoticeOut(ApiSchema):
    id = fields.Integer()
    bpmn_id = fields.String(metadata={"description": "De CLB-stap waaruit de mededeling komt."})
    title = fields.String()
    text = fields.String(allow_none=True, metadata={"description": "Wat het CLB 'voor de school' schreef."})
    details = fields.Nested(NoticeDetailsOut, allow_none=True)
    created_at = fields.DateTime()
    created_by = fields.Nested(PersonRef, allow_none=True)
    acknowledged_at = fields.DateTime(allow_none=True)
    acknowledged_by = fields.Nested(PersonRef, allow_none=True)
