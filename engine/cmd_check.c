/* cmd_check.c (nastavnik check: validate a participants file, print every
 * problem and a summary of who is in it) */
#include "cli.h"

#include <stdlib.h>
#include <string.h>

static void help(FILE *f)
{
	fprintf(f, "usage: nastavnik check PARTICIPANTS [-c CONFIG] [--encoding utf-8|cp1251]\n"
	           "                       [--lang ru|en]\n"
	           "\n"
	           "Validates a participants file and prints every problem as\n"
	           "FILE:LINE:COLUMN: message, then a summary: rows, mentors and mentees\n"
	           "per category, rows without consent, invalid rows, capacity offered\n"
	           "against mentees. Names in the forms column that no form has (the\n"
	           "built-in ones, and those of CONFIG when -c is given) are notes.\n"
	           "\n"
	           "options:\n"
	           "  -c, --config FILE      INI config (as match takes it): checked too, and\n"
	           "                         its forms are names the forms column may use\n"
	           "      --encoding WORD    utf-8 or cp1251 (default: detected)\n"
	           "      --lang ru|en       the report's language (default from the locale:\n"
	           "                         LC_ALL, LC_MESSAGES, LANG; Russian when it starts\n"
	           "                         with ru); a config's problems are in English\n"
	           "  -h, --help             this text\n"
	           "\n"
	           "The file: one row per person, a header row naming the columns (any\n"
	           "order, any case). UTF-8 or Windows-1251 (detected; --encoding forces\n"
	           "one), separated by ',' ';' or TAB (detected), quoted as Excel does.\n"
	           "Numbers may use a decimal comma. Lists use '|': math|physics.\n"
	           "\n"
	           "  id                required, unique, at most 64 bytes\n"
	           "  role              required: mentor or mentee (наставник, наставница,\n"
	           "                    наставляемый, наставляемая)\n"
	           "  category          required: student, teacher, college_student, employer\n"
	           "                    (ученик, учитель, студент, работодатель)\n"
	           "  org               required: school, college or enterprise code\n"
	           "  consent           required: 1/0, yes/no, да/нет (also Excel's TRUE/FALSE,\n"
	           "                    ИСТИНА/ЛОЖЬ); of a row without consent only id,\n"
	           "                    role and consent are read, and it is only counted\n"
	           "  district          municipal district code\n"
	           "  name              personal data, copied out only with --with-names\n"
	           "  age               whole years 0-120; required for students and\n"
	           "                    college students\n"
	           "  experience_years  years of teaching 0-80; required for teachers\n"
	           "  capacity          mentors: most mentees at once (whole, default 1)\n"
	           "  subjects, goals   tag lists\n"
	           "  psych_type        emotional-psychological type (one word)\n"
	           "  psych_<trait>     numeric psychological scales, any number\n"
	           "  need_<area>       mentees: difficulty in the area, 0-1\n"
	           "  skill_<area>      mentors: competence in the area, 0-1\n"
	           "  forms             forms this person accepts (empty = any)\n"
	           "Russian header names are read as well: Код, Роль, Категория, Организация,\n"
	           "Район, ФИО, Возраст, Стаж, Мест (or Количество наставляемых), Согласие,\n"
	           "Предметы, Цели, Психотип, Формы. Other columns are reported as notes and\n"
	           "not read.\n"
	           "\n"
	           "Exit: 0 valid, 2 problems found, 1 usage error.\n");
}

static const char *encoding_word(nv_encoding e)
{
	return e == NV_ENC_CP1251 ? "Windows-1251" : "UTF-8";
}

static const char *delimiter_word(char d, int ru)
{
	if (ru)
		return d == ';' ? "точка с запятой" : d == '\t' ? "табуляция" : "запятая";
	return d == ';' ? "semicolon" : d == '\t' ? "tab" : "comma";
}

/* s, then spaces up to width characters (UTF-8: a Cyrillic letter is one);
 * right-aligned when right. */
static void cell(FILE *f, const char *s, int width, int right)
{
	int chars = 0;
	for (const char *p = s; *p; p++)
		chars += ((unsigned char)*p & 0xC0) != 0x80;
	if (right)
		fprintf(f, "%*s%s", width > chars ? width - chars : 0, "", s);
	else
		fprintf(f, "%s%*s", s, width > chars ? width - chars : 0, "");
}

static const char *const category_ru[NV_NCATEGORIES] = {"ученик", "учитель", "студент",
                                                        "работодатель"};

static void summary(const nv_table *t, FILE *f, int ru)
{
	size_t mentors[NV_NCATEGORIES] = {0}, mentees[NV_NCATEGORIES] = {0};
	long long capacity[NV_NCATEGORIES] = {0};
	size_t valid = 0, no_consent = 0, invalid = 0, groups = 0, closed = 0;
	for (size_t r = 0; r < t->n; r++) {
		if (t->status[r] == NV_ROW_NO_CONSENT) {
			no_consent++;
			continue;
		}
		if (t->status[r] == NV_ROW_INVALID) {
			invalid++;
			continue;
		}
		valid++;
		int c = t->category[r];
		if (t->role[r] == NV_MENTOR) {
			mentors[c]++;
			capacity[c] += t->capacity[r];
			groups += t->capacity[r] > 1;
			closed += t->capacity[r] == 0;
		} else
			mentees[c]++;
	}
	if (ru)
		fprintf(f, "%s: строк: %zu (%s, разделитель — %s)\n", t->path, t->n,
		        encoding_word(t->encoding), delimiter_word(t->delimiter, 1));
	else
		fprintf(f, "%s: %zu row%s (%s, %s-separated)\n", t->path, t->n, nv_s(t->n),
		        encoding_word(t->encoding), delimiter_word(t->delimiter, 0));
	const char *rows[3][2] = {{"valid", "без ошибок"},
	                          {"without consent", "без согласия"},
	                          {"invalid", "с ошибками"}};
	size_t counts[3] = {valid, no_consent, invalid};
	for (int k = 0; k < 3; k++) {
		fputs("  ", f);
		cell(f, rows[k][ru], 15, 0);
		fprintf(f, " %8zu\n", counts[k]);
	}
	/* the table: a category column, then three numbers */
	const char *head[4][2] = {{"category", "категория"},
	                          {"mentors", "наставники"},
	                          {"mentees", "наставляемые"},
	                          {"capacity", "мест"}};
	int width[4] = {16, 8, 8, 9};
	if (ru) { /* the Russian words are longer */
		width[1] = 11;
		width[2] = 13;
		width[3] = 7;
	}
	fputs("\n  ", f);
	for (int k = 0; k < 4; k++) {
		cell(f, head[k][ru], width[k], k > 0);
		fputs(k < 3 ? " " : "\n", f);
	}
	size_t tm = 0, te = 0;
	long long tc = 0;
	char num[3][32];
	for (int c = 0; c <= NV_NCATEGORIES; c++) {
		int total = c == NV_NCATEGORIES;
		size_t m = total ? tm : mentors[c], e = total ? te : mentees[c];
		long long cap = total ? tc : capacity[c];
		snprintf(num[0], sizeof num[0], "%zu", m);
		snprintf(num[1], sizeof num[1], "%zu", e);
		snprintf(num[2], sizeof num[2], "%lld", cap);
		fputs("  ", f);
		cell(f,
		     total ? (ru ? "всего" : "total")
		     : ru  ? category_ru[c]
		           : nv_category_word((nv_category)c),
		     width[0], 0);
		for (int k = 0; k < 3; k++) {
			fputs(" ", f);
			cell(f, num[k], width[k + 1], 1);
		}
		fputs("\n", f);
		if (!total) {
			tm += mentors[c];
			te += mentees[c];
			tc += capacity[c];
		}
	}
	if (ru) {
		fprintf(f,
		        "\n  организаций: %zu, районов: %zu, "
		        "наставников групп (мест больше 1): %zu\n",
		        nv_vocab_count(t->orgs), nv_vocab_count(t->districts), groups);
		if (closed)
			fprintf(f, "  наставников без мест (0), им никого не подобрать: %zu\n",
			        closed);
		if (!te)
			fprintf(f, "  нет ни одного наставляемого без ошибок: подбирать некого\n");
		else if (tc < (long long)te)
			fprintf(f,
			        "  мест (%lld) меньше, чем наставляемых (%zu): "
			        "пару получат не больше %lld\n",
			        tc, te, tc);
		else
			fprintf(f,
			        "  мест (%lld) по числу хватает на наставляемых (%zu); "
			        "кто с кем может быть в паре, решают формы и организации: "
			        "это покажет match\n",
			        tc, te);
		return;
	}
	fprintf(f, "\n  organisations: %zu, districts: %zu, mentors taking groups (capacity > 1): %zu\n",
	        nv_vocab_count(t->orgs), nv_vocab_count(t->districts), groups);
	if (closed)
		fprintf(f, "  mentors with capacity 0, who take no mentee: %zu\n", closed);
	const char *s = nv_s(te);
	if (!te)
		fprintf(f, "  no valid mentee: there is no one to match\n");
	else if (tc < (long long)te)
		fprintf(f, "  capacity %lld is short of the %zu mentee%s: at most %lld can be matched\n",
		        tc, te, s, tc);
	else
		/* in number only: forms and organisations decide who meets whom */
		fprintf(f,
		        "  capacity %lld is enough in number for the %zu mentee%s (forms and "
		        "organisations decide who can pair: match says)\n",
		        tc, te, s);
}

/* "FILE: N problems: fix them and check again" */
static void problems(const char *file, size_t n, int ru)
{
	char *shown = nv_printable(nv_xstrdup(file));
	if (ru)
		printf("%s: ошибок: %zu — исправьте и проверьте снова\n", shown, n);
	else
		printf("%s: %zu problem%s: fix %s and check again\n", shown, n, nv_s(n),
		       n == 1 ? "it" : "them");
	free(shown);
}

int nv_cmd_check(int argc, char **argv)
{
	const char *path = NULL, *config = NULL;
	nv_read_params p;
	nv_read_params_init(&p);
	nv_lang lang = nv_cli_default_lang();
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
			help(stdout);
			return NV_OK;
		}
		if (!strcmp(a, "--lang") || !strncmp(a, "--lang=", 7)) {
			const char *v = a[6] == '=' ? a + 7 : (i + 1 < argc ? argv[++i] : NULL);
			if (!v)
				return nv_cli_usage_error("check", "option '%s' needs a value", a);
			if (nv_cli_lang("check", v, &lang) != NV_OK)
				return NV_EUSAGE;
			continue;
		}
		if (!strcmp(a, "--encoding") || !strncmp(a, "--encoding=", 11)) {
			const char *v = a[10] == '=' ? a + 11 : (i + 1 < argc ? argv[++i] : NULL);
			if (!v)
				return nv_cli_usage_error("check", "option '%s' needs a value", a);
			if (nv_cli_encoding("check", v, &p.encoding) != NV_OK)
				return NV_EUSAGE;
			continue;
		}
		if (!strcmp(a, "-c") || !strcmp(a, "--config") || !strncmp(a, "--config=", 9)) {
			const char *v = !strncmp(a, "--config=", 9) ? a + 9
			                : i + 1 < argc          ? argv[++i]
			                                        : NULL;
			if (!v)
				return nv_cli_usage_error("check", "option '%s' needs a value", a);
			if (nv_cli_once("check", "--config", &config, v) != NV_OK)
				return NV_EUSAGE;
			continue;
		}
		if (a[0] == '-' && a[1])
			return nv_cli_usage_error("check", "unknown option '%s'", a);
		if (path)
			return nv_cli_usage_error("check", "one participants file only ('%s' and '%s')",
			                          path, a);
		path = a;
	}
	if (!path)
		return nv_cli_usage_error("check", "missing the participants file");

	int ru = lang == NV_LANG_RU;
	nv_diag *diag = nv_diag_new(0);
	nv_diag_set_ru(diag, ru); /* the participants file's problems; the config's are English */
	nv_table *t = NULL;
	int rc = nv_table_read(path, &p, &t, diag);
	size_t table_errors = nv_diag_errors(diag);
	nv_config cfg;
	nv_config_init(&cfg);
	if ((!config || nv_config_load(&cfg, config, diag) == NV_OK) && t)
		nv_config_check_table(&cfg, t, diag); /* notes only */
	nv_config_done(&cfg);
	/* each file's own count: a bad config is not the table's problem */
	size_t config_errors = nv_diag_errors(diag) - table_errors;
	nv_diag_print(diag, stdout);
	if (t) {
		if (nv_diag_errors(diag) || nv_diag_notes(diag))
			putchar('\n');
		summary(t, stdout, ru);
	}
	if (rc != NV_OK || table_errors || config_errors) {
		putchar('\n');
		if (config_errors)
			problems(config, config_errors, ru);
		if (rc != NV_OK || table_errors)
			problems(path, table_errors, ru);
		rc = NV_EDATA;
	} else {
		char *shown = nv_printable(nv_xstrdup(path));
		printf(ru ? "\n%s: ошибок нет\n" : "\n%s: valid\n", shown);
		free(shown);
	}
	nv_table_free(t);
	nv_diag_free(diag);
	return rc;
}
