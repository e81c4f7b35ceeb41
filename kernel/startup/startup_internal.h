/* SPDX-License-Identifier: MIT */
/* Between the parts of the startup task (kernel/startup/): its bookkeeping of specs and of the
 * program instances it started. Everything here is guarded by the kernel lock and touched only
 * by the startup thread. */
#ifndef KERNEL_STARTUP_INTERNAL_H
#define KERNEL_STARTUP_INTERNAL_H

#include <board.h>
#include <kernel/channel.h>
#include <kernel/process.h>
#include <spec.h>
#include <stdbool.h>
#include <stdint.h>

#define STARTUP_MAX_SPECS     32
#define STARTUP_MAX_INSTANCES 30 /* each needs two of KOBJECT_WAIT_MAX wait slots */
#define STARTUP_ENV_MAX       (16 * 1024)
#define STARTUP_FRAGMENT_MAX  (8 * 1024)
#define STARTUP_KLOG_INFLIGHT 4 /* kernel-log WRITEs sent to the console and not yet answered */
#define STARTUP_CONSOLE       "console" /* the service that receives the kernel log ... */
#define STARTUP_SERIAL        "serial"  /* ... or this one, when no console server runs */

struct channel_end;

/* One program the startup task runs: a driver bound to one device-tree node, or a server. */
struct instance {
	int spec;                       /* index into startup_state.specs */
	int node;                       /* the board node a driver is bound to; -1 for a server */
	int unit;                       /* 0 for the first instance of its spec, then 1, 2, ... */
	char name[PROCESS_NAME_LEN];    /* the process name: the spec's, ".N" for unit N > 0 */
	char path[BOARD_PATH_LEN];      /* the bound node's path; "" for a server */
	struct process *process;        /* while running: our reference */
	struct channel_end *control;    /* our end of its startup channel (while it exists) */
	struct channel_end *control_in; /* the program's end, until the program holds it */
	unsigned restarts;
	bool running;
	bool acked;             /* shutdown: it answered */
	bool stopped;           /* stopped on request (SETATTR FERN_ATTR_STOP): not restarted */
	uint64_t stop_deadline; /* asked to stop: ended if still running then (0: none) */
	uint64_t start_at;      /* a (re)start is due then (startup_starts.c); 0: none */
	uint64_t start_delay;   /* the back-off before the retry after a failed start */
	/* The report it is reading (startup_control.c), kalloc'd while it reads one. */
	char *report;
	size_t report_len, report_cap;
	char report_name[16];
};

#define STARTUP_KEY_CACHE 64

struct startup_state {
	const void *fdt; /* the board's tree */
	struct spec specs[STARTUP_MAX_SPECS];
	int spec_count;
	struct instance inst[STARTUP_MAX_INSTANCES];
	int inst_count;
	bool shutting_down;
	/* The kernel log's connection to the console service (our end), and WRITEs unanswered. */
	struct channel_end *klog;
	int klog_inflight;
	uint32_t next_call_id;
	/* Pages mapped to read virtio-mmio bus keys, and the keys read (one read per node, however
	 * many specs ask). */
	uint64_t key_page_pa[8];
	volatile uint8_t *key_page_va[8];
	int key_pages;
	int key_node[STARTUP_KEY_CACHE];
	int64_t key_value[STARTUP_KEY_CACHE];
	int keys_known;
};

/* startup_specs.c: loads, parses and checks every *.spec in the boot filesystem; a bad one is
 * logged by name and skipped. Returns how many were kept. */
int startup_load_specs(struct startup_state *st, const void *archive, size_t size);

/* startup_bind.c: creates an instance for every server spec and for every node a driver spec
 * matches (virtio bus keys read from the transport), logging each binding. */
void startup_bind(struct startup_state *st);

/* startup_env.c: writes the environment blob (fern,environment) for in: /handles (names[i] =
 * <i>), /device (the fragment's root, if fragment), /config (the spec's). FERN_ERR_NO_MEMORY
 * when it does not fit. */
int startup_env_build(void *buf, size_t size, const struct startup_state *st,
		      const struct instance *in, const char *const *names, int count,
		      const void *fragment);

/* startup_spawn.c: starts in (granting its fragment's resources, wiring its uses); on error
 * why (128 bytes) says what failed and nothing is left running. */
int startup_instance_start(struct startup_state *st, struct instance *in, char *why);
/* Connects a new client channel to service's provider (CONNECT on its startup channel). Puts
 * the client's end in *client (NULL if none was made). FERN_ERR_NOT_FOUND (no such service),
 * FERN_ERR_NO_MEMORY; FERN_ERR_PEER_CLOSED or FERN_ERR_FULL (the provider is not running or
 * not listening: *client is set, and its peer is closed). */
int startup_connect(struct startup_state *st, const char *service, struct channel_end **client);
/* The instance providing service ("name" or "name.N" for unit N), or NULL; *index is the
 * service's position in the provider's provides list. */
struct instance *startup_provider(struct startup_state *st, const char *service, int *index);

/* startup_report.c: writes report name ("ps", "services", "devices", "mem", "specs") into buf
 * (size bytes, cut short if it does not fit); its length in *len. FERN_ERR_NOT_FOUND for an
 * unknown name. */
int startup_report(struct startup_state *st, const char *name, char *buf, size_t size, size_t *len);

/* startup_control.c: serves m if it is a control request (READ a report, SETATTR kill, start,
 * stop) and returns true; false for anything else. */
bool startup_control(struct startup_state *st, struct instance *in, const struct kmsg *m);
/* Frees the report in was reading. */
void startup_report_drop(struct instance *in);
/* Ends instances that were asked to stop and are overdue; returns the next stop deadline. */
uint64_t startup_stop_overdue(struct startup_state *st);

/* startup_bind.c: the virtio device id behind the virtio-mmio transport at node (0: none), or
 * -1 when it cannot be read. */
int startup_virtio_id(struct startup_state *st, int node);

/* startup_starts.c: a failed instance is restarted after a short delay; a start that fails
 * for want of a resource (memory, a table, a device its last run still held) is retried with
 * a back-off doubling up to 5 s. */
void startup_schedule_restart(struct startup_state *st, struct instance *in);
void startup_cancel_start(struct instance *in);
/* Starts in now; on a transient failure schedules a retry. Logs failures ("cannot WHAT NAME"). */
int startup_start_or_retry(struct startup_state *st, struct instance *in, const char *what);
/* Starts every instance at boot, providers before their users, each with its startup channel
 * made first so that CONNECTs to it wait for it; returns how many started. */
int startup_start_all(struct startup_state *st);
/* Runs the starts that are due; returns when the next one is (FERN_DEADLINE_NEVER: none). */
uint64_t startup_starts_due(struct startup_state *st);

/* startup_supervise.c: the instance the kernel log goes to (the console service's provider, or
 * the serial service's), or NULL. */
struct instance *startup_klog_target(struct startup_state *st);
/* Tells in that it is to shut down (SETATTR FERN_ATTR_SHUTDOWN on its startup channel). */
int startup_tell_shutdown(struct startup_state *st, struct instance *in);
/* Answers req on end with an ERROR carrying status. */
void startup_reply_error(struct channel_end *end, const struct kmsg *req, int status);

/* startup_supervise.c: the startup task's loop: restarts, requests, the kernel log, shutdown. */
__attribute__((noreturn)) void startup_supervise(struct startup_state *st);

#endif
