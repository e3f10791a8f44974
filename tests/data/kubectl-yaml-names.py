#!/usr/bin/env python3
"""Regenerates kubectl-yaml-names.json with a real kubectl on PATH (the file
was made with kubectl v1.32.4): secret names and namespaces that Go's yaml
must double-quote, or must leave plain, in `kubectl ... -o yaml`.

    python3 tests/data/kubectl-yaml-names.py
"""
import os
OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "kubectl-yaml-names.json")
import json, subprocess
names = ["123","yes","y","n","no","on","off","true","false","null","nan","inf","0x1f","0x","0xg","0o17","0b101","0b2","017","08","09.5","1e3","1e-3","1e400","1e-400","1.5","1.2.3","2024-01-02","2024-1-2","2024-02-30","2024-02-29","2023-02-29","2024-13-01","2024-01-02-x","20240-01-02","9223372036854775807","9223372036854775808","18446744073709551616","1-2","0","1.","a1","1e","1e+3","x.1","0.0.1","0o","0b","1_000","12.e3", "1.e3", "0x1p-2", "2024-1-02", "2024-001-02", "1" * 253, "9" * 310]
# keep only valid names (the rule of SPEC 3.1)
import re
rx = re.compile(r'^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$')
cases = []
for n in names:
    if not rx.match(n) or len(n) > 253:
        continue
    for ns in (None, n if re.match(r'^[a-z0-9]([-a-z0-9]*[a-z0-9])?$', n) and len(n) <= 63 else None):
        if ns is None and any(c['input']['name'] == n for c in cases):
            continue
        args = ["kubectl","create","secret","docker-registry",n,"--docker-username=u","--docker-password=p","--docker-server=us.icr.io","--dry-run=client"]
        if ns: args.append("--namespace="+ns)
        out = {}
        for fmt in ("json","yaml"):
            out[fmt] = subprocess.run(args+["-o",fmt],capture_output=True,text=True,check=True).stdout
        inp = {"name": n, "username": "u", "password": "p", "email": None, "server": "us.icr.io", "namespace": ns}
        dcj = json.loads(out["json"])
        import base64
        cases.append({"input": inp, "secret_json": out["json"], "secret_yaml": out["yaml"], "dockerconfigjson": base64.b64decode(dcj["data"][".dockerconfigjson"]).decode()})
doc = {"generator": "kubectl create secret docker-registry NAME --docker-username=u --docker-password=p --docker-server=us.icr.io [--namespace=NAME] --dry-run=client -o json|yaml", "kubectl": "v1.32.4-dispatcher", "note": "names and namespaces that Go's yaml must quote (or must not): booleans, null, integers in every base, floats, dates", "cases": cases}
json.dump(doc, open(OUT,"w"), indent=1, ensure_ascii=False)
open(OUT,"a").write("\n")
print(len(cases), "cases")
