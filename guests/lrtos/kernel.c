// lrtos: two EL0 tasks, round-robin, preempted by BCM system timer compare 1.
#include "kernel.h"

#define TIMER_CS	REG(0x3F003000)
#define TIMER_CLO	REG(0x3F003004)
#define TIMER_C1	REG(0x3F003010)
#define IRQ_PENDING_1	REG(0x3F00B204)
#define ENABLE_IRQS_1	REG(0x3F00B210)

#define TICK_US		10000		// system timer runs at 1 MHz
#define TIMER1_BIT	(1u << 1)	// compare 1: in CS and in IRQ bank 1
#define KSTACK_SIZE	4096
#define USTACK_SIZE	4096
#define NTASKS		2

#define EC_SVC64	0x15		// ESR_EL1.EC for SVC from AArch64

struct task {
	struct frame *frame;		// saved context, top of kstack while the task is out
	int dead;			// killed by a fault, never scheduled again
	uint8_t kstack[KSTACK_SIZE] __attribute__((aligned(16)));
};

static struct task tasks[NTASKS];
static unsigned current;
extern char vectors[], __user_stack_start[];

static void task_init(unsigned n, void (*entry)(void))
{
	struct task *t = &tasks[n];
	struct frame *f = (struct frame *)(t->kstack + KSTACK_SIZE) - 1;

	for (unsigned i = 0; i < 31; i++)
		f->x[i] = 0;
	f->sp_el0 = (uintptr_t)__user_stack_start + (n + 1) * USTACK_SIZE;
	f->elr = (uintptr_t)entry;
	f->spsr = 0;			// EL0t, DAIF clear: user runs with IRQs on
	t->frame = f;
}

// Next live task after the current one (possibly itself); -1 if none is left.
static int pick_next(void)
{
	for (unsigned i = 1; i <= NTASKS; i++) {
		unsigned n = (current + i) % NTASKS;
		if (!tasks[n].dead)
			return (int)n;
	}
	return -1;
}

static void timer_arm(void)
{
	TIMER_C1 = TIMER_CLO + TICK_US;
}

struct frame *irq_handler(struct frame *f)
{
	if (IRQ_PENDING_1 & TIMER1_BIT) {
		TIMER_CS = TIMER1_BIT;	// write 1 clears the M1 match
		timer_arm();
		tasks[current].frame = f;
		current = (unsigned)pick_next();	// current is live, so there is one
		return tasks[current].frame;
	}
	return f;
}

static long sys_write(const char *buf, uint64_t len)
{
	for (uint64_t i = 0; i < len; i++)
		uart_putc(buf[i]);
	return (long)len;
}

struct frame *sync_handler(struct frame *f)
{
	uint64_t esr;
	__asm__ volatile("mrs %0, esr_el1" : "=r"(esr));

	if ((esr >> 26) == EC_SVC64) {
		switch (f->x[8]) {
		case SYS_WRITE:
			f->x[0] = (uint64_t)sys_write((const char *)f->x[1], f->x[2]);
			break;
		default:
			f->x[0] = (uint64_t)-1;
		}
		return f;		// ELR_EL1 already points past the SVC
	}

	uint64_t far;
	__asm__ volatile("mrs %0, far_el1" : "=r"(far));
	uart_puts("\r\nlrtos: task ");
	uart_putc('0' + current);
	uart_puts(" fault ESR=");
	uart_hex(esr);
	uart_puts(" ELR=");
	uart_hex(f->elr);
	uart_puts(" FAR=");
	uart_hex(far);
	uart_puts(", killed\r\n");
	tasks[current].dead = 1;
	int next = pick_next();
	if (next < 0) {
		uart_puts("lrtos: no task left\r\n");
		for (;;)
			__asm__ volatile("wfe");
	}
	current = (unsigned)next;
	return tasks[current].frame;
}

void bad_exception(const char *what)
{
	uart_puts("\r\nlrtos: unexpected exception ");
	uart_puts(what);
	uart_puts("\r\n");
	for (;;)
		__asm__ volatile("wfe");
}

void kmain(void)
{
	uart_init();
	__asm__ volatile("msr vbar_el1, %0\nisb" :: "r"((uintptr_t)vectors));
	mmu_init();
	uart_puts("lrtos: mmu on, 2 tasks, 10 ms tick\r\n");

	task_init(0, user_digits);
	task_init(1, user_letters);
	current = 0;

	TIMER_CS = TIMER1_BIT;
	timer_arm();
	ENABLE_IRQS_1 = TIMER1_BIT;
	resume(tasks[0].frame);
}
