#!/usr/bin/env python3
"""Writes the valid variants of one participants table that the data tests
read and compare field by field. Run from this folder; the outputs are
committed, so this is only needed to change them."""

hdr = ["id", "role", "category", "org", "district", "name", "age",
       "experience_years", "capacity", "consent", "subjects", "goals",
       "psych_type", "psych_calm", "psych_open", "need_observation",
       "skill_observation", "forms", "note"]
rows = [
    ["t01", "mentor", "teacher", "sch1", "d1", 'Иванова "Ёлка", Анна\nМихайловна', "", "12", "2", "1",
     "math|physics", "career", "sanguine", "0.61", "-1.5", "", "0.8", "teacher-teacher|teacher-student", "ok"],
    ["t02", "mentee", "teacher", "sch1", "d1", "Пётр Сидоров", "", "1", "", "1",
     "math", "", "phlegmatic", "0.2", "3", "0.9", "", "", ""],
    ["s01", "mentor", "student", "sch1", "d1", "Ёжик", "16", "", "1", "1",
     " physics | math ||", "olymp|career", "sanguine", "1e-1", "0", "", "0.25", "", ""],
    ["s02", "mentee", "student", "sch1", "d1", "Маша; Даша", "12.0", "", "", "1",
     "math|math", "olymp", "", "", "", "0.5", "", "", ""],
    ["s03", "mentee", "student", "sch2", "d2", "Без согласия", "11", "", "", "0",
     "", "", "", "", "", "", "", "", ""],
    ["c01", "mentor", "college_student", "col1", "d2", "Студент", "19", "", "3", "1",
     "it", "career", "choleric", "2.5", "", "", "1", "", ""],
    ["e01", "mentor", "employer", "ent1", "d2", "Завод «Ромашка»", "", "", "0", "1",
     "", "career", "", "", "", "", "0", "", ""],
]


def quote(v, d, force):
    if force or any(c in v for c in d + '"\r\n'):
        return '"' + v.replace('"', '""') + '"'
    return v


def write(name, d, nl, enc, bom=False, force=False,
          value=lambda h, v: v, head=lambda h: h):
    lines = [d.join(quote(head(h), d, force) for h in hdr)]
    for r in rows:
        lines.append(d.join(quote(value(hdr[j], v), d, force) for j, v in enumerate(r)))
    data = (nl.join(lines) + nl).encode(enc)
    open(name, "wb").write((b"\xef\xbb\xbf" if bom else b"") + data)


def excel(h, v):
    if h == "role":
        return {"mentor": "НАСТАВНИК", "mentee": "Наставляемый"}[v]
    if h == "consent":
        return {"1": "Да", "0": "нет"}[v]
    if h == "category":
        return v.upper()
    if h.startswith(("psych_", "need_", "skill_")) and "e" not in v:
        return v.replace(".", ",")
    return v


def tab(h, v):
    if h == "consent":
        return {"1": "yes", "0": "No"}[v]
    if h == "role":
        return v.capitalize()
    return v


write("utf8.csv", ",", "\n", "utf-8")
write("utf8-bom-crlf.csv", ",", "\r\n", "utf-8", bom=True)
write("cp1251-semicolon-crlf.csv", ";", "\r\n", "cp1251", value=excel,
      head=lambda h: " " + h.upper() + " ")
write("tab-quoted.csv", "\t", "\n", "utf-8", force=True, value=tab)
