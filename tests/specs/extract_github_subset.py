#!/usr/bin/env python3
"""Cuts the issues, users and gists operations (125 of them) out of GitHub's
REST API description, as published in the npm package @octokit/openapi
(MIT licence, see github-subset.LICENSE), with every component they refer to.

    npm pack @octokit/openapi@23.0.2 && tar xzf octokit-openapi-23.0.2.tgz
    python3 extract_github_subset.py package/generated/api.github.com.json > github-subset.json
"""
import json
import sys

TAGS = {"issues", "users", "gists"}
METHODS = {"get", "put", "post", "delete", "patch", "head", "options", "trace"}

spec = json.load(open(sys.argv[1]))
paths = {}
for path, item in spec["paths"].items():
    kept = {m: op for m, op in item.items() if m in METHODS and TAGS & set(op.get("tags", []))}
    if kept:
        kept.update({k: v for k, v in item.items() if k not in METHODS})
        paths[path] = kept

components = {}
pending = [paths]
seen = set()
while pending:
    node = pending.pop()
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith("#/components/") and ref not in seen:
            seen.add(ref)
            _, _, section, name = ref.split("/", 3)
            target = spec["components"][section][name]
            components.setdefault(section, {})[name] = target
            pending.append(target)
        pending.extend(node.values())
    elif isinstance(node, list):
        pending.extend(node)

# Keep the published order of every section.
ordered = {
    section: {name: value for name, value in spec["components"][section].items() if name in entries}
    for section, entries in components.items()
}
out = {
    "openapi": spec["openapi"],
    "info": {**spec["info"], "x-custgen-module": "github"},
    "servers": spec.get("servers", []),
    "paths": paths,
    "components": ordered,
}
json.dump(out, sys.stdout, indent=1, ensure_ascii=False)
print()
