#!/usr/bin/python3
"""Checks that `zdm lint --format sarif` writes SARIF 2.1.0 that code-scanning tools accept.

Usage: check_lint_sarif.py SARIF_SCHEMA ZDM_BINARY PLAN_DIR...

SARIF_SCHEMA is the OASIS SARIF 2.1.0 JSON Schema (tests/schema/sarif-schema-2.1.0.json,
the Committee Specification's sarif-schema-2.1.0.json as published by oasis-tcs/sarif-spec).

1. The schema must itself be a valid draft-07 JSON Schema, and must reject documents that
   break it (a wrong level, an unknown property), so this check can fail.
2. `zdm lint --format sarif` over every PLAN_DIR/*.yaml, one plan at a time and all
   together, must validate against it (formats where python3-jsonschema has a checker
   for them; "uri" needs python3-rfc3987, so artifact URIs are checked here as well).
3. Beyond the schema: every result's ruleIndex names a rule with its ruleId, its URI is
   an RFC 3986 reference to a linted plan, its region is in the file, and a suppressed
   finding carries an inSource suppression with a reason.

Uses Debian's python3-jsonschema. Prints "N passed, M failed" last and exits 1 when
anything failed, 2 on a usage error.
"""

import copy
import glob
import json
import os
import re
import subprocess
import sys

import jsonschema

# RFC 3986 characters, and '%' only as the start of an escape.
URI_REFERENCE = re.compile(r"^([A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=]|%[0-9A-Fa-f]{2})+$")

PASSED = 0
FAILED = 0


def check(condition, what):
    global PASSED, FAILED
    if condition:
        PASSED += 1
    else:
        FAILED += 1
        print("FAIL: " + what)


def sarif_of(zdm, plans):
    run = subprocess.run([zdm, "lint", "--format", "sarif", "--fail-on", "never"] + plans,
                         capture_output=True, text=True,
                         env={"PATH": "/usr/bin:/bin", "FLAG_TOKEN": "t"})
    check(run.returncode in (0, 2), "zdm lint exit code %d for %s" % (run.returncode, plans))
    return json.loads(run.stdout)


def errors_of(validator, document):
    return [e.message for e in validator.iter_errors(document)]


def check_schema_can_fail(validator, document):
    broken = copy.deepcopy(document)
    broken["runs"][0]["results"][0]["level"] = "fatal"
    check(errors_of(validator, broken), "a result with level 'fatal' must be refused")
    broken = copy.deepcopy(document)
    broken["runs"][0]["results"][0]["severity"] = "high"
    check(errors_of(validator, broken), "a result with an unknown property must be refused")
    broken = copy.deepcopy(document)
    del broken["version"]
    check(errors_of(validator, broken), "a log without version must be refused")


def check_beyond_schema(document, plans):
    run = document["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    for result in run["results"]:
        index = result["ruleIndex"]
        check(0 <= index < len(rules) and rules[index]["id"] == result["ruleId"],
              "ruleIndex %d does not name rule %s" % (index, result["ruleId"]))
        location = result["locations"][0]["physicalLocation"]
        path = location["artifactLocation"]["uri"]
        check(URI_REFERENCE.match(path), "artifact uri %r is not an RFC 3986 reference" % path)
        check(any(p.endswith(path) or path.endswith(os.path.basename(p)) for p in plans),
              "result points at %s, not at a linted plan" % path)
        if "region" in location:
            with open(next(p for p in plans if p.endswith(os.path.basename(path)))) as plan:
                lines = plan.read().split("\n")
            check(1 <= location["region"]["startLine"] <= len(lines),
                  "region line %d outside %s" % (location["region"]["startLine"], path))
        for suppression in result.get("suppressions", []):
            check(suppression["kind"] == "inSource" and suppression.get("justification"),
                  "suppression without kind inSource or justification: %s" % suppression)


def main(argv):
    if len(argv) < 4:
        print(__doc__)
        return 2
    schema_path, zdm, directories = argv[1], argv[2], argv[3:]
    with open(schema_path) as f:
        schema = json.load(f)
    jsonschema.Draft7Validator.check_schema(schema)
    validator = jsonschema.Draft7Validator(schema, format_checker=jsonschema.FormatChecker())
    plans = sorted(p for d in directories for p in glob.glob(os.path.join(d, "*.yaml")))
    check(len(plans) >= 8, "expected lint fixtures and example plans, found %d" % len(plans))
    documents = [(plan, sarif_of(zdm, [plan])) for plan in plans]
    documents.append(("all plans", sarif_of(zdm, plans)))
    for name, document in documents:
        errors = errors_of(validator, document)
        check(not errors, "%s: SARIF does not validate: %s" % (name, errors[:3]))
        check_beyond_schema(document, plans)
    together = documents[-1][1]
    results = together["runs"][0]["results"]
    check(len(results) >= 5, "expected findings from the unsafe fixtures, got %d" % len(results))
    check(any("suppressions" in r for r in results), "expected a suppressed finding")
    check_schema_can_fail(validator, together)
    print("%d passed, %d failed" % (PASSED, FAILED))
    return 1 if FAILED else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
