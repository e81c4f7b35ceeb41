// SPDX-License-Identifier: MIT
/* The PMU's instruction counter, opened to programs for benchmark runs. */
#include <arch/sysreg.h>
#include <kernel/arch.h>

#define PMCR_E                 (1u << 0)
#define PMCR_P                 (1u << 1)
#define PMU_EVENT_INST_RETIRED 0x08
#define PMUSERENR_EN           (1u << 0) /* EL0 may read the counters... */
#define PMUSERENR_ER           (1u << 3) /* ...including the event counters */

void arch_pmu_init(void)
{
	sysreg_write(pmuserenr_el0, 0);
	sysreg_write(pmevtyper0_el0, PMU_EVENT_INST_RETIRED); /* EL0 and EL1, not EL2 */
	sysreg_write(pmcntenset_el0, 1u);
	sysreg_write(pmcr_el0, sysreg_read(pmcr_el0) | PMCR_E | PMCR_P);
	isb();
}

void arch_pmu_open_to_programs(void)
{
	sysreg_write(pmuserenr_el0, PMUSERENR_EN | PMUSERENR_ER);
	isb();
}

uint64_t arch_pmu_instructions(void)
{
	isb();
	return sysreg_read(pmevcntr0_el0);
}

void arch_pmu_instructions_for_programs(void)
{
	sysreg_write(pmevtyper0_el0, PMU_EVENT_INST_RETIRED); /* EL0 and EL1, not EL2 */
	sysreg_write(pmcntenset_el0, 1u);
	sysreg_write(pmcr_el0, sysreg_read(pmcr_el0) | PMCR_E | PMCR_P);
	sysreg_write(pmuserenr_el0, PMUSERENR_EN | PMUSERENR_ER);
	isb();
}
