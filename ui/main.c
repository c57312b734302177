/*
 * main.c — gmpscope's entry point: parse the command line, dispatch.
 *
 * Every mode lives in its own module behind the cmd_* interface of cli.h; main
 * only turns a parse error into one line on stderr and exit status 2, and
 * prints --help and --version, and checks a record key script before anything
 * runs. `gmpscope metrics` is small enough to live here.
 */
#include "cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine.h"
#include "keys.h"
#include "outfile.h"
#include "term.h"

/* on_out_of_memory is the engine's out-of-memory handler (alloc.h), for
 * every mode: put the terminal back (a no-op outside the interactive mode)
 * and remove a recording's hidden temporaries, then report the engine's one
 * line, and exit with status 2 like every refusal. */
static void on_out_of_memory(const char *msg)
{
	term_restore();
	outfile_abort_all();
	fprintf(stderr, "%s\n", msg);
	exit(2);
}

/* cmd_metrics prints one line per built-in metric: its name, padded so the
 * meanings line up, then what it measures, and "(at the end)" for one
 * defined only once the run has ended. */
int cmd_metrics(const cli_opts *o)
{
	int n = engine_metric_count(), width = 0;
	(void)o;
	for (int i = 0; i < n; i++)
		if ((int)strlen(engine_metric_doc(i)->name) > width)
			width = (int)strlen(engine_metric_doc(i)->name);
	for (int i = 0; i < n; i++)
		printf("%-*s  %s%s\n", width, engine_metric_doc(i)->name, engine_metric_doc(i)->meaning,
		       engine_metric_doc(i)->at_end ? " (at the end)" : "");
	return fflush(stdout) == 0 ? 0 : 1;
}

int main(int argc, char **argv)
{
	cli_opts o;
	char err[CLI_ERR_MAX];
	engine_set_oom_handler(on_out_of_memory);
	if (cli_parse(argc, argv, &o, err, sizeof err) < 0) {
		fprintf(stderr, "%s\n", err);
		return 2;
	}
	engine_set_default_budget(&(gmp_budget){ o.max_events, o.max_engine_bytes });
	switch (o.cmd) {
	case CLI_HELP:
		cli_usage(stdout, o.help_topic);
		return 0;
	case CLI_VERSION:
		printf("gmpscope %s\n", GMPSCOPE_VERSION);
		return 0;
	case CLI_LIST:
		return cmd_list(&o);
	case CLI_METRICS:
		return cmd_metrics(&o);
	case CLI_CHECK:
		return cmd_check(&o);
	case CLI_RECORD:
		if (o.keys) {
			keys_item *items = NULL;
			int n = 0;
			char kerr[CLI_ERR_MAX];
			if (keys_parse_script(o.keys, &items, &n, kerr, sizeof kerr) < 0) {
				fprintf(stderr, "gmpscope: record: --keys: %s\n", kerr);
				return 2;
			}
			free(items);
		}
		return cmd_record(&o);
	case CLI_INTERACTIVE:
		return cmd_interactive(&o);
	case CLI_QUIZ:
		if (o.keys) {
			keys_item *items = NULL;
			int n = 0;
			char kerr[CLI_ERR_MAX];
			if (keys_parse_script(o.keys, &items, &n, kerr, sizeof kerr) < 0) {
				fprintf(stderr, "gmpscope: quiz: --keys: %s\n", kerr);
				return 2;
			}
			free(items);
		}
		return o.record ? cmd_quiz_record(&o) : cmd_quiz(&o);
	case CLI_REPLAY:
		return cmd_replay(&o);
	case CLI_REAL:
		return cmd_real(&o);
	}
	return 2;
}
