// SPDX-License-Identifier: MIT
/* Unit test for the PL011 and PL031 register-level cores against fake register files: the UART
 * turns "\n" into "\r\n", waits while its FIFO is full, drains input and clears its interrupts;
 * the RTC checks its peripheral id and reads the seconds counter. */
#include "check.h"

#include <fern/status.h>
#include <pl011.h>
#include <pl031.h>

/* A PL011 model: a transmit log with a FIFO that reports full every other poll, and input. */
struct fake_uart {
	char out[64];
	int out_len;
	int polls;
	int room; /* the last poll said the transmit FIFO has room */
	const char *in;
	uint32_t icr, imsc, cr;
};

static uint32_t uart_read(void *ctx, uint32_t off)
{
	struct fake_uart *u = ctx;
	switch (off) {
	case PL011_FR:
		u->room = u->polls++ & 1;
		return (u->room ? 0 : PL011_FR_TXFF) | (*u->in ? 0 : PL011_FR_RXFE);
	case PL011_DR: return (uint8_t)*u->in++;
	case PL011_CR: return u->cr;
	default: return 0;
	}
}

static void uart_write(void *ctx, uint32_t off, uint32_t v)
{
	struct fake_uart *u = ctx;
	if (off == PL011_DR) {
		CHECK(u->room); /* only after a poll said the FIFO has room */
		u->room = 0;
		u->out[u->out_len++] = (char)v;
	} else if (off == PL011_ICR) {
		u->icr |= v;
	} else if (off == PL011_IMSC) {
		u->imsc = v;
	} else if (off == PL011_CR) {
		u->cr = v;
	}
}

static void test_uart(void)
{
	struct fake_uart u = {.in = "hi\r", .cr = 0x300};
	struct mmio_fake fake = {uart_read, uart_write, &u};
	struct mmio m = {.fake = &fake};
	pl011_init(&m);
	CHECK_EQ(u.imsc, PL011_INT_RX | PL011_INT_RT);
	CHECK_EQ(u.cr, 0x300 | PL011_CR_EN);
	pl011_write(&m, "a\nb", 3);
	CHECK_EQ(u.out_len, 4);
	CHECK(!memcmp(u.out, "a\r\nb", 4));
	char buf[8];
	u.icr = 0;
	CHECK_EQ(pl011_read(&m, buf, 2), 2);
	CHECK(!memcmp(buf, "hi", 2));
	CHECK_EQ(u.icr, PL011_INT_RX | PL011_INT_RT);
	CHECK_EQ(pl011_read(&m, buf, sizeof(buf)), 1);
	CHECK_EQ(buf[0], '\r');
	CHECK_EQ(pl011_read(&m, buf, sizeof(buf)), 0);
}

/* A PL011 receiver as QEMU models it: the RX interrupt is raised when the FIFO fills to its
 * trigger level (one byte), lowered by ICR or by draining; a byte arrives just after the
 * driver's arrive_at-th look at an empty FIFO. */
struct fake_rx {
	char fifo[16];
	int len, head;
	int empty_looks, arrive_at;
	uint32_t ris; /* raw interrupt status */
};

static uint32_t rx_read(void *ctx, uint32_t off)
{
	struct fake_rx *r = ctx;
	if (off == PL011_FR) {
		if (r->len)
			return 0;
		if (++r->empty_looks == r->arrive_at) { /* seen empty; then the byte lands */
			r->fifo[(r->head + r->len++) % 16] = 'x';
			r->ris |= PL011_INT_RX;
		}
		return PL011_FR_RXFE;
	}
	if (off == PL011_DR && r->len) {
		char c = r->fifo[r->head];
		r->head = (r->head + 1) % 16;
		if (!--r->len)
			r->ris &= ~PL011_INT_RX;
		return (uint8_t)c;
	}
	return 0;
}

static void rx_write(void *ctx, uint32_t off, uint32_t v)
{
	struct fake_rx *r = ctx;
	if (off == PL011_ICR)
		r->ris &= ~v;
}

/* A byte arriving while the driver drains must be read or leave the interrupt raised: else
 * it waits in the FIFO with no interrupt, and as the next byte does not reach the trigger
 * level afresh, input stops for good (issue 11, finding 2; the old driver cleared after). */
static void test_uart_rx_race(void)
{
	for (int at = 1; at <= 3; at++) {
		struct fake_rx r = {.fifo = "ab", .len = 2, .arrive_at = at, .ris = PL011_INT_RX};
		struct mmio_fake fake = {rx_read, rx_write, &r};
		struct mmio m = {.fake = &fake};
		char buf[8];
		size_t got = 0, n;
		/* What the driver does on an interrupt: read until nothing comes. */
		while ((n = pl011_read(&m, buf, sizeof(buf))) > 0)
			got += n;
		CHECK(got >= 2);
		CHECK(!r.len || (r.ris & PL011_INT_RX)); /* nothing left without an interrupt */
	}
}

struct fake_rtc {
	uint32_t id0, id1, seconds, cr, imsc;
};

static uint32_t rtc_read(void *ctx, uint32_t off)
{
	struct fake_rtc *r = ctx;
	return off == PL031_DR          ? r->seconds
	       : off == PL031_PERID     ? r->id0
	       : off == PL031_PERID + 4 ? r->id1
					: 0;
}

static void rtc_write(void *ctx, uint32_t off, uint32_t v)
{
	struct fake_rtc *r = ctx;
	if (off == PL031_CR)
		r->cr = v;
	if (off == PL031_IMSC)
		r->imsc = v;
}

static void test_rtc(void)
{
	struct fake_rtc r = {.id0 = 0x31, .id1 = 0x10, .seconds = 1795226790, .imsc = 1};
	struct mmio_fake fake = {rtc_read, rtc_write, &r};
	struct mmio m = {.fake = &fake};
	CHECK_EQ(pl031_init(&m), FERN_OK);
	CHECK_EQ(r.cr, 1);
	CHECK_EQ(r.imsc, 0);
	CHECK_EQ(pl031_seconds(&m), 1795226790);
	r.id0 = 0x11; /* a PL011's id */
	CHECK_EQ(pl031_init(&m), FERN_ERR_UNSUPPORTED);
}

int main(void)
{
	test_uart();
	test_uart_rx_race();
	test_rtc();
	puts("test_uart_rtc: ok");
	return 0;
}
