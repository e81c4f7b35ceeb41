// SPDX-License-Identifier: MIT
/* Builds main's argv from the start info's program name and space-separated arguments. */
#include "runtime.h"
#include <fern/status.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

static int args_is_space(char c)
{
	return c == ' ' || c == '\t';
}

/* Splits text in place into words (NUL-terminating each); stores them in argv if non-NULL.
 * Returns the word count. */
static size_t args_split(char *text, char **argv)
{
	size_t n = 0;
	for (char *p = text;;) {
		while (args_is_space(*p))
			p++;
		if (!*p)
			return n;
		if (argv)
			argv[n] = p;
		n++;
		while (*p && !args_is_space(*p))
			p++;
		if (*p && argv)
			*p++ = '\0';
	}
}

int fern_rt_args_parse(const char *name, const char *args, char ***argv_out)
{
	if (!name)
		name = "";
	if (!args)
		args = "";
	size_t name_len = strlen(name), args_len = strlen(args);

	/* One block for the strings (main may write to them; the start info is read-only). */
	char *text = malloc(name_len + 1 + args_len + 1);
	if (!text)
		return FERN_ERR_NO_MEMORY;
	memcpy(text, name, name_len + 1);
	char *words = text + name_len + 1;
	memcpy(words, args, args_len + 1);

	int rc = FERN_ERR_TOO_MANY;
	size_t count = args_split(words, NULL);
	if (count > (size_t)INT_MAX - 2)
		goto free_text;
	rc = FERN_ERR_NO_MEMORY;
	char **argv = malloc((count + 2) * sizeof(*argv));
	if (!argv)
		goto free_text;
	argv[0] = text;
	args_split(words, argv + 1);
	argv[count + 1] = NULL;
	*argv_out = argv;
	return (int)count + 1;

free_text:
	free(text);
	return rc;
}
