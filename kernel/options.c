// SPDX-License-Identifier: MIT
/* Parses the kernel command line (/chosen bootargs) into struct kernel_options. */
#include <kernel/options.h>
#include <string.h>

static bool word_is(const char *w, int len, const char *name)
{
	return (int)strlen(name) == len && memcmp(w, name, len) == 0;
}

static enum crash_kind crash_kind_by_name(const char *name, int len)
{
	static const char *const names[] = {
	    [CRASH_DATA_ABORT] = "data-abort", [CRASH_UNDEFINED] = "undefined",
	    [CRASH_WRITE_TEXT] = "write-text", [CRASH_EXEC_DATA] = "exec-data",
	    [CRASH_PANIC] = "panic",           [CRASH_STACK_OVERFLOW] = "stack-overflow",
	};
	for (unsigned i = 1; i < sizeof(names) / sizeof(names[0]); i++)
		if (word_is(name, len, names[i]))
			return (enum crash_kind)i;
	return CRASH_NONE;
}

static void parse_word(const char *w, int len, struct kernel_options *o,
		       void (*warn)(const char *, int, const char *))
{
	const char *eq = memchr(w, '=', len);
	int key_len = eq ? (int)(eq - w) : len;
	const char *val = eq ? eq + 1 : 0;
	int val_len = eq ? len - key_len - 1 : 0;

	if (word_is(w, len, "poweroff"))
		o->poweroff = true;
	else if (word_is(w, len, "reboot"))
		o->reboot = true;
	else if (word_is(w, len, "profile"))
		o->profile = true;
	else if (word_is(w, len, "pmu"))
		o->pmu = true;
	else if (word_is(w, key_len, "panic") && eq) {
		if (word_is(val, val_len, "poweroff"))
			o->panic_poweroff = true;
		else if (word_is(val, val_len, "halt"))
			o->panic_poweroff = false;
		else
			warn(w, len, "panic= takes poweroff or halt");
	} else if (word_is(w, key_len, "loglevel") && eq) {
		if (val_len == 1 && val[0] >= '0' && val[0] <= '3')
			o->loglevel = val[0] - '0';
		else
			warn(w, len, "loglevel= takes 0 (errors) to 3 (debug)");
	} else if (word_is(w, key_len, "crash") && eq) {
		o->crash = crash_kind_by_name(val, val_len);
		if (o->crash == CRASH_NONE)
			warn(w, len,
			     "crash= takes data-abort, undefined, write-text, exec-data, panic or "
			     "stack-overflow");
	} else if (word_is(w, key_len, "test") && eq) {
		if (val_len > 0 && val_len < (int)sizeof(o->test)) {
			memcpy(o->test, val, val_len);
			o->test[val_len] = 0;
		} else {
			warn(w, len, "test= takes a list of test names");
		}
	} else {
		warn(w, len, "unknown option");
	}
}

void options_parse(const char *bootargs, struct kernel_options *out,
		   void (*warn)(const char *word, int len, const char *why))
{
	*out = (struct kernel_options){.loglevel = 2};
	for (const char *p = bootargs; p && *p;) {
		while (*p == ' ' || *p == '\t')
			p++;
		const char *start = p;
		while (*p && *p != ' ' && *p != '\t')
			p++;
		if (p > start)
			parse_word(start, (int)(p - start), out, warn);
	}
}
