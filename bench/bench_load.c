/* bench_load.c (the participants loader: MB/s and peak memory of
 * parse-and-validate on a generated file of every column kind, against two
 * peers measured in the same run: reading the bytes, and libcsv alone)
 *
 * usage: bench_load [--rows N] [--runs K] [--wide W] [--dir DIR] [--json FILE]
 *        bench_load --child read|csv|table FILE   (one measured run)
 *        bench_load --generate ROWS FILE          (only write the input)
 * Each measured run is a fresh process, so its peak resident memory is the
 * loader's own; the median of K runs is reported. --wide W adds W unknown
 * columns to the header, so that every row is short of it (a fuzzed file:
 * a row's cost must not grow with the header). */
#include <csv.h>
#include <errno.h>
#include <math.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "data.h"

extern char **environ;

/* --- the input: deterministic, every column kind --- */

static uint64_t rng = 0x9E3779B97F4A7C15ull;
static uint32_t next(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (uint32_t)(rng >> 11);
}

static const char *const first[] = {"Анна", "Мария", "Иван", "Пётр", "Ольга",
                                    "Дмитрий", "Алёна", "Сергей"};
static const char *const last[] = {"Иванова", "Смирнов", "Кузнецова", "Попов",
                                   "Соколова", "Фёдоров", "Волкова", "Орлов"};
static const char *const subj[] = {"math", "physics", "russian", "history",
                                   "biology", "informatics", "english", "chemistry"};
static const char *const goals[] = {"olympiad", "exam_prep", "adaptation", "career", "project"};
static const char *const types[] = {"sanguine", "choleric", "phlegmatic", "melancholic"};
static const char *const areas[] = {"emotional_regulation", "conflict_handling",
                                    "categorical_judgement", "observation",
                                    "student_interaction"};

static void tags(FILE *f, const char *const *words, size_t n)
{
	int k = 1 + (int)(next() % 3);
	for (int i = 0; i < k; i++)
		fprintf(f, "%s%s", i ? "|" : "", words[next() % n]);
}

static long wide; /* unknown columns past the header's known ones */

static void generate(const char *path, long rows)
{
	FILE *f = fopen(path, "w");
	if (!f) {
		fprintf(stderr, "bench_load: cannot write %s: %s\n", path, strerror(errno));
		exit(4);
	}
	static char buf[1 << 20];
	setvbuf(f, buf, _IOFBF, sizeof buf);
	fputs("id,role,category,org,district,name,age,experience_years,capacity,consent,"
	      "subjects,goals,psych_type,psych_extraversion,psych_neuroticism,"
	      "psych_conscientiousness,psych_openness", f);
	for (int a = 0; a < 5; a++)
		fprintf(f, ",need_%s", areas[a]);
	for (int a = 0; a < 5; a++)
		fprintf(f, ",skill_%s", areas[a]);
	fputs(",forms", f);
	for (long w = 0; w < wide; w++)
		fprintf(f, ",x%ld", w);
	fputc('\n', f);
	for (long r = 0; r < rows; r++) {
		int cat = (int)(next() % 10); /* 0-5 students, 6-7 teachers, 8 college, 9 employer */
		int mentor = cat >= 8 || next() % 3 == 0;
		const char *category = cat < 6 ? "student" : cat < 8 ? "teacher"
		                     : cat == 8 ? "college_student" : "employer";
		fprintf(f, "p%07ld,%s,%s,org-%u,d-%u,\"%s %s\",", r,
		        mentor ? (next() % 5 ? "mentor" : "наставник") : "mentee", category,
		        next() % 2000, next() % 40, last[next() % 8], first[next() % 8]);
		if (cat < 6)
			fprintf(f, "%u,,", mentor ? 15 + next() % 4 : 10 + next() % 8);
		else if (cat < 8)
			fprintf(f, ",%u,", mentor ? 3 + next() % 30 : next() % 4);
		else if (cat == 8)
			fprintf(f, "%u,,", 16 + next() % 5);
		else
			fputs(",,", f);
		fprintf(f, "%u,%s,", mentor ? 1 + next() % 3 : 1, next() % 50 ? "1" : "нет");
		tags(f, subj, 8);
		fputc(',', f);
		tags(f, goals, 5);
		fprintf(f, ",%s", types[next() % 4]);
		for (int k = 0; k < 4; k++)
			fprintf(f, ",%u.%u", 1 + next() % 9, next() % 10);
		for (int a = 0; a < 5; a++)
			if (mentor)
				fputc(',', f);
			else
				fprintf(f, ",0.%02u", next() % 100);
		for (int a = 0; a < 5; a++)
			if (mentor)
				fprintf(f, ",0.%02u", next() % 100);
			else
				fputc(',', f);
		fputs(next() % 10 ? ",\n" : ",teacher-student|student-student\n", f);
	}
	if (fclose(f) != 0) {
		fprintf(stderr, "bench_load: cannot write %s\n", path);
		exit(4);
	}
}

/* --- one measured run (in a child process) --- */

static void nop_field(void *s, size_t len, void *ud)
{
	(void)s;
	*(size_t *)ud += len;
}
static void nop_row(int c, void *ud)
{
	(void)c;
	(*(size_t *)ud)++;
}

static int child(const char *what, const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return 4;
	static char buf[256 * 1024];
	size_t n, sink = 0;
	if (!strcmp(what, "read")) {
		while ((n = fread(buf, 1, sizeof buf, f)) > 0)
			sink += (unsigned char)buf[n - 1];
	} else if (!strcmp(what, "csv")) {
		struct csv_parser p;
		csv_init(&p, CSV_REPALL_NL);
		csv_set_blk_size(&p, 64 * 1024);
		while ((n = fread(buf, 1, sizeof buf, f)) > 0)
			csv_parse(&p, buf, n, nop_field, nop_row, &sink);
		csv_fini(&p, nop_field, nop_row, &sink);
		csv_free(&p);
	} else {
		nv_diag *d = nv_diag_new(0);
		nv_table *t = NULL;
		if (nv_table_read(path, NULL, &t, d) != NV_OK || nv_diag_errors(d)) {
			nv_diag_print(d, stderr);
			return 2;
		}
		sink = t->n;
		nv_table_free(t);
		nv_diag_free(d);
	}
	fclose(f);
	return sink == 0xFFFFFFFFu ? 3 : 0; /* keep the work */
}

typedef struct {
	double sec;  /* wall */
	double cpu;  /* user + system of the run */
	double peak; /* bytes */
} sample;

static sample measure(const char *self, const char *what, const char *path)
{
	const char *argv[] = {self, "--child", what, path, NULL};
	double t0 = nv_now();
	pid_t pid;
	if (posix_spawn(&pid, self, NULL, NULL, (char *const *)argv, environ) != 0) {
		fprintf(stderr, "bench_load: cannot run %s\n", self);
		exit(4);
	}
	int status;
	struct rusage ru;
	wait4(pid, &status, 0, &ru);
	double t1 = nv_now();
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		fprintf(stderr, "bench_load: the %s run failed\n", what);
		exit(4);
	}
	double cpu = (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec * 1e-6 +
	             (double)ru.ru_stime.tv_sec + (double)ru.ru_stime.tv_usec * 1e-6;
	return (sample){t1 - t0, cpu, (double)ru.ru_maxrss * 1024.0};
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

static double median(double *v, int n)
{
	qsort(v, (size_t)n, sizeof *v, cmp_double);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

int main(int argc, char **argv)
{
	if (argc == 4 && !strcmp(argv[1], "--child"))
		return child(argv[2], argv[3]);
	if (argc == 4 && !strcmp(argv[1], "--generate")) { /* for profiling */
		generate(argv[3], atol(argv[2]));
		return 0;
	}
	long rows = 1000000;
	int runs = 5;
	const char *dir = getenv("TMPDIR");
	const char *json = NULL;
	if (!dir || !*dir)
		dir = "/tmp";
	for (int i = 1; i + 1 < argc; i += 2) {
		if (!strcmp(argv[i], "--rows"))
			rows = atol(argv[i + 1]);
		else if (!strcmp(argv[i], "--runs"))
			runs = atoi(argv[i + 1]);
		else if (!strcmp(argv[i], "--wide"))
			wide = atol(argv[i + 1]);
		else if (!strcmp(argv[i], "--dir"))
			dir = argv[i + 1];
		else if (!strcmp(argv[i], "--json"))
			json = argv[i + 1];
		else {
			fprintf(stderr,
			        "usage: bench_load [--rows N] [--runs K] [--wide W] [--dir DIR] "
			        "[--json FILE]\n");
			return 1;
		}
	}
	if (runs < 1 || runs > 100 || rows < 1 || wide < 0) {
		fprintf(stderr, "bench_load: bad --rows or --runs\n");
		return 1;
	}
	char *path = nv_xasprintf("%s/nv-bench-load-%ld.csv", dir, (long)getpid());
	generate(path, rows);
	struct stat st;
	stat(path, &st);
	double mb = (double)st.st_size / 1e6;

	static const char *const what[] = {"read", "csv", "table"};
	static const char *const label[] = {"read the bytes (fread)", "libcsv, empty callbacks",
	                                    "nv_table_read (parse+validate)"};
	double sec[3], cpu[3], peak[3];
	/* the empty process: its peak is the floor under every run */
	char *tiny = nv_xasprintf("%s/nv-bench-load-%ld-tiny.csv", dir, (long)getpid());
	generate(tiny, 1);
	double floor_peak = measure(argv[0], "table", tiny).peak;
	unlink(tiny);
	free(tiny);
	/* the three kinds take turns, so that a busy spell of the machine
	 * falls on all of them alike and the ratios stay fair */
	static double s[3][100], c[3][100], pk[3][100];
	for (int w = 0; w < 3; w++)
		measure(argv[0], what[w], path); /* warm the page cache */
	for (int k = 0; k < runs; k++)
		for (int w = 0; w < 3; w++) {
			sample x = measure(argv[0], what[w], path);
			s[w][k] = x.sec;
			c[w][k] = x.cpu;
			pk[w][k] = x.peak;
		}
	for (int w = 0; w < 3; w++) {
		sec[w] = median(s[w], runs);
		cpu[w] = median(c[w], runs);
		peak[w] = median(pk[w], runs);
	}
	unlink(path);

	printf("loader: %ld rows, %ld unknown columns more, %.1f MB, median of %d runs (each a "
	       "fresh process, the three kinds in turn)\n",
	       rows, wide, mb, runs);
	printf("%-32s %8s %8s %8s %8s %9s %9s\n", "", "wall s", "MB/s", "CPU s",
	       "MB/CPU-s", "peak MB", "peak/file");
	for (int w = 0; w < 3; w++)
		printf("%-32s %8.3f %8.1f %8.3f %8.1f %9.1f %9.2f\n", label[w], sec[w],
		       mb / sec[w], cpu[w], mb / cpu[w], peak[w] / 1e6,
		       peak[w] / (double)st.st_size);
	printf("table vs libcsv alone: %.2fx the wall time, %.2fx the CPU time; "
	       "process floor %.1f MB\n", sec[2] / sec[1], cpu[2] / cpu[1], floor_peak / 1e6);
	printf("targets: >= 100 MB/s parse+validate: %s by wall time, %s by CPU time "
	       "(wall time counts waiting for a busy machine); peak <= 3x file: %s\n",
	       mb / sec[2] >= 100 ? "met" : "NOT met", mb / cpu[2] >= 100 ? "met" : "NOT met",
	       peak[2] <= 3.0 * (double)st.st_size ? "met" : "NOT met");
	if (json) {
		FILE *f = fopen(json, "w");
		if (!f) {
			fprintf(stderr, "bench_load: cannot write %s\n", json);
			return 4;
		}
		fprintf(f,
		        "{\n  \"bench\": \"load\",\n  \"rows\": %ld,\n  \"wide\": %ld,\n"
		        "  \"file_bytes\": %lld,\n"
		        "  \"runs\": %d,\n  \"process_floor_bytes\": %.0f,\n  \"results\": [\n",
		        rows, wide, (long long)st.st_size, runs, floor_peak);
		for (int w = 0; w < 3; w++)
			fprintf(f, "    {\"what\": \"%s\", \"median_seconds\": %.4f, \"mb_per_s\": %.1f, "
			           "\"median_cpu_seconds\": %.4f, \"mb_per_cpu_s\": %.1f, "
			           "\"peak_bytes\": %.0f, \"peak_over_file\": %.3f}%s\n",
			        what[w], sec[w], mb / sec[w], cpu[w], mb / cpu[w], peak[w],
			        peak[w] / (double)st.st_size, w < 2 ? "," : "");
		fprintf(f, "  ],\n  \"table_over_libcsv_time\": %.3f,\n  \"table_over_libcsv_cpu\": %.3f\n}\n",
	        sec[2] / sec[1], cpu[2] / cpu[1]);
		fclose(f);
	}
	free(path);
	return 0;
}
