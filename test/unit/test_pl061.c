// SPDX-License-Identifier: MIT
/* The PL061 register core (drivers/pl061) against a fake register file: identification, the
 * address-masked data register, interrupt sense setup and taking interrupts. */
#include "check.h"
#include "pl061.h"

#include <fern/status.h>

#define LOG_MAX 64

/* The fake: registers by offset, the data pins' levels, and a log of every write. */
struct fake {
	uint32_t reg[0x1000 / 4];
	uint32_t pins;
	uint32_t last_data_read; /* offset of the last data-register read */
	uint32_t log_offset[LOG_MAX];
	uint32_t log_value[LOG_MAX];
	int log_count;
};

static uint32_t fake_read(void *ctx, uint32_t offset)
{
	struct fake *f = ctx;
	CHECK(offset < 0x1000 && offset % 4 == 0);
	if (offset < PL061_DIR) {
		f->last_data_read = offset;
		return f->pins & (offset >> 2); /* the hardware masks with address bits [9:2] */
	}
	if (offset == PL061_MIS)
		return f->reg[PL061_RIS / 4] & f->reg[PL061_IE / 4];
	return f->reg[offset / 4];
}

static void fake_write(void *ctx, uint32_t offset, uint32_t value)
{
	struct fake *f = ctx;
	CHECK(offset < 0x1000 && offset % 4 == 0);
	CHECK(f->log_count < LOG_MAX);
	f->log_offset[f->log_count] = offset;
	f->log_value[f->log_count++] = value;
	if (offset < PL061_DIR) {
		uint32_t mask = offset >> 2;
		f->pins = (f->pins & ~mask) | (value & mask);
	} else if (offset == PL061_IC) {
		f->reg[PL061_RIS / 4] &= ~value;
	} else {
		f->reg[offset / 4] = value;
	}
}

static struct fake fake;
static const struct mmio_fake ops = {fake_read, fake_write, &fake};
static const struct mmio m = {.fake = &ops};

static void reset(void)
{
	memset(&fake, 0, sizeof(fake));
	fake.reg[PL061_PERID / 4] = 0x61;
	fake.reg[PL061_PERID / 4 + 1] = 0x10;
}

/* Whether offset was written (the last such write's value in *value). */
static int written(uint32_t offset, uint32_t *value)
{
	int found = 0;
	for (int i = 0; i < fake.log_count; i++)
		if (fake.log_offset[i] == offset) {
			*value = fake.log_value[i];
			found = 1;
		}
	return found;
}

static void test_init(void)
{
	reset();
	fake.reg[PL061_IE / 4] = 0xff;
	fake.reg[PL061_RIS / 4] = 0x08;
	CHECK_EQ(pl061_init(&m), FERN_OK);
	CHECK_EQ(fake.reg[PL061_IE / 4], 0);  /* every interrupt masked */
	CHECK_EQ(fake.reg[PL061_RIS / 4], 0); /* and stale edges cleared */

	reset();
	fake.reg[PL061_PERID / 4] = 0x31; /* a PL031 */
	CHECK_EQ(pl061_init(&m), FERN_ERR_UNSUPPORTED);
	CHECK_EQ(fake.log_count, 0);
}

static void test_data_masking(void)
{
	reset();
	fake.pins = 0xa5;
	CHECK_EQ(pl061_read(&m, 1u << 3), 0);
	CHECK_EQ(fake.last_data_read, 0x020); /* pin 3 alone: address bit 5 */
	CHECK_EQ(pl061_read(&m, 1u << 0), 1);
	CHECK_EQ(fake.last_data_read, 0x004);
	CHECK_EQ(pl061_read(&m, 0xff), 0xa5);
	CHECK_EQ(fake.last_data_read, 0x3fc);
	CHECK_EQ(pl061_read(&m, 0x1ff), 0xa5); /* no pin 8: the offset stays in the data window */
	CHECK_EQ(fake.last_data_read, 0x3fc);

	/* Writing pins 1 and 6 touches only them. */
	pl061_write(&m, 0x42, 0xff);
	CHECK_EQ(fake.log_offset[0], 0x108);
	CHECK_EQ(fake.log_value[0], 0x42);
	CHECK_EQ(fake.pins, 0xe7);
	pl061_write(&m, 0x01, 0x00);
	CHECK_EQ(fake.log_offset[1], 0x004);
	CHECK_EQ(fake.pins, 0xe6);

	pl061_set_direction(&m, 0x0c, 1);
	CHECK_EQ(fake.reg[PL061_DIR / 4], 0x0c);
	pl061_set_direction(&m, 0x04, 0);
	CHECK_EQ(fake.reg[PL061_DIR / 4], 0x08);
}

static void test_sense(void)
{
	uint32_t v;
	reset();
	/* Pin 5 is already a level-high interrupt; configuring pin 3 must leave it alone. */
	fake.reg[PL061_IS / 4] = 0x20;
	fake.reg[PL061_IEV / 4] = 0x20;
	fake.reg[PL061_IE / 4] = 0x20;
	fake.reg[PL061_RIS / 4] = 0x08; /* a stale edge on pin 3 */
	CHECK_EQ(pl061_irq_configure(&m, 1u << 3, PL061_EDGE_RISING), FERN_OK);
	CHECK_EQ(fake.reg[PL061_IS / 4], 0x20);  /* pin 3 edge-sensitive */
	CHECK_EQ(fake.reg[PL061_IBE / 4], 0x00); /* one edge */
	CHECK_EQ(fake.reg[PL061_IEV / 4], 0x28); /* rising */
	CHECK_EQ(fake.reg[PL061_IE / 4], 0x28);
	CHECK_EQ(fake.reg[PL061_RIS / 4], 0); /* the stale edge was cleared before enabling */
	CHECK(written(PL061_IC, &v) && v == 0x08);
	/* Enabled last, so a half-set sense never fires. */
	CHECK_EQ(fake.log_offset[fake.log_count - 1], PL061_IE);

	CHECK_EQ(pl061_irq_configure(&m, 1u << 3, PL061_EDGE_FALLING), FERN_OK);
	CHECK_EQ(fake.reg[PL061_IEV / 4], 0x20);
	CHECK_EQ(pl061_irq_configure(&m, 1u << 3, PL061_EDGE_BOTH), FERN_OK);
	CHECK_EQ(fake.reg[PL061_IBE / 4], 0x08);
	CHECK_EQ(pl061_irq_configure(&m, 1u << 2, PL061_LEVEL_LOW), FERN_OK);
	CHECK_EQ(fake.reg[PL061_IS / 4], 0x24);
	CHECK_EQ(fake.reg[PL061_IEV / 4] & 0x04, 0);

	int before = fake.log_count;
	CHECK_EQ(pl061_irq_configure(&m, 1, (enum pl061_sense)9), FERN_ERR_INVALID);
	CHECK_EQ(fake.log_count, before);

	pl061_irq_disable(&m, 0x08);
	CHECK_EQ(fake.reg[PL061_IE / 4], 0x24);
}

static void test_take(void)
{
	reset();
	fake.reg[PL061_IE / 4] = 0x08;
	fake.reg[PL061_RIS / 4] = 0x18; /* pin 4 raw only: masked */
	CHECK_EQ(pl061_irq_take(&m), 0x08);
	CHECK_EQ(fake.reg[PL061_RIS / 4], 0x10); /* pin 3 cleared, pin 4 left */
	int before = fake.log_count;
	CHECK_EQ(pl061_irq_take(&m), 0);
	CHECK_EQ(fake.log_count, before); /* nothing raised: no clear */
}

int main(void)
{
	test_init();
	test_data_masking();
	test_sense();
	test_take();
	printf("test_pl061: ok\n");
	return 0;
}
