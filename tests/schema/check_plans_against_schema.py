#!/usr/bin/python3
"""Checks docs/plan.schema.json against the example plans and against known-bad plans.

Usage: check_plans_against_schema.py SCHEMA PLANS_DIR [--zdm ZDM_BINARY]

1. The schema must itself be a valid draft-07 JSON Schema.
2. Every PLANS_DIR/*.yaml must validate (at least MIN_PLANS of them must exist).
3. Every plan in BAD_PLANS must be rejected, and every plan in GOOD_PLANS accepted, so that
   the schema cannot silently become more permissive (or stricter) than the plan loader.
   With --zdm, each of those snippets is also run through `zdm validate`, which must agree.

Plans are read the way zdm's YAML reader sees them: only true/false are booleans, only
plain [-]digits are integers, anything else (1.5, 2024-01-01, yes) stays text, "<<" is an
ordinary key (no merging), and a duplicate key is an error. PyYAML's YAML 1.1 defaults
would, for example, turn "yes" into a boolean that zdm refuses.

Uses Debian's python3-yaml and python3-jsonschema. Prints "N passed, M failed" last and
exits 1 when anything failed, 2 on a usage error.
"""

import glob
import json
import os
import re
import subprocess
import sys
import tempfile

import jsonschema
import yaml

MIN_PLANS = 5


class PlanLoader(yaml.SafeLoader):
    """SafeLoader with zdm's (yaml-cpp's) scalar rules."""


_DROPPED_TAGS = {
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:timestamp",
    "tag:yaml.org,2002:merge",
    "tag:yaml.org,2002:value",
}
PlanLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag not in _DROPPED_TAGS]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
PlanLoader.add_implicit_resolver("tag:yaml.org,2002:bool", re.compile(r"^(?:true|false)$"),
                                 list("tf"))
PlanLoader.add_implicit_resolver("tag:yaml.org,2002:int", re.compile(r"^-?[0-9]+$"),
                                 list("-0123456789"))


def _construct_int(loader, node):
    return int(loader.construct_scalar(node), 10)  # "010" is 10, not octal


def _construct_mapping(loader, node, deep=False):
    seen = {}
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=deep)
        if key in seen:
            raise yaml.constructor.ConstructorError(
                None, None, f"duplicate key {key!r} (first at line {seen[key]})",
                key_node.start_mark)
        seen[key] = key_node.start_mark.line + 1
    return loader.construct_mapping(node, deep=deep)


PlanLoader.add_constructor("tag:yaml.org,2002:int", _construct_int)
PlanLoader.add_constructor("tag:yaml.org,2002:map", lambda l, n: _construct_mapping(l, n, True))


def load_plan(text):
    return yaml.load(text, Loader=PlanLoader)


# A valid plan that the snippets below change one thing in.
BASE = """\
zdm: 1
name: base
target: {driver: postgres}
phases:
  expand:
    steps:
      - add_column: {table: users, column: email_address, type: "varchar(255)"}
"""

# (what, plan text): each must be rejected by the schema (and by zdm).
BAD_PLANS = [
    ("unknown top-level key", BASE + "gatez: []\n"),
    ("misspelled key in a step", BASE.replace("table: users", "tabel: users")),
    ("missing name", BASE.replace("name: base\n", "")),
    ("missing zdm", BASE.replace("zdm: 1\n", "")),
    ("format version 2", BASE.replace("zdm: 1", "zdm: 2")),
    ("version as a string", BASE.replace("zdm: 1", 'zdm: "1"')),
    ("plan name with capitals", BASE.replace("name: base", "name: Base")),
    ("unknown driver", BASE.replace("driver: postgres", "driver: oracle")),
    ("schema on mysql", BASE.replace("{driver: postgres}", "{driver: mysql, schema: app}")),
    ("no phases", "zdm: 1\nname: base\ntarget: {driver: postgres}\nphases: {}\n"),
    ("duration without unit", BASE + "settings: {lock_timeout: 5}\n"),
    ("duration with a bad unit", BASE + "settings: {lock_timeout: 5sec}\n"),
    ("zero lock_timeout", BASE + "settings: {lock_timeout: 0s}\n"),
    ("ddl_retries 0", BASE + "settings: {ddl_retries: 0}\n"),
    ("yes is not a boolean", BASE.replace('type: "varchar(255)"}',
                                          'type: "varchar(255)", nullable: yes}')),
    ("identifier with a dash", BASE.replace("column: email_address", "column: email-address")),
    ("identifier of 64 bytes", BASE.replace("column: email_address", "column: " + "c" * 64)),
    ("step with two kinds", BASE + "      - drop_index: {table: users, name: i}\n"
                                   "        sql: {up: SELECT 1}\n"),
    ("step without a kind", BASE + "      - name: nothing\n"),
    ("primary_key on add_column", BASE.replace('type: "varchar(255)"}',
                                               'type: "varchar(255)", primary_key: true}')),
    ("placeholder in DDL sql", BASE + "      - sql: {up: \"SELECT {{phase_started_at}}\"}\n"),
    ("partial index on mysql", BASE.replace("driver: postgres", "driver: mysql") +
     "      - create_index: {table: users, name: i, columns: [a], where: \"a > 0\"}\n"),
    ("on_delete set default on mysql", BASE.replace("driver: postgres", "driver: mysql") +
     "      - add_foreign_key: {table: o, name: fk, columns: [u], on_delete: set default,\n"
     "                          references: {table: users, columns: [id]}}\n"),
    ("repeated column in an index", BASE +
     "      - create_index: {table: users, name: i, columns: [a, a]}\n"),
    ("gate without a kind", BASE + "gates:\n  - {name: g, expect: \"= 0\", before: [expand]}\n"),
    ("gate with two kinds", BASE + "gates:\n  - {name: g, sql: SELECT 1, command: {argv: [x]},"
                                   " expect: \"= 0\", before: [expand]}\n"),
    ("sql gate without expect", BASE + "gates:\n  - {name: g, sql: SELECT 1, before: [expand]}\n"),
    ("http gate with expect", BASE + "gates:\n  - {name: g, http: {url: \"http://x\"},"
                                     " expect: \"= 0\", before: [expand]}\n"),
    ("http gate with json_pointer but no expect", BASE + "gates:\n  - {name: g, http: {url:"
     " \"http://x\", json_pointer: /p95}, after: [expand]}\n"),
    ("json_pointer without a leading /", BASE + "gates:\n  - {name: g, http: {url: \"http://x\","
     " json_pointer: data/0}, expect: \"< 1\", after: [expand]}\n"),
    ("empty body_contains", BASE + "gates:\n  - {name: g, http: {url: \"http://x\","
     " body_contains: \"\"}, after: [expand]}\n"),
    ("body_contains on a read_switch step", BASE + "  read_switch:\n    steps:\n"
     "      - {http: {url: \"http://x\", body_contains: ok}}\n"),
    ("json_pointer on a hook rollback", BASE + "  read_switch:\n    steps:\n"
     "      - {command: {argv: [x]}, rollback: {http: {url: \"http://x\", json_pointer: /a}}}\n"),
    ("gate that never runs", BASE + "gates:\n  - {name: g, sql: SELECT 1, expect: \"= 0\"}\n"),
    ("gate on a phase the plan lacks", BASE + "gates:\n  - {name: g, sql: SELECT 1,"
                                              " expect: \"= 0\", during: [backfill]}\n"),
    ("float as an integer", BASE.replace("zdm: 1", "zdm: 1.0")),
    ("gate on an unknown phase", BASE + "gates:\n  - {name: g, sql: SELECT 1, expect: \"= 0\","
                                        " before: [backfil]}\n"),
    ("bad expectation", BASE + "gates:\n  - {name: g, sql: SELECT 1, expect: \"is 0\","
                               " before: [expand]}\n"),
    ("unknown on_fail", BASE + "gates:\n  - {name: g, sql: SELECT 1, expect: \"= 0\","
                               " before: [expand], on_fail: retry}\n"),
    ("retries over 100", BASE + "gates:\n  - {name: g, sql: SELECT 1, expect: \"= 0\","
                                " before: [expand], retries: 101}\n"),
    ("unknown placeholder in a gate", BASE + "gates:\n  - {name: g, sql: \"SELECT {{now}}\","
                                             " expect: \"= 0\", before: [expand]}\n"),
    ("url without scheme", BASE + "gates:\n  - {name: g, http: {url: \"127.0.0.1:8080\"},"
                                  " after: [expand]}\n"),
    ("lower-case HTTP method", BASE + "gates:\n  - {name: g, http: {url: \"http://x\","
                                      " method: get}, after: [expand]}\n"),
    ("status code 600", BASE + "gates:\n  - {name: g, http: {url: \"http://x\","
                               " expect_status: [600]}, after: [expand]}\n"),
    ("empty argv program", BASE + "gates:\n  - {name: g, command: {argv: [\"\"]},"
                                  " after: [expand]}\n"),
    ("baseline in a dual_write check", BASE + "  dual_write:\n    checks:\n"
     "      - {name: c, sql: SELECT 1, expect: \"<= 2x baseline\"}\n"),
    ("dual_write with nothing to do", BASE + "  dual_write:\n    observe: 0s\n"),
    ("observe without checks", BASE + "  dual_write:\n"
     "    sync: {table: users, set: {email_address: email}}\n    observe: 5m\n"),
    ("backfill as a mapping", BASE + "  backfill: {table: users, set: {a: b}}\n"),
    ("backfill chunk of 0 rows", BASE + "  backfill:\n    - {table: users, set: {a: b},"
                                        " chunk: {min_rows: 0}}\n"),
    ("ramp not ending at 100", BASE + "  read_switch:\n    steps: [{command: {argv: [x]}}]\n"
                                      "    ramp: {percents: [5, 50]}\n"),
    ("ramp stage over 100", BASE + "  read_switch:\n    steps: [{command: {argv: [x]}}]\n"
                                   "    ramp: {percents: [50, 100, 150]}\n"),
    ("read_switch step with http and command", BASE + "  read_switch:\n    steps:\n"
     "      - {http: {url: \"http://x\"}, command: {argv: [x]}}\n"),
    ("unknown placeholder in a hook", BASE + "  read_switch:\n    steps:\n"
     "      - {command: {argv: [echo, \"{{percentage}}\"]}}\n"),
    ("invalid header name", BASE + "  read_switch:\n    steps:\n"
     "      - {http: {url: \"http://x\", headers: {\"X Token\": a}}}\n"),
    ("duplicate key", BASE + "name: again\n"),
    ("merge key", "defaults: &d {table: users}\n" + BASE.replace(
        "{table: users,", "{<<: *d,")),
]

# (what, plan text): each must be accepted by the schema (and by zdm).
GOOD_PLANS = [
    ("the base plan", BASE),
    ("templated identifier", BASE.replace("table: users", 'table: "${TABLE:-users}"')),
    ("templated duration", BASE + "settings: {lock_timeout: \"${LOCK_TIMEOUT:-3s}\"}\n"),
    ("combined duration and zero soak", BASE + "  contract:\n    soak: 0s\n    steps:\n"
     "      - drop_column: {table: users, column: email, backup: true}\n"
     "settings: {lock_timeout: 1m30s, statement_timeout: 0s}\n"),
    ("identifier with $ and 63 bytes", BASE.replace("column: email_address",
                                                    "column: c$" + "x" * 61)),
    ("numbers as text", BASE.replace('type: "varchar(255)"}',
                                     'type: integer, default: 0, nullable: false}') +
     "  read_switch:\n    steps: [{command: {argv: [sleep, 1]}}]\n"),
    ("sync as a list, observed checks", BASE + "  dual_write:\n    sync:\n"
     "      - {table: users, set: {email_address: email}}\n"
     "      - {table: accounts, set: {email_address: email}}\n"
     "    checks:\n      - name: c\n"
     "        sql: \"SELECT count(*) FROM users WHERE updated_at > {{ phase_started_at }}\"\n"
     "        expect: \"= 0\"\n    observe: 5m\n"),
    ("every gate kind", BASE + "gates:\n"
     "  - {name: a, sql: \"SELECT {{migration_started_at}}\", expect: \">= 1\","
     " before: [expand]}\n"
     "  - {name: b, http: {url: \"https://x\", expect_status: []}, after: [expand]}\n"
     "  - {name: c, prometheus: {url: \"http://p:9090\", query: up}, expect: \"<= 1.5x baseline\","
     " during: [expand], on_fail: rollback}\n"
     "  - {name: d, command: {argv: [\"true\"]}, after: [expand], on_fail: confirm}\n"
     "  - {name: e, replica_lag: {max: 5s}, during: [expand], on_fail: pause}\n"),
    ("http gates checking the body", BASE + "gates:\n"
     "  - {name: a, http: {url: \"http://x\", body_contains: '\"ok\"'}, after: [expand]}\n"
     "  - {name: b, http: {url: \"http://x\", json_pointer: /data/0/a~1b}, expect: \"< 0.5\","
     " after: [expand]}\n"
     "  - {name: c, http: {url: \"http://x\", json_pointer: \"\"}, expect: \"<= 2x baseline\","
     " during: [expand]}\n"),
    ("read_switch with ramp and rollback", BASE + "  read_switch:\n    steps:\n"
     "      - name: flag\n"
     "        http: {method: PUT, url: \"http://x/{{percent}}\", body: '{\"p\": {{percent}}}',\n"
     "               headers: {Authorization: \"Bearer ${TOKEN}\"}}\n"
     "        rollback: {command: {argv: [echo, \"{{percent}}\"]}}\n"
     "    ramp: {percents: [1, 50, 100], hold: 0s}\n"),
]


class Result:
    def __init__(self):
        self.passed = 0
        self.failures = []

    def ok(self):
        self.passed += 1

    def fail(self, message):
        self.failures.append(message)


def json_path(error):
    path = "$"
    for part in error.absolute_path:
        path += f"[{part}]" if isinstance(part, int) else f".{part}"
    return path


def schema_errors(validator, data):
    return sorted(validator.iter_errors(data), key=lambda e: list(map(str, e.absolute_path)))


def zdm_accepts(zdm, text):
    with tempfile.NamedTemporaryFile("w", suffix=".yaml", delete=False) as f:
        f.write(text)
    try:
        env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin")}  # no plan variables set
        # Whether the plan is valid, not whether lint likes it: lint findings are exit 4.
        proc = subprocess.run([zdm, "validate", "--fail-on", "never", f.name],
                              capture_output=True, text=True, env=env)
        return proc.returncode == 0, proc.stderr.strip()
    finally:
        os.unlink(f.name)


def check_examples(validator, plans_dir, result):
    files = sorted(glob.glob(os.path.join(plans_dir, "*.yaml")))
    if len(files) < MIN_PLANS:
        result.fail(f"{plans_dir}: found {len(files)} example plans, expected at least {MIN_PLANS}")
    for path in files:
        try:
            with open(path, encoding="utf-8") as f:
                data = load_plan(f.read())
        except yaml.YAMLError as e:
            result.fail(f"{path}: YAML: {e}")
            continue
        errors = schema_errors(validator, data)
        if errors:
            for error in errors:
                result.fail(f"{path}: {json_path(error)}: {error.message}")
        else:
            print(f"ok   {path}")
            result.ok()


def check_snippets(validator, result, zdm):
    for expected_valid, cases in ((False, BAD_PLANS), (True, GOOD_PLANS)):
        for what, text in cases:
            label = f"{'bad' if not expected_valid else 'good'} snippet \"{what}\""
            try:
                data = load_plan(text)
                errors = schema_errors(validator, data)
                detail = "; ".join(f"{json_path(e)}: {e.message}" for e in errors)
            except yaml.YAMLError as e:
                errors, detail = [e], f"YAML: {e}"
            if expected_valid and errors:
                result.fail(f"{label}: the schema rejects it: {detail}")
            elif not expected_valid and not errors:
                result.fail(f"{label}: the schema accepts it")
            else:
                result.ok()
            if zdm:
                accepted, stderr = zdm_accepts(zdm, text)
                if accepted != expected_valid:
                    result.fail(f"{label}: zdm validate {'accepts' if accepted else 'rejects'} it"
                                + (f": {stderr}" if stderr else ""))


def main(argv):
    args = argv[1:]
    zdm = None
    if "--zdm" in args:
        i = args.index("--zdm")
        if i + 1 >= len(args):
            print("--zdm needs the path of the zdm binary", file=sys.stderr)
            return 2
        zdm = args[i + 1]
        del args[i:i + 2]
    if len(args) != 2:
        print(__doc__.split("\n\n")[1], file=sys.stderr)
        return 2
    schema_path, plans_dir = args

    result = Result()
    with open(schema_path, encoding="utf-8") as f:
        schema = json.load(f)
    try:
        jsonschema.Draft7Validator.check_schema(schema)
        result.ok()
    except jsonschema.exceptions.SchemaError as e:
        result.fail(f"{schema_path}: not a valid draft-07 schema: {e.message}")
        print(result.failures[-1])
        print(f"{result.passed} passed, {len(result.failures)} failed")
        return 1
    validator = jsonschema.Draft7Validator(schema)

    check_examples(validator, plans_dir, result)
    check_snippets(validator, result, zdm)

    for failure in result.failures:
        print(f"FAIL {failure}")
    print(f"{result.passed} passed, {len(result.failures)} failed")
    return 1 if result.failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
