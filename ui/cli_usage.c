/*
 * cli_usage.c — the usage text: one paragraph per subcommand, printed by
 * "gmpscope CMD --help" (that paragraph) and "gmpscope --help" (all of them,
 * with the notes they share). The parser that decides when to print it is
 * ui/cli.c.
 */
#include "cli.h"

#include <assert.h>
#include <stdio.h>

/* usage_text holds one paragraph per subcommand, printed alone by
 * "gmpscope CMD --help" and all together by "gmpscope --help". */
static const char *const usage_text[] = {
	[CLI_INTERACTIVE] =
	"gmpscope [--variant NAME] [--seed N] [--ascii] [--theme dark|light] [--max-events N] [SCENARIO]\n"
	"    Play a scenario in the terminal; without SCENARIO, open the scenario picker.\n"
	"    The run starts paused at t=0: space plays, n/→ steps, ? lists every key.\n"
	"    --variant NAME   start with this variant (default: the first, usually bug)\n"
	"    --seed N         override the scenario's seed (0..18446744073709551615)\n"
	"    --ascii          draw with ASCII glyphs only\n"
	"    --theme T        dark (default) or light: dark text on white, for slides\n"
	"    --max-events N   gmpscope's own budget: engine events per run (default\n"
	"                     300000000); --max-engine-memory SIZE bounds the engine's\n"
	"                     own memory (default 1GiB). Past either the run gives up.\n",
	[CLI_LIST] =
	"gmpscope list\n"
	"    One line per scenario: number, slug, title, family.\n",
	[CLI_METRICS] =
	"gmpscope metrics\n"
	"    One line per metric the engine measures, with what it means.\n",
	[CLI_CHECK] =
	"gmpscope check [--seeds N] [--metrics FILE] [--max-events N] [--max-engine-memory SIZE] [SCENARIO...]\n"
	"    Run every variant headless and verify each expectation (default: every\n"
	"    scenario). Exit 0 if all pass, 1 if any fails, 2 on a bad file, 3 if a\n"
	"    variant used up gmpscope's own budget (its expectations fail).\n"
	"    --seeds N        run each variant under N seeds (the scenario's, then\n"
	"                     N-1 derived from it); each line gives its pass count\n"
	"                     \"(K of N seeds)\"; an expectation holds in every seed\n"
	"                     unless it says \"in >= P% of seeds\"\n"
	"    --metrics FILE   write each variant's measured metrics at its end: a\n"
	"                     \"# NN-slug\" line per scenario, then \"VARIANT METRIC\n"
	"                     VALUE\" lines (symptoms first, then every metric and\n"
	"                     the family metrics its expectations read)\n",
	[CLI_QUIZ] =
	"gmpscope quiz [--shuffle N] [--seed N] [--ascii] [--theme dark|light] [SCENARIO...]\n"
	"    Find the bug: each scenario's bug variant plays with its name, variant and\n"
	"    explanation hidden; move the line cursor (up/down, j/k) to the defect and\n"
	"    press Enter. The reveal says right or not, explains, then Enter shows the\n"
	"    bug beside its fix; Enter again goes on, q ends with a summary. Default:\n"
	"    every scenario with defect lines, in number order.\n"
	"    --shuffle N      ask the questions in an order drawn from N\n"
	"    --seed N         override every scenario's seed (the engine's)\n"
	"    --record         headless: replay --keys SCRIPT from the same start (the\n"
	"                     three questions of question 1, paused at t=0) into\n"
	"                     --cast FILE and/or --screens DIR; --size, --fps as record\n",
	[CLI_RECORD] =
	"gmpscope record SCENARIO [options]\n"
	"    Run headless and write recordings; outputs appear whole or not at all.\n"
	"    --variant NAME        variant to run (default: the first, usually bug)\n"
	"    --seed N              override the scenario's seed\n"
	"    --compare VARIANT     record in compare mode, VARIANT on the right\n"
	"    --metrics FILE        both runs' measured metrics at the end of the recording\n"
	"    --until DURATION      stop at this virtual time (default: end of the run)\n"
	"    --size COLSxROWS      screen size, 20x10 to 1000x1000 (default 160x48)\n"
	"    --fps N               frames per wall second, 1 to 120 (default 10)\n"
	"    --speed S             virtual time per wall second, 1us to 1s, e.g. 10ms\n"
	"                          or 10ms/s (default: the scenario's)\n"
	"    --at T1,T2,...        take screenshots at these virtual times (needs --screens;\n"
	"                          a time the run never reaches is skipped with a warning)\n"
	"    --keys SCRIPT         replay keys, e.g. \"space 500ms g s e\"\n"
	"    --cast FILE           write an asciicast v2 recording\n"
	"    --screens DIR         write screenshots (.txt and .svg; last one is end.*)\n"
	"    --schedtrace FILE[:INTERVAL]  GODEBUG=schedtrace-style lines (default 10ms)\n"
	"    --schedtrace-detail   add per-P/M/G lines, like scheddetail=1\n"
	"    --trace-json FILE     write a Chrome trace (chrome://tracing, Perfetto)\n"
	"    --ascii               draw with ASCII glyphs only\n"
	"    --theme T             dark (default) or light (SVG, cast and colours)\n"
	"    --max-events N        give up after N engine events (default 300000000)\n"
	"    --max-engine-memory SIZE  give up when the engine holds more (default 1GiB)\n"
	"gmpscope record --replay FILE | --real [--interval D] [options] -- PROGRAM [ARG...]\n"
	"    Record the real runtime instead of a scenario: a saved schedtrace log, or\n"
	"    a program run headless (until it exits, or --until of wall time, then\n"
	"    SIGTERM to its group). One frame per snapshot, at the log's times;\n"
	"    --cast, --screens, --at, --size, --fps, --ascii, --theme apply.\n",
	[CLI_REPLAY] =
	"gmpscope replay [--scenario SCENARIO [--variant NAME]] [--ascii] [--theme T] FILE\n"
	"    Step through saved GODEBUG=schedtrace=N[,scheddetail=1] output (the\n"
	"    program's stderr): the real runtime's Ps, Ms and Gs, one snapshot at a time.\n"
	"    → next, ← back, g m/x/y/k/s/p run until a kind of change, q quit.\n"
	"    --scenario S     compare: the simulation of S's variant (--variant, default\n"
	"                     the first) beside the real run, at each snapshot's time\n",
	[CLI_REAL] =
	"gmpscope real [--interval D] [--scenario S [--variant NAME]] [--ascii] [--theme T] -- PROGRAM [ARG...]\n"
	"    Run an already built Go program (not `go run`) with\n"
	"    GODEBUG=schedtrace=D,scheddetail=1 added to yours, and show its\n"
	"    scheduler live; its own output goes to a panel. q stops it (SIGTERM to\n"
	"    its process group, SIGKILL after 2s).\n"
	"    --interval D     snapshot interval, whole milliseconds, at least 1ms\n"
	"                     (default 100ms)\n"
	"    --scenario S     compare: the simulation of S's variant beside it, as replay's\n",
};

/* cli_usage prints the usage of one subcommand, or of all with the notes
 * shared by every one of them. */
void cli_usage(FILE *f, cli_command topic)
{
	static const cli_command order[] = { CLI_INTERACTIVE, CLI_LIST, CLI_METRICS, CLI_CHECK,
	                                     CLI_RECORD, CLI_QUIZ, CLI_REPLAY, CLI_REAL };
	if (topic != CLI_HELP) {
		assert(topic >= CLI_INTERACTIVE && topic <= CLI_REAL);
		fprintf(f, "usage: %s", usage_text[topic]);
		return;
	}
	fputs("gmpscope " GMPSCOPE_VERSION " - watch the Go scheduler (G, M, P) at work\n\nusage:\n", f);
	for (size_t i = 0; i < sizeof order / sizeof order[0]; i++)
		fprintf(f, "%s%s", i ? "\n" : "", usage_text[order[i]]);
	fputs("\n"
	      "SCENARIO is a number (3 or 03), a slug (my-scenario) or a .gmp file.\n"
	      "DURATION is a number with ns, us, ms or s, e.g. 250ms or 1.5s.\n"
	      "--help and --version work after any subcommand. Bad arguments exit with 2;\n"
	      "a run that uses up gmpscope's own budget (--max-events) exits with 3.\n"
	      "Scenarios are looked up in $GMPSCOPE_SCENARIOS, else beside the program.\n", f);
}
