/* test_match.c (nastavnik match checked against an independent reading of
 * SPEC on many random tiny districts: only eligible pairs, scores and
 * contributions, the brute-force optimum of each objective, fixed in,
 * forbidden out, capacities, one form per mentor, nothing lost, order, and
 * the computed unmatched codes) */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <unistd.h>

#include "cli_dir.h"

static char where[256]; /* which case, for failure messages */

#define CHECK(cond, ...)                                                        \
	do {                                                                        \
		if (!(cond)) {                                                          \
			print_error("%s: ", where);                                         \
			print_error(__VA_ARGS__);                                           \
			print_error("\n");                                                  \
			fail();                                                             \
		}                                                                       \
	} while (0)

static const char *obj_word[3] = {"coverage", "score", "maximin"};

/* Runs match on d; returns the exit code. Outputs in cli_dir/out. */
static int run_match(const ref_data *d, const char *extra)
{
	char path[512], args[2048], cons[600] = "", cfg[600] = "";
	snprintf(path, sizeof path, "%s/p.csv", cli_dir);
	ref_write(d, path, ',', 0, 0);
	if (d->n_fix || d->n_forbid) {
		char cp[512];
		snprintf(cp, sizeof cp, "%s/c.csv", cli_dir);
		FILE *f = fopen(cp, "w");
		fputs("kind,mentor_id,mentee_id\n", f);
		for (int k = 0; k < d->n_forbid; k++)
			fprintf(f, "forbid,%s,%s\n", d->p[d->forbid[k][0]].id, d->p[d->forbid[k][1]].id);
		for (int k = 0; k < d->n_fix; k++)
			fprintf(f, "fix,%s,%s\n", d->p[d->fix[k][0]].id, d->p[d->fix[k][1]].id);
		fclose(f);
		snprintf(cons, sizeof cons, "--constraints %s", cp);
	}
	if (d->min_score > 0) {
		char cp[512];
		snprintf(cp, sizeof cp, "%s/cfg.ini", cli_dir);
		FILE *f = fopen(cp, "w");
		fprintf(f, "[match]\nmin_score = %.2f\n", d->min_score);
		fclose(f);
		snprintf(cfg, sizeof cfg, "-c %s", cp);
	}
	char o[512], e[512];
	snprintf(o, sizeof o, "%s/stdout", cli_dir);
	snprintf(e, sizeof e, "%s/stderr", cli_dir);
	snprintf(args, sizeof args, "match %s -o %s/out %s %s --objective %s --lang en -q %s", path,
	         cli_dir, cons, cfg, obj_word[d->objective], extra ? extra : "");
	return ref_run(args, o, e);
}

/* Every check of SPEC §4 and §6 on the outputs of one run. */
static void check_outputs(const ref_data *d)
{
	char path[512];
	snprintf(path, sizeof path, "%s/out/pairs.csv", cli_dir);
	ref_csv *pc = ref_csv_read(path);
	snprintf(path, sizeof path, "%s/out/unmatched.csv", cli_dir);
	ref_csv *uc = ref_csv_read(path);
	CHECK(pc && uc, "outputs missing");
	CHECK(pc->cols[0] == 11 && !strcmp(pc->cell[0][0], "group") &&
	          !strcmp(pc->cell[0][10], "reason"),
	      "pairs.csv header");
	CHECK(uc->cols[0] == 4 && !strcmp(uc->cell[0][2], "reason_code"), "unmatched.csv header");

	int in_pairs[REF_MAX] = {0}, in_un[REF_MAX] = {0}, load[REF_MAX] = {0}, form_of[REF_MAX];
	int mentor_of[REF_MAX];
	for (int i = 0; i < REF_MAX; i++)
		form_of[i] = mentor_of[i] = -1;
	int count = 0, prev_m = -1, prev_e = -1;
	long long total = 0, mn = -1;
	for (int r = 1; r < pc->rows; r++) {
		char **c = pc->cell[r];
		CHECK(pc->cols[r] == 11, "pairs.csv row %d has %d fields", r, pc->cols[r]);
		int m = ref_index(d, c[1]), e = ref_index(d, c[2]);
		CHECK(m >= 0 && e >= 0 && d->p[m].mentor && !d->p[e].mentor, "pair %s,%s", c[1], c[2]);
		CHECK(!strcmp(c[0], c[1]), "group is the mentor id");
		CHECK(d->p[m].consent && d->p[e].consent, "pair without consent %s,%s", c[1], c[2]);
		int f = d->elig_form[m][e];
		CHECK(f >= 0, "ineligible pair %s,%s", c[1], c[2]);
		CHECK(!strcmp(c[3], ref_form_name[f]), "form of %s,%s: %s, want %s", c[1], c[2], c[3],
		      ref_form_name[f]);
		long long s = ref_micro(c[4]), want = llround(d->score[m][e] * 1e6);
		CHECK(llabs(s - want) <= 1, "score of %s,%s: %s, want %.6f", c[1], c[2], c[4],
		      d->score[m][e]);
		CHECK(ref_micro(c[5]) + ref_micro(c[6]) + ref_micro(c[7]) + ref_micro(c[8]) == s,
		      "contributions of %s,%s do not add up to the score", c[1], c[2]);
		int fixed = 0, forbidden = 0;
		for (int k = 0; k < d->n_fix; k++)
			fixed |= d->fix[k][0] == m && d->fix[k][1] == e;
		for (int k = 0; k < d->n_forbid; k++)
			forbidden |= d->forbid[k][0] == m && d->forbid[k][1] == e;
		CHECK(!forbidden, "forbidden pair %s,%s chosen", c[1], c[2]);
		CHECK(!strcmp(c[9], fixed ? "yes" : "no"), "fixed column of %s,%s", c[1], c[2]);
		CHECK(fixed || s >= llround(d->min_score * 1e6), "pair below min_score");
		CHECK(strlen(c[10]) > 0, "empty reason");
		CHECK(m > prev_m || (m == prev_m && e > prev_e), "pairs out of input order at %s,%s",
		      c[1], c[2]);
		prev_m = m;
		prev_e = e;
		CHECK(form_of[m] < 0 || form_of[m] == f, "mentor %s in two forms", c[1]);
		form_of[m] = f;
		load[m]++;
		CHECK(load[m] <= d->p[m].cap, "mentor %s over capacity", c[1]);
		mentor_of[e] = m;
		in_pairs[m]++;
		in_pairs[e]++;
		count++;
		total += s;
		mn = mn < 0 || s < mn ? s : mn;
	}
	for (int k = 0; k < d->n_fix; k++)
		CHECK(mentor_of[d->fix[k][1]] == d->fix[k][0], "fixed pair %s,%s missing",
		      d->p[d->fix[k][0]].id, d->p[d->fix[k][1]].id);

	/* unmatched: input order, computed codes */
	int prev = -1;
	for (int r = 1; r < uc->rows; r++) {
		char **c = uc->cell[r];
		CHECK(uc->cols[r] == 4, "unmatched.csv row %d", r);
		int i = ref_index(d, c[0]);
		CHECK(i >= 0, "unknown id %s in unmatched.csv", c[0]);
		CHECK(i > prev, "unmatched.csv out of input order at %s", c[0]);
		prev = i;
		in_un[i]++;
		CHECK(!strcmp(c[1], d->p[i].mentor ? "mentor" : "mentee"), "role of %s", c[0]);
		const char *want;
		if (!d->p[i].consent) {
			want = "no_consent";
		} else {
			int elig = 0, forb = 0, forb_ok = 0, below = 0;
			for (int j = 0; j < d->n; j++) {
				int m = d->p[i].mentor ? i : j, e = d->p[i].mentor ? j : i;
				if (d->elig_form[m][e] < 0)
					continue;
				elig++;
				int fb = 0;
				for (int k = 0; k < d->n_forbid; k++)
					fb |= d->forbid[k][0] == m && d->forbid[k][1] == e;
				int low = llround(d->score[m][e] * 1e6) < llround(d->min_score * 1e6);
				forb += fb;
				forb_ok += fb && !low;
				below += !fb && low;
			}
			/* no usable pair: below_min_score when every eligible one,
			 * forbidden or not, is below min_score; else forbidden */
			want = !elig                 ? "no_eligible_partner"
			       : forb + below < elig ? "capacity_taken"
			       : !forb_ok            ? "below_min_score"
			                             : "forbidden";
		}
		CHECK(!strcmp(c[2], want), "code of %s: %s, want %s (%s)", c[0], c[2], want, c[3]);
		CHECK(strlen(c[3]) > 0, "empty reason for %s", c[0]);
	}
	/* nothing is lost */
	for (int i = 0; i < d->n; i++) {
		if (!d->p[i].mentor)
			CHECK(in_pairs[i] + in_un[i] == 1, "mentee %s appears %d times", d->p[i].id,
			      in_pairs[i] + in_un[i]);
		else
			CHECK(in_un[i] <= 1 && (in_pairs[i] > 0) + in_un[i] == 1, "mentor %s", d->p[i].id);
	}
	/* optimal */
	ref_best b = ref_optimum(d);
	CHECK(b.found, "reference found no feasible answer");
	if (d->objective != 1)
		CHECK(count == b.count, "%s: %d pairs, optimum has %d", obj_word[d->objective], count,
		      b.count);
	if (d->objective == 2)
		CHECK(llabs(mn < 0 ? 0 : mn - llround(b.minimum * 1e6)) <= 2,
		      "maximin: smallest pair %lld, optimum %.6f", mn, b.minimum);
	CHECK(llabs(total - llround(b.total * 1e6)) <= 2 * (count + 1),
	      "%s: total %lld micro, optimum %.6f", obj_word[d->objective], total, b.total);
	ref_csv_free(pc);
	ref_csv_free(uc);
}

/* Adds random constraints that keep the problem feasible. */
static void add_constraints(ref_data *d, uint64_t seed)
{
	uint64_t s = seed * 7919 + 17;
	int pairs[REF_MAX * REF_MAX][2], np = 0;
	for (int m = 0; m < d->n; m++)
		for (int e = 0; e < d->n; e++)
			if (d->elig_form[m][e] >= 0) {
				pairs[np][0] = m;
				pairs[np][1] = e;
				np++;
			}
	if (!np)
		return;
	int fk = ref_pick(&s, np);
	if (ref_pick(&s, 2)) {
		d->fix[0][0] = pairs[fk][0];
		d->fix[0][1] = pairs[fk][1];
		d->n_fix = 1;
	}
	int nf = ref_pick(&s, 4);
	for (int k = 0; k < nf && np > 1; k++) {
		int q = ref_pick(&s, np);
		if (d->n_fix && q == fk)
			continue;
		d->forbid[d->n_forbid][0] = pairs[q][0];
		d->forbid[d->n_forbid][1] = pairs[q][1];
		d->n_forbid++;
	}
}

static void one_case(uint64_t seed, int objective, int constraints, double min_score)
{
	ref_data d;
	ref_make(&d, seed, 3 + (int)(seed % 3), 4 + (int)(seed % 4));
	d.objective = objective;
	d.min_score = min_score;
	if (constraints)
		add_constraints(&d, seed);
	snprintf(where, sizeof where, "seed %llu, %s, constraints %d, min_score %.2f",
	         (unsigned long long)seed, obj_word[objective], constraints, min_score);
	int rc = run_match(&d, NULL);
	char ep[512];
	snprintf(ep, sizeof ep, "%s/stderr", cli_dir);
	if (rc != 0) {
		char *err = ref_slurp(ep, NULL);
		print_error("%s\n", err ? err : "");
		free(err);
	}
	CHECK(rc == 0, "exit %d", rc);
	check_outputs(&d);
}

static void coverage_objective_is_optimal_on_random_districts(void **state)
{
	(void)state;
	for (uint64_t seed = 1; seed <= 40; seed++)
		one_case(seed, 0, 0, 0);
}

static void score_objective_is_optimal_on_random_districts(void **state)
{
	(void)state;
	for (uint64_t seed = 41; seed <= 70; seed++)
		one_case(seed, 1, 0, 0);
}

static void maximin_objective_is_optimal_on_random_districts(void **state)
{
	(void)state;
	for (uint64_t seed = 71; seed <= 100; seed++)
		one_case(seed, 2, 0, 0);
}

static void fixed_pairs_are_in_and_forbidden_pairs_out(void **state)
{
	(void)state;
	for (uint64_t seed = 101; seed <= 150; seed++)
		one_case(seed, (int)(seed % 3), 1, 0);
}

static void min_score_leaves_low_pairs_out_with_below_min_score(void **state)
{
	(void)state;
	for (uint64_t seed = 151; seed <= 190; seed++)
		one_case(seed, (int)(seed % 3), (int)(seed % 2), 0.55);
}

/* Two or three fixed pairs (distinct mentors and mentees), some of them
 * under min_score or outside a pruned first solve: each enters the
 * problem once, and the answer is the reference's optimum with them. */
static void several_fixed_pairs_below_min_score_or_pruned(void **state)
{
	(void)state;
	int runs = 0;
	for (uint64_t seed = 221; seed <= 260; seed++) {
		ref_data d;
		ref_make(&d, seed, 4, 6);
		d.objective = (int)(seed % 3);
		d.min_score = seed % 2 ? 0.55 : 0;
		uint64_t s = seed * 104729 + 3;
		int used_m[REF_MAX] = {0}, used_e[REF_MAX] = {0};
		for (int tries = 0; tries < 200 && d.n_fix < 3; tries++) {
			int m = ref_pick(&s, d.n), e = ref_pick(&s, d.n);
			if (d.elig_form[m][e] < 0 || used_m[m] || used_e[e])
				continue;
			used_m[m] = used_e[e] = 1;
			d.fix[d.n_fix][0] = m;
			d.fix[d.n_fix][1] = e;
			d.n_fix++;
		}
		if (d.n_fix < 2)
			continue;
		const char *extra = seed % 4 < 2 ? "--top-k 1" : NULL;
		snprintf(where, sizeof where, "seed %llu, %s, %d fixed, min_score %.2f%s",
		         (unsigned long long)seed, obj_word[d.objective], d.n_fix, d.min_score,
		         extra ? ", top-k 1" : "");
		int rc = run_match(&d, extra);
		CHECK(rc == 0, "exit %d", rc);
		check_outputs(&d);
		runs++;
	}
	assert_true(runs >= 20);
}

static void pruned_first_solve_still_finds_the_optimum(void **state)
{
	(void)state;
	/* --top-k 1: the first solve sees one pair per mentee; the duals must
	 * bring back every pair that can improve. */
	for (uint64_t seed = 191; seed <= 220; seed++) {
		ref_data d;
		ref_make(&d, seed, 4, 7);
		d.objective = (int)(seed % 3);
		snprintf(where, sizeof where, "top-k 1, seed %llu, %s", (unsigned long long)seed,
		         obj_word[d.objective]);
		int rc = run_match(&d, "--top-k 1");
		CHECK(rc == 0, "exit %d", rc);
		check_outputs(&d);
	}
}

static void coverage_and_score_differ_where_the_reference_says_so(void **state)
{
	(void)state;
	/* Cases where the most mentees and the largest total disagree, found
	 * by the reference itself; each objective must hit its own optimum. */
	int found = 0;
	for (uint64_t seed = 1000; seed < 3000 && found < 4; seed++) {
		ref_data d;
		ref_make(&d, seed, 3 + (int)(seed % 3), 4 + (int)(seed % 4));
		d.min_score = 0;
		d.objective = 0;
		ref_best cov = ref_optimum(&d);
		d.objective = 1;
		ref_best sc = ref_optimum(&d);
		if (cov.count == sc.count)
			continue;
		found++;
		for (int obj = 0; obj < 2; obj++) {
			d.objective = obj;
			snprintf(where, sizeof where, "distinguishing seed %llu, %s",
			         (unsigned long long)seed, obj_word[obj]);
			CHECK(run_match(&d, NULL) == 0, "exit");
			check_outputs(&d);
		}
	}
	assert_true(found >= 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(coverage_objective_is_optimal_on_random_districts),
		cmocka_unit_test(score_objective_is_optimal_on_random_districts),
		cmocka_unit_test(maximin_objective_is_optimal_on_random_districts),
		cmocka_unit_test(fixed_pairs_are_in_and_forbidden_pairs_out),
		cmocka_unit_test(min_score_leaves_low_pairs_out_with_below_min_score),
		cmocka_unit_test(coverage_and_score_differ_where_the_reference_says_so),
		cmocka_unit_test(pruned_first_solve_still_finds_the_optimum),
		cmocka_unit_test(several_fixed_pairs_below_min_score_or_pruned),
	};
	return cmocka_run_group_tests_name("match", tests, cli_setup, cli_teardown);
}
