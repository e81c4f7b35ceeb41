// SPDX-License-Identifier: MIT
/* The program's environment blob (fern/env.h), read with libfdt. */
#include "runtime.h"

#include <fern/env.h>
#include <fern/status.h>
#include <fern/sys.h>
#include <libfdt.h>
#include <stdio.h>
#include <string.h>

FERN_RT_HIDDEN volatile uint8_t *fern_rt_mmio_end;

/* Only the header is checked: the kernel wrote this blob with libfdt (startup_env.c), and only
 * this program can change it. Blobs from outside go through fdt_validate (kernel/dt/). */
const void *fern_env(void)
{
	const struct fern_start_info *si = fern_start_info();
	if (!si || !si->env || si->env_size < sizeof(struct fdt_header))
		return 0;
	return fdt_check_header(si->env) == 0 ? si->env : 0;
}

fern_handle fern_env_handle(const char *name)
{
	const void *env = fern_env();
	int node = env ? fdt_path_offset(env, "/handles") : -1;
	int len;
	const fdt32_t *v = node >= 0 ? fdt_getprop(env, node, name, &len) : 0;
	if (!v || len != 4)
		return FERN_HANDLE_INVALID;
	uint32_t index = fdt32_to_cpu(*v);
	const struct fern_start_info *si = fern_start_info();
	return index < si->handle_count ? si->handle[index] : FERN_HANDLE_INVALID;
}

int fern_env_device(void)
{
	const void *env = fern_env();
	if (!env)
		return -FDT_ERR_NOTFOUND;
	int device = fdt_path_offset(env, "/device");
	return device < 0 ? device : fdt_first_subnode(env, device);
}

int fern_env_config(void)
{
	const void *env = fern_env();
	return env ? fdt_path_offset(env, "/config") : -FDT_ERR_NOTFOUND;
}

const char *fern_env_config_string(const char *name, const char *fallback)
{
	int config = fern_env_config();
	int len;
	const char *v = config >= 0 ? fdt_getprop(fern_env(), config, name, &len) : 0;
	return v && len > 0 && v[len - 1] == 0 ? v : fallback;
}

int fern_env_config_flag(const char *name)
{
	int config = fern_env_config();
	return config >= 0 && fdt_getprop(fern_env(), config, name, 0) != 0;
}

int fern_env_reg(int index, uint64_t *base, uint64_t *size)
{
	int node = fern_env_device();
	int len;
	const fdt32_t *reg = node >= 0 ? fdt_getprop(fern_env(), node, "reg", &len) : 0;
	/* The fragment's root says #address-cells = #size-cells = 2. */
	if (!reg || index < 0 || (index + 1) * 16 > len)
		return FERN_ERR_NOT_FOUND;
	reg += index * 4;
	*base = (uint64_t)fdt32_to_cpu(reg[0]) << 32 | fdt32_to_cpu(reg[1]);
	*size = (uint64_t)fdt32_to_cpu(reg[2]) << 32 | fdt32_to_cpu(reg[3]);
	return FERN_OK;
}

volatile void *fern_env_map_mmio(int index, int *status)
{
	uint64_t base, size;
	char name[16];
	snprintf(name, sizeof(name), "mmio-%d", index);
	fern_handle h = fern_env_handle(name);
	*status = fern_env_reg(index, &base, &size);
	if (*status)
		return 0;
	if (!h) {
		*status = FERN_ERR_NOT_FOUND;
		return 0;
	}
	uint64_t offset = base & 0xfff;
	uint64_t span = (offset + size + 0xfff) & ~0xfffull;
	int64_t va = fern_vm_map(h, 0, span, FERN_PROT_READ | FERN_PROT_WRITE);
	if (fern_is_error(va)) {
		*status = (int)va;
		return 0;
	}
	fern_rt_mmio_end = (volatile uint8_t *)(uintptr_t)(va + span);
	return (volatile void *)(uintptr_t)(va + offset);
}

fern_handle fern_env_irq(int index)
{
	char name[16];
	snprintf(name, sizeof(name), "irq-%d", index);
	return fern_env_handle(name);
}
