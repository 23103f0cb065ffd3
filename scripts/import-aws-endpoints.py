#!/usr/bin/env python3
"""Copy botocore's endpoint data (botocore/data/endpoints.json) into data/aws-endpoints/, trimmed.

The file is AWS's own table of where each service is offered: the partitions, each with its regions,
and per service the regions it has an endpoint in (a global service, like IAM, has one partition
endpoint and its credential scope's region instead). The server reads it to answer each service only
in its regions (src/aws/regions.ts). The `aws`, `aws-cn` and `aws-us-gov` partitions are kept (the partition
follows the region: src/aws/partitions.ts), and only the services linkedrole serves, their entries copied unchanged
(a service a partition does not offer is left out of that partition).

    python3 scripts/import-aws-endpoints.py                  # from the installed botocore
    python3 scripts/import-aws-endpoints.py path/to/botocore  # from a botocore checkout (the package folder)
"""
import json, os, re, sys

# The endpoint prefixes of the service models linkedrole serves (data/aws-models/*.json metadata.endpointPrefix).
SERVICES = ["iam", "sts", "app-integrations", "models-v2-lex", "runtime-v2-lex", "appflow", "cloudtrail", "access-analyzer"]
PARTITIONS = ["aws", "aws-cn", "aws-us-gov"]

if len(sys.argv) > 1:
    package = sys.argv[1]
    with open(os.path.join(package, "__init__.py")) as f:
        version = re.search(r"__version__ = '([^']+)'", f.read()).group(1)
else:
    import botocore
    package, version = os.path.dirname(botocore.__file__), botocore.__version__

with open(os.path.join(package, "data", "endpoints.json")) as f:
    endpoints = json.load(f)
by_name = {p["partition"]: p for p in endpoints["partitions"]}
trimmed = {
    "version": endpoints["version"],
    "partitions": [
        {
            **{k: by_name[name][k] for k in ("partition", "partitionName", "dnsSuffix", "regionRegex", "regions", "defaults")},
            "services": {s: by_name[name]["services"][s] for s in SERVICES if s in by_name[name]["services"]},
        }
        for name in PARTITIONS
    ],
}
out = os.path.join(os.path.dirname(__file__), "..", "data", "aws-endpoints")
os.makedirs(out, exist_ok=True)
with open(os.path.join(out, "endpoints.json"), "w") as f:
    json.dump(trimmed, f, indent=1, sort_keys=True)
    f.write("\n")
with open(os.path.join(out, "SOURCE.md"), "w") as f:
    f.write(
        f"endpoints.json: botocore {version}'s botocore/data/endpoints.json (Apache-2.0), trimmed by\n"
        f"scripts/import-aws-endpoints.py to the partitions {', '.join(PARTITIONS)} and the services linkedrole serves\n"
        f"({', '.join(SERVICES)}); their entries are unchanged.\n"
    )
print("wrote data/aws-endpoints/endpoints.json from botocore", version, file=sys.stderr)
