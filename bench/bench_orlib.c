/* bench_orlib.c (the OR-Library assignment instances through nv_asg_solve:
 * time and objective against the published optimum)
 *
 * usage: bench_orlib SHARED NUMRUNS [NAME...]
 * Prints one line per instance: name=... n=... edges=... seconds=<median
 * of NUMRUNS solves> objective=... optimum=... ok=yes|no. */
#include "solver.h"
#include "orlib.h"

#include <stdlib.h>
#include <string.h>

static int cmp_d(const void *x, const void *y)
{
	double a = *(const double *)x, b = *(const double *)y;
	return (a > b) - (a < b);
}

static double optimum(const char *shared, const char *name)
{
	char path[1024], word[64];
	double v;
	snprintf(path, sizeof path, "%s/data/or-library/assignopt.txt", shared);
	FILE *f = fopen(path, "r");
	if (!f)
		return -1;
	char line[256];
	while (fgets(line, sizeof line, f))
		if (sscanf(line, "%63s %lf", word, &v) == 2 && !strcmp(word, name)) {
			fclose(f);
			return v;
		}
	fclose(f);
	return -1;
}

int main(int argc, char **argv)
{
	static const char *all[] = {"assign100", "assign200", "assign300", "assign400",
	                            "assign500", "assign600", "assign700", "assign800",
	                            "assignp800", "assignp1500", "assignp3000", "assignp5000"};
	if (argc < 3) {
		fprintf(stderr, "usage: bench_orlib SHARED NUMRUNS [NAME...]\n");
		return 1;
	}
	const char *shared = argv[1];
	int runs = atoi(argv[2]);
	if (runs < 1)
		runs = 1;
	const char **names = argc > 3 ? (const char **)argv + 3 : all;
	size_t n = argc > 3 ? (size_t)(argc - 3) : sizeof all / sizeof *all;
	int bad = 0;
	for (size_t k = 0; k < n; k++) {
		char path[1024];
		snprintf(path, sizeof path, "%s/data/or-library/%s.txt.gz", shared, names[k]);
		orlib o;
		if (orlib_read(path, strncmp(names[k], "assignp", 7) == 0, &o) != 0) {
			fprintf(stderr, "bench_orlib: cannot read %s\n", path);
			return 1;
		}
		nv_asg a = {.n_mentors = o.n, .n_mentees = o.n, .n_edges = o.n_edges,
		            .mentor = o.mentor, .mentee = o.mentee, .score = o.score,
		            .objective = NV_OBJ_COVERAGE, .minimize = 1};
		double *t = malloc((size_t)runs * sizeof *t), total = 0;
		size_t matched = 0;
		int proven = 0;
		for (int r = 0; r < runs; r++) {
			nv_solution *s;
			if (nv_asg_solve(&a, NULL, &s) != NV_OK) {
				fprintf(stderr, "bench_orlib: %s: %s\n", names[k], s->proof);
				return 1;
			}
			t[r] = s->seconds;
			total = s->total;
			matched = s->n_chosen;
			proven = s->proven;
			nv_solution_free(s);
		}
		qsort(t, (size_t)runs, sizeof *t, cmp_d);
		double med = runs % 2 ? t[runs / 2] : (t[runs / 2 - 1] + t[runs / 2]) / 2;
		double opt = optimum(shared, names[k]);
		int ok = matched == o.n && total == opt && proven;
		bad |= !ok;
		printf("name=%s n=%zu edges=%zu seconds=%.6f objective=%.0f optimum=%.0f "
		       "proven=%s ok=%s\n",
		       names[k], o.n, o.n_edges, med, total, opt, proven ? "yes" : "no",
		       ok ? "yes" : "no");
		fflush(stdout);
		free(t);
		orlib_free(&o);
	}
	return bad;
}
