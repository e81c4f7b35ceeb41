// SPDX-License-Identifier: MIT
/* picolibc's standard streams: stdout and stderr become kernel log lines, stdin is empty. */
#include <fern/sys.h>
#include <stdio.h>

/* A line longer than this goes out in pieces of this size. */
#define STREAM_LINE_MAX 256

/* An output stream that collects a line and sends it with SYS_LOG. */
struct log_stream {
	FILE file; /* first: picolibc hands &file back to the callbacks */
	size_t len;
	char line[STREAM_LINE_MAX];
};

/* Sends what is buffered (without a newline; the kernel ends each log line). */
static int stream_send(struct log_stream *s)
{
	int rc = fern_log(s->line, s->len);
	s->len = 0;
	return rc < 0 ? EOF : 0;
}

static int stream_flush(FILE *f)
{
	struct log_stream *s = (struct log_stream *)f;
	return s->len ? stream_send(s) : 0;
}

static int stream_put(char c, FILE *f)
{
	struct log_stream *s = (struct log_stream *)f;
	/* A newline always sends, even an empty line: printf("\n") means a blank line. */
	if (c == '\n')
		return stream_send(s) < 0 ? EOF : (unsigned char)c;
	s->line[s->len++] = c;
	if (s->len == sizeof(s->line) && stream_send(s) < 0)
		return EOF;
	return (unsigned char)c;
}

/* No input source exists yet: reading stdin is end of file. */
static int stream_get_eof(FILE *f)
{
	(void)f;
	return _FDEV_EOF;
}

static struct log_stream out_stream = {
    .file = FDEV_SETUP_STREAM(stream_put, NULL, stream_flush, _FDEV_SETUP_WRITE),
};
static struct log_stream err_stream = {
    .file = FDEV_SETUP_STREAM(stream_put, NULL, stream_flush, _FDEV_SETUP_WRITE),
};
static FILE in_stream = FDEV_SETUP_STREAM(NULL, stream_get_eof, NULL, _FDEV_SETUP_READ);

FILE *const stdin = &in_stream;
FILE *const stdout = &out_stream.file;
FILE *const stderr = &err_stream.file;

/* exit() runs destructors: a last line without a newline still reaches the log. */
__attribute__((destructor)) static void streams_flush(void)
{
	stream_flush(stdout);
	stream_flush(stderr);
}
