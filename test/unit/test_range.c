// SPDX-License-Identifier: MIT
/* Unit test for range_subtract: fixed cases, the top of the address space, and a brute-force model.
 */
#include <kernel/pmm.h>

#include <fern/status.h>

#include "check.h"

#define N(a) ((int)(sizeof(a) / sizeof((a)[0])))

/* Checks that s holds exactly the (base, size) pairs in want (want_pairs of them). */
static void expect_set(int line, const struct range_set *s, const uint64_t *want, int want_pairs)
{
	if (s->count != want_pairs) {
		fprintf(stderr, "%s:%d: expected %d pieces, got %d\n", __FILE__, line, want_pairs,
			s->count);
		exit(1);
	}
	for (int i = 0; i < want_pairs; i++) {
		if (s->base[i] != want[2 * i] || s->size[i] != want[2 * i + 1]) {
			fprintf(stderr,
				"%s:%d: piece %d is [0x%" PRIx64 ", +0x%" PRIx64
				"), expected [0x%" PRIx64 ", +0x%" PRIx64 ")\n",
				__FILE__, line, i, s->base[i], s->size[i], want[2 * i],
				want[2 * i + 1]);
			exit(1);
		}
	}
}

/* Subtracts holes (pairs) from [base, base + size) and expects the pairs in want. */
#define EXPECT(base, size, holes, want)                                                     \
	do {                                                                                \
		uint64_t hb_[N(holes) / 2 + 1], hs_[N(holes) / 2 + 1];                      \
		for (int i_ = 0; i_ < N(holes) / 2; i_++) {                                 \
			hb_[i_] = (holes)[2 * i_];                                          \
			hs_[i_] = (holes)[2 * i_ + 1];                                      \
		}                                                                           \
		struct range_set s_;                                                        \
		memset(&s_, 0xa5, sizeof(s_));                                              \
		CHECK_EQ(range_subtract(base, size, hb_, hs_, N(holes) / 2, &s_), FERN_OK); \
		expect_set(__LINE__, &s_, want, N(want) / 2);                               \
	} while (0)

static const uint64_t none[] = {0, 0}; /* one zero-size hole */

static void test_basic(void)
{
	struct range_set s;
	/* No holes at all (and NULL arrays are fine with count 0). */
	CHECK_EQ(range_subtract(0x1000, 0x2000, NULL, NULL, 0, &s), FERN_OK);
	expect_set(__LINE__, &s, (const uint64_t[]){0x1000, 0x2000}, 1);
	/* An empty range has no pieces. */
	CHECK_EQ(range_subtract(0x1000, 0, NULL, NULL, 0, &s), FERN_OK);
	CHECK_EQ(s.count, 0);

	EXPECT(0x1000, 0x2000, none, ((const uint64_t[]){0x1000, 0x2000}));
	/* A zero-size hole inside the range changes nothing. */
	EXPECT(0x1000, 0x2000, ((const uint64_t[]){0x1800, 0}),
	       ((const uint64_t[]){0x1000, 0x2000}));
	/* A hole covering everything, exactly and with room to spare. */
	{
		const uint64_t h1[] = {0x1000, 0x2000}, h2[] = {0, 0x100000};
		struct range_set t;
		CHECK_EQ(range_subtract(0x1000, 0x2000, &h1[0], &h1[1], 1, &t), FERN_OK);
		CHECK_EQ(t.count, 0);
		CHECK_EQ(range_subtract(0x1000, 0x2000, &h2[0], &h2[1], 1, &t), FERN_OK);
		CHECK_EQ(t.count, 0);
	}
	/* Start, end, middle. */
	EXPECT(0x1000, 0x3000, ((const uint64_t[]){0x1000, 0x800}),
	       ((const uint64_t[]){0x1800, 0x2800}));
	EXPECT(0x1000, 0x3000, ((const uint64_t[]){0x3800, 0x800}),
	       ((const uint64_t[]){0x1000, 0x2800}));
	EXPECT(0x1000, 0x3000, ((const uint64_t[]){0x2000, 0x1000}),
	       ((const uint64_t[]){0x1000, 0x1000, 0x3000, 0x1000}));
	/* Holes straddling either edge. */
	EXPECT(0x1000, 0x3000, ((const uint64_t[]){0x0, 0x1800, 0x3800, 0x10000}),
	       ((const uint64_t[]){0x1800, 0x2000}));
	/* Holes wholly outside, before, after and adjacent. */
	EXPECT(0x1000, 0x3000, ((const uint64_t[]){0x0, 0x1000, 0x4000, 0x1000, 0x9000, 5}),
	       ((const uint64_t[]){0x1000, 0x3000}));
}

static void test_overlapping(void)
{
	/* Unsorted, overlapping, nested and chained holes. */
	EXPECT(0, 100,
	       ((const uint64_t[]){50, 10, 20, 10, 25, 10, 55, 2, 70, 0, 90, 20, 34, 2, 40, 1}),
	       ((const uint64_t[]){0, 20, 36, 4, 41, 9, 60, 30}));
	/* Two holes that together cover everything. */
	const uint64_t hb[] = {15, 0}, hs[] = {100, 16};
	struct range_set s;
	CHECK_EQ(range_subtract(10, 20, hb, hs, 2, &s), FERN_OK);
	CHECK_EQ(s.count, 0);
}

static void test_top_of_memory(void)
{
	struct range_set s;
	/* A range whose end overflows is clamped to UINT64_MAX. */
	CHECK_EQ(range_subtract(UINT64_MAX - 0xfff, 0x2000, NULL, NULL, 0, &s), FERN_OK);
	expect_set(__LINE__, &s, (const uint64_t[]){UINT64_MAX - 0xfff, 0xfff}, 1);
	CHECK_EQ(range_subtract(0, UINT64_MAX, NULL, NULL, 0, &s), FERN_OK);
	expect_set(__LINE__, &s, (const uint64_t[]){0, UINT64_MAX}, 1);
	/* A hole whose end overflows covers everything up to the top. */
	EXPECT(UINT64_MAX - 0xffff, 0x10000, ((const uint64_t[]){UINT64_MAX - 0xff, UINT64_MAX}),
	       ((const uint64_t[]){UINT64_MAX - 0xffff, 0xff00}));
	EXPECT(0, UINT64_MAX, ((const uint64_t[]){0x1000, UINT64_MAX}),
	       ((const uint64_t[]){0, 0x1000}));
	EXPECT(UINT64_MAX - 0x100, UINT64_MAX, ((const uint64_t[]){UINT64_MAX - 0x80, 0x10}),
	       ((const uint64_t[]){UINT64_MAX - 0x100, 0x80, UINT64_MAX - 0x70, 0x70}));
	/* A hole starting at UINT64_MAX has no bytes inside [x, UINT64_MAX). */
	EXPECT(UINT64_MAX - 0x10, 0x100, ((const uint64_t[]){UINT64_MAX, 0x100}),
	       ((const uint64_t[]){UINT64_MAX - 0x10, 0x10}));
}

static void test_too_many(void)
{
	uint64_t hb[64], hs[64];
	struct range_set s;
	/* 63 holes make 64 pieces: exactly full. */
	for (int i = 0; i < 63; i++) {
		hb[i] = 10 * (uint64_t)i + 5;
		hs[i] = 5;
	}
	CHECK_EQ(range_subtract(0, 640, hb, hs, 63, &s), FERN_OK);
	CHECK_EQ(s.count, 64);
	for (int i = 0; i < 64; i++) {
		CHECK_EQ(s.base[i], 10 * (uint64_t)i);
		CHECK_EQ(s.size[i], i < 63 ? 5 : 10);
	}
	/* One more hole splitting the last piece makes 65. */
	hb[63] = 635;
	hs[63] = 1;
	CHECK_EQ(range_subtract(0, 640, hb, hs, 64, &s), FERN_ERR_TOO_MANY);
	CHECK_EQ(s.count, 0);
	/* But a hole ending exactly at the range's end makes no extra piece. */
	hb[63] = 635;
	hs[63] = 5;
	CHECK_EQ(range_subtract(0, 640, hb, hs, 64, &s), FERN_OK);
	CHECK_EQ(s.count, 64);
	CHECK_EQ(s.size[63], 5);
}

static uint64_t xorshift(uint64_t *state)
{
	uint64_t x = *state;
	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	return *state = x;
}

/* Compares against a byte-per-address model over a small universe. */
static void test_model(void)
{
	enum { UNIVERSE = 200, ROUNDS = 20000 };
	uint64_t seed = 0x9e3779b97f4a7c15ULL;
	for (int round = 0; round < ROUNDS; round++) {
		uint64_t base = xorshift(&seed) % UNIVERSE, size = xorshift(&seed) % (UNIVERSE / 2);
		int holes = (int)(xorshift(&seed) % 8);
		uint64_t hb[8], hs[8];
		unsigned char keep[UNIVERSE * 2] = {0};
		for (uint64_t a = base; a < base + size; a++)
			keep[a] = 1;
		for (int i = 0; i < holes; i++) {
			hb[i] = xorshift(&seed) % UNIVERSE;
			hs[i] = xorshift(&seed) % 40;
			for (uint64_t a = hb[i]; a < hb[i] + hs[i]; a++)
				keep[a] = 0;
		}
		struct range_set s;
		CHECK_EQ(range_subtract(base, size, hb, hs, holes, &s), FERN_OK);
		unsigned char got[UNIVERSE * 2] = {0};
		for (int i = 0; i < s.count; i++) {
			CHECK(s.size[i] > 0);
			/* Sorted and not even touching: adjacent pieces would have been one. */
			if (i > 0)
				CHECK(s.base[i - 1] + s.size[i - 1] < s.base[i]);
			for (uint64_t a = s.base[i]; a < s.base[i] + s.size[i]; a++)
				got[a] = 1;
		}
		CHECK(memcmp(keep, got, sizeof(keep)) == 0);
	}
}

int main(void)
{
	test_basic();
	test_overlapping();
	test_top_of_memory();
	test_too_many();
	test_model();
	printf("test_range: ok\n");
	return 0;
}
