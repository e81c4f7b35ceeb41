/* SPDX-License-Identifier: MIT */
/* Between the test harness (ktest.c) and its scenarios (ktest_scenarios.c). Harness helpers
 * are called from the harness thread without the kernel lock. */
#ifndef KERNEL_KTEST_INTERNAL_H
#define KERNEL_KTEST_INTERNAL_H

#include <fern/abi.h>
#include <stdbool.h>
#include <stdint.h>

#define KTEST_WHY_LEN    160
#define KTEST_TIMEOUT_NS (10ull * 1000000000ull)

struct kobject;
struct process;

/* A scenario returns FERN_OK when it passed, else an error with why filled in. */
struct ktest_scenario {
	const char *name;
	int (*run)(char *why);
	int not_in_all; /* only when named (the benchmark) */
};
extern const struct ktest_scenario ktest_scenarios[]; /* ends with a NULL name */

const char *ktest_domain_name(enum fern_domain d);
/* Starts program from the boot filesystem with bootstrap handles (each gains a reference). */
int ktest_spawn(const char *program, enum fern_domain d, const char *args, struct kobject **handles,
		const uint32_t *rights, int handle_count, struct process **out, char *why);
/* Waits for p to end; terminates it after timeout_ns. *code and why tell how it ended. */
int ktest_wait_exit(struct process *p, uint64_t timeout_ns, int64_t *code, char *why);
/* Drops the harness's reference to p. */
void ktest_release(struct process *p);
/* Ends p now (a scenario that cannot go on). */
void ktest_kill(struct process *p);

/* Kernel-side objects for wiring programs; the harness holds one reference to each. */
struct channel_end;
struct irq_object;
struct kmsg;
#define KTEST_SPI 100 /* an interrupt no QEMU virt device uses */
int ktest_channel(struct channel_end **a, struct channel_end **b);
int ktest_irq(uint32_t intid, struct irq_object **out);
void ktest_unref(struct kobject *o);
/* Whether end's peer is gone (its last reference dropped). */
bool ktest_peer_closed(struct channel_end *end);
/* A request/reply over a kernel-held channel end (2 s deadline). */
int ktest_call(struct channel_end *end, struct kmsg *req, struct kmsg *reply);
/* Pages the page allocator has free now. */
uint64_t ktest_free_pages(void);
/* Lets programs read the PMU's instruction counter (benchmarks only). */
void ktest_pmu_for_programs(void);
/* Runs clients copies of program with client_args, each on a channel of its own to one
 * server (program with server_args, handed every other end in order), or with clients 0 the
 * client alone. Clients run in client_d, or with alternate every other one in the other
 * domain; the server in server_d. FERN_OK when every program exited with code 0. */
#define KTEST_STAR_MAX 16
int ktest_star(const char *program, const char *server_args, const char *client_args, int clients,
	       enum fern_domain client_d, enum fern_domain server_d, bool alternate, char *why);
/* The scenario of ktest_star.c: 16 clients of one server with every kind of message. */
int scenario_ipc_mix(char *why);

/* Raises intid every few milliseconds until p has ended (or 10 s passed). */
void ktest_raise_until_exit(struct process *p, uint32_t intid);

#endif
