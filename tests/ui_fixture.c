/*
 * ui_fixture.c — see ui_fixture.h.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "canvas.h"
#include "scenario.h"
#include "view.h"
#include "ui_fixture.h"

/* Two small scenarios: thread churn (LockOSThread without unlock) and a
 * burst of CPU-bound workers on 4 Ps (steals). */
const char UI_FX_LEAK[] =
	"scenario 03 lockosthread-leak\n"
	"title \"LockOSThread without UnlockOSThread\"\n"
	"family threads\n"
	"go 1.22\n"
	"gomaxprocs 2\n"
	"cpus 2\n"
	"seed 1\n"
	"horizon 40ms\n"
	"speed 10ms\n"
	"explain symptom \"Every session kills its thread.\"\n"
	"explain subtle \"The live thread count stays low: churn, not growth.\"\n"
	"explain fix \"Unlock before returning.\"\n"
	"listing bug <<GO\n"
	"func session() {\n"
	"\truntime.LockOSThread()\n"
	"\ttime.Sleep(time.Millisecond)\n"
	"}\n"
	"func main() {\n"
	"\tfor i := 0; i < 12; i++ {\n"
	"\t\tgo session()\n"
	"\t\ttime.Sleep(2 * time.Millisecond)\n"
	"\t}\n"
	"}\n"
	"GO\n"
	"variant bug\n"
	"  func session\n"
	"    lockosthread @2\n"
	"    sleep 1ms @3\n"
	"  func main\n"
	"    repeat 12 @6\n"
	"      go session @7\n"
	"      sleep 2ms @8\n"
	"variant fix like bug\n"
	"  func session\n"
	"    lockosthread @2\n"
	"    sleep 1ms @3\n"
	"    unlockosthread @3\n";

const char UI_FX_BURST[] =
	"scenario 00 burst\n"
	"title \"A burst of workers\"\n"
	"family tour\n"
	"go 1.22\n"
	"gomaxprocs 4\n"
	"cpus 4\n"
	"seed 1\n"
	"horizon 100ms\n"
	"speed 10ms\n"
	"listing bug <<GO\n"
	"func worker() {\n"
	"\tcompute()\n"
	"\twg.Done()\n"
	"}\n"
	"func main() {\n"
	"\twg.Add(16)\n"
	"\tfor i := 0; i < 16; i++ { go worker() }\n"
	"\twg.Wait()\n"
	"}\n"
	"GO\n"
	"variant bug\n"
	"  waitgroup wg\n"
	"  func worker\n"
	"    work 3ms @2\n"
	"    done wg @3\n"
	"  func main\n"
	"    add wg 16 @6\n"
	"    repeat 16 @7\n"
	"      go worker @7\n"
	"    wait wg @8\n";

appstate *ui_fx_open(const char *text)
{
	gmp_scenario s;
	char err[300] = "";
	memset(&s, 0, sizeof s);
	if (scenario_parse("fixture.gmp", text, strlen(text), &s, err, sizeof err) != 0)
		fail_msg("fixture does not parse: %s", err);
	/* exact screens: the noiseless machine (the shipped scenarios run with
	 * noise, the language's default) */
	for (int i = 0; i < s.nvariants; i++)
		s.variants[i].cfg.noise = false;
	appstate *st = appstate_new("/nonexistent");
	assert_non_null(st);
	appstate_adopt(st, &s, 0);
	assert_non_null(st->eng);
	return st;
}

canvas *ui_fx_render(const appstate *st, int w, int h)
{
	canvas *c = canvas_new(w, h, false);
	assert_non_null(c);
	view_render(c, st);
	return c;
}

/* ui_fx_find returns the position of text on screen (row in *y, column in *x). */
bool ui_fx_find(const canvas *c, const char *text, int *x, int *y)
{
	char row[8192];
	for (int r = 0; r < c->h; r++) {
		canvas_row_text(c, r, row, sizeof row);
		char *p = strstr(row, text);
		if (p) {
			char save = *p;
			*p = 0;
			*x = utf8_width(row);
			*p = save;
			*y = r;
			return true;
		}
	}
	return false;
}

/* ui_fx_open_shipped opens scenarios/NAME.gmp from the source root. */
appstate *ui_fx_open_shipped(const char *name)
{
	char path[1024], err[512];
	const char *root = getenv("GMPSCOPE_ROOT");
	snprintf(path, sizeof path, "%s/scenarios/%s.gmp", root && *root ? root : ".", name);
	appstate *st = appstate_new(NULL);
	assert_non_null(st);
	if (appstate_open(st, path, err, sizeof err) < 0) {
		print_error("%s\n", err);
		fail();
	}
	return st;
}
