// SPDX-License-Identifier: MIT
/* Memory-object system calls: create, query the physical address, map and unmap. Programs
 * can never name a physical address: MMIO objects come only from the kernel. */
#include <fern/abi.h>
#include <fern/status.h>
#include <kernel/process.h>
#include <kernel/syscall.h>
#include <kernel/vmo.h>

#define VMO_RIGHTS                                                                   \
	(FERN_RIGHT_READ | FERN_RIGHT_WRITE | FERN_RIGHT_MAP | FERN_RIGHT_TRANSFER | \
	 FERN_RIGHT_DUPLICATE)

int64_t sys_vmo_create(struct trap_frame *f)
{
	uint64_t size = f->x[0], flags = f->x[1];
	if (flags & ~(uint64_t)(FERN_VMO_CONTIGUOUS | FERN_VMO_COMMIT))
		return FERN_ERR_INVALID;
	struct vmo *v;
	int err = vmo_create(size, flags & FERN_VMO_CONTIGUOUS, &v);
	if (err)
		return err;
	if (flags & FERN_VMO_COMMIT) {
		err = vmo_commit_all(v);
		if (err) {
			kobject_unref(&v->obj);
			return err;
		}
	}
	fern_handle h;
	err = process_handle_add(process_current(), &v->obj, VMO_RIGHTS, &h);
	kobject_unref(&v->obj);
	return err ? err : (int64_t)h;
}

static int vmo_get(fern_handle h, uint32_t rights, struct vmo **out)
{
	struct handle_entry e;
	int err = handle_table_get(&process_current()->handles, h, KOBJ_VMO, rights, &e);
	if (!err)
		*out = e.object;
	return err;
}

int64_t sys_vmo_paddr(struct trap_frame *f)
{
	struct vmo *v;
	int err = vmo_get((fern_handle)f->x[0], FERN_RIGHT_READ, &v);
	if (err)
		return err;
	uint64_t offset = f->x[1];
	if (offset >= v->size)
		return FERN_ERR_RANGE;
	/* A scattered object's page is committed, and stays: a device may be told to use it. */
	uint64_t pa;
	err = vmo_commit_page(v, offset, &pa);
	return err ? err : (int64_t)(pa | (offset & (PAGE_SIZE - 1)));
}

int64_t sys_vm_map(struct trap_frame *f)
{
	uint64_t offset = f->x[1], size = f->x[2];
	uint32_t prot = (uint32_t)f->x[3];
	uint32_t need = FERN_RIGHT_MAP | (prot & FERN_PROT_WRITE ? FERN_RIGHT_WRITE : 0);
	struct vmo *v;
	int err = vmo_get((fern_handle)f->x[0], need, &v);
	if (err)
		return err;
	uint64_t va;
	err = aspace_map(&process_current()->as, v, offset, size, prot, &va);
	return err ? err : (int64_t)va;
}

int64_t sys_vm_unmap(struct trap_frame *f)
{
	return aspace_unmap(&process_current()->as, f->x[0], f->x[1]);
}
