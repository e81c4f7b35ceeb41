// SPDX-License-Identifier: MIT
/* The test harness thread: runs scenarios (ktest_scenarios.c) and prints their verdicts. */
#include <fern/abi.h>
#include <fern/format.h>
#include <fern/status.h>
#include <kernel/arch.h>
#include <kernel/bootfs.h>
#include <kernel/bootfs_image.h>
#include <kernel/channel.h>
#include <kernel/irq_object.h>
#include <kernel/klock.h>
#include <kernel/ktest.h>
#include <kernel/ktest_internal.h>
#include <kernel/log.h>
#include <kernel/process.h>
#include <kernel/reaper.h>
#include <kernel/state.h>
#include <kernel/timer.h>
#include <string.h>

const char *ktest_domain_name(enum fern_domain d)
{
	return d == FERN_DOMAIN_EL1 ? "EL1" : "EL0";
}

int ktest_spawn(const char *program, enum fern_domain d, const char *args, struct kobject **handles,
		const uint32_t *rights, int handle_count, struct process **out, char *why)
{
	size_t size;
	const void *archive = bootfs_image(&size);
	struct bootfs_file file;
	if (bootfs_find(archive, size, program, &file)) {
		format_snprintf(why, KTEST_WHY_LEN, "program %s is not in the boot filesystem",
				program);
		return FERN_ERR_NOT_FOUND;
	}
	struct spawn_request req = {.name = program,
				    .program = program,
				    .elf = file.data,
				    .elf_size = file.size,
				    .domain = d,
				    .args = args,
				    .priority = THREAD_PRIORITY_DEFAULT,
				    .handle_count = handle_count};
	for (int i = 0; i < handle_count; i++) {
		req.handle[i] = handles[i];
		req.rights[i] = rights ? rights[i] : FERN_RIGHTS_ALL;
	}
	char err[128];
	klock_acquire();
	int rc = process_spawn(&req, out, err);
	klock_release();
	arch_irq_enable();
	if (rc)
		format_snprintf(why, KTEST_WHY_LEN, "spawning %s: %s", program, err);
	return rc;
}

int ktest_wait_exit(struct process *p, uint64_t timeout_ns, int64_t *code, char *why)
{
	uint32_t pending;
	klock_acquire();
	int rc =
	    kobject_wait_one(&p->obj, FERN_SIGNAL_EXITED, timer_uptime_ns() + timeout_ns, &pending);
	if (rc == FERN_OK) {
		*code = p->exit_code;
		strncpy(why, p->reason, KTEST_WHY_LEN - 1);
		why[KTEST_WHY_LEN - 1] = 0;
	} else {
		format_snprintf(why, KTEST_WHY_LEN, "%s did not end within %lu ms", p->name,
				(unsigned long)(timeout_ns / 1000000));
		process_terminate(p, FERN_ERR_TIMED_OUT, "terminated by the test harness");
	}
	klock_release();
	arch_irq_enable();
	return rc;
}

void ktest_release(struct process *p)
{
	klock_acquire();
	kobject_unref(&p->obj);
	klock_release();
	arch_irq_enable();
}

void ktest_kill(struct process *p)
{
	klock_acquire();
	process_terminate(p, FERN_ERR_INVALID, "terminated by the test harness");
	kobject_unref(&p->obj);
	klock_release();
	arch_irq_enable();
}

int ktest_channel(struct channel_end **a, struct channel_end **b)
{
	klock_acquire();
	int rc = channel_create(a, b);
	klock_release();
	arch_irq_enable();
	return rc;
}

int ktest_irq(uint32_t intid, struct irq_object **out)
{
	klock_acquire();
	int rc = irq_object_create(intid, true, out);
	klock_release();
	arch_irq_enable();
	return rc;
}

void ktest_unref(struct kobject *o)
{
	klock_acquire();
	kobject_unref(o);
	klock_release();
	arch_irq_enable();
}

bool ktest_peer_closed(struct channel_end *end)
{
	klock_acquire();
	bool closed = end->peer == 0;
	klock_release();
	arch_irq_enable();
	return closed;
}

int ktest_call(struct channel_end *end, struct kmsg *req, struct kmsg *reply)
{
	klock_acquire();
	int rc = channel_send(end, req);
	if (!rc)
		rc = channel_recv(end, 1, req->call_id, timer_uptime_ns() + 2000000000ull, reply);
	if (!rc)
		kmsg_discard(reply);
	klock_release();
	arch_irq_enable();
	return rc;
}

uint64_t ktest_free_pages(void)
{
	/* Objects a release handed to the reaper are still coming back: wait for them. */
	klock_acquire();
	for (int i = 0; i < 1000 && reaper_busy(); i++)
		thread_block(timer_uptime_ns() + 1000000ull);
	klock_release();
	arch_irq_enable();
	spin_lock(&kstate.pmm_lock);
	uint64_t n = kstate.pmm.free_pages;
	spin_unlock(&kstate.pmm_lock);
	return n;
}

void ktest_pmu_for_programs(void)
{
	arch_pmu_instructions_for_programs();
}

void ktest_raise_until_exit(struct process *p, uint32_t intid)
{
	uint64_t give_up = timer_uptime_ns() + KTEST_TIMEOUT_NS;
	klock_acquire();
	while (!p->terminated && timer_uptime_ns() < give_up) {
		arch_irqchip_raise(intid);
		uint32_t pending;
		kobject_wait_one(&p->obj, FERN_SIGNAL_EXITED, timer_uptime_ns() + 3000000ull,
				 &pending);
	}
	klock_release();
	arch_irq_enable();
}

/* Whether name is in the comma-separated list (or the list is "all"). */
static int selected(const char *list, const struct ktest_scenario *s)
{
	const char *name = s->name;
	if (!strcmp(list, "all"))
		return !s->not_in_all;
	size_t n = strlen(name);
	for (const char *p = list; *p;) {
		const char *end = strchr(p, ',');
		size_t len = end ? (size_t)(end - p) : strlen(p);
		/* "name:detail" selects name too: the scenario reads the detail (bench:LINE). */
		if (len >= n && !memcmp(p, name, n) && (len == n || p[n] == ':'))
			return 1;
		p += len + (end ? 1 : 0);
	}
	return 0;
}

static void ktest_main(void *arg)
{
	const char *list = arg;
	int passed = 0, failed = 0, ran = 0;
	for (const struct ktest_scenario *s = ktest_scenarios; s->name; s++) {
		if (!selected(list, s))
			continue;
		ran++;
		char why[KTEST_WHY_LEN] = "";
		int rc = s->run(why);
		if (rc == FERN_OK) {
			passed++;
			log_info("ktest: %s: PASS%s%s", s->name, why[0] ? ": " : "", why);
		} else {
			failed++;
			log_err("ktest: %s: FAIL: %s", s->name, why);
		}
	}
	if (!ran)
		log_err("ktest: no scenario matches '%s'", list);
	log_info("ktest: %d passed, %d failed", passed, failed + (ran ? 0 : 1));
	if (kstate.options.poweroff) {
		log_info("powering off (bootargs: poweroff)");
		arch_power_off(&kstate.board);
	}
}

void ktest_start(const char *names)
{
	struct thread *t;
	klock_acquire();
	if (thread_create_kernel("ktest", THREAD_PRIORITY_DEFAULT + 4, ktest_main, (void *)names,
				 &t) == FERN_OK)
		thread_start(t);
	else
		log_err("ktest: cannot create the harness thread");
	klock_release();
}
