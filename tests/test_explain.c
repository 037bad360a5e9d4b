/* test_explain.c (nastavnik explain: the chosen pair as pairs.csv has it,
 * the alternatives and why not, and a counterfactual that agrees with a
 * real match run with that pair fixed) */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <unistd.h>

#include "cli_dir.h"

static void assert_has(const char *text, const char *want)
{
	if (!strstr(text, want))
		fail_msg("lacks \"%s\" in:\n%s", want, text);
}

#define SMALL "tests/data/match/small.csv"

static void explain_shows_the_pair_as_written_and_why_not_the_others(void **state)
{
	(void)state;
	assert_int_equal(nv("match %s -o %s -q --lang en", SMALL, path_in("o")), 0);
	assert_int_equal(nv("explain %s e2 --lang en", path_in("o")), 0);
	char *out = ref_slurp(path_in("stdout"), NULL);
	/* the chosen pair's numbers are exactly those of pairs.csv */
	ref_csv *p = ref_csv_read(path_in("o/pairs.csv"));
	int row = -1;
	for (int r = 1; r < p->rows; r++)
		if (!strcmp(p->cell[r][2], "e2"))
			row = r;
	assert_true(row > 0);
	char want[512];
	snprintf(want, sizeof want, "e2: mentor %s, form %s, score %s", p->cell[row][1],
	         p->cell[row][3], p->cell[row][4]);
	assert_has(out, want);
	snprintf(want, sizeof want, "contributions: psych %s, subjects %s, goals %s, needs %s",
	         p->cell[row][5], p->cell[row][6], p->cell[row][7], p->cell[row][8]);
	assert_has(out, want);
	assert_has(out, p->cell[row][10]);
	ref_csv_free(p);
	/* m1 is full with e1; t1 works with the young teacher y1 */
	assert_has(out, "Next best eligible mentors (2 in all):");
	assert_has(out, "m1  0.402862  student-student: full (capacity 1) with e1");
	assert_has(out, "t1  0.268744  teacher-student: full (capacity 1) in form teacher-teacher with y1");
	assert_has(out, "If the pair m1 – e2 were fixed");
	assert_has(out, "e1 changes mentor: m1 → m2");
	free(out);

	assert_int_equal(nv("explain %s e2 --lang ru", path_in("o")), 0);
	out = ref_slurp(path_in("stdout"), NULL);
	assert_has(out, "e2: наставник m2, форма «ученик – ученик», оценка 0,619945");
	assert_has(out, "Следующие подходящие наставники (всего 2):");
	assert_has(out, "занят (мест: 1): e1");
	assert_has(out, "e1 меняет наставника: m1 → m2");
	free(out);

	/* unmatched and no-consent mentees say why */
	assert_int_equal(nv("explain %s e4 --lang en", path_in("o")), 0);
	out = ref_slurp(path_in("stdout"), NULL);
	assert_has(out, "e4: not matched (no_eligible_partner)");
	assert_has(out, "No eligible mentor.");
	free(out);
	assert_int_equal(nv("explain %s e5 --lang en", path_in("o")), 0);
	assert_file_has("stdout", "e5: not matched (no_consent)");
	assert_int_equal(nv("explain %s e5 --lang ru", path_in("o")), 0);
	assert_file_has("stdout", "e5: без пары (no_consent)");
}

static void unknown_mentee_or_folder_exits_2(void **state)
{
	(void)state;
	assert_int_equal(nv("match %s -o %s -q", SMALL, path_in("o2")), 0);
	assert_int_equal(nv("explain %s nobody --lang en", path_in("o2")), 2);
	assert_stderr_has("'nobody': unknown id");
	/* in the language of the rest of explain's text */
	assert_int_equal(nv("explain %s nobody --lang ru", path_in("o2")), 2);
	assert_stderr_has("«nobody»: такого id в файле нет");
	assert_int_equal(nv("explain %s e1", path_in("nowhere")), 2);
	assert_stderr_has("summary.json: cannot read it");
	/* the inputs' own notes and skipped rows were match's to tell: a wrong
	 * id gets its one line, not them again */
	write_file("iv.csv", "id,role,category,org,consent,age,colour\n"
	                     "m1,mentor,student,o,1,16,red\n"
	                     "e1,mentee,student,o,1,abc,red\n"
	                     "e2,mentee,student,o,1,12,red\n");
	assert_int_equal(nv("match %s -o %s -q --skip-invalid", path_in("iv.csv"), path_in("iv")),
	                 0);
	assert_int_equal(nv("explain %s zz --lang en", path_in("iv")), 2);
	char *err = file("stderr");
	char want[512];
	snprintf(want, sizeof want, "%s: 'zz': unknown id\n", path_in("iv.csv"));
	assert_string_equal(err, want);
	free(err);
}

/* A mentor's id: its mentees with their reasons, then the best eligible
 * mentees it does not have and what keeps each apart (another pair, its
 * one form, its places full); a mentor without mentees says why */
static void a_mentor_is_explained_by_its_mentees_and_the_others(void **state)
{
	(void)state;
	/* t1 takes the two young teachers (four matched; teacher-student would
	 * match three), a place left; e3 accepts only teacher-student */
	write_file("mt.csv", "id,role,category,org,consent,age,experience_years,capacity,subjects,"
	                     "forms\n"
	                     "m1,mentor,student,o,1,16,,1,math,\n"
	                     "t1,mentor,teacher,o,1,,10,3,math,\n"
	                     "m9,mentor,student,o,1,16,,1,art,student-student\n"
	                     "m0,mentor,student,o,1,16,,0,math,\n"
	                     "e1,mentee,student,o,1,12,,,math,\n"
	                     "e2,mentee,student,o,1,12,,,math,student-student\n"
	                     "e3,mentee,student,o,1,12,,,math,teacher-student\n"
	                     "y1,mentee,teacher,o,1,,1,,math,\n"
	                     "y2,mentee,teacher,o,1,,2,,math,\n");
	assert_int_equal(nv("match %s -o %s -q", path_in("mt.csv"), path_in("mt")), 0);
	assert_int_equal(nv("explain %s t1 --lang en", path_in("mt")), 0);
	char *out = ref_slurp(path_in("stdout"), NULL);
	assert_has(out, "t1: mentor, capacity 3, 2 mentees\n"
	                "  y1  0.425000  teacher-teacher; shared subjects: math\n"
	                "  y2  0.425000  teacher-teacher; shared subjects: math\n"
	                "\nOther eligible mentees (2 in all):\n");
	assert_has(out, "  e1  0.425000  teacher-student: paired with m1 (score 0.425000)\n");
	assert_has(out, "  e3  0.425000  teacher-student: not matched, and the mentor works in "
	                "another form, teacher-teacher\n");
	free(out);
	/* the full one: e2, who has m9 */
	assert_int_equal(nv("explain %s m1 --lang ru", path_in("mt")), 0);
	out = ref_slurp(path_in("stdout"), NULL);
	assert_has(out, "m1: наставник, мест: 1, наставляемых: 1\n"
	                "  e1  0,425000  «ученик – ученик»; общие предметы: math\n"
	                "\nЕщё один подходящий наставляемый:\n"
	                "  e2  0,425000  «ученик – ученик»: в паре с m9 (оценка 0,175000)\n");
	free(out);
	/* no mentee: the reason unmatched.csv gives, then the eligible ones */
	assert_int_equal(nv("explain %s m0 --lang en", path_in("mt")), 0);
	out = ref_slurp(path_in("stdout"), NULL);
	assert_has(out, "m0: not matched (capacity_taken): ");
	assert_has(out, "\nEligible mentees (2 in all):\n"
	                "  e1  0.425000  student-student: the mentor's capacity is 0\n");
	free(out);
}

/* good with the first `from` replaced by `to`, written as dmg/summary.json */
static void write_summary_with(const char *good, const char *from, const char *to)
{
	const char *at = strstr(good, from);
	assert_non_null(at);
	size_t n = strlen(good) + strlen(to) + 1;
	char *s = malloc(n);
	assert_non_null(s);
	snprintf(s, n, "%.*s%s%s", (int)(at - good), good, to, at + strlen(from));
	write_file("dmg/summary.json", s);
	free(s);
}

/* explain on dmg exits 2 and its stderr is exactly "DMG/summary.json" + want */
static void assert_summary_refused(const char *want)
{
	assert_int_equal(nv("explain %s e2 --lang en", path_in("dmg")), 2);
	char *err = file("stderr");
	char full[1200];
	snprintf(full, sizeof full, "%s%s\n", path_in("dmg/summary.json"), want);
	if (strcmp(err, full))
		fail_msg("stderr is\n%swanted\n%s", err, full);
	free(err);
}

/* A damaged summary.json (cut short, not JSON, a value of the wrong type,
 * a key gone, a folder in its place) is named with the line and what is
 * wrong in it, exit 2: its values are never taken for file names. */
static void a_damaged_summary_json_is_named_with_what_is_wrong(void **state)
{
	(void)state;
	assert_int_equal(nv("match %s -o %s -q --lang en", SMALL, path_in("dmg")), 0);
	char *good = file("dmg/summary.json");
	assert_non_null(good);
	static const struct {
		const char *from, *to, *want;
	} edits[] = {
	        {"\"config_path\": null", "\"config_path\": -1",
	         ":5: inputs.config_path should be a file path or null, not -1"},
	        {"\"participants_path\": \"", "\"participants_path\": [\"",
	         ":5: not valid JSON: ':' where ',' or ']' should be"},
	        {"\"top_k\": 0", "\"top_k\": \"8\"",
	         ":17: options.top_k should be a whole number >= 0, not \"8\""},
	        {"\"top_k\": 0", "\"top_k\": 99999999999999999999999",
	         ":17: options.top_k 99999999999999999999999 is out of range"},
	        {"\"time_limit\": 0", "\"time_limit\": 1e999",
	         ":19: options.time_limit should be a number of seconds >= 0, not 1e999"},
	        {"\"skip_invalid\": false", "\"skip_invalid\": null",
	         ":15: options.skip_invalid should be true or false, not null"},
	        {"\"objective_used\": \"coverage\"", "\"objective_used\": \"most\"",
	         ":12: options.objective_used should be \"coverage\", \"score\" or \"maximin\", "
	         "not "
	         "\"most\""},
	        {"    \"encoding\": \"utf-8\",\n", "",
	         ": inputs.encoding is missing: not written by nastavnik match"},
	        {"\"options\": {", "\"options\": [], \"x\": {",
	         ":11: \"options\" should be an object, not an array"},
	        {"\"command\": \"match\"", "\"command\": \"solve\"",
	         ":2: written by nastavnik solve: explain needs a match output folder"},
	        {"\"lang\": \"en\"", "\"lang\": \"e\\n",
	         ":13: not valid JSON: control byte 0x0a in a string"},
	        {"\"config_path\": null", "\"config_path\": \"\\ud800\"",
	         ":5: not valid JSON: a bad \\u escape in a string"},
	        {"\"config_path\": null,",
	         "\"config_path\": ", ":6: not valid JSON: ':' where ',' or '}' should be"},
	        {"{", "{\"command\": \"match\", ", ":2: command is given twice"},
	};
	for (size_t i = 0; i < sizeof edits / sizeof *edits; i++) {
		write_summary_with(good, edits[i].from, edits[i].to);
		assert_summary_refused(edits[i].want);
	}
	/* cut short inside a word: the file ends, whatever the word's start */
	const char *word = strstr(good, "\"skip_invalid\": f");
	assert_non_null(word);
	char *cut_word = strndup(good, (size_t)(word - good) + strlen("\"skip_invalid\": f"));
	assert_non_null(cut_word);
	write_file("dmg/summary.json", cut_word);
	free(cut_word);
	assert_summary_refused(":15: not valid JSON: the file ends where a value should be (cut "
	                       "short?)");
	write_file("dmg/summary.json", "");
	assert_summary_refused(": empty file: not written by nastavnik match");
	write_file("dmg/summary.json", "participants_path,config_path\n");
	assert_summary_refused(":1: not a JSON object ('{'): not written by nastavnik match");
	/* cut short anywhere: at each line's start and middle */
	size_t len = strlen(good), cuts = 0;
	for (size_t at = 0; at + 1 < len; at++) {
		if (at && good[at - 1] != '\n' && !(good[at] == ' ' && good[at - 1] == ':'))
			continue;
		char *cut = strndup(good, at);
		assert_non_null(cut);
		write_file("dmg/summary.json", cut);
		free(cut);
		assert_int_equal(nv("explain %s e2 --lang en", path_in("dmg")), 2);
		char *err = file("stderr");
		if (strncmp(err, path_in("dmg/summary.json"), strlen(path_in("dmg/summary.json"))) ||
		    strchr(err, '\n') != err + strlen(err) - 1)
			fail_msg("cut at %zu: stderr is\n%s", at, err);
		free(err);
		cuts++;
	}
	assert_true(cuts > 30);
	/* sound again: explained */
	write_file("dmg/summary.json", good);
	assert_int_equal(nv("explain %s e2 --lang en", path_in("dmg")), 0);
	free(good);
	/* a folder where the file should be */
	assert_int_equal(remove(path_in("dmg/summary.json")), 0);
	assert_int_equal(mkdir(path_in("dmg/summary.json"), 0700), 0);
	char want[700];
	snprintf(want, sizeof want, ": cannot read it (a folder, not a file): is %s a match output folder?",
	         path_in("dmg"));
	assert_summary_refused(want);
	/* a FIFO: refused at once, not waited on for a writer */
	assert_int_equal(rmdir(path_in("dmg/summary.json")), 0);
	assert_int_equal(mkfifo(path_in("dmg/summary.json"), 0600), 0);
	snprintf(want, sizeof want,
	         ": cannot read it (not a regular file): is %s a match output folder?",
	         path_in("dmg"));
	assert_summary_refused(want);
	/* under --lang ru in Russian: a folder with no summary.json (a
	 * mistyped name), an empty file */
	assert_int_equal(unlink(path_in("dmg/summary.json")), 0);
	assert_int_equal(nv("explain %s e2 --lang ru", path_in("dmg")), 2);
	snprintf(want, sizeof want,
	         "%s: не удаётся прочитать (файла нет): «%s» — точно папка вывода nastavnik "
	         "match?\n",
	         path_in("dmg/summary.json"), path_in("dmg"));
	char *err = file("stderr");
	assert_string_equal(err, want);
	free(err);
	write_file("dmg/summary.json", "");
	assert_int_equal(nv("explain %s e2 --lang ru", path_in("dmg")), 2);
	snprintf(want, sizeof want, "%s: пустой файл: это не вывод nastavnik match\n",
	         path_in("dmg/summary.json"));
	err = file("stderr");
	assert_string_equal(err, want);
	free(err);
}

/* Parses "  pairs: A → B; total score: X → Y" from explain's output. */
static int parse_after(const char *out, size_t *pairs_after, double *total_after)
{
	const char *p = strstr(out, "  pairs: ");
	if (!p)
		return 0;
	size_t a;
	double x;
	if (sscanf(p, "  pairs: %zu → %zu; total score: %lf → %lf", &a, pairs_after, &x,
	           total_after) != 4)
		return 0;
	return 1;
}

/* The counterfactual's changes list who loses a mentor first, then who
 * gains one, then who changes, so the cut after 12 lines keeps the
 * losses in view, and counts each kind; under maximin it shows the
 * smallest pair score too (fixed pairs aside, as the objective); an
 * unproven re-solve says so. */
static void the_changes_lead_with_who_loses_a_mentor(void **state)
{
	(void)state;
	assert_int_equal(nv("generate --scale school --seed 1 -o %s", path_in("s1.csv")), 0);
	assert_int_equal(nv("match %s -o %s -q", path_in("s1.csv"), path_in("lm")), 0);
	/* s0000004's best alternative moves 66 mentees, 4 of them out */
	assert_int_equal(nv("explain %s s0000004 --lang en", path_in("lm")), 0);
	char *out = ref_slurp(path_in("stdout"), NULL);
	const char *fx = strstr(out, "If the pair ");
	assert_non_null(fx);
	const char *lose = strstr(fx, " loses mentor "), *gain = strstr(fx, " gains mentor ");
	const char *change = strstr(fx, " changes mentor: ");
	assert_true(lose && gain && change && lose < gain && gain < change);
	int lost, gained, changed;
	const char *all = strstr(fx, "(in all: ");
	assert_non_null(all);
	assert_int_equal(sscanf(all, "(in all: %d lose a mentor, %d gain one, %d change)", &lost,
	                        &gained, &changed),
	                 3);
	assert_true(lost >= 1 && gained >= 1 && changed >= 1);
	/* every loss and gain is shown before the first change */
	int shown_lost = 0, shown_gained = 0;
	for (const char *q = fx; (q = strstr(q, " loses mentor ")) && q < change; q++)
		shown_lost++;
	for (const char *q = fx; (q = strstr(q, " gains mentor ")) && q < change; q++)
		shown_gained++;
	assert_int_equal(shown_lost, lost);
	assert_int_equal(shown_gained, gained);
	assert_null(strstr(fx, "not proven optimal"));
	assert_null(strstr(fx, "smallest pair score"));
	free(out);
	/* --all: every change, in the same order, and no count */
	assert_int_equal(nv("explain %s s0000004 --lang en --all", path_in("lm")), 0);
	out = ref_slurp(path_in("stdout"), NULL);
	fx = strstr(out, "If the pair ");
	assert_non_null(fx);
	assert_null(strstr(fx, "(in all: "));
	int n_lose = 0, n_gain = 0, n_change = 0, lines = 0;
	const char *first_change = strstr(fx, " changes mentor: ");
	for (const char *q = fx; (q = strstr(q, " loses mentor ")); q++, lines++)
		n_lose += q < first_change;
	for (const char *q = fx; (q = strstr(q, " gains mentor ")); q++, lines++)
		n_gain += q < first_change;
	for (const char *q = fx; (q = strstr(q, " changes mentor: ")); q++, lines++)
		n_change++;
	assert_int_equal(n_lose, lost);
	assert_int_equal(n_gain, gained);
	assert_int_equal(n_change, changed);
	assert_int_equal(lines, lost + gained + changed);
	free(out);
	/* maximin: the objective's second word, before and after */
	assert_int_equal(nv("match %s -o %s -q --objective maximin", path_in("s1.csv"),
	                    path_in("lmx")),
	                 0);
	assert_int_equal(nv("explain %s s0000767 --lang en", path_in("lmx")), 0);
	assert_file_has("stdout", "  smallest pair score (fixed pairs aside): 0.454705 → ");
	assert_int_equal(nv("explain %s s0000767 --lang ru", path_in("lmx")), 0);
	assert_file_has("stdout", "  наименьшая оценка пары (кроме закреплённых): 0,454705 → ");
	/* as the objective counts it, without the pair the re-solve fixes
	 * (0.334313: counted, it would read as the objective falling) */
	assert_int_equal(nv("generate --scale tiny --seed 3 -o %s", path_in("t3.csv")), 0);
	assert_int_equal(nv("match %s -o %s -q --objective maximin", path_in("t3.csv"),
	                    path_in("t3x")),
	                 0);
	assert_int_equal(nv("explain %s s0000002 --lang en", path_in("t3x")), 0);
	assert_file_has("stdout",
	                "  pairs: 22 → 22; total score: 12.332779 → 12.289491 (-0.043288)\n"
	                "  smallest pair score (fixed pairs aside): 0.413853 → 0.413853\n");
	/* an answer a time limit too short for a proof left unproven: the
	 * re-solve keeps every mentor in its form, so what moves is what the
	 * pair moves (without that, 66 mentees moved), and it says so */
	assert_int_equal(nv("match %s -o %s -q --time-limit 0.000001", path_in("s1.csv"),
	                    path_in("lmt")),
	                 0);
	assert_int_equal(nv("explain %s s0000004 --lang en", path_in("lmt")), 0);
	assert_file_has("stdout", "  every mentor with pairs keeps its form (this pair's mentor "
	                          "takes the pair's form): the proposal is not proven optimal, and "
	                          "a re-solve from scratch would move pairs for its search's sake, "
	                          "not the fixed pair's\n");
	assert_file_has("stdout", "  the re-solve is optimal with the mentors in these forms\n");
	out = ref_slurp(path_in("stdout"), NULL);
	all = strstr(out, "(in all: ");
	assert_non_null(all);
	assert_int_equal(sscanf(all, "(in all: %d lose a mentor, %d gain one, %d change)", &lost,
	                        &gained, &changed),
	                 3);
	assert_true(lost + gained + changed < 66);
	assert_non_null(strstr(out, "total score: 421.232455 → 421.220337 (-0.012118)"));
	free(out);
	assert_int_equal(nv("explain %s s0000004 --lang ru", path_in("lmt")), 0);
	assert_file_has("stdout", "  пересчёт оптимален при этих формах наставников\n");
}

/* explain re-solves as the run did (its time limit too) and says when its
 * answer is not the folder's pairs.csv (inputs edited since). */
static void explain_follows_the_run_and_says_when_inputs_changed(void **state)
{
	(void)state;
	assert_int_equal(nv("generate --scale school --seed 1 -o %s", path_in("s1.csv")), 0);
	assert_int_equal(nv("match %s -o %s -q --lang en --time-limit 0.000001", path_in("s1.csv"),
	                    path_in("tl")),
	                 0);
	assert_file_has("tl/summary.json", "\"time_limit\": 1e-06\n");
	/* the first pair of pairs.csv is the one explain shows */
	ref_csv *p = ref_csv_read(path_in("tl/pairs.csv"));
	char want[256];
	snprintf(want, sizeof want, "%s: mentor %s, form %s, score %s", p->cell[1][2],
	         p->cell[1][1], p->cell[1][3], p->cell[1][4]);
	assert_int_equal(nv("explain %s %s --lang en", path_in("tl"), p->cell[1][2]), 0);
	ref_csv_free(p);
	char *out = ref_slurp(path_in("stdout"), NULL);
	assert_has(out, want);
	free(out);
	char *err = ref_slurp(path_in("stderr"), NULL);
	if (strstr(err, "differs from the folder's pairs.csv"))
		fail_msg("explain re-solved a different answer:\n%s", err);
	free(err);

	/* the participants edited after the run: said, not hidden */
	char *csv = ref_slurp(SMALL, NULL);
	write_file("sm.csv", csv);
	free(csv);
	assert_int_equal(nv("match %s -o %s -q --lang en", path_in("sm.csv"), path_in("sm")), 0);
	assert_int_equal(nv("explain %s e1 --lang en", path_in("sm")), 0);
	err = ref_slurp(path_in("stderr"), NULL);
	assert_null(strstr(err, "differs"));
	free(err);
	csv = ref_slurp(path_in("sm.csv"), NULL);
	char *at = strstr(csv, "yes,math,olymp,A,1,1.5");
	assert_non_null(at);
	memcpy(at, "yes,arts,olymp", 14); /* e1 no longer shares math */
	write_file("sm.csv", csv);
	free(csv);
	assert_int_equal(nv("explain %s e1 --lang en", path_in("sm")), 0);
	assert_stderr_has("sm/pairs.csv: note: the re-solve differs from the folder's pairs.csv in "
	                  "1 pair or score");
	assert_int_equal(nv("explain %s e1 --lang ru", path_in("sm")), 0);
	assert_stderr_has(
	        "sm/pairs.csv: замечание: ответ, найденный заново, расходится с pairs.csv "
	        "папки в 1 паре или оценке (входные файлы или сам pairs.csv изменились "
	        "после запуска");
	/* pairs.csv emptied: every pair differs */
	write_file("sm/pairs.csv", "");
	assert_int_equal(nv("explain %s e1 --lang en", path_in("sm")), 0);
	assert_stderr_has("the re-solve differs from the folder's pairs.csv in");
	/* pairs.csv gone: said too */
	assert_int_equal(remove(path_in("sm/pairs.csv")), 0);
	assert_int_equal(nv("explain %s e1 --lang en", path_in("sm")), 0);
	assert_stderr_has("the folder's pairs.csv cannot be read: what follows explains the "
	                  "re-solved answer");
	assert_int_equal(nv("explain %s e1 --lang ru", path_in("sm")), 0);
	assert_stderr_has("pairs.csv папки не прочитать: дальше объясняется ответ, найденный заново");
	/* a FIFO in its place: not waited on, said the same way */
	assert_int_equal(mkfifo(path_in("sm/pairs.csv"), 0600), 0);
	assert_int_equal(nv("explain %s e1 --lang en", path_in("sm")), 0);
	assert_stderr_has("the folder's pairs.csv cannot be read: what follows explains the "
	                  "re-solved answer");
	assert_int_equal(remove(path_in("sm/pairs.csv")), 0);
	/* the participants gone: the note says summary.json named them */
	assert_int_equal(remove(path_in("sm.csv")), 0);
	assert_int_equal(nv("explain %s e1 --lang en", path_in("sm")), 2);
	char note[1200];
	snprintf(note, sizeof note,
	         "%s: note: inputs.participants_path names %s, which cannot be opened now "
	         "(moved or deleted since the run?)",
	         path_in("sm/summary.json"), path_in("sm.csv"));
	assert_stderr_has(note);
	assert_stderr_has(": cannot open: No such file or directory");
	assert_int_equal(nv("explain %s e1 --lang ru", path_in("sm")), 2);
	snprintf(note, sizeof note,
	         "%s: замечание: inputs.participants_path называет %s, а этот файл сейчас не "
	         "открыть "
	         "(перемещён или удалён после запуска?)",
	         path_in("sm/summary.json"), path_in("sm.csv"));
	assert_stderr_has(note);
}

/* A run's folder whose inputs changed since (a mentee added), or whose
 * pairs.csv was edited by hand with true scores, is explained as the
 * inputs are now: the same text as a folder matched from them (the
 * generated tiny district: t0000027 is s0000001's mentor, s0000008 a
 * mentor with room; x9 a mentee s0000008 would take) */
static void a_changed_folder_is_explained_as_the_inputs_are_now(void **state)
{
	(void)state;
	assert_int_equal(nv("generate --scale tiny --seed 1 -o %s", path_in("t1.csv")), 0);
	assert_int_equal(nv("match %s -o %s -q --lang en", path_in("t1.csv"), path_in("t1o")), 0);
	assert_int_equal(nv("explain %s s0000001 --lang en", path_in("t1o")), 0);
	char *want = ref_slurp(path_in("stdout"), NULL);
	assert_has(want, "s0000001: mentor t0000027,");
	char *err = ref_slurp(path_in("stderr"), NULL);
	assert_string_equal(err, "");
	free(err);

	/* pairs.csv edited: s0000001 given to s0000008, at its true score */
	assert_int_equal(nv("score %s -o %s", path_in("t1.csv"), path_in("t1e.csv")), 0);
	ref_csv *e = ref_csv_read(path_in("t1e.csv"));
	int k = 1;
	while (k < e->rows && (strcmp(e->cell[k][0], "s0000008") || strcmp(e->cell[k][1], "s0000001")))
		k++;
	assert_true(k < e->rows);
	char row[512];
	snprintf(row, sizeof row, "s0000008,s0000008,s0000001,%s,%s,%s,%s,%s,%s,no,edited\n",
	         e->cell[k][2], e->cell[k][3], e->cell[k][4], e->cell[k][5], e->cell[k][6],
	         e->cell[k][7]);
	ref_csv_free(e);
	char *pairs = ref_slurp(path_in("t1o/pairs.csv"), NULL);
	char *at = strstr(pairs, ",t0000027,s0000001,");
	assert_non_null(at);
	while (at > pairs && at[-1] != '\n')
		at--;
	char *end = strchr(at, '\n') + 1;
	char *edited = malloc(strlen(pairs) + strlen(row) + 1);
	assert_non_null(edited);
	sprintf(edited, "%.*s%s%s", (int)(at - pairs), pairs, row, end);
	write_file("t1o/pairs.csv", edited);
	free(edited);
	free(pairs);
	assert_int_equal(nv("explain %s s0000001 --lang en", path_in("t1o")), 0);
	char *out = ref_slurp(path_in("stdout"), NULL);
	assert_string_equal(out, want);
	free(out);
	assert_stderr_has("t1o/pairs.csv: note: the re-solve differs from the folder's pairs.csv in "
	                  "1 pair or score (the inputs or the file changed since the run");
	free(want);

	/* a mentee added to the participants after the run */
	char *csv = ref_slurp(path_in("t1.csv"), NULL);
	const char *x9 = "x9,mentee,student,d01-sch001,d01,,12,,,1,,,,,,,,,,,,,,,,,,\n";
	char *more = malloc(strlen(csv) + strlen(x9) + 1);
	assert_non_null(more);
	sprintf(more, "%s%s", csv, x9);
	write_file("t1.csv", more);
	free(more);
	free(csv);
	assert_int_equal(nv("match %s -o %s -q --lang en", path_in("t1.csv"), path_in("t1n")), 0);
	const char *who[] = {"x9", "s0000001"};
	for (int w = 0; w < 2; w++) {
		assert_int_equal(nv("explain %s %s --lang en", path_in("t1n"), who[w]), 0);
		want = ref_slurp(path_in("stdout"), NULL);
		assert_int_equal(nv("explain %s %s --lang en", path_in("t1o"), who[w]), 0);
		out = ref_slurp(path_in("stdout"), NULL);
		assert_string_equal(out, want);
		free(out);
		free(want);
		assert_stderr_has("t1o/summary.json: note: the inputs changed since the run "
		                  "(inputs.fingerprint differs): what follows explains the answer "
		                  "found for them now");
	}
	assert_file_has("t1n/pairs.csv", ",s0000008,x9,");
}

/* A mentee id with a comma is quoted in a "full with" list, so that the
 * list reads as the ids it holds */
static void lists_quote_ids_with_a_comma_and_a_tie_reads_plus_0(void **state)
{
	(void)state;
	write_file("comma.csv",
	           "id,role,category,org,age,experience_years,capacity,consent,subjects\n"
	           "T1,mentor,teacher,sch,,10,2,1,math\n"
	           "T2,mentor,teacher,sch,,7,1,1,\n"
	           "\"e, 1\",mentee,student,sch,12,,,1,math\n"
	           "e2,mentee,student,sch,13,,,1,math\n"
	           "e3,mentee,student,sch,14,,,1,math\n");
	assert_int_equal(nv("match %s -o %s -q --lang en", path_in("comma.csv"), path_in("cm")), 0);
	assert_int_equal(nv("explain %s e3 --lang en", path_in("cm")), 0);
	assert_file_has("stdout",
	                "T1  0.425000  teacher-student: full (capacity 2) with \"e, 1\", e2\n");
	assert_int_equal(nv("explain %s e3 --lang ru", path_in("cm")), 0);
	assert_file_has("stdout", "занят (мест: 2): «e, 1», e2\n");
	/* and so do the counterfactual's lines */
	write_file("comma2.csv",
	           "id,role,category,org,age,experience_years,capacity,consent,subjects\n"
	           "T1,mentor,teacher,sch,,10,2,1,math\n"
	           "T2,mentor,teacher,sch,,7,1,1,\n"
	           "\"e, 1\",mentee,student,sch,12,,,1,math\n"
	           "\"e, 2\",mentee,student,sch,13,,,1,math\n"
	           "e3,mentee,student,sch,14,,,1,math\n");
	assert_int_equal(nv("match %s -o %s -q", path_in("comma2.csv"), path_in("cm2")), 0);
	assert_int_equal(nv("explain %s e3 --lang en", path_in("cm2")), 0);
	assert_file_has("stdout", "\n  \"e, 2\" changes mentor: T1 → T2\n");
	assert_int_equal(nv("explain %s e3 --lang ru", path_in("cm2")), 0);
	assert_file_has("stdout", "\n  «e, 2» меняет наставника: T1 → T2\n");
	/* a tie whose two sums differ in the last bits of a double: the
	 * change reads +0.000000, never -0.000000 */
	write_file("tie.ini", "[weights]\npsych = 0\nsubjects = 0\ngoals = 0\nneeds = 1\n");
	write_file("tie.csv", "id,role,category,org,experience_years,age,capacity,consent,need_x,skill_x\n"
	                      "m1,mentor,teacher,a,10,,2,1,,0.9\n"
	                      "m2,mentor,teacher,a,10,,1,1,,0.1\n"
	                      "e1,mentee,student,a,,12,,1,1,\n"
	                      "e2,mentee,student,a,,12,,1,1,\n"
	                      "e3,mentee,student,a,,12,,1,1,\n");
	assert_int_equal(nv("match %s -o %s -q -c %s", path_in("tie.csv"), path_in("ti"),
	                    path_in("tie.ini")),
	                 0);
	assert_int_equal(nv("explain %s e3 --lang en", path_in("ti")), 0);
	assert_file_has("stdout", "total score: 1.900000 → 1.900000 (+0.000000)\n");
}

/* text with its first `from` replaced by `to` (from must be there) */
static char *replaced(const char *text, const char *from, const char *to)
{
	const char *at = strstr(text, from);
	if (!at)
		fail_msg("lacks \"%s\"", from);
	size_t n = strlen(text) + strlen(to) + 1;
	char *out = malloc(n);
	assert_non_null(out);
	snprintf(out, n, "%.*s%s%s", (int)(at - text), text, to, at + strlen(from));
	return out;
}

/* The mentees to explain in folder dir: the last pair's, and the first
 * one capacity_taken left unmatched. */
static void two_mentees(const char *dir, char me[2][64])
{
	char path[512];
	snprintf(path, sizeof path, "%s/pairs.csv", dir);
	ref_csv *p = ref_csv_read(path_in(path));
	snprintf(me[0], 64, "%s", p->cell[p->rows - 1][2]);
	ref_csv_free(p);
	snprintf(path, sizeof path, "%s/unmatched.csv", dir);
	p = ref_csv_read(path_in(path));
	me[1][0] = 0;
	for (int i = 1; i < p->rows && !me[1][0]; i++)
		if (!strcmp(p->cell[i][2], "capacity_taken"))
			snprintf(me[1], 64, "%s", p->cell[i][0]);
	ref_csv_free(p);
	assert_true(me[1][0] != 0);
}

/* explain reads the folder's answer back (pairs.csv, with the proof
 * summary.json states) instead of searching again, and explains it as a
 * re-solve would, pair and unmatched mentee alike, whether match pruned
 * its first pair set or not; a pairs.csv that is not the run's answer is
 * solved again, and said. */
static void explain_reads_the_answer_back_and_solves_only_what_is_not_the_runs(void **state)
{
	(void)state;
	assert_int_equal(nv("generate --scale school --seed 2 -o %s", path_in("rb.csv")), 0);
	/* pruned (the rounds grow the set as match's did), then whole */
	const char *opts[] = {"--top-k 2", ""};
	for (int o = 0; o < 2; o++) {
		assert_int_equal(nv("match %s -o %s -q --lang en %s", path_in("rb.csv"), path_in("rb"),
		                    opts[o]),
		                 0);
		char me[2][64];
		two_mentees("rb", me);
		char *json = ref_slurp(path_in("rb/summary.json"), NULL);
		char *proofless = replaced(json, "\"proof\": \"", "\"proof_was\": \"");
		char *marked = replaced(json, "\"proven\": true", "\"proven\": false");
		char *marked2 = replaced(marked, "\"proof\": \"", "\"proof\": \"read back: ");
		for (int k = 0; k < 2; k++) {
			/* without the proof in summary.json, explain solves again */
			write_file("rb/summary.json", proofless);
			assert_int_equal(nv("explain %s %s --lang en -q", path_in("rb"), me[k]), 0);
			char *solved = ref_slurp(path_in("stdout"), NULL);
			char *err = ref_slurp(path_in("stderr"), NULL);
			assert_string_equal(err, "");
			free(err);
			/* with it, the answer is read back (below: the proof shown is
			 * the file's) and explained the same */
			write_file("rb/summary.json", json);
			assert_int_equal(nv("explain %s %s --lang en -q", path_in("rb"), me[k]), 0);
			char *read = ref_slurp(path_in("stdout"), NULL);
			if (strcmp(read, solved))
				fail_msg("%s %s read back:\n%s\nsolved:\n%s", opts[o], me[k], read, solved);
			free(read);
			free(solved);
		}
		write_file("rb/summary.json", marked2);
		assert_int_equal(nv("explain %s %s --lang en -q", path_in("rb"), me[0]), 0);
		assert_stderr_has("the answer is not proven optimal: read back: ");
		free(proofless);
		free(marked);
		free(marked2);
		free(json);
	}

	/* a pair dropped: not the run's answer (one pair fewer), solved */
	char *pairs = ref_slurp(path_in("rb/pairs.csv"), NULL);
	char *last = strrchr(pairs, '\n');
	assert_non_null(last);
	*last = 0;
	last = strrchr(pairs, '\n');
	assert_non_null(last);
	last[1] = 0;
	write_file("rb/pairs.csv", pairs);
	free(pairs);
	assert_int_equal(nv("explain %s s0000044 --lang en -q", path_in("rb")), 0);
	assert_stderr_has("the re-solve differs from the folder's pairs.csv in 1 pair or score");
	char *err = ref_slurp(path_in("stderr"), NULL);
	assert_null(strstr(err, "read back"));
	free(err);
}

/* When every alternative listed is forbidden, the re-solve takes the best
 * one further down that can take the mentee. */
static void the_counterfactual_looks_past_the_listed_alternatives(void **state)
{
	(void)state;
	char csv[1200] = "id,role,category,org,age,consent,subjects\n"
	                 "e0,mentee,student,s,12,yes,a|b|c\n"
	                 "m0,mentor,student,s,16,yes,a|b|c\n";
	for (int i = 1; i <= 5; i++)
		snprintf(csv + strlen(csv), sizeof csv - strlen(csv),
		         "m%d,mentor,student,s,16,yes,a|b\n", i);
	strcat(csv, "m6,mentor,student,s,16,yes,a\n");
	write_file("past.csv", csv);
	write_file("past_c.csv", "forbid,m1,e0\nforbid,m2,e0\nforbid,m3,e0\nforbid,m4,e0\n"
	                         "forbid,m5,e0\n");
	assert_int_equal(nv("match %s -o %s -q --constraints %s", path_in("past.csv"),
	                    path_in("past"), path_in("past_c.csv")),
	                 0);
	assert_int_equal(nv("explain %s e0 --lang en", path_in("past")), 0);
	char *out = ref_slurp(path_in("stdout"), NULL);
	assert_has(out, "e0: mentor m0");
	assert_has(out, "Next best eligible mentors (6 in all):");
	assert_has(out, "m5  0.379124  student-student: forbidden by the curator\n  …\n"
	                "  m6  0.319338  student-student: the best one who could take the "
	                "mentee (re-solved below)\n");
	assert_has(out, "If the pair m6 – e0 were fixed");
	free(out);

	/* m6 forbidden too: nobody to re-solve with, and it says so */
	write_file("past_c.csv", "forbid,m1,e0\nforbid,m2,e0\nforbid,m3,e0\nforbid,m4,e0\n"
	                         "forbid,m5,e0\nforbid,m6,e0\n");
	assert_int_equal(nv("match %s -o %s -q --constraints %s", path_in("past.csv"),
	                    path_in("past2"), path_in("past_c.csv")),
	                 0);
	assert_int_equal(nv("explain %s e0 --lang en", path_in("past2")), 0);
	out = ref_slurp(path_in("stdout"), NULL);
	assert_has(out, "m5  0.379124  student-student: forbidden by the curator\n\n"
	                "None of them can take the mentee: there is no pair to re-solve with.\n");
	assert_null(strstr(out, "If the pair"));
	free(out);
	/* one mentor, forbidden */
	write_file("one.csv", "id,role,category,org,age,consent\n"
	                      "e0,mentee,student,s,12,yes\nm0,mentor,student,s,16,yes\n");
	write_file("one_c.csv", "forbid,m0,e0\n");
	assert_int_equal(nv("match %s -o %s -q --constraints %s", path_in("one.csv"),
	                    path_in("one"), path_in("one_c.csv")),
	                 0);
	assert_int_equal(nv("explain %s e0 --lang ru", path_in("one")), 0);
	out = ref_slurp(path_in("stdout"), NULL);
	assert_has(out, "\nЭтот наставник не может взять наставляемого: пересчитывать не с кем.\n");
	free(out);
}

/* A mentor of capacity 0 is named as such and never the counterfactual;
 * a fixed pair has none; an invalid row without a readable role is
 * explained as invalid. */
static void capacity_0_fixed_pairs_and_invalid_rows_are_explained_as_they_are(void **state)
{
	(void)state;
	write_file("a.csv", "id,role,category,org,age,experience_years,capacity,consent,subjects\n"
	                    "t1,mentor,teacher,o,,10,1,1,math\n"
	                    "t2,mentor,teacher,o,,10,0,1,math\n"
	                    "t3,mentor,teacher,o,,10,1,1,art\n"
	                    "s1,mentee,student,o,12,,,1,math\n"
	                    "s2,mentee,student,o,12,,,1,art\n"
	                    "s3,boss,student,o,12,,,1,art\n");
	assert_int_equal(nv("match %s -o %s -q --lang en --skip-invalid", path_in("a.csv"),
	                    path_in("a")),
	                 0);
	assert_int_equal(nv("explain %s s1 --lang en", path_in("a")), 0);
	char *out = ref_slurp(path_in("stdout"), NULL);
	assert_has(out, "t2  0.425000  teacher-student: the mentor's capacity is 0");
	assert_has(out, "If the pair t3 – s1 were fixed");
	free(out);
	/* below min_score comes first, as unmatched.csv counts such a pair */
	write_file("a.ini", "[match]\nmin_score = 0.5\n");
	assert_int_equal(nv("match %s -c %s -o %s -q --lang en --skip-invalid", path_in("a.csv"),
	                    path_in("a.ini"), path_in("am")),
	                 0);
	assert_int_equal(nv("explain %s s1 --lang en", path_in("am")), 0);
	assert_file_has("stdout", "t2  0.425000  teacher-student: below min_score 0.50\n");
	assert_int_equal(nv("explain %s s3 --lang en", path_in("a")), 0);
	assert_file_has("stdout", "s3: not matched (invalid_row)");
	/* the row's problem was match's to tell: explain does not repeat it */
	char *err = ref_slurp(path_in("stderr"), NULL);
	assert_null(strstr(err, "unknown role"));
	free(err);

	write_file("fix.csv", "fix,t3,s2\n");
	assert_int_equal(nv("match %s -o %s -q --lang en --skip-invalid --constraints %s",
	                    path_in("a.csv"), path_in("f"), path_in("fix.csv")),
	                 0);
	assert_int_equal(nv("explain %s s2 --lang en", path_in("f")), 0);
	out = ref_slurp(path_in("stdout"), NULL);
	assert_has(out, "The pair is fixed by the curator: no other mentor can take the mentee.");
	assert_has(out, "t1  0.175000  teacher-student: full (capacity 1) with s1");
	assert_null(strstr(out, "If the pair"));
	free(out);
	/* with room left, the fix is the reason, not a better total */
	write_file("b.csv", "id,role,category,org,age,experience_years,capacity,consent,subjects\n"
	                    "t1,mentor,teacher,o,,10,2,1,math\n"
	                    "t3,mentor,teacher,o,,10,1,1,art\n"
	                    "s1,mentee,student,o,12,,,1,math\n"
	                    "s2,mentee,student,o,12,,,1,math\n");
	assert_int_equal(nv("match %s -o %s -q --lang en --constraints %s", path_in("b.csv"),
	                    path_in("b"), path_in("fix.csv")),
	                 0);
	assert_int_equal(nv("explain %s s2 --lang en", path_in("b")), 0);
	assert_file_has("stdout",
	                "teacher-student: has room, but the curator fixed the pair with t3");
	/* without the fix, t1 with room is not chosen for a total that is at
	 * least as good (here the same: t1 and t3 tie), not "better" */
	write_file("tie.csv", "id,role,category,org,age,experience_years,capacity,consent,subjects\n"
	                      "t1,mentor,teacher,o,,10,2,1,math\n"
	                      "t3,mentor,teacher,o,,10,1,1,math\n"
	                      "s2,mentee,student,o,12,,,1,math\n");
	assert_int_equal(nv("match %s -o %s -q", path_in("tie.csv"), path_in("tie")), 0);
	assert_int_equal(nv("explain %s s2 --lang en", path_in("tie")), 0);
	assert_file_has("stdout",
	                "has room, but the chosen pair with t1 gives at least as good a total");
	assert_int_equal(nv("explain %s s2 --lang ru", path_in("tie")), 0);
	assert_file_has("stdout", "есть место, но выбранная пара с t1 даёт не худший итог");

	/* a min_pairs quota, not the total, keeps s1 with the student mentor */
	write_file("q.csv", "id,role,category,org,age,experience_years,capacity,consent,subjects\n"
	                    "t1,mentor,teacher,o,,10,2,1,math\n"
	                    "s9,mentor,student,o,16,,1,1,art\n"
	                    "s1,mentee,student,o,12,,,1,math\n");
	write_file("q.ini", "[form student-student]\nmin_pairs = 1\n");
	assert_int_equal(nv("match %s -c %s -o %s -q --lang en", path_in("q.csv"), path_in("q.ini"),
	                    path_in("q")),
	                 0);
	assert_int_equal(nv("explain %s s1 --lang en", path_in("q")), 0);
	assert_file_has("stdout",
	                "t1  0.425000  teacher-student: has room, but the pair with s9 keeps form "
	                "student-student at its min_pairs quota (1)");
	/* two decimals as pairs.csv's six round: 0.425000 is 0.43 (not 0.42) */
	assert_file_has("q/unmatched.csv", "t1,mentor,capacity_taken,\"the one eligible mentee is "
	                                   "in a pair that keeps "
	                                   "form student-student at its min_pairs quota of 1 (s1, "
	                                   "0.43 with this mentor, paired with "
	                                   "s9)\"");

	/* without one form per mentor a full mentor's pairs may be in
	 * several forms: none is named as its form (M has C1 in
	 * employer-college, the form of M-C2, and S1 in employer-student) */
	write_file("mf.csv", "id,role,category,org,district,age,capacity,consent,subjects\n"
	                     "M,mentor,employer,ENT,d1,,2,1,math\n"
	                     "C1,mentee,college_student,COL,d1,19,,1,math\n"
	                     "S1,mentee,student,SCH,d1,15,,1,math\n"
	                     "C2,mentee,college_student,COL,d1,19,,1,art\n");
	write_file("mf.ini", "[match]\none_form_per_mentor = no\n");
	assert_int_equal(nv("match %s -c %s -o %s -q", path_in("mf.csv"), path_in("mf.ini"),
	                    path_in("mf")),
	                 0);
	assert_int_equal(nv("explain %s C2 --lang en", path_in("mf")), 0);
	assert_file_has("stdout",
	                "  M  0.175000  employer-college: full (capacity 2) with C1, S1\n");
}

static void counterfactual_agrees_with_a_real_run_with_the_pair_fixed(void **state)
{
	(void)state;
	int checked = 0;
	for (uint64_t seed = 300; seed < 380 && checked < 20; seed++) {
		ref_data d;
		ref_make(&d, seed, 4, 6);
		ref_write(&d, path_in("p.csv"), ',', 0, 0);
		/* odd seeds: the first solve sees one pair per mentee; explain
		 * re-solves the same pruned way and must still be optimal */
		int pruned = seed % 2;
		assert_int_equal(nv("match %s -o %s -q --lang en%s", path_in("p.csv"), path_in("base"),
		                    pruned ? " --top-k 1" : ""),
		                 0);
		ref_csv *base = ref_csv_read(path_in("base/pairs.csv"));
		for (int r = 1; r < base->rows; r++) {
			const char *me = base->cell[r][2];
			assert_int_equal(nv("explain %s %s --lang en", path_in("base"), me), 0);
			char *out = ref_slurp(path_in("stdout"), NULL);
			char *fx = strstr(out, "If the pair ");
			if (!fx) {
				free(out);
				continue;
			}
			char mentor[64], mentee[64];
			assert_int_equal(sscanf(fx, "If the pair %63s – %63s", mentor, mentee), 2);
			assert_string_equal(mentee, me);
			size_t n_after;
			double t_after;
			assert_true(parse_after(fx, &n_after, &t_after));
			/* the real run with that pair fixed */
			FILE *f = fopen(path_in("fix.csv"), "w");
			fprintf(f, "fix,%s,%s\n", mentor, me);
			fclose(f);
			assert_int_equal(nv("match %s -o %s -q --lang en --constraints %s",
			                    path_in("p.csv"), path_in("fixed"), path_in("fix.csv")),
			                 0);
			ref_csv *fp = ref_csv_read(path_in("fixed/pairs.csv"));
			assert_int_equal((size_t)(fp->rows - 1), n_after);
			long long total = 0;
			for (int k = 1; k < fp->rows; k++)
				total += ref_micro(fp->cell[k][4]);
			if (llabs(total - llround(t_after * 1e6)) > 1)
				fail_msg("seed %llu, %s: explain says total %.6f, the fixed run has %lld micro",
				         (unsigned long long)seed, me, t_after, total);
			/* every mentee whose mentor differs is named, and only those
			 * (ties may fall another way when the edge sets differ) */
			for (int i = 0; i < d.n && !pruned; i++) {
				if (d.p[i].mentor || !strcmp(d.p[i].id, me))
					continue;
				const char *was = NULL, *now = NULL;
				for (int k = 1; k < base->rows; k++)
					if (!strcmp(base->cell[k][2], d.p[i].id))
						was = base->cell[k][1];
				for (int k = 1; k < fp->rows; k++)
					if (!strcmp(fp->cell[k][2], d.p[i].id))
						now = fp->cell[k][1];
				char line[200];
				if (was && now && strcmp(was, now))
					snprintf(line, sizeof line, "  %s changes mentor: %s → %s\n", d.p[i].id, was, now);
				else if (was && !now)
					snprintf(line, sizeof line, "  %s loses mentor %s\n", d.p[i].id, was);
				else if (!was && now)
					snprintf(line, sizeof line, "  %s gains mentor %s\n", d.p[i].id, now);
				else {
					snprintf(line, sizeof line, "  %s ", d.p[i].id);
					if (strstr(fx, line))
						fail_msg("seed %llu: %s listed but unchanged:\n%s",
						         (unsigned long long)seed, d.p[i].id, fx);
					continue;
				}
				if (!strstr(fx, line))
					fail_msg("seed %llu: missing \"%s\" in:\n%s", (unsigned long long)seed,
					         line, fx);
			}
			ref_csv_free(fp);
			free(out);
			checked++;
		}
		ref_csv_free(base);
	}
	assert_true(checked >= 10);
}

/* A mentor with an identical twin: among the re-solve's equally good
 * answers, the one that moves fewer mentees. The re-solve itself put
 * s0000007 with the twin and s0000009 in its place; the pairs, their
 * forms and scores are the same with s0000007 left where it was. */
static void a_twin_mentor_is_no_change_in_the_counterfactual(void **state)
{
	(void)state;
	assert_int_equal(nv("generate --scale tiny --seed 1 -o %s", path_in("tw0.csv")), 0);
	char *csv = ref_slurp(path_in("tw0.csv"), NULL);
	assert_non_null(csv);
	const char *row = strstr(csv, "\ns0000035,");
	assert_non_null(row);
	const char *end = strchr(row + 1, '\n');
	assert_non_null(end);
	FILE *f = fopen(path_in("tw.csv"), "w");
	fputs(csv, f);
	fprintf(f, "s0000035b%.*s\n", (int)(end - row - 9), row + 9); /* the twin, last */
	fclose(f);
	free(csv);
	assert_int_equal(nv("match %s -o %s -q --lang en", path_in("tw.csv"), path_in("tw")), 0);
	assert_int_equal(nv("explain %s s0000034 --lang en -q", path_in("tw")), 0);
	char *out = ref_slurp(path_in("stdout"), NULL);
	assert_has(out, "If the pair t0000004 – s0000034 were fixed (re-solved with it):\n"
	                "  pairs: 22 → 22; total score: 12.201461 → 12.166160 (-0.035301)\n"
	                "  s0000009 changes mentor: t0000004 → s0000035b\n");
	assert_null(strstr(out, "s0000007 changes"));
	free(out);
	/* the re-solve's own answer: as good, one move more */
	write_file("tw-fix.csv", "fix,t0000004,s0000034\n");
	assert_int_equal(nv("match %s -o %s -q --lang en --constraints %s", path_in("tw.csv"),
	                    path_in("tw2"), path_in("tw-fix.csv")),
	                 0);
	assert_file_has("tw2/summary.json", "\"total_score\": 12.166160");
	assert_file_has("tw2/pairs.csv", "s0000035b,s0000035b,s0000007,");

	/* every row twice, one form per mentor: t0000011 takes s0000028 in
	 * teacher-student, so its two young teachers go to its twin and the
	 * twin's pupil comes to it. Moving a young teacher back to t0000011,
	 * whose place is free, would put it in two forms: not done. */
	assert_int_equal(nv("generate --scale tiny --seed 5 -o %s", path_in("d0.csv")), 0);
	csv = ref_slurp(path_in("d0.csv"), NULL);
	assert_non_null(csv);
	f = fopen(path_in("d.csv"), "w");
	for (char *line = csv, *nl; *line; line = nl + 1) {
		nl = strchr(line, '\n');
		assert_non_null(nl);
		fprintf(f, "%.*s\n", (int)(nl - line), line);
		char *comma = strchr(line, ',');
		if (line != csv) /* the row's twin, its id with a 'b' */
			fprintf(f, "%.*sb%.*s\n", (int)(comma - line), line, (int)(nl - comma),
			        comma);
	}
	fclose(f);
	free(csv);
	assert_int_equal(nv("match %s -o %s -q --lang en", path_in("d.csv"), path_in("d")), 0);
	assert_file_has("d/summary.json", "\"proven\": true");
	assert_int_equal(nv("explain %s s0000028 --lang en -q", path_in("d")), 0);
	out = ref_slurp(path_in("stdout"), NULL);
	assert_has(out, "  pairs: 44 → 44; total score: 22.116028 → 22.116028 (+0.000000)\n"
	                "  t0000018 changes mentor: t0000011 → t0000011b\n"
	                "  t0000018b changes mentor: t0000011 → t0000011b\n"
	                "  s0000028b changes mentor: t0000011b → t0000011\n");
	free(out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(explain_shows_the_pair_as_written_and_why_not_the_others),
	        cmocka_unit_test(unknown_mentee_or_folder_exits_2),
	        cmocka_unit_test(a_mentor_is_explained_by_its_mentees_and_the_others),
	        cmocka_unit_test(a_damaged_summary_json_is_named_with_what_is_wrong),
	        cmocka_unit_test(counterfactual_agrees_with_a_real_run_with_the_pair_fixed),
	        cmocka_unit_test(explain_follows_the_run_and_says_when_inputs_changed),
	        cmocka_unit_test(the_changes_lead_with_who_loses_a_mentor),
	        cmocka_unit_test(a_changed_folder_is_explained_as_the_inputs_are_now),
	        cmocka_unit_test(lists_quote_ids_with_a_comma_and_a_tie_reads_plus_0),
	        cmocka_unit_test(
	                explain_reads_the_answer_back_and_solves_only_what_is_not_the_runs),
	        cmocka_unit_test(capacity_0_fixed_pairs_and_invalid_rows_are_explained_as_they_are),
	        cmocka_unit_test(the_counterfactual_looks_past_the_listed_alternatives),
	        cmocka_unit_test(a_twin_mentor_is_no_change_in_the_counterfactual),
	};
	return cmocka_run_group_tests_name("explain", tests, cli_setup, cli_teardown);
}
