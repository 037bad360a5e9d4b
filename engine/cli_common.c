/* cli_common.c (option words shared by the commands) */
#include "cli.h"

#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

int nv_cli_usage_error(const char *cmd, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *msg = nv_xvasprintf(fmt, ap);
	va_end(ap);
	/* the user's own words, a newline or an escape in them included, stay
	 * on the one line */
	fprintf(stderr, "nastavnik %s: %s (see 'nastavnik %s --help')\n", cmd, nv_printable(msg),
	        cmd);
	free(msg);
	return NV_EUSAGE;
}

int nv_cli_encoding(const char *cmd, const char *word, nv_encoding *out)
{
	if (!strcasecmp(word, "utf-8") || !strcasecmp(word, "utf8"))
		*out = NV_ENC_UTF8;
	else if (!strcasecmp(word, "cp1251") || !strcasecmp(word, "windows-1251"))
		*out = NV_ENC_CP1251;
	else if (!strcasecmp(word, "auto"))
		*out = NV_ENC_AUTO;
	else
		return nv_cli_usage_error(cmd, "unknown encoding '%s' (utf-8, cp1251)", word);
	return NV_OK;
}

int nv_cli_objective(const char *cmd, const char *word, nv_objective *out)
{
	if (!strcmp(word, "coverage"))
		*out = NV_OBJ_COVERAGE;
	else if (!strcmp(word, "score"))
		*out = NV_OBJ_SCORE;
	else if (!strcmp(word, "maximin"))
		*out = NV_OBJ_MAXIMIN;
	else
		return nv_cli_usage_error(
			cmd, "unknown objective '%s' (coverage, score, maximin)", word);
	return NV_OK;
}

int nv_cli_lang(const char *cmd, const char *word, nv_lang *out)
{
	/* any case: RU, Ru as ru */
	if (!strcasecmp(word, "ru"))
		*out = NV_LANG_RU;
	else if (!strcasecmp(word, "en"))
		*out = NV_LANG_EN;
	else
		return nv_cli_usage_error(cmd, "unknown language '%s' (ru, en)", word);
	return NV_OK;
}

int nv_cli_solver(const char *cmd, const char *word, nv_solver_kind *out)
{
	if (!strcmp(word, "auto"))
		*out = NV_SOLVER_AUTO;
	else if (!strcmp(word, "flow"))
		*out = NV_SOLVER_FLOW;
	else if (!strcmp(word, "glpk"))
		*out = NV_SOLVER_GLPK;
	else
		return nv_cli_usage_error(cmd, "unknown solver '%s' (auto, flow, glpk)",
		                          word);
	return NV_OK;
}

nv_lang nv_cli_default_lang(void)
{
	const char *vars[] = {"LC_ALL", "LC_MESSAGES", "LANG"};
	for (size_t i = 0; i < sizeof vars / sizeof *vars; i++) {
		const char *v = getenv(vars[i]);
		if (v && *v)
			return strncmp(v, "ru", 2) == 0 ? NV_LANG_RU : NV_LANG_EN;
	}
	return NV_LANG_EN;
}

int nv_cli_time_limit(const char *cmd, const char *word, double *out)
{
	double x;
	if (nv_config_number(word, &x) || x <= 0)
		return nv_cli_usage_error(cmd, "--time-limit takes a number of seconds > 0, not '%s'",
		                          word);
	*out = x;
	return NV_OK;
}

int nv_cli_once(const char *cmd, const char *opt, const char **slot, const char *value)
{
	/* "-o ''" would name "/pairs.csv": the root folder, not the current one */
	if (!*value)
		return nv_cli_usage_error(cmd, "%s needs a value, not an empty string", opt);
	if (*slot)
		return nv_cli_usage_error(cmd, "%s is given twice ('%s' and '%s')", opt, *slot,
		                          value);
	*slot = value;
	return NV_OK;
}

/* path made absolute: its folder with symbolic links resolved when it
 * exists, else by the words alone ("a/./b/../c" is "a/c"); NULL when the
 * current folder cannot be read */
static char *canonical(const char *path)
{
	const char *slash = strrchr(path, '/');
	char *dir = slash ? nv_xstrndup(path, (size_t)(slash - path) + (slash == path))
	                  : nv_xstrdup(".");
	char *real = realpath(dir, NULL), *out = NULL;
	free(dir);
	if (real) {
		out = nv_xasprintf("%s/%s", real, slash ? slash + 1 : path);
		free(real);
		return out;
	}
	char cwd[4096];
	if (path[0] != '/' && !getcwd(cwd, sizeof cwd))
		return NULL;
	char *full = path[0] == '/' ? nv_xstrdup(path) : nv_xasprintf("%s/%s", cwd, path);
	out = nv_xmalloc(strlen(full) + 2);
	size_t n = 0;
	for (char *w = strtok(full, "/"); w; w = strtok(NULL, "/")) {
		if (!strcmp(w, "."))
			continue;
		if (!strcmp(w, "..")) { /* up one word */
			while (n > 0 && out[--n] != '/')
				;
			continue;
		}
		out[n++] = '/';
		memcpy(out + n, w, strlen(w));
		n += strlen(w);
	}
	out[n] = 0;
	free(full);
	return out;
}

int nv_cli_same_file(const char *a, const char *b)
{
	if (!a || !b)
		return 0;
	if (!strcmp(a, b))
		return 1;
	struct stat sa, sb;
	if (stat(a, &sa) == 0 && stat(b, &sb) == 0)
		return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
	char *ca = canonical(a), *cb = canonical(b);
	int same = ca && cb && !strcmp(ca, cb);
	free(ca);
	free(cb);
	return same;
}

/* out apart from every input: NV_OK, or the usage error naming it */
static int keeps_inputs(const char *cmd, const char *what, const char *out, const nv_cli_input *in,
                        size_t n_in)
{
	for (size_t i = 0; i < n_in; i++)
		if (nv_cli_same_file(out, in[i].path))
			return nv_cli_usage_error(cmd, "%s '%s' is the %s: it would be replaced",
			                          what, out, in[i].what);
	return NV_OK;
}

int nv_cli_outputs_apart(const char *cmd, const char *dir, const char *const *names, size_t n_names,
                         const char *model, const nv_cli_input *in, size_t n_in)
{
	int rc = keeps_inputs(cmd, "--write-model", model, in, n_in);
	/* a folder's outputs into an existing file: the user's slip, said as
	 * such before anything is read (not a write refused after the run) */
	struct stat st;
	const char *o = dir ? dir : n_names ? names[0] : NULL;
	if (rc == NV_OK && o) {
		if (stat(o, &st) != 0) {
			if (errno == ENOTDIR)
				rc = nv_cli_usage_error(cmd,
				                        "-o '%s': a folder on its path is a file",
				                        o);
		} else if (dir && !S_ISDIR(st.st_mode)) {
			rc = nv_cli_usage_error(cmd, "-o '%s' is a file, not a folder", o);
		} else if (!dir && S_ISDIR(st.st_mode)) {
			rc = nv_cli_usage_error(cmd, "-o '%s' is a folder, not a file", o);
		}
	}
	for (size_t k = 0; k < n_names && rc == NV_OK; k++) {
		char *out = dir ? nv_join_path(dir, names[k]) : nv_xstrdup(names[k]);
		rc = keeps_inputs(cmd, "-o", out, in, n_in);
		if (rc == NV_OK && nv_cli_same_file(model, out))
			rc = nv_cli_usage_error(cmd, "--write-model '%s' is the run's %s", model,
			                        names[k]);
		free(out);
	}
	return rc;
}

int nv_cli_getopt(int argc, char **argv, const char *shorts, const struct option *longs,
                  const char **bad)
{
	int idx = -1;
	int c = getopt_long(argc, argv, shorts, longs, &idx);
	*bad = NULL;
	if (idx < 0 || c == '?' || c == ':')
		return c;
	/* the element it read: "--name[=VALUE]", or the one before the value
	 * when that came apart ("--name VALUE") */
	const char *w = argv[optind - 1];
	if (longs[idx].has_arg == required_argument && optarg == argv[optind - 1])
		w = argv[optind - 2];
	size_t n = strcspn(w + 2, "=");
	if (strlen(longs[idx].name) == n && !strncmp(w + 2, longs[idx].name, n))
		return c;
	*bad = w;
	return '?';
}

void nv_cli_note_earlier(nv_diag *d, const char *dir, const char *name, const char *why)
{
	char *path = nv_join_path(dir, name);
	if (access(path, F_OK) == 0)
		nv_diag_note(d, path, 0, NULL, "an earlier run's, not this one's (%s)", why);
	free(path);
}

const char *nv_cli_refused(char **argv, const char *shorts, char buf[3])
{
	/* getopt_long gives optopt 0 for an unknown long option and the value of
	 * a known one given "=VALUE" it does not take: argv[optind - 1] is it.
	 * An unknown letter is optopt itself, and argv[optind - 1] is not its
	 * argument while letters after it ("-Zq") are still to come. */
	if (optopt > 0 && optopt < 256 && optopt != ':' &&
	    !strchr(shorts, optopt)) {
		buf[0] = '-';
		buf[1] = (char)optopt;
		buf[2] = 0;
		return buf;
	}
	return argv[optind - 1];
}
