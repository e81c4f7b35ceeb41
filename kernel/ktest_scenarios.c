// SPDX-License-Identifier: MIT
/* Test scenarios: each spawns test programs (test/programs/) in one or both domains and checks
 * how they end. */
#include <fern/format.h>
#include <fern/status.h>
#include <kernel/channel.h>
#include <kernel/irq_object.h>
#include <kernel/ktest_internal.h>
#include <kernel/process.h>
#include <kernel/state.h>
#include <stdbool.h>
#include <string.h>

/* Runs program alone in domain d until it ends; *code and why say how. */
static int run_to_end(const char *program, enum fern_domain d, const char *args, int64_t *code,
		      char *why)
{
	struct process *p;
	int rc = ktest_spawn(program, d, args, 0, 0, 0, &p, why);
	if (rc)
		return rc;
	rc = ktest_wait_exit(p, KTEST_TIMEOUT_NS, code, why);
	ktest_release(p);
	return rc;
}

/* Runs program in domain d and expects it to exit with want. */
static int expect_exit(const char *program, enum fern_domain d, const char *args, int64_t want,
		       char *why)
{
	int64_t code = 0;
	int rc = run_to_end(program, d, args, &code, why);
	if (rc)
		return rc;
	if (code != want) {
		char how[KTEST_WHY_LEN];
		strcpy(how, why);
		format_snprintf(why, KTEST_WHY_LEN, "%s in %s: %s (expected code %ld)", program,
				ktest_domain_name(d), how, (long)want);
		return FERN_ERR_INVALID;
	}
	return FERN_OK;
}

/* The same program binary in both domains. */
static int both_domains(const char *program, const char *args, int64_t want, char *why)
{
	int rc = expect_exit(program, FERN_DOMAIN_EL0, args, want, why);
	if (!rc)
		rc = expect_exit(program, FERN_DOMAIN_EL1, args, want, why);
	if (!rc)
		format_snprintf(why, KTEST_WHY_LEN, "%s ran in EL0 and EL1", program);
	return rc;
}

static int scenario_hello(char *why)
{
	return both_domains("hello", "", 0, why);
}

static int scenario_exit_code(char *why)
{
	return both_domains("exit_code", "42", 42, why);
}

/* Client and server connected by a channel, in the given domains. */
static int ipc_pair(enum fern_domain client_d, enum fern_domain server_d, char *why)
{
	struct channel_end *a, *b;
	if (ktest_channel(&a, &b))
		return FERN_ERR_NO_MEMORY;
	struct process *server, *client;
	int rc = ktest_spawn("ipc_test", server_d, "server", (struct kobject *[]){&a->obj}, 0, 1,
			     &server, why);
	if (!rc) {
		rc = ktest_spawn("ipc_test", client_d, "client", (struct kobject *[]){&b->obj}, 0,
				 1, &client, why);
		if (rc)
			ktest_kill(server);
	}
	ktest_unref(&a->obj);
	ktest_unref(&b->obj);
	if (rc)
		return rc;
	int64_t client_code = -1, server_code = -1;
	char server_why[KTEST_WHY_LEN];
	rc = ktest_wait_exit(client, KTEST_TIMEOUT_NS, &client_code, why);
	int rc2 = ktest_wait_exit(server, KTEST_TIMEOUT_NS, &server_code, server_why);
	ktest_release(client);
	ktest_release(server);
	if (!rc && client_code != 0)
		rc = FERN_ERR_INVALID;
	if (!rc && (rc2 || server_code != 0)) {
		strcpy(why, server_why);
		rc = FERN_ERR_INVALID;
	}
	if (rc) {
		char how[KTEST_WHY_LEN];
		strcpy(how, why);
		format_snprintf(why, KTEST_WHY_LEN, "client %s, server %s: %s",
				ktest_domain_name(client_d), ktest_domain_name(server_d), how);
	}
	return rc;
}

static int scenario_ipc(char *why)
{
	static const enum fern_domain pairs[4][2] = {
	    {FERN_DOMAIN_EL0, FERN_DOMAIN_EL0},
	    {FERN_DOMAIN_EL1, FERN_DOMAIN_EL1},
	    {FERN_DOMAIN_EL0, FERN_DOMAIN_EL1},
	    {FERN_DOMAIN_EL1, FERN_DOMAIN_EL0},
	};
	for (int i = 0; i < 4; i++) {
		int rc = ipc_pair(pairs[i][0], pairs[i][1], why);
		if (rc)
			return rc;
	}
	format_snprintf(why, KTEST_WHY_LEN, "EL0-EL0, EL1-EL1, EL0-EL1, EL1-EL0");
	return FERN_OK;
}

/* Runs fault_test MODE in domain d and checks it was terminated with expect in its reason. */
static int expect_fault(enum fern_domain d, const char *args, const char *expect, char *why)
{
	int64_t code = 0;
	int rc = run_to_end("fault_test", d, args, &code, why);
	if (rc)
		return rc;
	if (code != FERN_ERR_FAULT || !strstr(why, expect)) {
		char how[KTEST_WHY_LEN];
		strcpy(how, why);
		format_snprintf(why, KTEST_WHY_LEN, "fault_test %s (%s): %s; expected '%s'", args,
				ktest_domain_name(d), how, expect);
		return FERN_ERR_INVALID;
	}
	return FERN_OK;
}

/* Asks the witness (an ipc_test server) for its secret page, proving it still runs. */
static int witness_alive(struct channel_end *end, uint64_t *secret, char *why)
{
	struct kmsg req = {.type = FERN_MSG_GETATTR, .call_id = 7};
	struct kmsg reply;
	int rc = ktest_call(end, &req, &reply);
	if (rc || reply.word[0] != 42) {
		format_snprintf(why, KTEST_WHY_LEN, "the witness program stopped answering (%s)",
				status_name(rc));
		return rc ? rc : FERN_ERR_INVALID;
	}
	*secret = reply.word[1];
	return FERN_OK;
}

static int scenario_isolation(char *why)
{
	struct channel_end *mine, *theirs;
	if (ktest_channel(&mine, &theirs))
		return FERN_ERR_NO_MEMORY;
	struct process *witness = 0;
	int rc = ktest_spawn("ipc_test", FERN_DOMAIN_EL0, "server",
			     (struct kobject *[]){&theirs->obj}, 0, 1, &witness, why);
	ktest_unref(&theirs->obj);
	uint64_t secret = 0;
	if (!rc)
		rc = witness_alive(mine, &secret, why);
	char other[48];
	format_snprintf(other, sizeof(other), "read-other 0x%lx", (unsigned long)secret);
	const char *const cases[][2] = {
	    {"read-kernel", "data abort from a lower EL at address 0xffff000040000000"},
	    {other, "data abort from a lower EL"},
	    {"exec-data", "instruction abort from a lower EL"},
	    {"write-text", "data abort from a lower EL"},
	    {"mmio", "data abort from a lower EL at address 0x9000000"},
	    {"after-unmap", "data abort from a lower EL"},
	};
	for (unsigned i = 0; !rc && i < sizeof(cases) / sizeof(cases[0]); i++) {
		rc = expect_fault(FERN_DOMAIN_EL0, cases[i][0], cases[i][1], why);
		uint64_t again;
		if (!rc)
			rc = witness_alive(mine, &again, why);
	}
	ktest_unref(&mine->obj); /* the witness sees peer-closed and ends */
	if (witness) {
		int64_t code;
		char ignored[KTEST_WHY_LEN];
		ktest_wait_exit(witness, KTEST_TIMEOUT_NS, &code, ignored);
		ktest_release(witness);
	}
	if (!rc)
		format_snprintf(why, KTEST_WHY_LEN, "6 EL0 faults contained; witness kept running");
	return rc;
}

static int scenario_el1_fault(char *why)
{
	int rc = expect_fault(FERN_DOMAIN_EL1, "null", "data abort (same EL) at address 0x0", why);
	if (!rc)
		format_snprintf(why, KTEST_WHY_LEN, "fault_test (EL1) terminated by name");
	return rc;
}

/* An interrupt object: the harness raises the SPI until the program has acknowledged three. */
static int irq_in(enum fern_domain d, char *why)
{
	struct irq_object *irq;
	int rc = ktest_irq(KTEST_SPI, &irq);
	if (rc) {
		format_snprintf(why, KTEST_WHY_LEN, "binding SPI %d: %s", KTEST_SPI,
				status_name(rc));
		return rc;
	}
	struct process *p;
	rc = ktest_spawn("event_test", d, "irq", (struct kobject *[]){&irq->obj}, 0, 1, &p, why);
	ktest_unref(&irq->obj);
	if (rc)
		return rc;
	ktest_raise_until_exit(p, KTEST_SPI);
	int64_t code = -1;
	rc = ktest_wait_exit(p, KTEST_TIMEOUT_NS, &code, why);
	ktest_release(p);
	return rc ? rc : code ? FERN_ERR_INVALID : FERN_OK;
}

static int scenario_irq(char *why)
{
	int rc = irq_in(FERN_DOMAIN_EL0, why);
	if (!rc)
		rc = irq_in(FERN_DOMAIN_EL1, why);
	if (!rc)
		format_snprintf(why, KTEST_WHY_LEN,
				"SPI %d delivered and acknowledged in EL0 and EL1", KTEST_SPI);
	return rc;
}

static int scenario_threads(char *why)
{
	return both_domains("threads", "", 0, why);
}

/* A program ends (fault, exit) while threads block in system calls on a channel: each unwinds
 * and drops its reference, so the channel end goes away and its peer sees PEER_CLOSED. */
static int end_with_blocked(enum fern_domain d, const char *how, int64_t want, char *why)
{
	struct channel_end *a, *b;
	if (ktest_channel(&a, &b))
		return FERN_ERR_NO_MEMORY;
	struct process *p;
	int rc = ktest_spawn("threads", d, how, (struct kobject *[]){&b->obj}, 0, 1, &p, why);
	ktest_unref(&b->obj);
	int64_t code = 0;
	if (!rc) {
		rc = ktest_wait_exit(p, KTEST_TIMEOUT_NS, &code, why);
		ktest_release(p);
	}
	if (!rc && code != want) {
		format_snprintf(why, KTEST_WHY_LEN, "threads %s in %s ended with %ld", how,
				ktest_domain_name(d), (long)code);
		rc = FERN_ERR_INVALID;
	}
	if (!rc && !ktest_peer_closed(a)) {
		format_snprintf(why, KTEST_WHY_LEN,
				"threads %s in %s: a blocked thread kept its channel alive", how,
				ktest_domain_name(d));
		rc = FERN_ERR_INVALID;
	}
	ktest_unref(&a->obj);
	return rc;
}

static int scenario_kill_blocked(char *why)
{
	const enum fern_domain domains[] = {FERN_DOMAIN_EL0, FERN_DOMAIN_EL1};
	int rc = FERN_OK;
	for (int i = 0; i < 2 && !rc; i++) {
		rc = end_with_blocked(domains[i], "blocked-exit", 7, why);
		if (!rc)
			rc = end_with_blocked(domains[i], "blocked-fault", FERN_ERR_FAULT, why);
	}
	if (!rc)
		format_snprintf(why, KTEST_WHY_LEN,
				"blocked threads unwound on exit and on fault, in EL0 and EL1");
	return rc;
}

/* Pages mem_test uses while alive after "hold rounds" (map/unmap rounds, then it answers a
 * call and waits): what the loop left behind shows as more than "hold 0" uses. */
static int pages_held(enum fern_domain d, const char *args, uint64_t *pages, char *why)
{
	struct channel_end *mine, *theirs;
	if (ktest_channel(&mine, &theirs))
		return FERN_ERR_NO_MEMORY;
	uint64_t before = ktest_free_pages();
	struct process *p = 0;
	int rc =
	    ktest_spawn("mem_test", d, args, (struct kobject *[]){&theirs->obj}, 0, 1, &p, why);
	ktest_unref(&theirs->obj);
	struct kmsg req = {.type = FERN_MSG_GETATTR, .call_id = 1}, reply;
	if (!rc && ktest_call(mine, &req, &reply)) {
		format_snprintf(why, KTEST_WHY_LEN, "mem_test %s in %s did not answer", args,
				ktest_domain_name(d));
		rc = FERN_ERR_TIMED_OUT;
	}
	*pages = before - ktest_free_pages();
	ktest_unref(&mine->obj); /* it sees peer-closed and ends */
	if (p) {
		int64_t code = 0;
		if (!rc)
			rc = ktest_wait_exit(p, KTEST_TIMEOUT_NS, &code, why);
		if (!rc && code)
			rc = FERN_ERR_INVALID;
		ktest_release(p);
	}
	return rc;
}

/* Runs program with args in d and checks that every page comes back when it ends. */
static int memory_returns(const char *args, enum fern_domain d, char *why)
{
	uint64_t before = ktest_free_pages();
	int rc = expect_exit("mem_test", d, args, 0, why);
	uint64_t after = ktest_free_pages();
	if (!rc && after + 4 < before) {
		format_snprintf(why, KTEST_WHY_LEN, "mem_test %s in %s kept %lu pages", args,
				ktest_domain_name(d), (unsigned long)(before - after));
		return FERN_ERR_NO_MEMORY;
	}
	return rc;
}

/* Mapping rules and W^X per object; page tables come back during and after map/unmap loops,
 * memory after a program with large mappings ends, and kernel object memory after one that
 * parked thousands of channels in queues. */
static int scenario_memory(char *why)
{
	int rc = both_domains("mem_test", "wx", 0, why);
	for (int d = FERN_DOMAIN_EL0; !rc && d <= FERN_DOMAIN_EL1; d++) {
		uint64_t idle = 0, looped = 0;
		uint64_t lazy = 0;
		rc = pages_held((enum fern_domain)d, "hold 0", &idle, why);
		if (!rc)
			rc = pages_held((enum fern_domain)d, "hold 3000", &looped, why);
		if (!rc)
			rc = pages_held((enum fern_domain)d, "lazy", &lazy, why);
		if (!rc && lazy > idle + 64) { /* eagerly: 16,384 pages */
			format_snprintf(why, KTEST_WHY_LEN,
					"a 64 MiB object with 3 pages touched in %s held %lu pages",
					ktest_domain_name((enum fern_domain)d),
					(unsigned long)(lazy - idle));
			rc = FERN_ERR_NO_MEMORY;
		}
		if (!rc && looped > idle + 4) {
			format_snprintf(
			    why, KTEST_WHY_LEN, "3000 map/unmap rounds in %s kept %lu pages",
			    ktest_domain_name((enum fern_domain)d), (unsigned long)(looped - idle));
			rc = FERN_ERR_NO_MEMORY;
		}
		if (!rc)
			rc = memory_returns("loop 3000", (enum fern_domain)d, why);
		if (!rc)
			rc = memory_returns("big", (enum fern_domain)d, why);
		if (!rc)
			rc = memory_returns("park 3000", (enum fern_domain)d, why);
	}
	if (!rc)
		format_snprintf(why, KTEST_WHY_LEN,
				"W^X per object; pages on first touch; tables, memory and kernel "
				"objects return, in EL0 and EL1");
	return rc;
}

static int scenario_timers(char *why)
{
	return both_domains("event_test", "timers", 0, why);
}

/* Two programs that never yield, one per domain, at the same priority: round-robin time
 * slicing must preempt each of them at least once. */
static int scenario_sched(char *why)
{
	struct process *a, *b;
	int rc = ktest_spawn("spin", FERN_DOMAIN_EL0, "150", 0, 0, 0, &a, why);
	if (rc)
		return rc;
	rc = ktest_spawn("spin", FERN_DOMAIN_EL1, "150", 0, 0, 0, &b, why);
	if (rc) {
		ktest_kill(a);
		return rc;
	}
	int64_t code_a = 0, code_b = 0;
	char why_b[KTEST_WHY_LEN];
	rc = ktest_wait_exit(a, KTEST_TIMEOUT_NS, &code_a, why);
	int rc_b = ktest_wait_exit(b, KTEST_TIMEOUT_NS, &code_b, why_b);
	ktest_release(a);
	ktest_release(b);
	if (rc || rc_b)
		return rc ? rc : rc_b;
	format_snprintf(why, KTEST_WHY_LEN,
			"EL0 spinner preempted %ld times, EL1 spinner %ld times", (long)code_a,
			(long)code_b);
	return code_a >= 1 && code_b >= 1 ? FERN_OK : FERN_ERR_INVALID;
}

/* The benchmark line NAME in "bench:NAME" of bootargs test=, or NULL for every line. */
static const char *bench_only(size_t *len)
{
	const char *p = strstr(kstate.options.test, "bench:");
	if (!p)
		return 0;
	p += 6;
	const char *end = strchr(p, ',');
	*len = end ? (size_t)(end - p) : strlen(p);
	return p;
}

/* Whether args (a program's arguments) end with the benchmark line name only[0..len). */
static bool bench_names(const char *args, const char *only, size_t len)
{
	size_t n = args ? strlen(args) : 0;
	return n >= len && !memcmp(args + n - len, only, len) &&
	       (n == len || args[n - len - 1] == ' ');
}

static int scenario_bench(char *why)
{
	const enum fern_domain el0 = FERN_DOMAIN_EL0, el1 = FERN_DOMAIN_EL1;
	static const struct {
		const char *server, *client;
		int clients;
		enum fern_domain client_d, server_d;
	} runs[] = {
	    {0, "null null-syscall-el0", 0, el0, el0},
	    {0, "null null-syscall-el1", 0, el1, el1},
	    {"server", "short call-el0-el0", 1, el0, el0},
	    {"server", "short call-el0-el1", 1, el0, el1},
	    {"server", "short call-el1-el1", 1, el1, el1},
	    {"port 1 call-full-el0-el0", "client full", 1, el0, el0},
	    {"port 1 call-full-el1-el1", "client full", 1, el1, el1},
	    {"port 1 call-4k-el0-el0", "client 4k", 1, el0, el0},
	    {"port 1 call-handle-el0-el0", "client handle", 1, el0, el0},
	    {"port 1 call-queued-el0-el0", "client queued", 1, el0, el0},
	    {"port 1 server-1-client", "client full", 1, el0, el0},
	    {"port 4 server-4-clients", "client full", 4, el0, el0},
	    {"port 16 server-16-clients", "client full", 16, el0, el0},
	};
	ktest_pmu_for_programs();
	size_t len = 0;
	const char *only = bench_only(&len);
	int rc = FERN_OK, ran = 0;
	for (unsigned i = 0; i < sizeof(runs) / sizeof(runs[0]) && !rc; i++) {
		if (only && !bench_names(runs[i].server, only, len) &&
		    !bench_names(runs[i].client, only, len))
			continue;
		ran++;
		rc = ktest_star("bench", runs[i].server, runs[i].client, runs[i].clients,
				runs[i].client_d, runs[i].server_d, false, why);
	}
	if (!ran)
		format_snprintf(why, KTEST_WHY_LEN, "no benchmark line %.*s", (int)len, only);
	return ran ? rc : FERN_ERR_NOT_FOUND;
}

const struct ktest_scenario ktest_scenarios[] = {
    {.name = "hello", .run = scenario_hello},
    {.name = "exit-code", .run = scenario_exit_code},
    {.name = "ipc", .run = scenario_ipc},
    {.name = "isolation", .run = scenario_isolation},
    {.name = "el1-fault", .run = scenario_el1_fault},
    {.name = "irq", .run = scenario_irq},
    {.name = "timers", .run = scenario_timers},
    {.name = "memory", .run = scenario_memory},
    {.name = "sched", .run = scenario_sched},
    {.name = "threads", .run = scenario_threads},
    {.name = "kill-blocked", .run = scenario_kill_blocked},
    {.name = "ipc-mix", .run = scenario_ipc_mix},
    {.name = "bench", .run = scenario_bench, .not_in_all = 1},
    {.name = 0},
};
