// SPDX-License-Identifier: MIT
/* IPC copies into another address space, page by page through the linear map (ipc_copy.h). */
#include <arch/memlayout.h>
#include <fern/status.h>
#include <kernel/aspace.h>
#include <kernel/ipc_copy.h>
#include <kernel/process.h>
#include <kernel/vm.h>
#include <string.h>

int ipc_span_map(struct aspace *as, uint64_t va, size_t len, struct ipc_span *span)
{
	if (!aspace_range_ok(as, va, len) || len > PAGE_SIZE || !len)
		return FERN_ERR_FAULT;
	size_t first = PAGE_SIZE - (va & (PAGE_SIZE - 1));
	first = first < len ? first : len;
	uint64_t pa;
	int err = aspace_translate(as, va, true, &pa);
	if (err)
		return err;
	*span = (struct ipc_span){.piece = {phys_to_virt(pa)}, .len = {first, len - first}};
	if (first < len) {
		err = aspace_translate(as, va + first, true, &pa);
		span->piece[1] = phys_to_virt(pa);
	}
	return err;
}

void ipc_span_write(const struct ipc_span *span, const void *src)
{
	memcpy(span->piece[0], src, span->len[0]);
	if (span->len[1])
		memcpy(span->piece[1], (const uint8_t *)src + span->len[0], span->len[1]);
}

int ipc_copy_to(struct aspace *as, uint64_t va, const void *src, bool src_user, size_t len,
		bool *dst_bad)
{
	*dst_bad = true;
	if (!aspace_range_ok(as, va, len))
		return FERN_ERR_FAULT;
	while (len) {
		uint64_t pa;
		int err = aspace_translate(as, va, true, &pa);
		if (err)
			return err;
		size_t chunk = PAGE_SIZE - (va & (PAGE_SIZE - 1));
		chunk = chunk < len ? chunk : len;
		void *dst = phys_to_virt(pa);
		if (src_user) {
			err = user_copy_in(dst, (uint64_t)src, chunk);
			if (err) {
				*dst_bad = false;
				return err;
			}
		} else {
			memcpy(dst, src, chunk);
		}
		va += chunk;
		src = (const uint8_t *)src + chunk;
		len -= chunk;
	}
	return FERN_OK;
}
