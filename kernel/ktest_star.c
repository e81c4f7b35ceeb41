// SPDX-License-Identifier: MIT
/* Test harness: many clients of one server (ktest_star), used by the benchmark and by the
 * ipc-mix scenario. */
#include <fern/format.h>
#include <fern/status.h>
#include <kernel/channel.h>
#include <kernel/ktest_internal.h>
#include <kernel/process.h>

/* Waits for p to end (then releases it); FERN_ERR_INVALID for a non-zero exit code. */
static int star_wait(struct process *p, char *why)
{
	int64_t code = -1;
	int rc = ktest_wait_exit(p, KTEST_TIMEOUT_NS, &code, why);
	ktest_release(p);
	if (!rc && code)
		format_snprintf(why, KTEST_WHY_LEN, "%s exited with code %ld", p->name, (long)code);
	return rc ? rc : code ? FERN_ERR_INVALID : FERN_OK;
}

int ktest_star(const char *program, const char *server_args, const char *client_args, int clients,
	       enum fern_domain client_d, enum fern_domain server_d, bool alternate, char *why)
{
	struct kobject *ours[KTEST_STAR_MAX], *theirs[KTEST_STAR_MAX];
	struct process *server = 0, *client[KTEST_STAR_MAX];
	int rc = clients <= KTEST_STAR_MAX ? FERN_OK : FERN_ERR_TOO_MANY, made = 0, spawned = 0;
	for (; made < clients && !rc; made += !rc) {
		struct channel_end *a, *b;
		rc = ktest_channel(&a, &b);
		ours[made] = &a->obj;
		theirs[made] = &b->obj;
	}
	if (!rc && clients)
		rc = ktest_spawn(program, server_d, server_args, ours, 0, clients, &server, why);
	for (int i = 0; !rc && i < (clients ? clients : 1); i++) {
		char args[64];
		format_snprintf(args, sizeof(args), "%s%s%d", client_args, clients > 1 ? " " : "",
				i);
		if (clients <= 1)
			format_snprintf(args, sizeof(args), "%s", client_args);
		enum fern_domain d = alternate && i % 2 ? (enum fern_domain) !client_d : client_d;
		rc = ktest_spawn(program, d, args, clients ? &theirs[i] : 0, 0, clients ? 1 : 0,
				 &client[i], why);
		spawned += !rc;
	}
	for (int i = 0; i < made; i++) {
		ktest_unref(ours[i]);
		ktest_unref(theirs[i]);
	}
	for (int i = 0; i < spawned; i++) {
		int client_rc = star_wait(client[i], why);
		rc = rc ? rc : client_rc;
	}
	if (server) {
		char server_why[KTEST_WHY_LEN];
		int server_rc = star_wait(server, server_why);
		if (!rc && server_rc) {
			format_snprintf(why, KTEST_WHY_LEN, "server: %s", server_why);
			rc = server_rc;
		}
	}
	return rc;
}

int scenario_ipc_mix(char *why)
{
	const enum fern_domain el0 = FERN_DOMAIN_EL0, el1 = FERN_DOMAIN_EL1;
	static const struct {
		enum fern_domain clients, server;
		bool alternate;
		const char *what;
	} runs[] = {
	    {el0, el0, false, "EL0 clients, EL0 server"},
	    {el1, el1, false, "EL1 clients, EL1 server"},
	    {el0, el1, false, "EL0 clients, EL1 server"},
	    {el1, el0, true, "EL1 and EL0 clients, EL0 server"},
	};
	for (unsigned i = 0; i < sizeof(runs) / sizeof(runs[0]); i++) {
		int rc = ktest_star("ipc_mix", "server 16", "client", 16, runs[i].clients,
				    runs[i].server, runs[i].alternate, why);
		if (rc) {
			char inner[KTEST_WHY_LEN];
			format_snprintf(inner, sizeof(inner), "%s", why);
			format_snprintf(why, KTEST_WHY_LEN, "%s: %s", runs[i].what, inner);
			return rc;
		}
	}
	format_snprintf(why, KTEST_WHY_LEN, "16 clients, every kind of message, 4 domain mixes");
	return FERN_OK;
}
