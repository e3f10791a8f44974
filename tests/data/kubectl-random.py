#!/usr/bin/env python3
"""Regenerates kubectl-random.json with a real kubectl on PATH (the file was
made with kubectl v1.32.4): 120 secrets whose username, password, email and
server are random strings over a hostile alphabet (quotes, backslashes,
HTML-sensitive characters, control characters, U+2028/U+2029, non-ASCII,
emoji), with a fixed seed so the file is reproducible.

    python3 tests/data/kubectl-random.py
"""
import base64, json, os, random, subprocess

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "kubectl-random.json")
rng = random.Random(20261126)
ALPHABET = (
    [chr(c) for c in range(0x20, 0x7F)]
    + [chr(c) for c in range(0x01, 0x20)] + ["\x7f"]
    + list("\u2028\u2029\u00e9\u00fc\u65e5\u672c\u00a0\u200b\ufeff") + ["\U0001F600", "\u0085"]
)
SERVERS = ["us.icr.io", "private.us.icr.io", "https://index.docker.io/v1/", "docker.io", "Registry.Example.COM",
           "registry.example.com:5000/team", "https://us.icr.io", "localhost:5000", "*.icr.io", "[::1]:5000"]

def rand(n_max, alphabet=ALPHABET):
    return "".join(rng.choice(alphabet) for _ in range(rng.randint(1, n_max)))

cases = []
for i in range(120):
    name = rng.choice(["x", "regcred", "my.registry", "ce-registry-%d" % i])
    ns = rng.choice([None, "default", "team-a"])
    inp = {
        "name": name,
        "username": rand(12),
        "password": rand(40),
        "email": rng.choice([None, rand(12)]),
        "server": rng.choice(SERVERS + [None]),
        "namespace": ns,
    }
    args = ["kubectl", "create", "secret", "docker-registry", name,
            "--docker-username=" + inp["username"], "--docker-password=" + inp["password"], "--dry-run=client"]
    if inp["email"] is not None:
        args.append("--docker-email=" + inp["email"])
    if inp["server"] is not None:
        args.append("--docker-server=" + inp["server"])
    if ns:
        args.append("--namespace=" + ns)
    out = {f: subprocess.run(args + ["-o", f], capture_output=True, check=True).stdout.decode() for f in ("json", "yaml")}
    data = json.loads(out["json"])["data"][".dockerconfigjson"]
    cases.append({"id": "kubectl-random-%03d" % (i + 1), "input": inp, "secret_json": out["json"],
                  "secret_yaml": out["yaml"], "dockerconfigjson": base64.b64decode(data).decode()})

doc = {"generator": "kubectl create secret docker-registry NAME --docker-username=U --docker-password=P [--docker-email=E] [--docker-server=S] [--namespace=N] --dry-run=client -o json|yaml",
       "kubectl": "v1.32.4-dispatcher", "seed": 20261126, "cases": cases}
with open(OUT, "w") as f:
    json.dump(doc, f, indent=1, ensure_ascii=False)
    f.write("\n")
print(len(cases), "cases")
