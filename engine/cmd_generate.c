/* cmd_generate.c (nastavnik generate: a synthetic participants file and,
 * on request, a constraints file for it, written all or none) */
#include "cli.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

static void usage(FILE *f)
{
	fprintf(f,
	        "usage: nastavnik generate --scale SCALE --seed N -o FILE "
	        "[--constraints FILE]\n\n"
	        "Writes a synthetic but faithful participants file (UTF-8, comma):\n"
	        "districts of 20-60 schools with a college and a few enterprises,\n"
	        "students, teachers (a tenth of them young specialists with the\n"
	        "difficulties of the methodology's survey), college students and\n"
	        "employers, about 3%% without consent. The same seed gives the same\n"
	        "bytes.\n\n"
	        "  --scale SCALE        tiny (~40 people), school (~1,000),\n"
	        "                       district (~20,000), city (~200,000),\n"
	        "                       region (~1,000,000)\n"
	        "  --seed N             a whole number >= 0\n"
	        "  -o, --output FILE    the participants file\n"
	        "  --constraints FILE   also write a forbid/fix file for it\n"
	        "  -h, --help           this text\n\n"
	        "Exit codes: 0 done, 1 usage, 4 write error.\n");
}

static int parse_seed(const char *s, uint64_t *out)
{
	if (!*s || *s == '-' || *s == '+')
		return NV_EUSAGE;
	char *end;
	errno = 0;
	unsigned long long v = strtoull(s, &end, 10);
	if (errno || *end)
		return NV_EUSAGE;
	*out = v;
	return NV_OK;
}

int nv_cmd_generate(int argc, char **argv)
{
	const char *cmd = "generate";
	const char *scale = NULL, *seed = NULL, *out = NULL, *cons = NULL;
	static const char *const names[] = {"--scale", "--seed", "--output", "--constraints"};
	const char **slots[] = {&scale, &seed, &out, &cons};
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i], *v = NULL, *name = a;
		const char **slot = NULL;
		if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
			usage(stdout);
			return NV_OK;
		}
		if (!strcmp(a, "-o"))
			slot = &out;
		/* "--seed 7" or "--seed=7", as the other commands take them */
		for (size_t k = 0; !slot && k < sizeof names / sizeof *names; k++) {
			size_t n = strlen(names[k]);
			if (!strncmp(a, names[k], n) && (!a[n] || a[n] == '=')) {
				slot = slots[k];
				name = names[k];
				v = a[n] ? a + n + 1 : NULL;
			}
		}
		if (!slot)
			return nv_cli_usage_error(cmd, a[0] == '-' && a[1] ? "unknown option '%s'"
			                                                   : "unexpected argument '%s'",
			                          a);
		if (!v && i + 1 >= argc)
			return nv_cli_usage_error(cmd, "option '%s' needs a value", a);
		const char *value = v ? v : argv[++i];
		/* a setting given twice takes its last value, as the other
		 * commands' do; a file given twice is refused */
		if (slot == &scale || slot == &seed)
			*slot = value;
		else if (nv_cli_once(cmd, v ? name : a, slot, value) != NV_OK)
			return NV_EUSAGE;
	}
	if (!scale)
		return nv_cli_usage_error(cmd, "missing --scale SCALE");
	if (!seed)
		return nv_cli_usage_error(cmd, "missing --seed N");
	if (!out)
		return nv_cli_usage_error(cmd, "missing the output file (-o FILE)");

	nv_gen_params p;
	nv_gen_params_init(&p);
	if (nv_scale_parse(scale, &p.scale) != NV_OK)
		return nv_cli_usage_error(
			cmd, "unknown scale '%s' (tiny, school, district, city, region)", scale);
	if (parse_seed(seed, &p.seed) != NV_OK)
		return nv_cli_usage_error(cmd, "--seed wants a whole number >= 0, not '%s'",
		                          seed);
	if (nv_cli_same_file(cons, out))
		return nv_cli_usage_error(cmd, "-o and --constraints name the same file");

	int rc = NV_EFAIL;
	nv_diag *diag = nv_diag_new(0);
	nv_outset *set = nv_outset_new();
	FILE *fp = nv_outset_open(set, out, diag);
	FILE *fc = fp && cons ? nv_outset_open(set, cons, diag) : NULL;
	if (!fp || (cons && !fc))
		goto done;
	if (nv_generate(&p, fp, fc) != NV_OK) {
		nv_diag_error(diag, out, 0, NULL, "cannot write: %s", strerror(errno));
		goto done;
	}
	rc = nv_outset_commit(set, diag);
done:
	nv_outset_free(set);
	nv_diag_print(diag, stderr);
	nv_diag_free(diag);
	return rc;
}
