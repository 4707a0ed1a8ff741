"""Walking the OpenAPI spec, so a test covers every operation and field,
including ones added later."""

import re

ID_PARAM = re.compile(r"\{[^}]+\}")


def operations(spec: dict):
    """(method, path with ids filled in, operation) for every documented operation."""
    for path, item in spec["paths"].items():
        concrete = ID_PARAM.sub("1", path)
        for method, operation in item.items():
            if method in ("get", "post", "put", "patch", "delete"):
                yield method, concrete, operation


def resolve(spec: dict, schema: dict) -> dict:
    while "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        schema = spec["components"]["schemas"][name]
    return schema


def json_body_schema(spec: dict, operation: dict) -> dict | None:
    content = operation.get("requestBody", {}).get("content", {})
    if "application/json" not in content:
        return None
    return resolve(spec, content["application/json"]["schema"])


def query_parameters(operation: dict) -> list[dict]:
    return [p for p in operation.get("parameters", []) if p.get("in") == "query"]
