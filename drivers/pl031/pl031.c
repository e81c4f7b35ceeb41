// SPDX-License-Identifier: MIT
/* PL031 register-level core (pl031.h): no environment, testable against a fake register file. */
#include "pl031.h"

#include <fern/status.h>

int pl031_init(const struct mmio *m)
{
	uint32_t part =
	    (mmio_read32(m, PL031_PERID) & 0xff) | (mmio_read32(m, PL031_PERID + 4) & 0xf) << 8;
	if (part != PL031_PART_NUMBER)
		return FERN_ERR_UNSUPPORTED;
	mmio_write32(m, PL031_IMSC, 0);
	mmio_write32(m, PL031_CR, 1);
	return FERN_OK;
}

uint64_t pl031_seconds(const struct mmio *m)
{
	return mmio_read32(m, PL031_DR);
}
