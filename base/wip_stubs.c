/* wip_stubs.c (temporary weak definitions of the public functions, so the
 * tree links while the modules land in parallel; each real definition
 * overrides its stub. Removed once every module has landed.) */
#include "../engine/engine.h"

#include <stdlib.h>

static _Noreturn void missing(const char *fn)
{
	fprintf(stderr, "nastavnik: %s is missing from this build\n", fn);
	abort();
}

__attribute__((weak)) nv_vocab * nv_vocab_new(void)
{
	missing("nv_vocab_new");
}

__attribute__((weak)) void nv_vocab_free(nv_vocab *v)
{
	(void)v;
	missing("nv_vocab_free");
}

__attribute__((weak)) uint32_t nv_vocab_intern(nv_vocab *v, const char *s, size_t len)
{
	(void)v;
	(void)s;
	(void)len;
	missing("nv_vocab_intern");
}

__attribute__((weak)) int64_t nv_vocab_find(const nv_vocab *v, const char *s, size_t len)
{
	(void)v;
	(void)s;
	(void)len;
	missing("nv_vocab_find");
}

__attribute__((weak)) size_t nv_vocab_count(const nv_vocab *v)
{
	(void)v;
	missing("nv_vocab_count");
}

__attribute__((weak)) const char * nv_vocab_name(const nv_vocab *v, uint32_t id)
{
	(void)v;
	(void)id;
	missing("nv_vocab_name");
}

__attribute__((weak)) void nv_read_params_init(nv_read_params *p)
{
	(void)p;
	missing("nv_read_params_init");
}

__attribute__((weak)) int nv_table_read(const char *path, const nv_read_params *p, nv_table **out, nv_diag *diag)
{
	(void)path;
	(void)p;
	(void)out;
	(void)diag;
	missing("nv_table_read");
}

__attribute__((weak)) int nv_table_read_buffer(const char *name, const char *bytes, size_t len, const nv_read_params *p, nv_table **out, nv_diag *diag)
{
	(void)name;
	(void)bytes;
	(void)len;
	(void)p;
	(void)out;
	(void)diag;
	missing("nv_table_read_buffer");
}

__attribute__((weak)) void nv_table_free(nv_table *t)
{
	(void)t;
	missing("nv_table_free");
}

__attribute__((weak)) const char * nv_role_word(nv_role r)
{
	(void)r;
	missing("nv_role_word");
}

__attribute__((weak)) const char * nv_category_word(nv_category c)
{
	(void)c;
	missing("nv_category_word");
}

__attribute__((weak)) int nv_csv_each(const char *path, nv_encoding enc, nv_record_fn fn, void *ud, nv_diag *diag)
{
	(void)path;
	(void)enc;
	(void)fn;
	(void)ud;
	(void)diag;
	missing("nv_csv_each");
}

__attribute__((weak)) int nv_edges_read(const char *path, nv_encoding enc, nv_edges **out, nv_diag *diag)
{
	(void)path;
	(void)enc;
	(void)out;
	(void)diag;
	missing("nv_edges_read");
}

__attribute__((weak)) void nv_edges_free(nv_edges *e)
{
	(void)e;
	missing("nv_edges_free");
}

__attribute__((weak)) int nv_capacity_read(const char *path, nv_encoding enc, const nv_vocab *mentors, int32_t *capacity, nv_diag *diag)
{
	(void)path;
	(void)enc;
	(void)mentors;
	(void)capacity;
	(void)diag;
	missing("nv_capacity_read");
}

__attribute__((weak)) int nv_constraints_read(const char *path, nv_encoding enc, nv_constraints **out, nv_diag *diag)
{
	(void)path;
	(void)enc;
	(void)out;
	(void)diag;
	missing("nv_constraints_read");
}

__attribute__((weak)) void nv_constraints_free(nv_constraints *c)
{
	(void)c;
	missing("nv_constraints_free");
}

__attribute__((weak)) nv_outset * nv_outset_new(void)
{
	missing("nv_outset_new");
}

__attribute__((weak)) int nv_outset_commit(nv_outset *o, nv_diag *diag)
{
	(void)o;
	(void)diag;
	missing("nv_outset_commit");
}

__attribute__((weak)) void nv_outset_free(nv_outset *o)
{
	(void)o;
	missing("nv_outset_free");
}

__attribute__((weak)) void nv_csv_put(FILE *f, const char *s)
{
	(void)f;
	(void)s;
	missing("nv_csv_put");
}

__attribute__((weak)) void nv_json_put(FILE *f, const char *s)
{
	(void)f;
	(void)s;
	missing("nv_json_put");
}

__attribute__((weak)) void nv_gen_params_init(nv_gen_params *p)
{
	(void)p;
	missing("nv_gen_params_init");
}

__attribute__((weak)) int nv_generate(const nv_gen_params *p, FILE *participants, FILE *constraints)
{
	(void)p;
	(void)participants;
	(void)constraints;
	missing("nv_generate");
}

__attribute__((weak)) int nv_scale_parse(const char *word, nv_scale *out)
{
	(void)word;
	(void)out;
	missing("nv_scale_parse");
}

__attribute__((weak)) void nv_solve_params_init(nv_solve_params *p)
{
	(void)p;
	missing("nv_solve_params_init");
}

__attribute__((weak)) int nv_asg_solve(const nv_asg *a, const nv_solve_params *p, nv_solution **out)
{
	(void)a;
	(void)p;
	(void)out;
	missing("nv_asg_solve");
}

__attribute__((weak)) void nv_solution_free(nv_solution *s)
{
	(void)s;
	missing("nv_solution_free");
}

__attribute__((weak)) int nv_solution_could_improve(const nv_solution *s, const nv_asg *a, uint32_t mentor, uint32_t mentee, uint32_t form, double score)
{
	(void)s;
	(void)a;
	(void)mentor;
	(void)mentee;
	(void)form;
	(void)score;
	missing("nv_solution_could_improve");
}

__attribute__((weak)) int nv_asg_check(const nv_asg *a, const uint32_t *chosen, size_t n_chosen, char *msg, size_t msgsz)
{
	(void)a;
	(void)chosen;
	(void)n_chosen;
	(void)msg;
	(void)msgsz;
	missing("nv_asg_check");
}

__attribute__((weak)) int nv_asg_write_lp(const nv_asg *a, const char *path)
{
	(void)a;
	(void)path;
	missing("nv_asg_write_lp");
}

__attribute__((weak)) void nv_config_init(nv_config *c)
{
	(void)c;
	missing("nv_config_init");
}

__attribute__((weak)) int nv_config_load(nv_config *c, const char *path, nv_diag *diag)
{
	(void)c;
	(void)path;
	(void)diag;
	missing("nv_config_load");
}

__attribute__((weak)) void nv_config_done(nv_config *c)
{
	(void)c;
	missing("nv_config_done");
}

__attribute__((weak)) int nv_config_form(const nv_config *c, const char *name)
{
	(void)c;
	(void)name;
	missing("nv_config_form");
}

__attribute__((weak)) int nv_pair_form(const nv_config *c, const nv_table *t, size_t mentor_row, size_t mentee_row)
{
	(void)c;
	(void)t;
	(void)mentor_row;
	(void)mentee_row;
	missing("nv_pair_form");
}

__attribute__((weak)) nv_model * nv_model_new(const nv_table *t, const nv_config *c)
{
	(void)t;
	(void)c;
	missing("nv_model_new");
}

__attribute__((weak)) void nv_model_free(nv_model *m)
{
	(void)m;
	missing("nv_model_free");
}

__attribute__((weak)) double nv_score_pair(const nv_model *m, size_t mentor_row, size_t mentee_row, double contrib[NV_NTERMS])
{
	(void)m;
	(void)mentor_row;
	(void)mentee_row;
	(void)contrib;
	missing("nv_score_pair");
}

__attribute__((weak)) void nv_pairs_free(nv_pairs *p)
{
	(void)p;
	missing("nv_pairs_free");
}

__attribute__((weak)) void nv_score_params_init(nv_score_params *p)
{
	(void)p;
	missing("nv_score_params_init");
}

__attribute__((weak)) int nv_score(const nv_model *m, const nv_score_params *p, nv_pairs **out, nv_score_stats *stats)
{
	(void)m;
	(void)p;
	(void)out;
	(void)stats;
	missing("nv_score");
}

__attribute__((weak)) int nv_score_each(const nv_model *m, nv_pairs_fn fn, void *ud)
{
	(void)m;
	(void)fn;
	(void)ud;
	missing("nv_score_each");
}

__attribute__((weak)) void nv_match_params_init(nv_match_params *p)
{
	(void)p;
	missing("nv_match_params_init");
}

__attribute__((weak)) int nv_match_run(const nv_match_params *p, nv_diag *diag)
{
	(void)p;
	(void)diag;
	missing("nv_match_run");
}

__attribute__((weak)) int nv_explain(const char *dir, const char *mentee_id, nv_lang lang, FILE *out, nv_diag *diag)
{
	(void)dir;
	(void)mentee_id;
	(void)lang;
	(void)out;
	(void)diag;
	missing("nv_explain");
}
