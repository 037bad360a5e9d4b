/* orlib.h (reads an OR-Library assignment instance, gzip-compressed, into
 * edge arrays: worker i -> mentor i, task j -> mentee j, cost -> score).
 * Shared by tests/test_solver.c and bench/bench_orlib.c. */
#ifndef NV_ORLIB_H
#define NV_ORLIB_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct orlib {
	size_t n, n_edges;
	uint32_t *mentor, *mentee;
	double *score;
} orlib;

/* Dense files hold n then n*n costs; sparse ones ("assignp") n then
 * "i j c" lines, 1-based. 0 on success. */
static int orlib_read(const char *path, int sparse, orlib *o)
{
	char *cmd = malloc(strlen(path) + 32);
	sprintf(cmd, "gzip -dc '%s'", path);
	FILE *f = popen(cmd, "r");
	free(cmd);
	if (!f)
		return -1;
	memset(o, 0, sizeof *o);
	long n;
	if (fscanf(f, "%ld", &n) != 1 || n <= 0) {
		pclose(f);
		return -1;
	}
	size_t cap = sparse ? 1024 : (size_t)n * (size_t)n;
	o->n = (size_t)n;
	o->mentor = malloc(cap * sizeof *o->mentor);
	o->mentee = malloc(cap * sizeof *o->mentee);
	o->score = malloc(cap * sizeof *o->score);
	long i, j, c;
	for (;;) {
		if (sparse) {
			if (fscanf(f, "%ld %ld %ld", &i, &j, &c) != 3)
				break;
			i--;
			j--;
		} else {
			if (o->n_edges == cap || fscanf(f, "%ld", &c) != 1)
				break;
			i = (long)(o->n_edges / o->n);
			j = (long)(o->n_edges % o->n);
		}
		if (o->n_edges == cap) {
			cap *= 2;
			o->mentor = realloc(o->mentor, cap * sizeof *o->mentor);
			o->mentee = realloc(o->mentee, cap * sizeof *o->mentee);
			o->score = realloc(o->score, cap * sizeof *o->score);
		}
		o->mentor[o->n_edges] = (uint32_t)i;
		o->mentee[o->n_edges] = (uint32_t)j;
		o->score[o->n_edges] = (double)c;
		o->n_edges++;
	}
	pclose(f);
	return o->n_edges ? 0 : -1;
}

static void orlib_free(orlib *o)
{
	free(o->mentor);
	free(o->mentee);
	free(o->score);
}

#endif
