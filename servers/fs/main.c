// SPDX-License-Identifier: MIT
/* The filesystem server: a FAT16/FAT32 volume on the block service, served as the "fs"
 * service. A client's connection is the root directory; OPEN answers with a channel per file
 * or directory (docs/filesystem.md). A disk that is not a usable volume is logged once and
 * every request answers FERN_ERR_CORRUPT until a mount succeeds. */
#include "fs.h"

#include <fern/env.h>
#include <fern/status.h>
#include <fern/sys.h>
#include <string.h>

/* Mounts the volume if it is not yet; logs a failure once per reason. */
static int fs_ready(struct fs *fs)
{
	if (fs->vol.mounted)
		return FERN_OK;
	int rc = fat_mount(&fs->vol, &fs->disk);
	if (rc) {
		if (strcmp(fs->last_why, fs->vol.why))
			fern_logf("cannot mount the disk: %s", fs->vol.why);
		memcpy(fs->last_why, fs->vol.why, sizeof(fs->last_why));
		return rc == FERN_ERR_CORRUPT ? rc : FERN_ERR_CORRUPT;
	}
	uint64_t free, total, cluster;
	fat_space(&fs->vol, &free, &total, &cluster);
	fern_logf("FAT%d volume: %lu KiB, %lu KiB free, %lu-byte clusters", fs->vol.bits,
		  (unsigned long)(total >> 10), (unsigned long)(free >> 10),
		  (unsigned long)cluster);
	fs->last_why[0] = 0;
	return FERN_OK;
}

static int reply_open(struct fs *fs, struct fern_server *s, fern_handle client,
		      const struct fern_msg *req, struct fat_node *base)
{
	struct fat_node *n;
	fern_handle pair[2];
	uint32_t flags = (uint32_t)req->word[0];
	int rc = fat_open(&fs->vol, base, req->data, req->data_len, flags, &n);
	if (rc)
		return rc;
	rc = fern_channel_create(pair);
	if (rc)
		goto close_node;
	rc = fs_file_add(fs, pair[0], n, flags, req->data, req->data_len);
	if (rc)
		goto close_channel;
	rc = fern_server_add_client(s, pair[0]);
	if (rc) {
		fs_file_drop(fs, pair[0]);
		n = NULL;
		goto close_channel;
	}
	uint64_t words[FERN_MSG_WORDS] = {n->attr & FAT_ATTR_DIR ? FERN_KIND_DIR : FERN_KIND_FILE};
	/* If it cannot be sent (the client's queue is full), the runtime closes pair[1]: our
	 * end of the file's channel then sees PEER_CLOSED and is dropped. */
	fern_server_reply_handle(client, req, words, pair[1]);
	return FERN_OK;
close_channel:
	fern_handle_close(pair[0]);
	fern_handle_close(pair[1]);
close_node:
	if (n)
		fat_close(&fs->vol, n);
	return rc;
}

/* Packs directory records from word[0] on into fs->buf. */
static int read_dir(struct fs *fs, fern_handle client, const struct fern_msg *req,
		    struct fat_node *dir)
{
	uint32_t index = req->word[0] > UINT32_MAX ? UINT32_MAX : (uint32_t)req->word[0];
	uint64_t cap =
	    req->word[1] && req->word[1] < sizeof(fs->buf) ? req->word[1] : sizeof(fs->buf);
	uint32_t len = 0;
	static struct fat_dirent_info e;
	for (;;) {
		uint32_t at = index;
		int rc = fat_readdir(&fs->vol, dir, &index, &e);
		if (rc < 0)
			return rc;
		if (!rc)
			break;
		size_t name = strlen(e.name);
		uint32_t reclen = (uint32_t)((sizeof(struct fern_dirent) + name + 1 + 7) & ~7ul);
		if (len + reclen > cap) {
			index = at;
			if (!len)
				return FERN_ERR_TOO_BIG;
			break;
		}
		struct fern_dirent *d = (struct fern_dirent *)(fs->buf + len);
		memset(d, 0, reclen);
		d->size = e.size;
		d->modified = e.modified;
		d->kind = e.dir ? FERN_KIND_DIR : FERN_KIND_FILE;
		d->reclen = (uint16_t)reclen;
		d->namelen = (uint16_t)name;
		memcpy(d->name, e.name, name + 1);
		len += reclen;
	}
	uint64_t words[FERN_MSG_WORDS] = {index};
	return fern_server_reply(client, req, words, fs->buf, len);
}

static int stat_node(struct fs *fs, fern_handle client, const struct fern_msg *req,
		     const struct fat_node *n)
{
	uint64_t words[FERN_MSG_WORDS] = {0};
	bool dir = n->root || (n->attr & FAT_ATTR_DIR);
	if (req->word[0] == FERN_ATTR_SIZE || req->word[0] == FERN_ATTR_STAT) {
		if (n->gone)
			return FERN_ERR_NOT_FOUND;
		words[0] = dir ? 0 : n->size;
		words[1] = dir ? FERN_KIND_DIR : FERN_KIND_FILE;
		words[2] = n->root ? 0 : fat_time_to_unix(n->wdate, n->wtime);
		words[3] = n->attr;
		if (req->word[0] == FERN_ATTR_SIZE)
			words[1] = words[2] = words[3] = 0;
	} else if (req->word[0] == FERN_ATTR_FREE) {
		fat_space(&fs->vol, &words[0], &words[1], &words[2]);
	} else {
		return FERN_ERR_UNSUPPORTED;
	}
	return fern_server_reply(client, req, words, 0, 0);
}

/* SETATTR REMOVE, RENAME ("from\0to") relative to directory base (NULL: the root), SYNC. */
static int set_tree(struct fs *fs, const struct fern_msg *req, struct fat_node *base)
{
	const char *d = req->data;
	size_t len = req->data_len;
	if (req->word[0] == FERN_ATTR_SYNC)
		return fat_sync(&fs->vol);
	if (req->word[0] == FERN_ATTR_REMOVE)
		return fat_remove(&fs->vol, base, d, len);
	if (req->word[0] != FERN_ATTR_RENAME)
		return FERN_ERR_UNSUPPORTED;
	const char *nul = memchr(d, 0, len);
	if (!nul)
		return FERN_ERR_INVALID;
	size_t from = (size_t)(nul - d), to = len - from - 1;
	if (to && d[len - 1] == 0)
		to--; /* a terminating NUL sent along */
	return fat_rename(&fs->vol, base, d, from, nul + 1, to);
}

/* The most a READ or WRITE through a file's bulk buffer moves at once. */
#define FS_BULK_MAX (1024 * 1024)

/* READ or WRITE with FERN_BULK: the bytes go to or come from the buffer the client shared. */
static int file_bulk(struct fs *fs, fern_handle client, const struct fern_msg *req,
		     struct fs_file *f, bool writable)
{
	uint64_t at, len = req->word[1];
	if (len > FS_BULK_MAX || !fern_bulk_range(&f->bulk, req->word[2], len, &at))
		return FERN_ERR_RANGE;
	struct fat_node *n = f->node;
	int64_t count;
	if (req->type == FERN_MSG_READ) {
		count = fat_read(&fs->vol, n, req->word[0], f->bulk.base + at, (uint32_t)len);
	} else {
		if (!writable)
			return n->attr & FAT_ATTR_DIR ? FERN_ERR_IS_DIR : FERN_ERR_DENIED;
		count = fat_write(&fs->vol, n, f->flags & FERN_OPEN_APPEND ? n->size : req->word[0],
				  f->bulk.base + at, (uint32_t)len);
	}
	if (count < 0)
		return (int)count;
	uint64_t words[FERN_MSG_WORDS] = {(uint64_t)count};
	return fern_server_reply(client, req, words, 0, 0);
}

static int file_request(struct fern_server *s, struct fs *fs, fern_handle client,
			const struct fern_msg *req, struct fs_file *f)
{
	struct fat_node *n = f->node;
	bool writable = f->flags & (FERN_OPEN_WRITE | FERN_OPEN_APPEND);
	uint64_t words[FERN_MSG_WORDS] = {0};
	int64_t count;
	if ((req->type == FERN_MSG_READ || req->type == FERN_MSG_WRITE) &&
	    (req->word[2] & FERN_BULK) && !(n->attr & FAT_ATTR_DIR))
		return file_bulk(fs, client, req, f, writable);
	switch (req->type) {
	case FERN_MSG_READ: {
		if (n->attr & FAT_ATTR_DIR)
			return read_dir(fs, client, req, n);
		uint8_t *room = fern_server_reply_room(s); /* the reply's data, not copied again */
		count = fat_read(&fs->vol, n, req->word[0], room,
				 req->word[1] < FERN_MSG_DATA_MAX ? (uint32_t)req->word[1]
								  : FERN_MSG_DATA_MAX);
		return count < 0 ? (int)count
				 : fern_server_reply(client, req, 0, room, (uint32_t)count);
	}
	case FERN_MSG_WRITE:
		if (!writable)
			return n->attr & FAT_ATTR_DIR ? FERN_ERR_IS_DIR : FERN_ERR_DENIED;
		count = fat_write(&fs->vol, n, f->flags & FERN_OPEN_APPEND ? n->size : req->word[0],
				  req->data, req->data_len);
		if (count < 0)
			return (int)count;
		words[0] = (uint64_t)count;
		return fern_server_reply(client, req, words, 0, 0);
	case FERN_MSG_SETATTR:
		if (req->word[0] == FERN_ATTR_SIZE) {
			int rc =
			    writable ? fat_truncate(&fs->vol, n, req->word[1]) : FERN_ERR_DENIED;
			return rc ? rc : fern_server_reply(client, req, 0, 0, 0);
		}
		if (req->word[0] == FERN_ATTR_BULK && !(n->attr & FAT_ATTR_DIR)) {
			struct fern_bulk b;
			int rc = fern_bulk_accept(fern_server_take_handle(s, req, 0), req->word[1],
						  false, &b);
			if (rc)
				return rc;
			fern_bulk_release(&f->bulk); /* one shared before */
			f->bulk = b;
			return fern_server_reply(client, req, 0, 0, 0);
		}
		break;
	}
	return FERN_ERR_UNSUPPORTED;
}

#define IDLE_SYNC_NS 200000000ull /* a changed volume is synced this long after a request */

static int fs_serve(struct fern_server *s, fern_handle client, const struct fern_msg *req)
{
	struct fs *fs = s->ctx;
	struct fs_file *f = fs_file_find(fs, client);
	struct fat_node *base = f && (f->node->attr & FAT_ATTR_DIR) ? f->node : NULL;
	int rc = fs_ready(fs);
	if (rc)
		return rc;
	switch (req->type) {
	case FERN_MSG_OPEN:
		if (f && !base)
			return FERN_ERR_NOT_DIR;
		return reply_open(fs, s, client, req, base);
	case FERN_MSG_GETATTR: return stat_node(fs, client, req, f ? f->node : &fs->root);
	case FERN_MSG_SETATTR:
		if ((req->word[0] == FERN_ATTR_SIZE || req->word[0] == FERN_ATTR_BULK) && f)
			break;
		if (f && !base && req->word[0] != FERN_ATTR_SYNC)
			return FERN_ERR_NOT_DIR;
		rc = set_tree(fs, req, base);
		return rc ? rc : fern_server_reply(client, req, 0, 0, 0);
	case FERN_MSG_READ:
		if (!f) /* the root connection reads as the root directory */
			return read_dir(fs, client, req, &fs->root);
		break;
	}
	return f ? file_request(s, fs, client, req, f) : FERN_ERR_UNSUPPORTED;
}

/* What a request did, to name it in the log. */
static const char *request_name(const struct fern_msg *req)
{
	switch (req->type) {
	case FERN_MSG_OPEN: return "OPEN";
	case FERN_MSG_READ: return "READ";
	case FERN_MSG_WRITE: return "WRITE";
	case FERN_MSG_GETATTR: return "GETATTR";
	case FERN_MSG_SETATTR:
		return req->word[0] == FERN_ATTR_REMOVE   ? "REMOVE"
		       : req->word[0] == FERN_ATTR_RENAME ? "RENAME"
		       : req->word[0] == FERN_ATTR_SIZE   ? "truncating"
							  : "SETATTR";
	default: return "a request";
	}
}

/* Logs, once per distinct line, that a request met a value on the disk the core refused
 * (vol.bad): the request, the name it was about (its path, or the path an open file was
 * opened as; control characters shown as '?') and the value. */
static void log_corrupt(struct fs *fs, const struct fern_msg *req, const struct fs_file *f)
{
	char name[FS_NAME_LOG];
	const char *from = f ? f->name : req->data;
	size_t len = f ? strlen(f->name) : req->data_len;
	if (!f && req->type == FERN_MSG_SETATTR && req->word[0] == FERN_ATTR_RENAME)
		len = strnlen(from, len); /* "from\0to": the name that was moved */
	len = len < sizeof(name) - 1 ? len : sizeof(name) - 1;
	uint32_t hash = 2166136261u; /* FNV-1a over the line */
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)from[i];
		name[i] = c < 0x20 || c == 0x7f ? '?' : (char)c;
		hash = (hash ^ c) * 16777619u;
	}
	name[len] = 0;
	for (const char *p = fs->vol.bad; *p; p++)
		hash = (hash ^ (unsigned char)*p) * 16777619u;
	hash = (hash ^ req->type) * 16777619u;
	for (int i = 0; i < FS_LOGGED; i++)
		if (fs->logged[i] == hash)
			return;
	fs->logged[fs->logged_next] = hash;
	fs->logged_next = (fs->logged_next + 1) % FS_LOGGED;
	fern_logf("%s \"%s\": %s", request_name(req), name, fs->vol.bad);
}

/* Serves a request, then arms the idle timer if the volume is left changed: the system's
 * shutdown is not ordered (the block driver may go down at the same time as this server), so
 * the volume is kept clean on the disk whenever requests pause. */
static int fs_request(struct fern_server *s, fern_handle client, const struct fern_msg *req)
{
	struct fs *fs = s->ctx;
	fs->vol.bad[0] = 0;
	int rc = fs_serve(s, client, req);
	if (rc == FERN_ERR_CORRUPT && fs->vol.bad[0])
		log_corrupt(fs, req, fs_file_find(fs, client));
	if (fs->vol.mounted && fs->vol.dirty && fs->timer && !fs->timer_armed &&
	    !fern_timer_set(fs->timer, fern_clock_ns() + IDLE_SYNC_NS, 0))
		fs->timer_armed = true;
	return rc;
}

static void fs_event(struct fern_server *s, int index, uint32_t pending)
{
	struct fs *fs = s->ctx;
	(void)index, (void)pending; /* the idle timer is the only event */
	fern_irq_ack(fs->timer);
	fs->timer_armed = false;
	if (!fs->vol.mounted || !fs->vol.dirty)
		return;
	int rc = fat_sync(&fs->vol);
	if (rc)
		fern_logf("syncing the volume failed: %s", status_name(rc));
}

static void fs_closed(struct fern_server *s, fern_handle client)
{
	fs_file_drop(s->ctx, client);
}

/* The system is going down: FSInfo, the clean bit in FAT[1], a flush. */
static void fs_shutdown(struct fern_server *s)
{
	struct fs *fs = s->ctx;
	fs->stopping = true;
	if (!fs->vol.mounted)
		return;
	int rc = fat_unmount(&fs->vol);
	if (rc)
		fern_logf("shutdown: unmounting failed: %s", status_name(rc));
	else
		fern_logf("shutdown: volume unmounted cleanly");
}

static const struct fern_server_ops fs_ops = {
    .request = fs_request, .event = fs_event, .closed = fs_closed, .shutdown = fs_shutdown};

int main(void)
{
	static struct fs fs;
	static struct fern_server server;
	fs.disk = fs_disk(&fs);
	fs.root = (struct fat_node){.root = true, .attr = FAT_ATTR_DIR};
	if (!fs.block) {
		fern_logf("no block service in the environment");
		return 1;
	}
	int status = fern_server_init(&server, &fs_ops, &fs);
	if (status) {
		fern_logf("no startup channel: %s", status_name(status));
		return 1;
	}
	int64_t timer = fern_timer_create();
	if (timer > 0 && !fern_server_add_event(&server, (fern_handle)timer, FERN_SIGNAL_TIMER))
		fs.timer = (fern_handle)timer;
	else
		fern_logf("no idle timer: the volume is made clean only by SYNC and shutdown");
	fs_ready(&fs); /* a failure is logged; requests try again */
	return fern_server_run(&server);
}
