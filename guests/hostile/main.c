// Hostile guest for visor's isolation test: run as a VM (load 0x0, EL1h,
// SP 0x100000), typically two at once with different ids. Phases:
//   a) fill all RAM above its image and stack with a pattern derived from its
//      VM id and the address; every page must read as zeros or that pattern
//      before it is written, and as the pattern afterwards;
//   b) own stage-1 tables aliasing RAM, the MMIO window and IPA above RAM,
//      rewritten at run time (tables.c);
//   c) a read and a random write to every 32-bit register of the MMIO window
//      0x3F000000-0x4003FFFF, mini-UART last, then the UART again (mmio.c);
//   d) a read of the first address beyond RAM, which the hypervisor must stop.
#include "hostile.h"

#define VISOR_VM_ID	0x86000002ul	// SMCCC vendor hypervisor call: x0 = VM id
#define NOT_SUPPORTED	0xfffffffffffffffful
#define TAG_ARM_MEMORY	0x00010005
#define PAGE		4096ul
#define MAX_REPORTS	8

uint64_t vm_id, ram_size, fill_start;
int bare, fails;

extern char __stack_top[];

void check(const char *what, uint64_t got, uint64_t want)
{
	if (got == want)
		return;
	if (fails++ < MAX_REPORTS * 4)
		kprintf("hostile: FAIL %s: 0x%lx, expected 0x%lx\n", what, got, want);
}

uint64_t pattern(uint64_t ipa)
{
	return 0x486f7374696c6500ul ^ ((vm_id + 1) * 0x9e3779b97f4a7c15ul) ^ ipa;
}

static uint64_t hvc_vm_id(void)
{
	register uint64_t x0 __asm__("x0") = VISOR_VM_ID;
	__asm__ volatile("hvc #0" : "+r"(x0) :: "x1", "x2", "x3", "memory");
	return x0;
}

static void report(const char *what, uint64_t ipa, uint64_t got, uint64_t want, unsigned *n)
{
	if ((*n)++ < MAX_REPORTS)
		kprintf("hostile: FAIL %s at IPA 0x%lx: 0x%lx (own pattern 0x%lx)\n", what, ipa, got, want);
	fails++;
}

static void phase_ram(void)
{
	unsigned foreign = 0, wrong = 0;
	uint64_t written = 0;

	kprintf("hostile: filling 0x%lx-0x%lx\n", fill_start, ram_size);
	for (uint64_t p = fill_start; p < ram_size; p += PAGE) {
		volatile uint64_t *w = (volatile uint64_t *)p;
		if (!bare) {		// never written by us: zeros or our own pattern only
			int zero = 1, own = 1;
			for (unsigned i = 0; i < PAGE / 8; i++) {
				uint64_t v = w[i];
				zero &= v == 0;
				own &= v == pattern(p + 8 * i);
			}
			if (!zero && !own) {
				for (unsigned i = 0; i < PAGE / 8; i++) {
					uint64_t v = w[i];
					if (v && v != pattern(p + 8 * i)) {
						report("foreign data", p + 8 * i, v, pattern(p + 8 * i), &foreign);
						break;
					}
				}
			}
		}
		for (unsigned i = 0; i < PAGE / 8; i++)
			w[i] = pattern(p + 8 * i);
		written += PAGE;
	}
	for (uint64_t p = fill_start; p < ram_size; p += 8) {
		uint64_t v = *(volatile uint64_t *)p;
		if (v != pattern(p))
			report("pattern lost", p, v, pattern(p), &wrong);
	}
	if (foreign || wrong)
		kprintf("hostile: ram FAILED: %u pages with foreign data, %u words lost\n", foreign, wrong);
	else
		kprintf("hostile: ram ok\n");
	(void)written;
}

static void phase_beyond(void)
{
	kprintf("hostile: probing beyond ram\n");
	uint64_t v = ld64(ram_size);	// identity-mapped normal memory in stage 1
	if (bare || vm_id == NOT_SUPPORTED)
		kprintf("hostile: not stopped, no hypervisor: 0x%lx read 0x%lx\n", ram_size, v);
	else
		kprintf("hostile: FAIL not stopped: 0x%lx read 0x%lx\n", ram_size, v);
	test_done();
}

void main(unsigned entry_el)
{
	uint32_t mem[2];

	uart_init();
	bare = entry_el == 2;
	if (bare) {
		vm_id = NOT_SUPPORTED;
		kprintf("hostile: bare metal (entered at EL2), no VM id\n");
	} else {
		vm_id = hvc_vm_id();
		if (vm_id == NOT_SUPPORTED)
			kprintf("hostile: no VM id (hvc 0x86000002 not supported)\n");
		else
			kprintf("hostile: VM id %lu\n", vm_id);
	}
	if (mbox_property(TAG_ARM_MEMORY, 8, 0, 0, mem) || mem[0] != 0) {
		kprintf("hostile: no ARM memory from the mailbox (code 0x%x)\n", mbox_last_code);
		kprintf("hostile: exception\n");
		halt();
	}
	ram_size = mem[1];
	fill_start = (uintptr_t)__stack_top;
	if (fill_start < 0x100000)	// the VM's preset stack ends at 0x100000
		fill_start = 0x100000;
	fill_start = (fill_start + PAGE - 1) & ~(PAGE - 1);
	kprintf("hostile: ram 0x%lx bytes\n", ram_size);

	phase_ram();
	phase_tables();
	phase_mmio();
	phase_beyond();
}
