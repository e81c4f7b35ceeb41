/* SPDX-License-Identifier: MIT */
/* Splitting a command line into words, with quotes and backslash escapes (pure logic). */
#ifndef SHELL_ARGS_H
#define SHELL_ARGS_H

#define ARGS_MAX 32 /* words in one command line */

/*
 * Splits line in place into at most max words, stored in argv (NUL-terminated strings inside
 * line). Words are separated by spaces or tabs. 'single quotes' keep everything literally,
 * "double quotes" keep spaces and take \" and \\ escapes, and outside quotes a backslash keeps
 * the next character literally. Quotes join with their neighbours: a"b c" is one word.
 * Returns the number of words, or FERN_ERR_INVALID (an unterminated quote; *err says which) or
 * FERN_ERR_TOO_MANY (more than max words).
 */
int args_split(char *line, char **argv, int max, const char **err);

#endif
