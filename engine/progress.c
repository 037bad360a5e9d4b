/* progress.c (stage and percentage on stderr while match or explain runs,
 * only when stderr is a terminal, --quiet is not given and the run is a
 * long one) */
#include "match_internal.h"

#include <unistd.h>

void nv_progress_init(nv_progress *g, int quiet, const char *cmd)
{
	g->on = !quiet && isatty(STDERR_FILENO);
	g->cmd = cmd ? cmd : "match";
	g->stage = NULL;
	g->last_pct = -1;
	g->last_t = 0;
	g->t0 = nv_now();
}

void nv_progress_stage(nv_progress *g, const char *stage)
{
	if (!g->on)
		return;
	if (g->stage)
		nv_progress_done(g);
	g->stage = stage;
	g->last_pct = -1;
	g->last_t = 0;
	nv_progress_set(g, 0);
}

void nv_progress_set(nv_progress *g, double fraction)
{
	if (!g->on || !g->stage)
		return;
	int pct = (int)(fraction * 100 + 0.5);
	if (pct < 0)
		pct = 0;
	if (pct > 100)
		pct = 100;
	double now = nv_now();
	/* Redraw on a new percentage, at most ten times a second. */
	if (now - g->t0 < NV_PROGRESS_AFTER || pct == g->last_pct ||
	    (pct < 100 && g->last_pct >= 0 && now - g->last_t < 0.1))
		return;
	g->last_pct = pct;
	g->last_t = now;
	fprintf(stderr, "\rnastavnik %s: %-8s %3d%%", g->cmd, g->stage, pct);
	fflush(stderr);
}

void nv_progress_done(nv_progress *g)
{
	if (!g->on || !g->stage)
		return;
	if (g->last_pct != 100) {
		g->last_t = 0;
		nv_progress_set(g, 1);
	}
	if (g->last_pct >= 0) /* the stage's line was drawn */
		fputc('\n', stderr);
	g->stage = NULL;
}

void nv_progress_cb(void *ud, double fraction)
{
	nv_progress_set(ud, fraction);
}
