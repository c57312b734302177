/*
 * metrics_out.c — the `--metrics FILE` lines (metrics_out.h).
 */
#include "metrics_out.h"

#include <string.h>

#include "expect.h"

/* one_ctx / one_lookup answer expect's lookups from one variant's engine. */
typedef struct one_ctx {
	const char *vname;
	const gmp_engine *e;
} one_ctx;

static bool one_lookup(void *ctx, const char *variant, const char *metric, double *out, const char **str)
{
	one_ctx *c = ctx;
	if (!variant || strcmp(variant, c->vname) != 0)
		return false;
	if (str && !strcmp(metric, "fatal")) {
		*str = engine_fatal(c->e);
		*out = **str ? 1 : 0;
		return true;
	}
	return engine_metric(c->e, metric, out);
}

bool metrics_symptom(const gmp_scenario *s, int i, int v, const gmp_engine *e, double *out)
{
	one_ctx c = { s->variants[v].name, e };
	if (s->symptoms[i].at_end && engine_runstate(e) == RUN_RUNNING)
		return false; /* defined only at the end */
	return symptom_eval(s, &s->symptoms[i], v, one_lookup, &c, out);
}

static const char *unit_name(gmp_unit u)
{
	switch (u) {
	case UNIT_NS: return "ns";
	case UNIT_BYTES: return "bytes";
	case UNIT_PCT: return "%";
	case UNIT_PER_S: return "/s";
	default: return NULL;
	}
}

void metrics_write_units(FILE *fp, const gmp_scenario *s)
{
	for (int i = 0; i < s->nsymptoms; i++) {
		const gmp_metricdoc *d = engine_metric_find(s->symptoms[i].text);
		const char *u = d ? unit_name(d->unit) : NULL;
		if (u)
			fprintf(fp, "# unit symptom.%d %s\n", i + 1, u);
	}
}

void metrics_write(FILE *fp, const gmp_scenario *s, int v, const gmp_engine *e)
{
	const char *vn = s->variants[v].name;
	double d;
	for (int i = 0; i < s->nsymptoms; i++)
		if (metrics_symptom(s, i, v, e, &d))
			fprintf(fp, "%s symptom.%d %.15g\n", vn, i + 1, d);
	for (int i = 0; i < engine_metric_count(); i++) {
		const gmp_metricdoc *m = engine_metric_doc(i);
		if (!m || strchr(m->name, '.'))
			continue;
		if (engine_metric(e, m->name, &d))
			fprintf(fp, "%s %s %.15g\n", vn, m->name, d);
	}
}
