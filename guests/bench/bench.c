// CPU-bound benchmark: a fixed, deterministic mix of integer work (sieve,
// bitwise CRC32, FNV-1a hash, integer matrix multiply, memcpy/memset loops,
// heap sort of LCG data) with the MMU and caches on, repeated ROUNDS times.
// The only output is the start line, one checksum over every result and the
// done line, so the transcript is the same everywhere; time it from outside.
#include "common.h"

#define ROUNDS		320
#define SIEVE_N		65536
#define BUF_SIZE	16384
#define MAT_N		24
#define SORT_N		4096

static uint8_t sieve_map[SIEVE_N];
static uint8_t buf_a[BUF_SIZE] __attribute__((aligned(16)));
static uint8_t buf_b[BUF_SIZE] __attribute__((aligned(16)));
static int32_t mat_a[MAT_N][MAT_N], mat_b[MAT_N][MAT_N], mat_c[MAT_N][MAT_N];
static uint32_t sort_v[SORT_N];

static uint32_t lcg_state;

static uint32_t lcg(void)
{
	lcg_state = lcg_state * 1664525u + 1013904223u;
	return lcg_state;
}

static uint32_t mix(uint32_t h, uint32_t v)
{
	h ^= v;
	h *= 0x01000193u;
	return h ^ (h >> 15);
}

static uint32_t sieve(void)
{
	uint32_t count = 0;

	for (uint32_t i = 0; i < SIEVE_N; i++)
		sieve_map[i] = 1;
	sieve_map[0] = sieve_map[1] = 0;
	for (uint32_t i = 2; i * i < SIEVE_N; i++)
		if (sieve_map[i])
			for (uint32_t j = i * i; j < SIEVE_N; j += i)
				sieve_map[j] = 0;
	for (uint32_t i = 0; i < SIEVE_N; i++)
		count += sieve_map[i];
	return count;			// 6542 primes below 65536
}

static uint32_t crc32_bitwise(const uint8_t *p, uint32_t n)
{
	uint32_t crc = ~0u;

	while (n--) {
		crc ^= *p++;
		for (int k = 0; k < 8; k++)
			crc = (crc >> 1) ^ (0xEDB88320u & -(crc & 1));
	}
	return ~crc;
}

static uint32_t fnv1a(const uint8_t *p, uint32_t n)
{
	uint32_t h = 0x811c9dc5u;

	while (n--) {
		h ^= *p++;
		h *= 0x01000193u;
	}
	return h;
}

static uint32_t matmul(void)
{
	uint32_t sum = 0;

	for (int i = 0; i < MAT_N; i++)
		for (int j = 0; j < MAT_N; j++) {
			mat_a[i][j] = (int32_t)(lcg() >> 20) - 2048;
			mat_b[i][j] = (int32_t)(lcg() >> 20) - 2048;
		}
	for (int i = 0; i < MAT_N; i++)
		for (int j = 0; j < MAT_N; j++) {
			int32_t s = 0;
			for (int k = 0; k < MAT_N; k++)
				s += mat_a[i][k] * mat_b[k][j];
			mat_c[i][j] = s;
		}
	for (int i = 0; i < MAT_N; i++)
		for (int j = 0; j < MAT_N; j++)
			sum = mix(sum, (uint32_t)mat_c[i][j]);
	return sum;
}

// Byte-, word- and doubleword-wide copies and fills with varying offsets.
static uint32_t memwork(void)
{
	uint32_t h = 0;

	for (uint32_t i = 0; i < BUF_SIZE; i++)
		buf_a[i] = (uint8_t)lcg();
	for (int pass = 0; pass < 8; pass++) {
		uint32_t off = pass * 8, len = BUF_SIZE - 64;
		volatile uint64_t *d64 = (uint64_t *)(buf_b + off);
		const volatile uint64_t *s64 = (const uint64_t *)buf_a;
		for (uint32_t i = 0; i < len / 8; i++)
			d64[i] = s64[i];
		for (uint32_t i = 0; i < len / 2; i++)	// memset, bytes
			((volatile uint8_t *)buf_a)[i + pass] = (uint8_t)(pass * 37);
		volatile uint32_t *d32 = (uint32_t *)buf_a;
		const volatile uint32_t *s32 = (const uint32_t *)(buf_b + off);
		for (uint32_t i = 0; i < len / 4; i++)
			d32[i] = s32[i] ^ (pass * 0x01010101u);
		volatile uint8_t *d8 = buf_b;
		for (uint32_t i = 0; i < len; i++)	// memmove-style byte copy
			d8[i] = buf_a[i + (pass & 3)];
		h = mix(h, fnv1a(buf_b, 256));
	}
	return h;
}

static void sift_down(uint32_t *v, uint32_t root, uint32_t n)
{
	for (;;) {
		uint32_t child = 2 * root + 1;
		if (child >= n)
			return;
		if (child + 1 < n && v[child] < v[child + 1])
			child++;
		if (v[root] >= v[child])
			return;
		uint32_t t = v[root];
		v[root] = v[child];
		v[child] = t;
		root = child;
	}
}

static uint32_t heapsort(void)
{
	uint32_t h = 0;

	for (uint32_t i = 0; i < SORT_N; i++)
		sort_v[i] = lcg();
	for (uint32_t i = SORT_N / 2; i-- > 0;)
		sift_down(sort_v, i, SORT_N);
	for (uint32_t n = SORT_N - 1; n > 0; n--) {
		uint32_t t = sort_v[0];
		sort_v[0] = sort_v[n];
		sort_v[n] = t;
		sift_down(sort_v, 0, n);
	}
	for (uint32_t i = 1; i < SORT_N; i++)
		if (sort_v[i - 1] > sort_v[i])
			h ^= 0xdead0000u | i;	// never: the checksum would change
	for (uint32_t i = 0; i < SORT_N; i += 16)
		h = mix(h, sort_v[i]);
	return h;
}

void main(unsigned entry_el)
{
	uint32_t sum = 0;

	(void)entry_el;
	uart_init();
	mmu_build();
	mmu_on();
	kprintf("bench: start\n");
	lcg_state = 12345;
	for (int r = 0; r < ROUNDS; r++) {
		sum = mix(sum, sieve());
		sum = mix(sum, crc32_bitwise(buf_a, BUF_SIZE));
		sum = mix(sum, matmul());
		sum = mix(sum, memwork());
		sum = mix(sum, heapsort());
		sum = mix(sum, fnv1a(buf_b, BUF_SIZE));
	}
	kprintf("bench: checksum 0x%08x\n", sum);
	kprintf("bench: done\n");
}
