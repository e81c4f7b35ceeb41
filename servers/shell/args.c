// SPDX-License-Identifier: MIT
/* Splits a command line into words in place: spaces separate, quotes and backslashes keep. */
#include "args.h"

#include <fern/status.h>
#include <stdbool.h>

static bool is_space(char c)
{
	return c == ' ' || c == '\t';
}

/* Copies one word starting at *in to *out (never ahead of *in), handling quotes. Returns the
 * quote character left open, or 0. */
static char word_copy(char **in, char **out)
{
	char *r = *in, *w = *out;
	char quote = 0;
	for (; *r && (quote || !is_space(*r)); r++) {
		if (quote == '\'' && *r != '\'') {
			*w++ = *r;
		} else if (*r == quote) {
			quote = 0;
		} else if (!quote && (*r == '\'' || *r == '"')) {
			quote = *r;
		} else if (*r == '\\' && r[1] && (!quote || r[1] == '"' || r[1] == '\\')) {
			*w++ = *++r;
		} else {
			*w++ = *r;
		}
	}
	*in = r;
	*out = w;
	return quote;
}

int args_split(char *line, char **argv, int max, const char **err)
{
	int argc = 0;
	char *r = line;
	*err = 0;
	for (;;) {
		while (is_space(*r))
			r++;
		if (!*r)
			return argc;
		if (argc == max) {
			*err = "too many words";
			return FERN_ERR_TOO_MANY;
		}
		char *w = r;
		argv[argc++] = w;
		char open = word_copy(&r, &w);
		if (open) {
			*err = open == '"' ? "unterminated \"" : "unterminated '";
			return FERN_ERR_INVALID;
		}
		bool more = *r != 0;
		*w = 0; /* w <= r: may overwrite the separator, which is consumed */
		if (more)
			r++;
	}
}
