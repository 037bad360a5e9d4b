/* bench_score.c (the scoring kernel: effective GFLOP/s on dense blocks
 * against a plain square cblas_dgemm in the same process, and pairs per
 * second with peak memory on generated district..region inputs)
 *
 *   bench_score kernel MENTORS MENTEES RUNS TOP MIN_SCORE
 *       one org of MENTORS teachers and MENTEES students (one dense block
 *       pair), keeping the best TOP per mentee (0: all) at or above
 *       MIN_SCORE; prints the median GFLOP/s of the kernel (2·m·n·d of
 *       the GEMMs it ran, d the feature width, over the whole
 *       nv_score_stream time: GEMMs, selection, exact re-scoring; the
 *       model is built before), of a square dgemm of side 1024 and of a
 *       dgemm of the kernel's own shape (mentees × mentors × d, the
 *       attainable ceiling) in the same process, and both ratios.
 *   bench_score scale SCALE TOP RUNS
 *       `generate --scale SCALE --seed 1` in memory, read, then score with
 *       --top TOP (0 = every pair >= 0); prints people, eligible pairs,
 *       kept pairs, the median seconds and pairs/s (eligible pairs scored),
 *       the peak RSS while reading, the RSS before scoring and the peak
 *       while scoring (VmHWM restarted through /proc/self/clear_refs).
 * Output: one line of key=value pairs. */
#include <cblas.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "engine.h"

static int dbl_cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

static double median(double *v, int n)
{
	qsort(v, (size_t)n, sizeof *v, dbl_cmp);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

static uint64_t rs = 88172645463325252ULL;
static double urand(void)
{
	rs ^= rs << 13;
	rs ^= rs >> 7;
	rs ^= rs << 17;
	return (double)(rs >> 11) / 9007199254740992.0;
}

/* Median GFLOP/s of C (m × n) = A (m × k) · B (n × k)ᵀ, row-major as the
 * kernel calls it, OpenBLAS threads as configured. */
static double dgemm_gflops(int m, int n, int k, int runs)
{
	double *a = nv_xmalloc((size_t)m * k * sizeof *a);
	double *b = nv_xmalloc((size_t)n * k * sizeof *b);
	double *c = nv_xmalloc((size_t)m * n * sizeof *c);
	for (size_t i = 0; i < (size_t)m * k; i++)
		a[i] = urand();
	for (size_t i = 0; i < (size_t)n * k; i++)
		b[i] = urand();
	double *g = nv_xmalloc((size_t)runs * sizeof *g);
	cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasTrans, m, n, k, 1, a, k, b, k,
	            0, c, n); /* warm-up */
	for (int r = 0; r < runs; r++) {
		double t0 = nv_now();
		cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasTrans, m, n, k, 1, a, k, b,
		            k, 0, c, n);
		g[r] = 2.0 * m * n * (double)k / (nv_now() - t0) / 1e9;
	}
	double med = median(g, runs);
	free(a);
	free(b);
	free(c);
	free(g);
	return med;
}

/* A participants file of one school: nm teachers, ne students. */
static char *dense_csv(int nm, int ne, size_t *len)
{
	static const char *subj[] = {"math", "physics", "chemistry", "biology",
	                             "history", "literature", "art", "music",
	                             "informatics", "geography", "english", "pe"};
	static const char *goal[] = {"olympiad", "career", "social", "research",
	                             "sport", "project"};
	static const char *type[] = {"sanguine", "choleric", "phlegmatic",
	                             "melancholic"};
	char *buf = NULL;
	FILE *f = open_memstream(&buf, len);
	fprintf(f, "id,role,category,org,age,experience_years,consent,subjects,"
	           "goals,psych_type,psych_a,psych_b,psych_c,psych_d,psych_e");
	for (int a = 0; a < 5; a++)
		fprintf(f, ",need_%d,skill_%d", a, a);
	fputc('\n', f);
	for (int i = 0; i < nm + ne; i++) {
		int mentor = i < nm;
		fprintf(f, "p%d,%s,%s,school,%s,%s,1,", i, mentor ? "mentor" : "mentee",
		        mentor ? "teacher" : "student", mentor ? "" : "14",
		        mentor ? "10" : "");
		int k1 = (int)(urand() * 12), k2 = (int)(urand() * 12);
		fprintf(f, "%s|%s,%s,%s", subj[k1], subj[k2], goal[(int)(urand() * 6)],
		        type[(int)(urand() * 4)]);
		for (int c = 0; c < 5; c++)
			fprintf(f, ",%.2f", urand() * 10);
		for (int a = 0; a < 5; a++)
			fprintf(f, mentor ? ",,%.2f" : ",%.2f,", urand());
		fputc('\n', f);
	}
	fclose(f);
	return buf;
}

/* A field of /proc/self/status in bytes (VmRSS, VmHWM), 0 if unknown. */
static size_t proc_status_kb(const char *key)
{
	FILE *f = fopen("/proc/self/status", "r");
	if (!f)
		return 0;
	char line[256];
	size_t v = 0, klen = strlen(key);
	while (fgets(line, sizeof line, f))
		if (!strncmp(line, key, klen) && line[klen] == ':')
			v = (size_t)strtoull(line + klen + 1, NULL, 10) * 1024;
	fclose(f);
	return v;
}

/* Starts a new peak: the kernel's VmHWM restarts from the current RSS. */
static void peak_reset(void)
{
	FILE *f = fopen("/proc/self/clear_refs", "w");
	if (f) {
		fputs("5", f);
		fclose(f);
	}
}

static int count_block(void *ud, const nv_pairs *b)
{
	*(uint64_t *)ud += b->n;
	return 0;
}

static int bench_kernel(int nm, int ne, int runs, size_t top, double min_score)
{
	size_t len;
	char *csv = dense_csv(nm, ne, &len);
	nv_read_params rp;
	nv_read_params_init(&rp);
	nv_diag *d = nv_diag_new(10);
	nv_table *t = NULL;
	if (nv_table_read_buffer("dense.csv", csv, len, &rp, &t, d) != NV_OK) {
		nv_diag_print(d, stderr);
		return NV_EFAIL;
	}
	nv_config c;
	nv_config_init(&c);
	nv_model *M = nv_model_new(t, &c);
	nv_score_params p;
	nv_score_params_init(&p);
	p.top_k = top;
	p.min_score = min_score;
	double *g = nv_xmalloc((size_t)runs * sizeof *g);
	nv_score_stats st = {0};
	uint64_t kept = 0;
	/* Warm-up: half a second of a busy loop before the kernel is timed.
	 * Timed at once after start-up, the kernel's second worker shares its
	 * core with OpenBLAS's pool threads still spinning (sched_yield) and
	 * the runs come out at about 30 GF/s instead of about 45 (sleeping
	 * instead of the loop does not help). The dgemm peers are timed right
	 * after the kernel, on a warm machine: this puts both on one footing. */
	for (double t0 = nv_now(); nv_now() < t0 + 0.5;)
		;
	for (int r = 0; r < runs; r++) {
		kept = 0;
		nv_score_stream(M, &p, count_block, &kept, &st);
		g[r] = st.flops / st.seconds / 1e9;
	}
	double kernel = median(g, runs);
	double peak = dgemm_gflops(1024, 1024, 1024, runs);
	/* the feature width the kernel's GEMMs used (one org: every tile has
	 * the same tags, so flops = 2 · pairs · d) */
	int width = (int)llround(st.flops / (2.0 * (double)st.eligible));
	double same = dgemm_gflops(ne, nm, width, runs);
	printf("mentors=%d mentees=%d d=%d top=%zu min_score=%g pairs=%llu "
	       "kept=%llu flops_per_run=%.3g kernel_gflops=%.2f "
	       "dgemm1024_gflops=%.2f ratio=%.3f dgemm_same_gflops=%.2f "
	       "ratio_same=%.3f\n",
	       nm, ne, width, top, min_score, (unsigned long long)st.eligible,
	       (unsigned long long)kept, st.flops, kernel, peak, kernel / peak, same,
	       kernel / same);
	free(g);
	nv_model_free(M);
	nv_config_done(&c);
	nv_table_free(t);
	nv_diag_free(d);
	free(csv);
	return NV_OK;
}

static int bench_scale(const char *scale, size_t top, int runs)
{
	nv_gen_params gp;
	nv_gen_params_init(&gp);
	if (nv_scale_parse(scale, &gp.scale) != NV_OK) {
		fprintf(stderr, "bench_score: unknown scale '%s'\n", scale);
		return NV_EUSAGE;
	}
	gp.seed = 1;
	char *csv = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&csv, &len);
	nv_generate(&gp, f, NULL);
	fclose(f);
	nv_read_params rp;
	nv_read_params_init(&rp);
	nv_diag *d = nv_diag_new(10);
	nv_table *t = NULL;
	if (nv_table_read_buffer(scale, csv, len, &rp, &t, d) != NV_OK) {
		nv_diag_print(d, stderr);
		return NV_EFAIL;
	}
	free(csv);
	nv_config c;
	nv_config_init(&c);
	nv_model *M = nv_model_new(t, &c);
	size_t rss_loaded = proc_status_kb("VmHWM");
	size_t rss_base = proc_status_kb("VmRSS");
	peak_reset();
	nv_score_params p;
	nv_score_params_init(&p);
	p.top_k = top;
	double *sec = nv_xmalloc((size_t)runs * sizeof *sec);
	nv_score_stats st = {0};
	uint64_t kept = 0;
	/* Warm-up: half a second of a busy loop before the kernel is timed.
	 * Timed at once after start-up, the kernel's second worker shares its
	 * core with OpenBLAS's pool threads still spinning (sched_yield) and
	 * the runs come out at about 30 GF/s instead of about 45 (sleeping
	 * instead of the loop does not help). The dgemm peers are timed right
	 * after the kernel, on a warm machine: this puts both on one footing. */
	for (double t0 = nv_now(); nv_now() < t0 + 0.5;)
		;
	for (int r = 0; r < runs; r++) {
		kept = 0;
		nv_score_stream(M, &p, count_block, &kept, &st);
		sec[r] = st.seconds;
	}
	double s = median(sec, runs);
	size_t rss_peak = proc_status_kb("VmHWM");
	printf("scale=%s people=%zu top=%zu eligible=%llu kept=%llu seconds=%.3f "
	       "pairs_per_s=%.3g kernel_gflops=%.2f peak_reading_mb=%.1f "
	       "rss_before_scoring_mb=%.1f peak_scoring_mb=%.1f "
	       "scoring_extra_mb=%.1f\n",
	       scale, t->n, top, (unsigned long long)st.eligible,
	       (unsigned long long)kept, s, (double)st.eligible / s,
	       st.flops / s / 1e9, rss_loaded / 1048576.0, rss_base / 1048576.0,
	       rss_peak / 1048576.0,
	       rss_peak > rss_base ? (rss_peak - rss_base) / 1048576.0 : 0.0);
	free(sec);
	nv_model_free(M);
	nv_config_done(&c);
	nv_table_free(t);
	nv_diag_free(d);
	return NV_OK;
}

int main(int argc, char **argv)
{
	if (argc == 7 && !strcmp(argv[1], "kernel"))
		return bench_kernel(atoi(argv[2]), atoi(argv[3]), atoi(argv[4]),
		                    (size_t)atol(argv[5]), atof(argv[6]));
	if (argc == 5 && !strcmp(argv[1], "scale"))
		return bench_scale(argv[2], (size_t)atol(argv[3]), atoi(argv[4]));
	fprintf(stderr, "usage: bench_score kernel MENTORS MENTEES RUNS TOP MIN_SCORE\n"
	                "       bench_score scale SCALE TOP RUNS\n");
	return NV_EUSAGE;
}
