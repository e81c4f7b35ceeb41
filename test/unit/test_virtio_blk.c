// SPDX-License-Identifier: MIT
/* The virtio-blk request core (drivers/virtio-blk/blk.c): request checks, the chains it puts
 * on the queue, slots running out, read-only disks, and the device's status mapped to errors. */
#include "blk.h"
#include "check.h"

#include <fern/status.h>
#include <stdlib.h>

/* Device configuration: capacity 2048 sectors (1 MiB); nothing else is read. */
static uint32_t fake_read(void *ctx, uint32_t off)
{
	(void)ctx;
	return off == VIRTIO_MMIO_CONFIG ? 2048 : 0;
}

static void fake_write(void *ctx, uint32_t off, uint32_t v)
{
	(void)ctx, (void)off, (void)v;
}

static const struct mmio_fake fake = {.read32 = fake_read, .write32 = fake_write};

static struct blk *make_blk(uint16_t queue, uint64_t features)
{
	struct blk *b = calloc(1, sizeof(*b));
	b->dev.m.fake = &fake;
	b->dev.features = features;
	void *ring = aligned_alloc(4096, 4096);
	memset(ring, 0, 4096);
	CHECK_EQ(virtq_init(&b->vq, queue, ring, (uintptr_t)ring), FERN_OK);
	b->data = aligned_alloc(4096, BLK_SLOTS * BLK_MAX_IO);
	b->data_pa = (uintptr_t)b->data;
	b->hdr = calloc(BLK_SLOTS, sizeof(struct blk_header));
	b->hdr_pa = (uintptr_t)b->hdr;
	blk_setup(b);
	return b;
}

static void free_blk(struct blk *b)
{
	free((void *)b->vq.desc);
	free(b->data);
	free(b->hdr);
	free(b);
}

/* The device finishes head with status st. */
static void device_finish(struct blk *b, int head, uint8_t st)
{
	volatile struct virtq_desc *d = &b->vq.desc[head];
	while (d->flags & VIRTQ_DESC_F_NEXT)
		d = &b->vq.desc[d->next];
	CHECK(d->flags & VIRTQ_DESC_F_WRITE);
	CHECK_EQ(d->len, 1);
	*(uint8_t *)(uintptr_t)d->addr = st;
	uint16_t i = b->vq.used->idx;
	b->vq.used->ring[i % b->vq.num] = (struct virtq_used_elem){(uint32_t)head, 1};
	b->vq.used->idx = (uint16_t)(i + 1);
}

static void test_check(void)
{
	struct blk *b = make_blk(64, VIRTIO_F_VERSION_1);
	CHECK_EQ(b->capacity, 1048576);
	CHECK_EQ(b->slots, 16);
	CHECK_EQ(blk_check(b, 0, 512, BLK_MAX_IO), FERN_OK);
	CHECK_EQ(blk_check(b, 1048576 - 4096, 4096, BLK_MAX_IO), FERN_OK);
	CHECK_EQ(blk_check(b, 0, 0, BLK_MAX_IO), FERN_ERR_INVALID);
	CHECK_EQ(blk_check(b, 1, 512, BLK_MAX_IO), FERN_ERR_INVALID);
	CHECK_EQ(blk_check(b, 0, 513, BLK_MAX_IO), FERN_ERR_INVALID);
	CHECK_EQ(blk_check(b, 0, 8192, BLK_MAX_IO), FERN_ERR_TOO_BIG);
	CHECK_EQ(blk_check(b, 1048576, 512, BLK_MAX_IO), FERN_ERR_RANGE);
	CHECK_EQ(blk_check(b, 1048576 - 512, 1024, BLK_MAX_IO), FERN_ERR_RANGE);
	CHECK_EQ(blk_check(b, UINT64_MAX - 511, 512, BLK_MAX_IO),
		 FERN_ERR_RANGE); /* no wrap-around */
	/* Through a bulk buffer a request may be bigger. */
	CHECK_EQ(blk_check(b, 0, 65536, BLK_BULK_MAX), FERN_OK);
	CHECK_EQ(blk_check(b, 0, BLK_BULK_MAX + 512, BLK_BULK_MAX), FERN_ERR_TOO_BIG);
	free_blk(b);
}

static void test_submit(void)
{
	struct blk *b = make_blk(8, VIRTIO_F_VERSION_1); /* 8 descriptors: 2 requests */
	CHECK_EQ(b->slots, 2);
	struct blk_slot who = {.client = 7, .call_id = 42, .msg_type = FERN_MSG_WRITE};
	uint8_t data[1024];
	for (unsigned i = 0; i < sizeof(data); i++)
		data[i] = (uint8_t)i;
	int s0 = blk_submit(b, VIRTIO_BLK_T_OUT, 4096, 1024, data, 0, 0, &who);
	CHECK(s0 >= 0);
	CHECK(!memcmp(blk_buffer(b, s0), data, sizeof(data)));
	CHECK_EQ(b->hdr[s0].type, VIRTIO_BLK_T_OUT);
	CHECK_EQ(b->hdr[s0].sector, 8);
	/* The chain: header (device reads), data (device reads for a write), status. */
	uint16_t head = b->vq.avail->ring[0];
	volatile struct virtq_desc *d = &b->vq.desc[head];
	CHECK_EQ(d->addr, b->hdr_pa + s0 * sizeof(struct blk_header));
	CHECK_EQ(d->len, 16);
	CHECK_EQ(d->flags, VIRTQ_DESC_F_NEXT);
	d = &b->vq.desc[d->next];
	CHECK_EQ(d->addr, b->data_pa + (uint64_t)s0 * BLK_MAX_IO);
	CHECK_EQ(d->len, 1024);
	CHECK_EQ(d->flags, VIRTQ_DESC_F_NEXT);

	who.msg_type = FERN_MSG_SETATTR;
	int s1 = blk_submit(b, VIRTIO_BLK_T_FLUSH, 0, 0, 0, 0, 0, &who);
	CHECK(s1 >= 0 && s1 != s0);
	CHECK_EQ(virtq_in_flight(&b->vq), 5); /* a flush has no data buffer */
	CHECK_EQ(blk_submit(b, VIRTIO_BLK_T_IN, 0, 512, 0, 0, 0, &who), FERN_ERR_FULL);

	int status;
	CHECK_EQ(blk_reap(b, &status), FERN_ERR_EMPTY);
	device_finish(b, b->vq.avail->ring[1], VIRTIO_BLK_S_UNSUPP);
	device_finish(b, head, VIRTIO_BLK_S_OK);
	CHECK_EQ(blk_reap(b, &status), s1);
	CHECK_EQ(status, FERN_ERR_UNSUPPORTED);
	CHECK_EQ(blk_reap(b, &status), s0);
	CHECK_EQ(status, FERN_OK);
	CHECK_EQ(b->slot[s0].call_id, 42);
	CHECK_EQ(b->slot[s0].len, 1024);
	CHECK(b->slot[s0].busy); /* until released */
	CHECK_EQ(blk_submit(b, VIRTIO_BLK_T_IN, 0, 512, 0, 0, 0, &who), FERN_ERR_FULL);
	blk_release(b, s0);
	blk_release(b, s1);

	int s2 = blk_submit(b, VIRTIO_BLK_T_IN, 512, 512, 0, 0, 0, &who);
	CHECK(s2 >= 0);
	device_finish(b, b->vq.avail->ring[2], VIRTIO_BLK_S_IOERR);
	CHECK_EQ(blk_reap(b, &status), s2);
	CHECK_EQ(status, FERN_ERR_FAULT);
	free_blk(b);

	/* Bulk: the device is pointed at the client's buffer, nothing is copied. */
	b = make_blk(64, VIRTIO_F_VERSION_1);
	memset(blk_buffer(b, 0), 0xee, 1024);
	struct blk_seg seg[2] = {{0x40000000, 61440}, {0x50000000, 4096}};
	int s3 = blk_submit(b, VIRTIO_BLK_T_IN, 0, 65536, 0, seg, 2, &who);
	CHECK(s3 >= 0);
	CHECK(b->slot[s3].bulk);
	CHECK_EQ(blk_buffer(b, s3)[0], 0xee); /* untouched */
	d = &b->vq.desc[b->vq.desc[b->vq.avail->ring[0]].next];
	CHECK_EQ(d->addr, 0x40000000);
	CHECK_EQ(d->len, 61440);
	CHECK_EQ(d->flags, VIRTQ_DESC_F_NEXT | VIRTQ_DESC_F_WRITE);
	d = &b->vq.desc[d->next];
	CHECK_EQ(d->addr, 0x50000000);
	CHECK_EQ(d->len, 4096);
	CHECK_EQ(virtq_in_flight(&b->vq), 4); /* header, two pieces, status */
	free_blk(b);

	b = make_blk(64, VIRTIO_F_VERSION_1 | VIRTIO_BLK_F_RO);
	CHECK_EQ(blk_submit(b, VIRTIO_BLK_T_OUT, 0, 512, data, 0, 0, &who), FERN_ERR_DENIED);
	CHECK(blk_submit(b, VIRTIO_BLK_T_IN, 0, 512, 0, 0, 0, &who) >= 0);
	free_blk(b);
}

int main(void)
{
	test_check();
	test_submit();
	printf("test_virtio_blk: ok\n");
	return 0;
}
