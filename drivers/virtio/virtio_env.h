/* SPDX-License-Identifier: MIT */
/* Glue shared by the virtio drivers: the transport from the program's environment (legacy
 * transports refused with a log line), DMA memory, and queues set up in it. */
#ifndef VIRTIO_ENV_H
#define VIRTIO_ENV_H

#include "virtio_mmio.h"
#include "virtqueue.h"

#include <stdint.h>

/* Maps the transport granted as mmio-0, checks it carries device_id and negotiates wanted
 * (plus VIRTIO_F_VERSION_1). Logs the reason on failure. FERN_ERR_UNSUPPORTED means the
 * driver refuses the device (legacy transport, missing VERSION_1, FEATURES_OK refused): exit
 * with it so that the startup task does not restart the driver. */
int virtio_env_open(struct virtio_mmio *d, uint32_t device_id, uint64_t wanted);

/* size bytes of zeroed, physically contiguous, mapped read/write memory. */
int virtio_env_dma(uint64_t size, void **va, uint64_t *pa);

/* Sets up queue index with min(want, the device's maximum) entries, rounded down to a power
 * of two, in fresh DMA memory. */
int virtio_env_queue(struct virtio_mmio *d, uint32_t index, uint16_t want, struct virtq *vq);

#endif
