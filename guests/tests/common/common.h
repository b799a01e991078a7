#ifndef TESTS_COMMON_H
#define TESTS_COMMON_H

#include <stdint.h>
#include <stdarg.h>

#define REG(a)		(*(volatile uint32_t *)(uintptr_t)(a))
#define PERIPH		0x3F000000u
#define LOCAL		0x40000000u	// ARM local peripherals (BCM2836 QA7)

#define TIMER_CS	REG(PERIPH + 0x3000)
#define TIMER_CLO	REG(PERIPH + 0x3004)
#define TIMER_C(n)	REG(PERIPH + 0x300C + 4 * (n))
#define IRQ_PENDING_1	REG(PERIPH + 0xB204)
#define ENABLE_IRQS_1	REG(PERIPH + 0xB210)
#define DISABLE_IRQS_1	REG(PERIPH + 0xB21C)

// Saved by vectors.S: x0-x30, then ELR and SPSR of the level that took it.
struct frame {
	uint64_t x[31];
	uint64_t elr;
	uint64_t spsr;
	uint64_t pad;
};

// Vector kinds (index of the 0x80 entry in the table).
#define KIND_CUR_SYNC	4		// current EL, SP_ELx
#define KIND_CUR_IRQ	5
#define KIND_LOW_SYNC	8		// lower EL, AArch64
#define KIND_LOW_IRQ	9

void uart_init(void);
void uart_putc(char c);
void uart_puts(const char *s);
int uart_getc_nowait(void);		// -1 when the RX FIFO is empty
void kprintf(const char *fmt, ...);

void irq(unsigned el);			// each test that enables IRQs defines this
void exception(struct frame *f, unsigned el, unsigned kind);
void run_at_el2(void (*fn)(void));	// HVC into our EL2 handler, run fn there, return to EL1
void el1_resume(struct frame *f) __attribute__((noreturn));	// eret into f, SP_EL1 = f + 1

void mmu_build(void);			// identity map, shared by all cores
void mmu_on(void);

void secondary_main(unsigned core);
extern char secondary_start[];

// Property tag request; out gets size/4 value words. 0 on success.
int mbox_property(uint32_t tag, uint32_t size, const uint32_t *req, unsigned nreq, uint32_t *out);
uint32_t mbox_clock_rate(uint32_t clock_id);	// Hz, 0 on failure
extern uint32_t mbox_last_code;

void delay_us(uint32_t us);
void test_done(void) __attribute__((noreturn));
void halt(void) __attribute__((noreturn));

static inline unsigned current_el(void)
{
	uint64_t v;
	__asm__ volatile("mrs %0, CurrentEL" : "=r"(v));
	return (v >> 2) & 3;
}

static inline void irq_enable(void)
{
	__asm__ volatile("msr daifclr, #2" ::: "memory");
}

static inline void irq_disable(void)
{
	__asm__ volatile("msr daifset, #2" ::: "memory");
}

#define SYSREG_READ(name) ({ uint64_t _v; __asm__ volatile("mrs %0, " #name : "=r"(_v)); _v; })
#define SYSREG_WRITE(name, v) __asm__ volatile("msr " #name ", %0\n\tisb" :: "r"((uint64_t)(v)) : "memory")

// ESR and FAR of the level that took the exception (el as passed to exception()).
static inline void exception_syndrome(unsigned el, uint64_t *esr, uint64_t *far)
{
	if (el == 2) {
		*esr = SYSREG_READ(esr_el2);
		*far = SYSREG_READ(far_el2);
	} else {
		*esr = SYSREG_READ(esr_el1);
		*far = SYSREG_READ(far_el1);
	}
}

#endif
