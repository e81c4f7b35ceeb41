// SPDX-License-Identifier: MIT
/* IPC copies into another address space, page by page through the linear map (ipc_copy.h). */
#include <arch/memlayout.h>
#include <fern/abi.h>
#include <fern/status.h>
#include <kernel/aspace.h>
#include <kernel/ipc.h>
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

void ipc_header_write(const struct ipc_span *span, const struct fern_msg *um,
		      const struct ipc_recv *r, const fern_handle *ids)
{
	struct fern_msg *d = span->piece[0];
	if (span->len[1] || ((uint64_t)d & 7)) { /* across a page, or unaligned: piecewise */
		struct fern_msg out = *um;
		out.data = (void *)r->data;
		out.data_cap = r->data_cap;
		out.key = r->key;
		for (int i = 0; i < FERN_MSG_HANDLES; i++)
			out.handle[i] = i < um->handle_count ? ids[i] : 0;
		memcpy(span->piece[0], &out, span->len[0]);
		memcpy(span->piece[1], (const uint8_t *)&out + span->len[0], span->len[1]);
		return;
	}
	/* The usual case: one aligned header, written field by field. */
	d->type = um->type;
	d->handle_count = um->handle_count;
	d->call_id = um->call_id;
	d->word[0] = um->word[0];
	d->word[1] = um->word[1];
	d->word[2] = um->word[2];
	d->word[3] = um->word[3];
	d->data = (void *)r->data;
	d->data_len = um->data_len;
	d->data_cap = r->data_cap;
	for (int i = 0; i < FERN_MSG_HANDLES; i++)
		d->handle[i] = i < um->handle_count ? ids[i] : 0;
	d->key = r->key;
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
