#!/usr/bin/env python3
"""strong_model.py — the one-form-per-mentor model with the strong links,
for an outside MIP solver (CBC) to bound or improve a `match` answer.

    python3 bench/strong_model.py PARTICIPANTS EDGES PAIRS K OUT.lp

EDGES is `nastavnik score PARTICIPANTS -o EDGES` (every eligible pair),
PAIRS the pairs.csv of a `match` run. Keeps each mentee's K best pairs
(K = 0: all) plus every pair of PAIRS, and writes, in CPLEX LP form:
maximise the total score in micro-units subject to at least as many pairs
as PAIRS has, each mentee at most once, each mentor within its capacity,
and for a mentor with pairs in two or more forms binaries y (one form)
with sum x <= cap * y per form and x <= y per pair (the strong links).
Also writes OUT.lp.start, PAIRS as a CBC start (`-mipstart`), and prints
the sizes. With K > 0 the model is reduced: its optimum and bound hold for
the pairs kept only. Example (bench/README.md, "After the search by
region"):

    nastavnik score district.csv -o edges.csv
    python3 bench/strong_model.py district.csv edges.csv out/pairs.csv 30 red.lp
    cbc red.lp -mipstart red.lp.start -sec 1200 -ratio 0 -threads 1 -solve
"""
import collections
import csv
import sys


def main():
    part, edges, pairs, k, out = sys.argv[1:6]
    k = int(k)
    cap = {}
    with open(part, newline="") as f:
        for r in csv.DictReader(f):
            if r["role"] == "mentor":
                cap[r["id"]] = int(r["capacity"]) if r["capacity"].strip() else 1
    with open(pairs, newline="") as f:
        chosen = {(r["mentor_id"], r["mentee_id"], r["form"]) for r in csv.DictReader(f)}
    e = []  # (mentor, mentee, form, micro-units)
    with open(edges, newline="") as f:
        rd = csv.reader(f)
        next(rd)
        for m, i, fm, s, *_ in rd:
            e.append((m, i, fm, round(float(s) * 1e6)))
    if k > 0:
        by = collections.defaultdict(list)
        for n, x in enumerate(e):
            by[x[1]].append(n)
        keep = set()
        for ns in by.values():
            ns.sort(key=lambda n: -e[n][3])
            keep.update(ns[:k])
        keep.update(n for n, x in enumerate(e) if x[:3] in chosen)
        e = [e[n] for n in sorted(keep)]
    by_mentor = collections.defaultdict(list)
    by_mentee = collections.defaultdict(list)
    for n, x in enumerate(e):
        by_mentor[x[0]].append(n)
        by_mentee[x[1]].append(n)
    ys, start, strong = [], [], 0
    with open(out, "w") as w:

        def row(name, terms, rhs):
            w.write(" %s:" % name)
            for j in range(0, len(terms), 10):
                w.write("".join(terms[j:j + 10]) + "\n")
            w.write(" %s\n" % rhs)

        w.write("Maximize\n obj:")
        for j in range(0, len(e), 8):
            w.write("".join(" + %d x%d" % (e[n][3], n) for n in range(j, min(j + 8, len(e)))) + "\n")
        w.write("Subject To\n")
        row("count", [" + x%d" % n for n in range(len(e))], ">= %d" % len(chosen))
        for q, ns in enumerate(by_mentee.values()):
            row("e%d" % q, [" + x%d" % n for n in ns], "<= 1")
        for q, (m, ns) in enumerate(by_mentor.items()):
            forms = sorted({e[n][2] for n in ns})
            if len(forms) == 1:
                row("m%d" % q, [" + x%d" % n for n in ns], "<= %d" % cap[m])
                continue
            used = {e[n][2] for n in ns if e[n][:3] in chosen}
            y = {}
            for t, fm in enumerate(forms):
                y[fm] = "y%d_%d" % (q, t)
                ys.append(y[fm])
                start.append((y[fm], 1 if fm in used else 0))
                row("c%d_%d" % (q, t), [" + x%d" % n for n in ns if e[n][2] == fm] +
                    [" - %d %s" % (cap[m], y[fm])], "<= 0")
            row("o%d" % q, [" + " + y[fm] for fm in forms], "<= 1")
            for n in ns:
                w.write(" s%d: x%d - %s <= 0\n" % (n, n, y[e[n][2]]))
                strong += 1
        w.write("Binaries\n")
        for n in range(len(e)):
            w.write(" x%d\n" % n)
        for v in ys:
            w.write(" %s\n" % v)
        w.write("End\n")
    total = 0
    with open(out + ".start", "w") as w:
        w.write("Stopped on time - objective value 0\n")
        col = 0
        for n, x in enumerate(e):
            v = 1 if x[:3] in chosen else 0
            total += v * x[3]
            w.write("%d x%d %d\n" % (col, n, v))
            col += 1
        for name, v in start:
            w.write("%d %s %d\n" % (col, name, v))
            col += 1
    print("pairs %d, one-form mentors' y %d, strong rows %d, start total %d" %
          (len(e), len(ys), strong, total))


if __name__ == "__main__":
    main()
