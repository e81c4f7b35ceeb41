/* SPDX-License-Identifier: MIT */
/* The virtio-mmio transport (virtio 1.x, "modern" Version 2 only), register level: device
 * check, status handshake, feature negotiation, queue setup, notify and interrupt ack. */
#ifndef VIRTIO_MMIO_H
#define VIRTIO_MMIO_H

#include <fern/mmio.h>
#include <stdint.h>

#define VIRTIO_MMIO_MAGIC             0x000 /* "virt" */
#define VIRTIO_MMIO_VERSION           0x004 /* 2: modern, 1: legacy */
#define VIRTIO_MMIO_DEVICE_ID         0x008
#define VIRTIO_MMIO_VENDOR_ID         0x00c
#define VIRTIO_MMIO_DEVICE_FEATURES   0x010 /* the 32 bits DeviceFeaturesSel selects */
#define VIRTIO_MMIO_DEVICE_FEAT_SEL   0x014
#define VIRTIO_MMIO_DRIVER_FEATURES   0x020
#define VIRTIO_MMIO_DRIVER_FEAT_SEL   0x024
#define VIRTIO_MMIO_QUEUE_SEL         0x030
#define VIRTIO_MMIO_QUEUE_NUM_MAX     0x034
#define VIRTIO_MMIO_QUEUE_NUM         0x038
#define VIRTIO_MMIO_QUEUE_READY       0x044
#define VIRTIO_MMIO_QUEUE_NOTIFY      0x050
#define VIRTIO_MMIO_INTERRUPT_STATUS  0x060
#define VIRTIO_MMIO_INTERRUPT_ACK     0x064
#define VIRTIO_MMIO_STATUS            0x070
#define VIRTIO_MMIO_QUEUE_DESC_LOW    0x080
#define VIRTIO_MMIO_QUEUE_DESC_HIGH   0x084
#define VIRTIO_MMIO_QUEUE_DRIVER_LOW  0x090 /* the available ring */
#define VIRTIO_MMIO_QUEUE_DRIVER_HIGH 0x094
#define VIRTIO_MMIO_QUEUE_DEVICE_LOW  0x0a0 /* the used ring */
#define VIRTIO_MMIO_QUEUE_DEVICE_HIGH 0x0a4
#define VIRTIO_MMIO_CONFIG_GEN        0x0fc
#define VIRTIO_MMIO_CONFIG            0x100 /* device-specific configuration */

#define VIRTIO_MMIO_MAGIC_VALUE 0x74726976

/* Device status bits. */
#define VIRTIO_STATUS_ACKNOWLEDGE 1u
#define VIRTIO_STATUS_DRIVER      2u
#define VIRTIO_STATUS_DRIVER_OK   4u
#define VIRTIO_STATUS_FEATURES_OK 8u
#define VIRTIO_STATUS_FAILED      128u

#define VIRTIO_F_VERSION_1 (1ull << 32) /* required: the modern interface */

/* InterruptStatus bits. */
#define VIRTIO_INT_USED   1u /* a queue's used ring was updated */
#define VIRTIO_INT_CONFIG 2u /* the configuration changed */

/* One transport. mmio is the driver's; features is what was agreed. */
struct virtio_mmio {
	struct mmio m;
	uint32_t version;   /* as read by virtio_mmio_probe */
	uint32_t device_id; /* as read by virtio_mmio_probe */
	uint64_t features;  /* negotiated (virtio_mmio_negotiate) */
};

/* Reads the magic, version and device id into d. FERN_ERR_INVALID if the magic is wrong,
 * FERN_ERR_NOT_FOUND if no device is attached (id 0), FERN_ERR_UNSUPPORTED for a legacy
 * (Version 1) or unknown version: d->version tells which. */
int virtio_mmio_probe(struct virtio_mmio *d);

/* Resets the device, sets ACKNOWLEDGE and DRIVER, and accepts the device's features that are
 * also in wanted, plus VIRTIO_F_VERSION_1 (FERN_ERR_UNSUPPORTED if the device lacks it). Then
 * sets FEATURES_OK and checks the device kept it (FERN_ERR_UNSUPPORTED if not). On failure the
 * status gets FAILED. The agreed set is in d->features. */
int virtio_mmio_negotiate(struct virtio_mmio *d, uint64_t wanted);

/* Sets up queue index with num entries at the given physical addresses and makes it ready.
 * FERN_ERR_NOT_FOUND if the queue does not exist (QueueNumMax 0), FERN_ERR_BUSY if it is
 * already ready, FERN_ERR_RANGE if num exceeds QueueNumMax. Use virtio_mmio_queue_max first. */
int virtio_mmio_queue_setup(struct virtio_mmio *d, uint32_t index, uint32_t num, uint64_t desc,
			    uint64_t driver, uint64_t device);

/* The largest size queue index takes (0: no such queue). */
uint32_t virtio_mmio_queue_max(struct virtio_mmio *d, uint32_t index);

/* Sets DRIVER_OK: the device is live. */
void virtio_mmio_driver_ok(struct virtio_mmio *d);

/* Sets FAILED and gives the device up. */
void virtio_mmio_fail(struct virtio_mmio *d);

/* Tells the device queue index has new buffers (orders the ring writes before it). */
void virtio_mmio_notify(struct virtio_mmio *d, uint32_t index);

/* Reads and acknowledges the interrupt status; returns the VIRTIO_INT_* bits that were set. */
uint32_t virtio_mmio_irq_ack(struct virtio_mmio *d);

/* A 64-bit little-endian field of the device configuration at offset, read consistently
 * (retried while ConfigGeneration changes). */
uint64_t virtio_mmio_config64(struct virtio_mmio *d, uint32_t offset);

#endif
