/* cli.h — the commands of the nastavnik binary (private to the CLI). Each
 * command parses its own options and returns the exit code of SPEC §7. */
#ifndef NV_CLI_H
#define NV_CLI_H

#include "engine.h"

int nv_cmd_check(int argc, char **argv);
int nv_cmd_score(int argc, char **argv);
int nv_cmd_match(int argc, char **argv);
int nv_cmd_solve(int argc, char **argv);
int nv_cmd_explain(int argc, char **argv);
int nv_cmd_generate(int argc, char **argv);

/* Shared option words. Each returns NV_OK, or NV_EUSAGE after printing
 * "nastavnik CMD: ..." to stderr. */
int nv_cli_encoding(const char *cmd, const char *word, nv_encoding *out);
int nv_cli_objective(const char *cmd, const char *word, nv_objective *out);
int nv_cli_lang(const char *cmd, const char *word, nv_lang *out);
int nv_cli_solver(const char *cmd, const char *word, nv_solver_kind *out);
/* --time-limit SECONDS: a positive finite number. */
int nv_cli_time_limit(const char *cmd, const char *word, double *out);
/* A file option's value into *slot: a second one (`-c A -c B`) is a usage
 * error, not the last one silently winning, and so is an empty one. */
int nv_cli_once(const char *cmd, const char *opt, const char **slot, const char *value);
/* Whether paths a and b name one file: the same string, the same file
 * (when both exist), or the same name in the same folder however written
 * (one not written yet). 0 when either is NULL. */
int nv_cli_same_file(const char *a, const char *b);
/* A run's outputs apart from its inputs, and --write-model apart from
 * both (`score f.csv -o f.csv` would lose the data): the outputs are
 * dir/names[k] (names[k] itself when dir is NULL), in[] the inputs (a
 * NULL path: not given). NV_OK, or NV_EUSAGE after the usage error
 * ("-o 'X' is the participants file: it would be replaced",
 * "--write-model 'X' is the run's pairs.csv"). */
typedef struct nv_cli_input {
	const char *path, *what;
} nv_cli_input;
int nv_cli_outputs_apart(const char *cmd, const char *dir, const char *const *names, size_t n_names,
                         const char *model, const nv_cli_input *in, size_t n_in);
/* A note at dir/name when it is there: an earlier run's output that this
 * run does not write, so that it no longer goes with the new ones; left as
 * it is (it is the user's): "DIR/pairs.xlsx: note: an earlier run's, not
 * this one's (WHY)". */
void nv_cli_note_earlier(nv_diag *d, const char *dir, const char *name, const char *why);
/* The option getopt_long has just refused ('?'), as the user wrote it:
 * "-Z" for an unknown letter, wherever it sits in "-qZ" or "-Zq"; else the
 * argument ("--bogus", "--quiet=1"). shorts: getopt_long's own. The
 * long-only options' values must be NV_LONG_ONLY(c), so that no letter is
 * mistaken for one of them. */
const char *nv_cli_refused(char **argv, const char *shorts, char buf[3]);
#define NV_LONG_ONLY(c) (256 + (c))
/* getopt_long without its abbreviations: a long option must be written
 * whole, as match, check, explain and generate read them ("--top" and
 * "--top=5", never "--to"). An abbreviation is refused ('?'), with *bad
 * the option as written; *bad is NULL otherwise. */
struct option;
int nv_cli_getopt(int argc, char **argv, const char *shorts, const struct option *longs,
                  const char **bad);
/* The language from LC_ALL / LC_MESSAGES / LANG: Russian when it starts
 * with "ru", English otherwise. */
nv_lang nv_cli_default_lang(void);
/* Prints "nastavnik CMD: message (see 'nastavnik CMD --help')", control
 * bytes as '?', and returns NV_EUSAGE. */
int nv_cli_usage_error(const char *cmd, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#endif
