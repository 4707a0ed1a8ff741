"""Generators of committed files, run from the repository root (DEVELOPERS.md, "Generated files"):

python -m tools.care_path            # workflows/*.bpmn and the escalation tasks' forms
python -m tools.document_templates   # document_templates/*.docx
python -m tools.bpmn_screenshot      # pictures of workflows/*.bpmn in bpmn-js (a check)
"""
