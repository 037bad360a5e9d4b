/* generate.c (synthetic participants and constraints files: the datasets of
 * `nastavnik generate`, district by district, with their own PRNG so the
 * same seed gives the same bytes on every machine) */
#include "data.h"

#include <stdlib.h>
#include <string.h>

/* --- PRNG: xoshiro256** seeded through splitmix64 ------------------------ */
typedef struct rng {
	uint64_t s[4];
} rng;

static uint64_t splitmix64(uint64_t *x)
{
	uint64_t z = (*x += 0x9e3779b97f4a7c15ull);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

static void rng_seed(rng *r, uint64_t seed)
{
	for (int i = 0; i < 4; i++)
		r->s[i] = splitmix64(&seed);
}

static uint64_t rotl(uint64_t x, int k)
{
	return (x << k) | (x >> (64 - k));
}

static uint64_t rng_next(rng *r)
{
	uint64_t *s = r->s;
	uint64_t out = rotl(s[1] * 5, 7) * 9;
	uint64_t t = s[1] << 17;
	s[2] ^= s[0];
	s[3] ^= s[1];
	s[1] ^= s[2];
	s[0] ^= s[3];
	s[2] ^= t;
	s[3] = rotl(s[3], 45);
	return out;
}

/* Uniform in [0, n), n > 0, without modulo bias (multiply and reject). */
static uint32_t rng_below(rng *r, uint32_t n)
{
	uint64_t m = (rng_next(r) >> 32) * (uint64_t)n;
	if ((uint32_t)m < n) {
		uint32_t floor = (uint32_t)(-n) % n;
		while ((uint32_t)m < floor)
			m = (rng_next(r) >> 32) * (uint64_t)n;
	}
	return (uint32_t)(m >> 32);
}

static int rng_range(rng *r, int lo, int hi) /* inclusive */
{
	return lo + (int)rng_below(r, (uint32_t)(hi - lo + 1));
}

static double rng_unit(rng *r) /* [0, 1) */
{
	return (double)(rng_next(r) >> 11) * 0x1.0p-53;
}

static int rng_chance(rng *r, double p)
{
	return rng_unit(r) < p;
}

/* x rounded down or up at random so that the mean is x. */
static long rng_round(rng *r, double x)
{
	long f = (long)x;
	return f + (rng_unit(r) < x - (double)f);
}

/* An index drawn with the given weights. */
static int rng_pick(rng *r, const double *w, int n)
{
	double sum = 0;
	for (int i = 0; i < n; i++)
		sum += w[i];
	double u = rng_unit(r) * sum;
	for (int i = 0; i < n - 1; i++) {
		if (u < w[i])
			return i;
		u -= w[i];
	}
	return n - 1;
}

/* --- vocabularies --------------------------------------------------------- */
enum { F_SS = 0, F_TT, F_TS, F_CS, F_ES, F_EC, NFORMS };
static const char *const form_word[NFORMS] = {
	"student-student", "teacher-teacher",  "teacher-student",
	"college-student", "employer-student", "employer-college"};

enum { NAREA = 5, NPSYCH = 4 };
static const char *const area_word[NAREA] = {
	"emotional_regulation", "conflict_handling", "categorical_judgement",
	"observation", "student_interaction"};
/* Share of young teachers with each difficulty, from the district's
 * diagnostics of the methodology (seed 003): 61%, 52%, 51%, 35%, 32%. */
static const double young_need_share[NAREA] = {0.61, 0.52, 0.51, 0.35, 0.32};
/* Students and college students: milder, school-psychologist style. */
static const double student_need_share[NAREA] = {0.30, 0.25, 0.15, 0.15, 0.20};

static const char *const psych_word[NPSYCH] = {"extraversion", "neuroticism",
                                               "empathy", "communication"};
/* Temperament from extraversion and neuroticism (Eysenck's circle). */
static const char *const type_word[4] = {"sanguine", "choleric", "phlegmatic",
                                         "melancholic"};

enum { NSUBJ = 16 };
static const char *const subj_word[NSUBJ] = {
	"math",  "physics", "chemistry",     "biology",   "informatics", "russian",
	"literature", "english", "history", "social_studies", "geography",
	"art",   "music",   "pe",            "technology", "economics"};
static const double subj_student_w[NSUBJ] = {6, 3, 2, 3, 4, 4, 3, 4,
                                             3, 2, 2, 2, 1, 3, 1, 1};
static const double subj_college_w[NSUBJ] = {3, 2, 1, 0, 4, 0, 0, 1,
                                             0, 0, 0, 0, 0, 0, 4, 2};
static const double subj_employer_w[NSUBJ] = {1, 1, 2, 0, 3, 0, 0, 0,
                                              0, 0, 0, 0, 0, 0, 4, 3};

enum { NGOAL = 12 };
static const char *const goal_word[NGOAL] = {
	"exam_prep",  "olympiad", "project",   "career",
	"adaptation", "methodology", "classroom_management", "leadership",
	"sport",      "creativity", "volunteering", "research"};
static const double goal_student_w[NGOAL] = {5, 2, 3, 2, 1, 0, 0, 2, 2, 2, 1, 1};
static const double goal_teacher_w[NGOAL] = {3, 2, 2, 0, 0, 4, 4, 0, 0, 1, 0, 1};
static const double goal_young_w[NGOAL] = {1, 0, 0, 0, 5, 4, 4, 0, 0, 0, 0, 0};
static const double goal_college_w[NGOAL] = {2, 1, 3, 4, 1, 0, 0, 1, 0, 0, 0, 0};
static const double goal_employer_w[NGOAL] = {0, 0, 3, 5, 0, 0, 0, 1, 0, 0, 0, 1};

/* Surnames take "a" in the feminine (all end in -ов, -ев or -ин). */
static const char *const surname[] = {
	"Иванов",  "Смирнов", "Кузнецов", "Попов",   "Васильев", "Петров",
	"Соколов", "Михайлов", "Новиков", "Фёдоров", "Морозов",  "Волков",
	"Алексеев", "Лебедев", "Семёнов", "Егоров",  "Павлов",   "Козлов",
	"Степанов", "Николаев", "Орлов",  "Андреев", "Макаров",  "Никитин",
	"Захаров", "Зайцев",  "Соловьёв", "Борисов", "Яковлев",  "Григорьев"};
static const char *const male_name[] = {
	"Александр", "Дмитрий", "Максим", "Сергей", "Андрей",  "Алексей",
	"Артём",     "Илья",    "Кирилл", "Михаил", "Никита",  "Матвей",
	"Роман",     "Егор",    "Арсений", "Иван",  "Денис",   "Евгений"};
static const char *const female_name[] = {
	"Анастасия", "Мария",  "Анна",     "Виктория", "Екатерина", "Наталья",
	"Марина",    "Полина", "Елена",    "Дарья",    "Алиса",     "Ксения",
	"Александра", "Ольга", "Татьяна",  "Софья",    "Ирина",     "Валерия"};
#define COUNT(a) (sizeof(a) / sizeof *(a))

/* --- scales --------------------------------------------------------------- */
static const struct scale_def {
	const char *word;
	int districts;   /* districts in the file */
	int people;      /* target people per district */
	int spread;      /* district sizes vary by +-spread percent */
	int schools_lo, schools_hi;
	int ent_lo, ent_hi;
} scales[] = {
	[NV_SCALE_TINY] = {"tiny", 1, 35, 0, 1, 1, 1, 1},
	[NV_SCALE_SCHOOL] = {"school", 1, 1010, 0, 1, 1, 1, 2},
	[NV_SCALE_DISTRICT] = {"district", 1, 20000, 0, 20, 60, 3, 6},
	[NV_SCALE_CITY] = {"city", 10, 20000, 30, 20, 60, 3, 6},
	[NV_SCALE_REGION] = {"region", 50, 20000, 30, 20, 60, 3, 6},
};

/* People per student mentee, all told (mentors, teachers, the college and
 * the enterprises); sets how many mentees a district of N people has. */
#define PEOPLE_PER_MENTEE 1.62

/* --- people ---------------------------------------------------------------- */
enum { R_MENTOR = 0, R_MENTEE = 1 };
enum { C_STUDENT = 0, C_TEACHER, C_COLLEGE, C_EMPLOYER };
#define EMPTY8 255

typedef struct person {
	uint8_t role, cat;
	uint8_t form;    /* the form this person offers or wants */
	uint8_t forms;   /* bit set of the forms column; 0 = empty (any) */
	uint8_t consent, consent_word; /* word: 0 "1/0", 1 "yes/no", 2 "да/нет" */
	uint8_t age;     /* 0: empty */
	uint8_t cap;     /* 0: empty */
	int8_t exp2;     /* experience in half years; -1: empty */
	uint8_t ptype;   /* 0: empty, else 1 + index in type_word */
	uint8_t psych[NPSYCH]; /* tenths of a point, 10..100; 0: empty */
	uint8_t need[NAREA];   /* hundredths; EMPTY8: empty */
	uint8_t skill[NAREA];
	uint8_t female, first, last;
	uint8_t fixes;   /* constraints: fixed pairs taken by this person */
	uint16_t org;    /* index in the district's orgs */
	uint16_t subj, goal; /* bit sets over the vocabularies */
	uint32_t serial; /* the number in the id */
} person;

typedef struct district {
	int index; /* 0-based */
	int n_schools, n_ent;
	size_t n, cap;
	person *p;
	/* people of school k are p[school_lo[k] .. school_lo[k+1]) */
	size_t *school_lo;
	size_t college_lo, ent_lo; /* college block, enterprises block */
} district;

static person *add(district *d)
{
	if (d->n == d->cap) {
		d->cap = d->cap ? 2 * d->cap : 1024;
		d->p = nv_xreallocarray(d->p, d->cap, sizeof *d->p);
	}
	person *q = &d->p[d->n++];
	memset(q, 0, sizeof *q);
	q->exp2 = -1;
	memset(q->need, EMPTY8, sizeof q->need);
	memset(q->skill, EMPTY8, sizeof q->skill);
	return q;
}

static uint16_t pick_tags(rng *r, const double *w, int n, int lo, int hi)
{
	int k = rng_range(r, lo, hi);
	uint16_t set = 0;
	for (int tries = 0; k > 0 && tries < 32; tries++) {
		int t = rng_pick(r, w, n);
		if (!(set & (1u << t))) {
			set |= (uint16_t)(1u << t);
			k--;
		}
	}
	return set;
}

/* Survey answers everyone gives: consent, name, psychology. */
static void common(rng *r, person *q, uint16_t org)
{
	q->org = org;
	q->consent = !rng_chance(r, 0.03);
	double u = rng_unit(r);
	q->consent_word = u < 0.90 ? 0 : u < 0.95 ? 1 : 2;
	q->female = (uint8_t)rng_chance(r, 0.5);
	q->last = (uint8_t)rng_below(r, COUNT(surname));
	q->first = (uint8_t)rng_below(r, q->female ? COUNT(female_name) : COUNT(male_name));
	for (int k = 0; k < NPSYCH; k++) {
		/* a bell shape on 1.0..10.0 */
		int v = 10 + (int)rng_below(r, 31) + (int)rng_below(r, 31) + (int)rng_below(r, 31);
		q->psych[k] = rng_chance(r, 0.03) ? 0 : (uint8_t)v;
	}
	if (!rng_chance(r, 0.05)) {
		int e = q->psych[0] ? q->psych[0] : 55, n = q->psych[1] ? q->psych[1] : 55;
		q->ptype = (uint8_t)(1 + (e >= 55 ? (n >= 55 ? 1 : 0) : (n >= 55 ? 3 : 2)));
	}
}

/* A mentee states forms a third of the time: the wanted one, sometimes
 * with a second. */
static void mentee_forms(rng *r, person *q, uint8_t allowed)
{
	if (!rng_chance(r, 0.3))
		return;
	q->forms = (uint8_t)(1u << q->form);
	if (rng_chance(r, 0.3)) {
		int f = rng_range(r, 0, NFORMS - 1);
		if (allowed & (1u << f))
			q->forms |= (uint8_t)(1u << f);
	}
}

static void mentor_forms(rng *r, person *q)
{
	if (rng_chance(r, 0.4))
		q->forms = (uint8_t)(1u << q->form);
}

static void student_needs(rng *r, person *q)
{
	for (int a = 0; a < NAREA; a++) {
		if (rng_chance(r, student_need_share[a]))
			q->need[a] = (uint8_t)rng_range(r, 50, 100);
		else if (rng_chance(r, 0.5))
			q->need[a] = (uint8_t)rng_range(r, 0, 40);
	}
}

static void skills(rng *r, person *q, int lo, int hi)
{
	for (int a = 0; a < NAREA; a++)
		if (!rng_chance(r, 0.1))
			q->skill[a] = (uint8_t)rng_range(r, lo, hi);
}

static int student_age(rng *r, int lo)
{
	static const double w[9] = {1, 1, 1, 1, 1, 1, 1, 1, 0.4}; /* 10..18 */
	return lo + rng_pick(r, w + (lo - 10), 9 - (lo - 10));
}

/* One school: mentees first, then as many mentors of each school form as
 * offer ratio × the mentees who want that form, then the young teachers
 * (a tenth of the teachers) and their mentors. */
static void gen_school(rng *r, district *d, uint16_t org, long mentees)
{
	long want[NFORMS] = {0};
	for (long i = 0; i < mentees; i++) {
		person *q = add(d);
		common(r, q, org);
		q->role = R_MENTEE;
		q->cat = C_STUDENT;
		q->age = (uint8_t)student_age(r, 10);
		static const double w_old[NFORMS] = {0.40, 0, 0.40, 0.10, 0.10, 0};
		static const double w_young[NFORMS] = {0.45, 0, 0.45, 0.10, 0, 0};
		q->form = (uint8_t)rng_pick(r, q->age >= 14 ? w_old : w_young, NFORMS);
		want[q->form]++;
		uint8_t allowed = (1u << F_SS) | (1u << F_TS) | (1u << F_CS) |
		                  (q->age >= 14 ? 1u << F_ES : 0);
		mentee_forms(r, q, allowed);
		q->subj = pick_tags(r, subj_student_w, NSUBJ, 1, 3);
		q->goal = pick_tags(r, goal_student_w, NGOAL, 1, 2);
		student_needs(r, q);
	}
	/* student mentors, aged 15-18 */
	double ratio = 0.7 + 0.5 * rng_unit(r);
	for (long cap = 0; cap < ratio * (double)want[F_SS];) {
		person *q = add(d);
		common(r, q, org);
		q->role = R_MENTOR;
		q->cat = C_STUDENT;
		q->form = F_SS;
		q->age = (uint8_t)student_age(r, 15);
		double u = rng_unit(r);
		q->cap = u < 0.80 ? 1 : u < 0.95 ? 2 : 3;
		cap += q->cap;
		mentor_forms(r, q);
		q->subj = pick_tags(r, subj_student_w, NSUBJ, 1, 3);
		q->goal = pick_tags(r, goal_student_w, NGOAL, 1, 2);
		skills(r, q, 10, 70);
	}
	/* subject teachers who take a group of students */
	ratio = 0.7 + 0.5 * rng_unit(r);
	long n_ts = 0;
	for (long cap = 0; cap < ratio * (double)want[F_TS]; n_ts++) {
		person *q = add(d);
		common(r, q, org);
		q->role = R_MENTOR;
		q->cat = C_TEACHER;
		q->form = F_TS;
		q->exp2 = (int8_t)(2 * rng_range(r, 4, 40));
		q->cap = (uint8_t)rng_range(r, 1, 4);
		cap += q->cap;
		mentor_forms(r, q);
		q->subj = pick_tags(r, subj_student_w, NSUBJ, 1, 2);
		q->goal = pick_tags(r, goal_teacher_w, NGOAL, 1, 2);
		skills(r, q, 30 + q->exp2 / 4, 100);
	}
	/* young specialists: a tenth of all teachers, each experienced teacher
	 * of the teacher-teacher form taking one */
	ratio = 0.7 + 0.5 * rng_unit(r);
	long young = rng_round(r, (double)n_ts / (9.0 - ratio));
	long n_tt = rng_round(r, ratio * (double)young);
	for (long i = 0; i < young; i++) {
		person *q = add(d);
		common(r, q, org);
		q->role = R_MENTEE;
		q->cat = C_TEACHER;
		q->form = F_TT;
		q->exp2 = (int8_t)rng_range(r, 0, 6);
		mentee_forms(r, q, 1u << F_TT);
		q->subj = pick_tags(r, subj_student_w, NSUBJ, 1, 2);
		q->goal = pick_tags(r, goal_young_w, NGOAL, 1, 2);
		/* needs are drawn per district, to the survey's shares */
	}
	for (long i = 0; i < n_tt; i++) {
		person *q = add(d);
		common(r, q, org);
		q->role = R_MENTOR;
		q->cat = C_TEACHER;
		q->form = F_TT;
		q->exp2 = (int8_t)(2 * rng_range(r, 6, 40));
		q->cap = 1;
		mentor_forms(r, q);
		q->subj = pick_tags(r, subj_student_w, NSUBJ, 1, 2);
		q->goal = pick_tags(r, goal_teacher_w, NGOAL, 1, 2);
		skills(r, q, 40 + q->exp2 / 4, 100);
	}
}

static void shuffle(rng *r, person *p, size_t n)
{
	for (size_t i = n; i > 1; i--) {
		size_t j = rng_below(r, (uint32_t)i);
		person t = p[i - 1];
		p[i - 1] = p[j];
		p[j] = t;
	}
}

/* Exactly round(share × count) young teachers of the district have each
 * difficulty (need >= 0.5), the others a low level or nothing. */
static void young_needs(rng *r, district *d)
{
	size_t n = 0;
	size_t *idx = nv_xmalloc((d->n + 1) * sizeof *idx);
	for (size_t i = 0; i < d->n; i++)
		if (d->p[i].cat == C_TEACHER && d->p[i].role == R_MENTEE)
			idx[n++] = i;
	for (int a = 0; a < NAREA; a++) {
		size_t k = (size_t)(young_need_share[a] * (double)n + 0.5);
		for (size_t i = 0; i < n; i++) { /* partial Fisher-Yates */
			size_t j = i + rng_below(r, (uint32_t)(n - i));
			size_t t = idx[i];
			idx[i] = idx[j];
			idx[j] = t;
			person *q = &d->p[idx[i]];
			if (i < k)
				q->need[a] = (uint8_t)rng_range(r, 50, 100);
			else
				q->need[a] = rng_chance(r, 0.7) ? (uint8_t)rng_range(r, 0, 40) : EMPTY8;
		}
	}
	free(idx);
}

static void gen_district(rng *r, const struct scale_def *s, district *d)
{
	d->n = 0;
	double people = s->people;
	if (s->spread)
		people *= 1.0 + (double)rng_range(r, -s->spread, s->spread) / 100.0;
	d->n_schools = rng_range(r, s->schools_lo, s->schools_hi);
	d->n_ent = rng_range(r, s->ent_lo, s->ent_hi);
	d->school_lo = nv_xreallocarray(d->school_lo, (size_t)d->n_schools + 1,
	                                sizeof *d->school_lo);
	double *w = nv_xmalloc((size_t)d->n_schools * sizeof *w), wsum = 0;
	for (int k = 0; k < d->n_schools; k++)
		wsum += w[k] = 0.5 + rng_unit(r);
	for (int k = 0; k < d->n_schools; k++) {
		d->school_lo[k] = d->n;
		long mentees = rng_round(r, people / PEOPLE_PER_MENTEE * w[k] / wsum);
		gen_school(r, d, (uint16_t)k, mentees);
		shuffle(r, d->p + d->school_lo[k], d->n - d->school_lo[k]);
	}
	d->school_lo[d->n_schools] = d->n;
	free(w);

	long want[NFORMS] = {0};
	for (size_t i = 0; i < d->n; i++)
		if (d->p[i].role == R_MENTEE)
			want[d->p[i].form]++;

	/* the college: students mentoring school students, and students
	 * mentored by the enterprises */
	uint16_t college = (uint16_t)d->n_schools;
	d->college_lo = d->n;
	double ratio = 0.7 + 0.5 * rng_unit(r);
	long n_cm = 0;
	for (long cap = 0; cap < ratio * (double)want[F_CS]; n_cm++) {
		person *q = add(d);
		common(r, q, college);
		q->role = R_MENTOR;
		q->cat = C_COLLEGE;
		q->form = F_CS;
		q->age = (uint8_t)rng_range(r, 17, 21);
		double u = rng_unit(r);
		q->cap = u < 0.5 ? 1 : u < 0.85 ? 2 : 3;
		cap += q->cap;
		mentor_forms(r, q);
		q->subj = pick_tags(r, subj_college_w, NSUBJ, 1, 2);
		q->goal = pick_tags(r, goal_college_w, NGOAL, 1, 2);
		skills(r, q, 20, 80);
	}
	long n_ce = rng_round(r, 0.4 * (double)n_cm) + 1;
	for (long i = 0; i < n_ce; i++) {
		person *q = add(d);
		common(r, q, college);
		q->role = R_MENTEE;
		q->cat = C_COLLEGE;
		q->form = F_EC;
		q->age = (uint8_t)rng_range(r, 15, 19);
		mentee_forms(r, q, 1u << F_EC);
		q->subj = pick_tags(r, subj_college_w, NSUBJ, 1, 2);
		q->goal = pick_tags(r, goal_college_w, NGOAL, 1, 2);
		student_needs(r, q);
		want[F_EC]++;
	}
	shuffle(r, d->p + d->college_lo, d->n - d->college_lo);

	/* enterprises: employees leading groups of 5-15 */
	d->ent_lo = d->n;
	ratio = 0.7 + 0.5 * rng_unit(r);
	double es_share = (double)want[F_ES] / (double)(want[F_ES] + want[F_EC]);
	for (long cap = 0; cap < ratio * (double)(want[F_ES] + want[F_EC]);) {
		person *q = add(d);
		common(r, q, (uint16_t)(college + 1 + rng_below(r, (uint32_t)d->n_ent)));
		q->role = R_MENTOR;
		q->cat = C_EMPLOYER;
		q->form = rng_chance(r, es_share) ? F_ES : F_EC;
		q->cap = (uint8_t)rng_range(r, 5, 15);
		cap += q->cap;
		mentor_forms(r, q);
		q->subj = pick_tags(r, subj_employer_w, NSUBJ, 1, 2);
		q->goal = pick_tags(r, goal_employer_w, NGOAL, 1, 2);
		skills(r, q, 20, 90);
	}
	shuffle(r, d->p + d->ent_lo, d->n - d->ent_lo);
	young_needs(r, d);
}

/* --- eligibility under the built-in forms (SPEC §2) ----------------------- */
static int pair_form(const person *m, const person *e)
{
	for (int f = 0; f < NFORMS; f++) {
		int ok;
		switch (f) {
		case F_SS:
			ok = m->cat == C_STUDENT && m->age >= 15 && m->age <= 18 &&
			     e->cat == C_STUDENT && e->age >= 10 && e->age <= 18 &&
			     m->org == e->org;
			break;
		case F_TT:
			ok = m->cat == C_TEACHER && m->exp2 >= 6 && e->cat == C_TEACHER &&
			     e->exp2 >= 0 && e->exp2 <= 6 && m->org == e->org;
			break;
		case F_TS:
			ok = m->cat == C_TEACHER && e->cat == C_STUDENT && e->age >= 10 &&
			     e->age <= 18 && m->org == e->org;
			break;
		case F_CS:
			ok = m->cat == C_COLLEGE && e->cat == C_STUDENT && e->age >= 10 &&
			     e->age <= 18;
			break;
		case F_ES:
			ok = m->cat == C_EMPLOYER && e->cat == C_STUDENT && e->age >= 14 &&
			     e->age <= 18;
			break;
		default:
			ok = m->cat == C_EMPLOYER && e->cat == C_COLLEGE;
			break;
		}
		uint8_t bit = (uint8_t)(1u << f);
		if (ok && (!m->forms || (m->forms & bit)) && (!e->forms || (e->forms & bit)))
			return f;
	}
	return -1;
}

/* --- writing ---------------------------------------------------------------- */
typedef struct wbuf {
	FILE *f;
	char *b;
	size_t len, cap;
	int err;
} wbuf;

#define WBUF_SIZE (1u << 20)
#define ROW_MAX 2048 /* no row comes near */

static void wb_flush(wbuf *w)
{
	if (w->len && fwrite(w->b, 1, w->len, w->f) != w->len)
		w->err = 1;
	w->len = 0;
}

static void wb_room(wbuf *w)
{
	if (w->cap - w->len < ROW_MAX)
		wb_flush(w);
}

static void wb_str(wbuf *w, const char *s)
{
	size_t n = strlen(s);
	memcpy(w->b + w->len, s, n);
	w->len += n;
}

static void wb_ch(wbuf *w, char c)
{
	w->b[w->len++] = c;
}

static void wb_uint(wbuf *w, unsigned long v)
{
	char tmp[24];
	int n = 0;
	do {
		tmp[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	while (n)
		w->b[w->len++] = tmp[--n];
}

static void wb_zpad(wbuf *w, unsigned long v, int width)
{
	char tmp[24];
	int n = 0;
	do {
		tmp[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v || n < width);
	while (n)
		w->b[w->len++] = tmp[--n];
}

/* v / 10^dec without trailing zeros: 50 hundredths -> "0.5", 100 -> "1" */
static void wb_fixed(wbuf *w, unsigned v, int dec)
{
	unsigned p = dec == 1 ? 10 : 100;
	wb_uint(w, v / p);
	unsigned frac = v % p;
	if (!frac)
		return;
	wb_ch(w, '.');
	if (dec == 2) {
		wb_ch(w, (char)('0' + frac / 10));
		if (frac % 10)
			wb_ch(w, (char)('0' + frac % 10));
	} else {
		wb_ch(w, (char)('0' + frac));
	}
}

static void wb_tags(wbuf *w, unsigned set, const char *const *word, int n)
{
	int first = 1;
	for (int t = 0; t < n; t++)
		if (set & (1u << t)) {
			if (!first)
				wb_ch(w, '|');
			wb_str(w, word[t]);
			first = 0;
		}
}

static const char id_letter[4] = {'s', 't', 'c', 'e'};

static void wb_id(wbuf *w, const person *q)
{
	wb_ch(w, id_letter[q->cat]);
	wb_zpad(w, q->serial, 7);
}

static void wb_org(wbuf *w, const district *d, uint16_t org)
{
	wb_ch(w, 'd');
	wb_zpad(w, (unsigned long)d->index + 1, 2);
	if (org < d->n_schools) {
		wb_str(w, "-sch");
		wb_zpad(w, (unsigned long)org + 1, 3);
	} else if (org == d->n_schools) {
		wb_str(w, "-col");
	} else {
		wb_str(w, "-ent");
		wb_uint(w, (unsigned long)(org - d->n_schools));
	}
}

static void write_header(wbuf *w)
{
	wb_room(w);
	wb_str(w, "id,role,category,org,district,name,age,experience_years,"
	          "capacity,consent,subjects,goals,psych_type");
	for (int k = 0; k < NPSYCH; k++) {
		wb_str(w, ",psych_");
		wb_str(w, psych_word[k]);
	}
	for (int a = 0; a < NAREA; a++) {
		wb_str(w, ",need_");
		wb_str(w, area_word[a]);
	}
	for (int a = 0; a < NAREA; a++) {
		wb_str(w, ",skill_");
		wb_str(w, area_word[a]);
	}
	wb_str(w, ",forms\n");
}

static const char *const cat_word[4] = {"student", "teacher", "college_student",
                                        "employer"};
static const char *const consent_yes[3] = {"1", "yes", "да"};
static const char *const consent_no[3] = {"0", "no", "нет"};

static void write_person(wbuf *w, const district *d, const person *q)
{
	wb_room(w);
	wb_id(w, q);
	wb_str(w, q->role == R_MENTOR ? ",mentor," : ",mentee,");
	wb_str(w, cat_word[q->cat]);
	wb_ch(w, ',');
	wb_org(w, d, q->org);
	wb_str(w, ",d");
	wb_zpad(w, (unsigned long)d->index + 1, 2);
	wb_ch(w, ',');
	if (q->female) {
		wb_str(w, surname[q->last]);
		wb_str(w, "а ");
		wb_str(w, female_name[q->first]);
	} else {
		wb_str(w, surname[q->last]);
		wb_ch(w, ' ');
		wb_str(w, male_name[q->first]);
	}
	wb_ch(w, ',');
	if (q->age)
		wb_uint(w, q->age);
	wb_ch(w, ',');
	if (q->exp2 >= 0)
		wb_fixed(w, 5u * (unsigned)q->exp2, 1);
	wb_ch(w, ',');
	if (q->cap)
		wb_uint(w, q->cap);
	wb_ch(w, ',');
	wb_str(w, q->consent ? consent_yes[q->consent_word] : consent_no[q->consent_word]);
	wb_ch(w, ',');
	wb_tags(w, q->subj, subj_word, NSUBJ);
	wb_ch(w, ',');
	wb_tags(w, q->goal, goal_word, NGOAL);
	wb_ch(w, ',');
	if (q->ptype)
		wb_str(w, type_word[q->ptype - 1]);
	for (int k = 0; k < NPSYCH; k++) {
		wb_ch(w, ',');
		if (q->psych[k])
			wb_fixed(w, q->psych[k], 1);
	}
	for (int a = 0; a < NAREA; a++) {
		wb_ch(w, ',');
		if (q->need[a] != EMPTY8)
			wb_fixed(w, q->need[a], 2);
	}
	for (int a = 0; a < NAREA; a++) {
		wb_ch(w, ',');
		if (q->skill[a] != EMPTY8)
			wb_fixed(w, q->skill[a], 2);
	}
	wb_ch(w, ',');
	wb_tags(w, q->forms, form_word, NFORMS);
	wb_ch(w, '\n');
}

/* --- constraints ------------------------------------------------------------ */
typedef struct picked {
	size_t n, cap;
	uint64_t *pair; /* mentor index << 32 | mentee index, this district */
} picked;

static int picked_has(const picked *pk, uint64_t key)
{
	for (size_t i = 0; i < pk->n; i++)
		if (pk->pair[i] == key)
			return 1;
	return 0;
}

static void picked_add(picked *pk, uint64_t key)
{
	if (pk->n == pk->cap) {
		pk->cap = pk->cap ? 2 * pk->cap : 64;
		pk->pair = nv_xreallocarray(pk->pair, pk->cap, sizeof *pk->pair);
	}
	pk->pair[pk->n++] = key;
}

static void write_constraint(wbuf *w, const char *kind, const person *m,
                             const person *e)
{
	wb_room(w);
	wb_str(w, kind);
	wb_ch(w, ',');
	wb_id(w, m);
	wb_ch(w, ',');
	wb_id(w, e);
	wb_ch(w, '\n');
}

/* Up to `want` constraints of one kind on eligible consenting pairs whose
 * mentor is drawn from p[mlo..mhi) and mentee from p[elo..ehi). A fix
 * takes a mentee never fixed before, and a mentor with capacity left and
 * in one form only. */
static void pick_pairs(rng *r, district *d, wbuf *w, int fix, int want,
                       size_t mlo, size_t mhi, size_t elo, size_t ehi,
                       picked *pk, uint8_t *fix_form)
{
	if (mhi <= mlo || ehi <= elo)
		return;
	for (int tries = 0; want > 0 && tries < 200 * want; tries++) {
		size_t mi = mlo + rng_below(r, (uint32_t)(mhi - mlo));
		size_t ei = elo + rng_below(r, (uint32_t)(ehi - elo));
		person *m = &d->p[mi], *e = &d->p[ei];
		if (m->role != R_MENTOR || e->role != R_MENTEE || !m->consent || !e->consent)
			continue;
		int f = pair_form(m, e);
		uint64_t key = (uint64_t)mi << 32 | ei;
		if (f < 0 || picked_has(pk, key))
			continue;
		if (fix) {
			int cap = m->cap ? m->cap : 1;
			if (e->fixes || m->fixes >= cap || (m->fixes && fix_form[mi] != f))
				continue;
			m->fixes++;
			e->fixes = 1;
			fix_form[mi] = (uint8_t)f;
		}
		picked_add(pk, key);
		write_constraint(w, fix ? "fix" : "forbid", m, e);
		want--;
	}
}

static void gen_constraints(rng *r, district *d, wbuf *w)
{
	picked pk = {0};
	uint8_t *fix_form = nv_xcalloc(d->n + 1, 1);
	for (int k = 0; k < d->n_schools; k++) {
		size_t lo = d->school_lo[k], hi = d->school_lo[k + 1];
		int n = 1 + (int)((hi - lo) / 300);
		pick_pairs(r, d, w, 1, rng_range(r, 1, n), lo, hi, lo, hi, &pk, fix_form);
		pick_pairs(r, d, w, 0, rng_range(r, 1, n), lo, hi, lo, hi, &pk, fix_form);
	}
	/* district forms: college students with school students, employers
	 * with either */
	size_t schools_hi = d->school_lo[d->n_schools];
	pick_pairs(r, d, w, 1, 1, d->college_lo, d->ent_lo, 0, schools_hi, &pk, fix_form);
	pick_pairs(r, d, w, 0, 1, d->college_lo, d->ent_lo, 0, schools_hi, &pk, fix_form);
	pick_pairs(r, d, w, 1, 1, d->ent_lo, d->n, 0, d->ent_lo, &pk, fix_form);
	pick_pairs(r, d, w, 0, 1, d->ent_lo, d->n, 0, d->ent_lo, &pk, fix_form);
	free(pk.pair);
	free(fix_form);
}

/* --- API ------------------------------------------------------------------ */
void nv_gen_params_init(nv_gen_params *p)
{
	p->scale = NV_SCALE_TINY;
	p->seed = 1;
}

int nv_scale_parse(const char *word, nv_scale *out)
{
	for (size_t i = 0; i < COUNT(scales); i++)
		if (!strcmp(word, scales[i].word)) {
			*out = (nv_scale)i;
			return NV_OK;
		}
	return NV_EUSAGE;
}

int nv_generate(const nv_gen_params *p, FILE *participants, FILE *constraints)
{
	NV_ASSERT(p && participants);
	NV_ASSERT((size_t)p->scale < COUNT(scales));
	const struct scale_def *s = &scales[p->scale];
	rng r, rc;
	rng_seed(&r, p->seed);
	/* constraints draw from their own stream: the participants file is the
	 * same with or without them */
	rng_seed(&rc, p->seed ^ 0x636f6e73747261ull);
	wbuf w = {participants, nv_xmalloc(WBUF_SIZE), 0, WBUF_SIZE, 0};
	wbuf wc = {constraints, NULL, 0, WBUF_SIZE, 0};
	if (constraints) {
		wc.b = nv_xmalloc(WBUF_SIZE);
		wb_str(&wc, "kind,mentor_id,mentee_id\n");
	}
	write_header(&w);
	district d = {0};
	uint32_t serial = 1;
	for (int k = 0; k < s->districts; k++) {
		d.index = k;
		gen_district(&r, s, &d);
		for (size_t i = 0; i < d.n; i++) {
			d.p[i].serial = serial++;
			write_person(&w, &d, &d.p[i]);
		}
		if (constraints)
			gen_constraints(&rc, &d, &wc);
	}
	wb_flush(&w);
	int err = w.err || fflush(participants) != 0;
	if (constraints) {
		wb_flush(&wc);
		err |= wc.err || fflush(constraints) != 0;
	}
	free(w.b);
	free(wc.b);
	free(d.p);
	free(d.school_lo);
	return err ? NV_EFAIL : NV_OK;
}
