/* gen_asg.c (deterministic random capacitated assignment instances for the
 * solver benchmarks)
 *
 * usage: gen_asg MENTORS MENTEES PER_MENTEE SEED EDGES_CSV CAPACITY_CSV [PREFIX]
 * Each mentee gets PER_MENTEE distinct random mentors with scores that are
 * multiples of 1e-6 in [0,1]; capacities are uniform in 1..5, so about
 * 3 * MENTORS places for MENTEES people. The same arguments give the same
 * bytes on every machine (own 64-bit generator). PREFIX goes before every
 * id, so instances can be concatenated into independent components; with
 * it the header lines are left out. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

static uint64_t state;

static uint64_t next(void)
{
	/* splitmix64 */
	uint64_t z = (state += UINT64_C(0x9E3779B97F4A7C15));
	z = (z ^ (z >> 30)) * UINT64_C(0xBF58476D1CE4E5B9);
	z = (z ^ (z >> 27)) * UINT64_C(0x94D049BB133111EB);
	return z ^ (z >> 31);
}

int main(int argc, char **argv)
{
	if (argc != 7 && argc != 8) {
		fprintf(stderr, "usage: gen_asg MENTORS MENTEES PER_MENTEE SEED EDGES CAPACITY "
		                "[PREFIX]\n");
		return 1;
	}
	long nm = atol(argv[1]), ne = atol(argv[2]), per = atol(argv[3]);
	state = strtoull(argv[4], NULL, 10);
	if (nm <= 0 || ne <= 0 || per <= 0 || per > nm) {
		fprintf(stderr, "gen_asg: bad sizes\n");
		return 1;
	}
	FILE *fe = fopen(argv[5], "w"), *fc = fopen(argv[6], "w");
	if (!fe || !fc) {
		perror("gen_asg");
		return 1;
	}
	const char *pre = argc == 8 ? argv[7] : "";
	long *pick = malloc((size_t)per * sizeof *pick);
	if (!*pre)
		fprintf(fe, "mentor_id,mentee_id,score\n");
	for (long i = 0; i < ne; i++) {
		for (long k = 0; k < per; k++) {
			long m;
			int again;
			do {
				m = (long)(next() % (uint64_t)nm);
				again = 0;
				for (long j = 0; j < k; j++)
					again |= pick[j] == m;
			} while (again);
			pick[k] = m;
			uint64_t s = next() % 1000001;
			fprintf(fe, "%sm%ld,%se%ld,%" PRIu64 ".%06" PRIu64 "\n", pre, m, pre, i,
			        s / 1000000, s % 1000000);
		}
	}
	if (!*pre)
		fprintf(fc, "mentor_id,capacity\n");
	for (long m = 0; m < nm; m++)
		fprintf(fc, "%sm%ld,%d\n", pre, m, (int)(1 + next() % 5));
	free(pick);
	if (fclose(fe) || fclose(fc)) {
		perror("gen_asg");
		return 1;
	}
	return 0;
}
