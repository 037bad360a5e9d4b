#!/usr/bin/env python3
"""gen_shapes.py — seeded participants CSVs (SPEC section 1 columns) of
shapes `nastavnik generate` does not make: mentor mixes and capacities,
teachers and employers free to work in two forms, several orgs and
districts, a `forms` column, tag vocabularies, sparse or empty profiles,
identical profiles (ties). For bench/run-schools.sh (NV_SCHOOL_SHAPES).

usage: gen_shapes.py --seed N -o FILE [options]   (see --help)
"""
import argparse, csv, random, sys

SUBJECTS_ALL = ["math", "physics", "chemistry", "biology", "informatics", "literature",
                "russian", "english", "history", "geography", "pe", "art", "music",
                "economics", "law", "astronomy", "german", "french", "robotics", "design",
                "ecology", "social", "tech", "drama"]
GOALS_ALL = ["exam_prep", "project", "olympiad", "career", "adaptation", "leadership",
             "socialisation", "methodology", "research", "startup", "volunteering", "sport"]
PSYCH_TYPES = ["sanguine", "choleric", "phlegmatic", "melancholic"]
TRAITS = ["extraversion", "neuroticism", "empathy", "communication"]
AREAS = ["emotional_regulation", "conflict_handling", "categorical_judgement",
         "observation", "student_interaction"]
FORMS = ["student-student", "teacher-teacher", "teacher-student", "college-student",
         "employer-student", "employer-college"]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--seed", type=int, required=True)
    ap.add_argument("-o", required=True)
    ap.add_argument("--n", type=int, default=1000, help="people in total")
    ap.add_argument("--mentor-frac", type=float, default=0.35, help="share of mentors")
    # mentor mix (weights) and mentee mix (weights)
    ap.add_argument("--mix-mentors", default="student:5,teacher:4,college_student:1,employer:0.3")
    ap.add_argument("--mix-mentees", default="student:10,teacher:0.3,college_student:0.3")
    ap.add_argument("--cap-min", type=int, default=1)
    ap.add_argument("--cap-max", type=int, default=4)
    ap.add_argument("--cap-dist", default="uniform", choices=["uniform", "geom", "fixed"])
    ap.add_argument("--senior-frac", type=float, default=0.8,
                    help="share of teacher mentors with experience >= 3 (can do teacher-teacher too)")
    ap.add_argument("--orgs", type=int, default=1, help="schools")
    ap.add_argument("--districts", type=int, default=1)
    ap.add_argument("--colleges", type=int, default=1)
    ap.add_argument("--enterprises", type=int, default=2)
    ap.add_argument("--forms-frac", type=float, default=0.0,
                    help="share of people with a non-empty forms column")
    ap.add_argument("--forms-multi", type=float, default=0.5,
                    help="of those, share listing two or more forms")
    ap.add_argument("--subjects", type=int, default=12, help="subject vocabulary size")
    ap.add_argument("--subj-per", type=int, default=3, help="max subject tags per person")
    ap.add_argument("--goals", type=int, default=6, help="goal vocabulary size")
    ap.add_argument("--goals-per", type=int, default=2)
    ap.add_argument("--tag-empty", type=float, default=0.1, help="prob. of an empty tag cell")
    ap.add_argument("--psych", default="full", choices=["full", "sparse", "empty", "typeonly"])
    ap.add_argument("--needs", default="full", choices=["full", "sparse", "empty"])
    ap.add_argument("--ties", type=float, default=0.0,
                    help="share of people copying one of --templates identical profiles")
    ap.add_argument("--templates", type=int, default=3)
    ap.add_argument("--no-consent", type=float, default=0.02)
    ap.add_argument("--age-lo", type=int, default=10, help="student ages lo..hi")
    ap.add_argument("--age-hi", type=int, default=18)
    a = ap.parse_args()
    R = random.Random(a.seed)

    subj = SUBJECTS_ALL[:max(1, min(a.subjects, len(SUBJECTS_ALL)))]
    goals = GOALS_ALL[:max(1, min(a.goals, len(GOALS_ALL)))]
    districts = ["d%02d" % (i + 1) for i in range(a.districts)]
    schools = [("%s-sch%03d" % (districts[i % a.districts], i + 1), districts[i % a.districts])
               for i in range(a.orgs)]
    colleges = [("%s-col%d" % (districts[i % a.districts], i + 1), districts[i % a.districts])
                for i in range(a.colleges)]
    ents = [("%s-ent%d" % (districts[i % a.districts], i + 1), districts[i % a.districts])
            for i in range(a.enterprises)]

    def parse_mix(s):
        out = []
        for part in s.split(","):
            k, v = part.split(":")
            out.append((k, float(v)))
        return out

    mix_m = parse_mix(a.mix_mentors)
    mix_e = parse_mix(a.mix_mentees)

    def pick(mix):
        tot = sum(w for _, w in mix)
        r = R.random() * tot
        for k, w in mix:
            r -= w
            if r <= 0:
                return k
        return mix[-1][0]

    def tags(vocab, per):
        if R.random() < a.tag_empty:
            return ""
        k = R.randint(1, max(1, per))
        return "|".join(R.sample(vocab, min(k, len(vocab))))

    def psych():
        if a.psych == "empty":
            return "", {t: "" for t in TRAITS}
        if a.psych == "typeonly":
            return R.choice(PSYCH_TYPES), {t: "" for t in TRAITS}
        sparse = a.psych == "sparse"
        pt = "" if (sparse and R.random() < 0.7) else R.choice(PSYCH_TYPES)
        tv = {}
        for t in TRAITS:
            if sparse and R.random() < 0.75:
                tv[t] = ""
            else:
                tv[t] = "%.1f" % R.uniform(1, 10)
        return pt, tv

    def needs(prefix):
        d = {}
        for ar in AREAS:
            if a.needs == "empty" or (a.needs == "sparse" and R.random() < 0.8) or R.random() < 0.3:
                d[ar] = ""
            else:
                d[ar] = "%.2f" % R.random()
        return d

    def capacity():
        if a.cap_dist == "fixed":
            return a.cap_max
        if a.cap_dist == "geom":
            c = a.cap_min
            while c < a.cap_max and R.random() < 0.5:
                c += 1
            return c
        return R.randint(a.cap_min, a.cap_max)

    templates = []
    for _ in range(a.templates):
        pt, tv = psych()
        templates.append(dict(subjects=tags(subj, a.subj_per), goals=tags(goals, a.goals_per),
                              psych_type=pt, tv=tv, need=needs("need"), skill=needs("skill")))

    rows = []
    n_mentors = int(round(a.n * a.mentor_frac))
    for i in range(a.n):
        role = "mentor" if i < n_mentors else "mentee"
        cat = pick(mix_m if role == "mentor" else mix_e)
        r = dict(id="", role=role, category=cat, org="", district="", name="", age="",
                 experience_years="", capacity="", consent="1", subjects="", goals="",
                 psych_type="", forms="")
        if cat == "student":
            org, dist = R.choice(schools)
            if role == "mentor":
                r["age"] = str(R.randint(max(15, a.age_lo), max(15, a.age_hi)))
            else:
                r["age"] = str(R.randint(a.age_lo, a.age_hi))
        elif cat == "teacher":
            org, dist = R.choice(schools)
            if role == "mentor":
                r["experience_years"] = str(R.randint(3, 35) if R.random() < a.senior_frac
                                            else R.randint(0, 2))
            else:
                r["experience_years"] = str(R.randint(0, 3))
        elif cat == "college_student":
            org, dist = R.choice(colleges)
            r["age"] = str(R.randint(16, 21))
        else:
            org, dist = R.choice(ents)
        r["org"], r["district"] = org, dist
        if role == "mentor":
            r["capacity"] = str(capacity())
        if R.random() < a.no_consent:
            r["consent"] = R.choice(["0", "нет", "no"])
        if a.ties > 0 and R.random() < a.ties:
            t = R.choice(templates)
            r["subjects"], r["goals"], r["psych_type"] = t["subjects"], t["goals"], t["psych_type"]
            tv = t["tv"]
            nd = t["need"] if role == "mentee" else t["skill"]
        else:
            r["subjects"], r["goals"] = tags(subj, a.subj_per), tags(goals, a.goals_per)
            r["psych_type"], tv = psych()
            nd = needs("x")
        for t in TRAITS:
            r["psych_" + t] = tv[t]
        for ar in AREAS:
            r["need_" + ar] = nd[ar] if role == "mentee" else ""
            r["skill_" + ar] = nd[ar] if role == "mentor" else ""
        if R.random() < a.forms_frac:
            k = 2 if R.random() < a.forms_multi else 1
            if k == 2 and R.random() < 0.3:
                k = 3
            r["forms"] = "|".join(R.sample(FORMS, k))
        rows.append(r)
    R.shuffle(rows)
    cnt = {}
    for r in rows:
        p = {"student": "s", "teacher": "t", "college_student": "c", "employer": "e"}[r["category"]]
        p = ("m" if r["role"] == "mentor" else "n") + p
        cnt[p] = cnt.get(p, 0) + 1
        r["id"] = "%s%05d" % (p, cnt[p])
        r["name"] = "Person %s" % r["id"]
    cols = (["id", "role", "category", "org", "district", "name", "age", "experience_years",
             "capacity", "consent", "subjects", "goals", "psych_type"]
            + ["psych_" + t for t in TRAITS] + ["need_" + x for x in AREAS]
            + ["skill_" + x for x in AREAS] + ["forms"])
    with open(a.o, "w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=cols, lineterminator="\n")
        w.writeheader()
        for r in rows:
            w.writerow(r)


if __name__ == "__main__":
    main()
