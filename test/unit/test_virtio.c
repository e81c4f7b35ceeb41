// SPDX-License-Identifier: MIT
/* The virtio-mmio transport and split virtqueue (drivers/virtio) against a fake device: a
 * register file with the transport's semantics and a device side that consumes the available
 * ring and fills the used ring in host memory. */
#include "check.h"
#include "virtio_mmio.h"
#include "virtqueue.h"

#include <fern/status.h>
#include <stdlib.h>

/* ---- the fake transport ---- */

struct fake_queue {
	uint32_t num_max, num, ready;
	uint64_t desc, driver, device;
};

struct fake {
	uint32_t magic, version, device_id;
	uint64_t offered, accepted;
	uint32_t dev_sel, drv_sel, queue_sel;
	uint32_t status;
	uint32_t status_log[16]; /* every value written to Status */
	int status_writes;
	bool refuse_features_ok;
	struct fake_queue q[2];
	uint32_t int_status, int_acked, notified, notifies;
	uint32_t config[4], generation, bump_generation_reads;
};

static void set_half(uint64_t *v, int high, uint32_t x)
{
	*v = high ? (*v & 0xffffffffull) | (uint64_t)x << 32 : (*v & ~0xffffffffull) | x;
}

static uint32_t fake_read(void *ctx, uint32_t off)
{
	struct fake *f = ctx;
	struct fake_queue *q = &f->q[f->queue_sel < 2 ? f->queue_sel : 0];
	bool exists = f->queue_sel < 2;
	switch (off) {
	case VIRTIO_MMIO_MAGIC: return f->magic;
	case VIRTIO_MMIO_VERSION: return f->version;
	case VIRTIO_MMIO_DEVICE_ID: return f->device_id;
	case VIRTIO_MMIO_DEVICE_FEATURES:
		return f->dev_sel ? (uint32_t)(f->offered >> 32) : (uint32_t)f->offered;
	case VIRTIO_MMIO_QUEUE_NUM_MAX: return exists ? q->num_max : 0;
	case VIRTIO_MMIO_QUEUE_READY: return exists ? q->ready : 0;
	case VIRTIO_MMIO_INTERRUPT_STATUS: return f->int_status;
	case VIRTIO_MMIO_STATUS: return f->status;
	case VIRTIO_MMIO_CONFIG_GEN:
		/* Changes between the first two reads: the reader must retry. */
		if (f->bump_generation_reads && --f->bump_generation_reads == 0)
			f->generation++;
		return f->generation;
	}
	if (off >= VIRTIO_MMIO_CONFIG && off < VIRTIO_MMIO_CONFIG + sizeof(f->config))
		return f->config[(off - VIRTIO_MMIO_CONFIG) / 4];
	fprintf(stderr, "read of unknown register 0x%x\n", off);
	exit(1);
}

static void fake_write(void *ctx, uint32_t off, uint32_t v)
{
	struct fake *f = ctx;
	struct fake_queue *q = &f->q[f->queue_sel < 2 ? f->queue_sel : 0];
	switch (off) {
	case VIRTIO_MMIO_DEVICE_FEAT_SEL: f->dev_sel = v; return;
	case VIRTIO_MMIO_DRIVER_FEAT_SEL: f->drv_sel = v; return;
	case VIRTIO_MMIO_DRIVER_FEATURES: set_half(&f->accepted, f->drv_sel, v); return;
	case VIRTIO_MMIO_QUEUE_SEL: f->queue_sel = v; return;
	case VIRTIO_MMIO_QUEUE_NUM: q->num = v; return;
	case VIRTIO_MMIO_QUEUE_READY: q->ready = v; return;
	case VIRTIO_MMIO_QUEUE_DESC_LOW: set_half(&q->desc, 0, v); return;
	case VIRTIO_MMIO_QUEUE_DESC_HIGH: set_half(&q->desc, 1, v); return;
	case VIRTIO_MMIO_QUEUE_DRIVER_LOW: set_half(&q->driver, 0, v); return;
	case VIRTIO_MMIO_QUEUE_DRIVER_HIGH: set_half(&q->driver, 1, v); return;
	case VIRTIO_MMIO_QUEUE_DEVICE_LOW: set_half(&q->device, 0, v); return;
	case VIRTIO_MMIO_QUEUE_DEVICE_HIGH: set_half(&q->device, 1, v); return;
	case VIRTIO_MMIO_QUEUE_NOTIFY: f->notified = v, f->notifies++; return;
	case VIRTIO_MMIO_INTERRUPT_ACK: f->int_acked = v, f->int_status &= ~v; return;
	case VIRTIO_MMIO_STATUS:
		CHECK(f->status_writes < 16);
		f->status_log[f->status_writes++] = v;
		if (v & VIRTIO_STATUS_FEATURES_OK && f->refuse_features_ok)
			v &= ~VIRTIO_STATUS_FEATURES_OK;
		f->status = v;
		if (!v)
			f->accepted = 0; /* reset */
		return;
	}
	fprintf(stderr, "write of unknown register 0x%x\n", off);
	exit(1);
}

static struct mmio_fake fake_ops = {.read32 = fake_read, .write32 = fake_write};

static struct virtio_mmio fake_device(struct fake *f, uint32_t version, uint32_t id)
{
	*f = (struct fake){.magic = VIRTIO_MMIO_MAGIC_VALUE, .version = version, .device_id = id};
	f->q[0].num_max = 128;
	f->q[1].num_max = 0; /* queue 1 does not exist */
	f->offered = VIRTIO_F_VERSION_1 | 1u << 9 | 1u << 5 | 1ull << 33;
	fake_ops.ctx = f;
	return (struct virtio_mmio){.m = {.fake = &fake_ops}};
}

/* ---- transport ---- */

static void test_probe(void)
{
	struct fake f;
	struct virtio_mmio d = fake_device(&f, 2, 4);
	CHECK_EQ(virtio_mmio_probe(&d), FERN_OK);
	CHECK_EQ(d.device_id, 4);
	CHECK_EQ(d.version, 2);

	d = fake_device(&f, 1, 4); /* legacy: refused, and the version says why */
	CHECK_EQ(virtio_mmio_probe(&d), FERN_ERR_UNSUPPORTED);
	CHECK_EQ(d.version, 1);
	CHECK_EQ(f.status_writes, 0); /* a refused device is not touched */

	d = fake_device(&f, 3, 4);
	CHECK_EQ(virtio_mmio_probe(&d), FERN_ERR_UNSUPPORTED);

	d = fake_device(&f, 2, 0); /* a transport with nothing attached */
	CHECK_EQ(virtio_mmio_probe(&d), FERN_ERR_NOT_FOUND);

	d = fake_device(&f, 2, 4);
	f.magic = 0x12345678;
	CHECK_EQ(virtio_mmio_probe(&d), FERN_ERR_INVALID);
}

static void test_negotiate(void)
{
	struct fake f;
	struct virtio_mmio d = fake_device(&f, 2, 2);
	/* Wants bit 9 (offered) and bit 12 (not offered); bit 5 and 33 are offered, unwanted. */
	CHECK_EQ(virtio_mmio_negotiate(&d, 1u << 9 | 1u << 12), FERN_OK);
	CHECK_EQ(f.accepted, VIRTIO_F_VERSION_1 | 1u << 9);
	CHECK_EQ(d.features, VIRTIO_F_VERSION_1 | 1u << 9);
	/* Reset, then each step adds its bit to what was there. */
	CHECK_EQ(f.status_writes, 4);
	CHECK_EQ(f.status_log[0], 0);
	CHECK_EQ(f.status_log[1], VIRTIO_STATUS_ACKNOWLEDGE);
	CHECK_EQ(f.status_log[2], VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER);
	CHECK_EQ(f.status_log[3],
		 VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER | VIRTIO_STATUS_FEATURES_OK);
	virtio_mmio_driver_ok(&d);
	CHECK_EQ(f.status, VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER |
			       VIRTIO_STATUS_FEATURES_OK | VIRTIO_STATUS_DRIVER_OK);

	/* No VERSION_1: refused before FEATURES_OK, and the device is told it failed. */
	d = fake_device(&f, 2, 2);
	f.offered = 1u << 9;
	CHECK_EQ(virtio_mmio_negotiate(&d, 1u << 9), FERN_ERR_UNSUPPORTED);
	CHECK(f.status & VIRTIO_STATUS_FAILED);
	CHECK(!(f.status & VIRTIO_STATUS_FEATURES_OK));
	CHECK_EQ(d.features, 0);

	/* The device does not keep FEATURES_OK. */
	d = fake_device(&f, 2, 2);
	f.refuse_features_ok = true;
	CHECK_EQ(virtio_mmio_negotiate(&d, 0), FERN_ERR_UNSUPPORTED);
	CHECK(f.status & VIRTIO_STATUS_FAILED);
	CHECK(!(f.status & VIRTIO_STATUS_DRIVER_OK));
	CHECK_EQ(d.features, 0);
}

static void test_queue_setup(void)
{
	struct fake f;
	struct virtio_mmio d = fake_device(&f, 2, 2);
	CHECK_EQ(virtio_mmio_queue_max(&d, 0), 128);
	CHECK_EQ(virtio_mmio_queue_setup(&d, 1, 8, 0, 0, 0), FERN_ERR_NOT_FOUND);
	CHECK_EQ(virtio_mmio_queue_setup(&d, 0, 256, 0, 0, 0), FERN_ERR_RANGE);
	CHECK_EQ(f.q[0].ready, 0);
	CHECK_EQ(
	    virtio_mmio_queue_setup(&d, 0, 64, 0x123456789000ull, 0xabcd00001000ull, 0x40002000ull),
	    FERN_OK);
	CHECK_EQ(f.q[0].num, 64);
	CHECK_EQ(f.q[0].desc, 0x123456789000ull);
	CHECK_EQ(f.q[0].driver, 0xabcd00001000ull);
	CHECK_EQ(f.q[0].device, 0x40002000ull);
	CHECK_EQ(f.q[0].ready, 1);
	CHECK_EQ(virtio_mmio_queue_setup(&d, 0, 64, 0, 0, 0), FERN_ERR_BUSY);

	virtio_mmio_notify(&d, 0);
	CHECK_EQ(f.notifies, 1);
	CHECK_EQ(f.notified, 0);

	f.int_status = VIRTIO_INT_USED | VIRTIO_INT_CONFIG;
	CHECK_EQ(virtio_mmio_irq_ack(&d), VIRTIO_INT_USED | VIRTIO_INT_CONFIG);
	CHECK_EQ(f.int_acked, VIRTIO_INT_USED | VIRTIO_INT_CONFIG);
	CHECK_EQ(virtio_mmio_irq_ack(&d), 0);

	f.config[0] = 0x00000800, f.config[1] = 0x1;
	CHECK_EQ(virtio_mmio_config64(&d, 0), 0x100000800ull);
	f.bump_generation_reads = 2; /* the generation changes during the first read */
	f.config[0] = 0x1000;
	CHECK_EQ(virtio_mmio_config64(&d, 0), 0x100001000ull);
	CHECK_EQ(f.bump_generation_reads, 0);
}

/* ---- virtqueue ---- */

/* The device side: what the device has taken from the available ring so far. */
struct fake_dev_side {
	uint16_t last_avail;
	uint16_t used_idx;
};

/* Takes the next available chain, checks it has n buffers, and returns its head. */
static uint16_t device_take(struct virtq *vq, struct fake_dev_side *dev, unsigned n,
			    struct virtq_buf *seen)
{
	CHECK(dev->last_avail != vq->avail->idx);
	uint16_t head = vq->avail->ring[dev->last_avail++ % vq->num];
	uint16_t i = head;
	for (unsigned k = 0; k < n; k++) {
		CHECK(i < vq->num);
		seen[k] =
		    (struct virtq_buf){.addr = vq->desc[i].addr,
				       .len = vq->desc[i].len,
				       .device_writes = vq->desc[i].flags & VIRTQ_DESC_F_WRITE};
		bool more = vq->desc[i].flags & VIRTQ_DESC_F_NEXT;
		CHECK_EQ(more, k + 1 < n);
		i = vq->desc[i].next;
	}
	return head;
}

static void device_return(struct virtq *vq, struct fake_dev_side *dev, uint32_t id, uint32_t len)
{
	vq->used->ring[dev->used_idx % vq->num] = (struct virtq_used_elem){id, len};
	vq->used->idx = ++dev->used_idx;
}

static void test_virtqueue(void)
{
	struct virtq vq;
	uint8_t *mem = aligned_alloc(4096, 4096);
	CHECK_EQ(virtq_init(&vq, 6, mem, 0x1000), FERN_ERR_INVALID);
	CHECK_EQ(virtq_init(&vq, 2 * VIRTQ_MAX, mem, 0x1000), FERN_ERR_INVALID);
	CHECK(virtq_size(8) <= 4096);
	memset(mem, 0, 4096);
	CHECK_EQ(virtq_init(&vq, 8, mem, 0x40000000), FERN_OK);
	CHECK_EQ(vq.desc_pa, 0x40000000);
	CHECK_EQ(vq.avail_pa, 0x40000000 + 16 * 8);
	CHECK_EQ(vq.used_pa % 4, 0);
	CHECK(vq.used_pa >= vq.avail_pa + 6 + 2 * 8);
	CHECK_EQ((uint8_t *)vq.used - mem, vq.used_pa - 0x40000000);

	struct fake_dev_side dev = {0};
	struct virtq_buf req[3] = {{.addr = 0x5000, .len = 16},
				   {.addr = 0x6000, .len = 512, .device_writes = true},
				   {.addr = 0x7000, .len = 1, .device_writes = true}};
	CHECK_EQ(virtq_add(&vq, req, 0), FERN_ERR_INVALID);
	int a = virtq_add(&vq, req, 3);
	int b = virtq_add(&vq, req, 3);
	CHECK(a >= 0 && b >= 0 && a != b);
	CHECK_EQ(virtq_in_flight(&vq), 6);
	CHECK_EQ(virtq_add(&vq, req, 3), FERN_ERR_FULL); /* 2 left */
	CHECK_EQ(vq.avail->idx, 2);
	uint32_t len;
	CHECK_EQ(virtq_get_used(&vq, &len), FERN_ERR_EMPTY);

	struct virtq_buf seen[3];
	CHECK_EQ(device_take(&vq, &dev, 3, seen), a);
	for (int k = 0; k < 3; k++) {
		CHECK_EQ(seen[k].addr, req[k].addr);
		CHECK_EQ(seen[k].len, req[k].len);
		CHECK_EQ(seen[k].device_writes, req[k].device_writes);
	}
	CHECK_EQ(device_take(&vq, &dev, 3, seen), b);
	/* Out of order: b first. */
	device_return(&vq, &dev, (uint32_t)b, 513);
	device_return(&vq, &dev, (uint32_t)a, 1);
	CHECK_EQ(virtq_get_used(&vq, &len), b);
	CHECK_EQ(len, 513);
	CHECK_EQ(virtq_get_used(&vq, &len), a);
	CHECK_EQ(len, 1);
	CHECK_EQ(virtq_get_used(&vq, &len), FERN_ERR_EMPTY);
	CHECK_EQ(virtq_in_flight(&vq), 0);

	/* A head that is not out, twice the same head, one out of range: refused, skipped. */
	int c = virtq_add(&vq, req, 2);
	CHECK(c >= 0);
	device_take(&vq, &dev, 2, seen);
	device_return(&vq, &dev, 99, 0);
	device_return(&vq, &dev, (uint32_t)c, 0);
	device_return(&vq, &dev, (uint32_t)c, 0);
	CHECK_EQ(virtq_get_used(&vq, &len), FERN_ERR_INVALID);
	CHECK_EQ(virtq_get_used(&vq, &len), c);
	CHECK_EQ(virtq_get_used(&vq, &len), FERN_ERR_INVALID);
	CHECK_EQ(virtq_in_flight(&vq), 0);

	/* The whole table as one-descriptor chains, then many rounds past the 16-bit index wrap:
	 * every descriptor comes back each time. */
	for (unsigned round = 0; round < 70000 / 8; round++) {
		int heads[8];
		for (int k = 0; k < 8; k++) {
			heads[k] = virtq_add(&vq, &req[1], 1);
			CHECK(heads[k] >= 0);
		}
		CHECK_EQ(virtq_add(&vq, &req[1], 1), FERN_ERR_FULL);
		uint16_t taken[8];
		for (int k = 0; k < 8; k++)
			taken[k] = device_take(&vq, &dev, 1, seen);
		for (int k = 7; k >= 0; k--)
			device_return(&vq, &dev, taken[k], 512);
		for (int k = 0; k < 8; k++)
			CHECK_EQ(virtq_get_used(&vq, &len), heads[7 - k]);
		CHECK_EQ(virtq_in_flight(&vq), 0);
	}
	CHECK_EQ(vq.avail->idx, vq.avail_idx);
	free(mem);
}

int main(void)
{
	test_probe();
	test_negotiate();
	test_queue_setup();
	test_virtqueue();
	printf("test_virtio: ok\n");
	return 0;
}
