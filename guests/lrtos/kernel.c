// lrtos: two EL0 tasks, round-robin, preempted by BCM system timer compare 1.
// A task may sleep for a number of ticks; with no task runnable the kernel
// waits in WFI. Traps arrive through tests/common's vectors as a frame on the
// one kernel stack; a task switch copies that frame out to the task being left
// and the next task's context in, and swaps SP_EL0, which the vectors do not save.
#include "kernel.h"

#define TICK_US		10000		// system timer runs at 1 MHz
#define TIMER1_BIT	(1u << 1)	// compare 1: in CS and in IRQ bank 1
#define KSTACK_SIZE	4096
#define USTACK_SIZE	4096
#define NTASKS		2

#define EC_SVC64	0x15		// ESR_EL1.EC for SVC from AArch64

struct task {
	struct frame ctx;		// x0-x30, ELR, SPSR while the task is out
	uint64_t sp_el0;
	uint64_t sleep;			// ticks left before it may run again
	int dead;			// killed by a fault, never scheduled again
};

static struct task tasks[NTASKS];
static unsigned current;
static uint8_t kstack[KSTACK_SIZE] __attribute__((aligned(16)));
extern char __user_stack_start[];

static void task_init(unsigned n, void (*entry)(void))
{
	struct task *t = &tasks[n];

	for (unsigned i = 0; i < 31; i++)
		t->ctx.x[i] = 0;
	t->ctx.elr = (uintptr_t)entry;
	t->ctx.spsr = 0;		// EL0t, DAIF clear: user runs with IRQs on
	t->sp_el0 = (uintptr_t)__user_stack_start + (n + 1) * USTACK_SIZE;
}

// Word by word: a struct assignment this size would become a memcpy call.
static void copy_frame(struct frame *dst, const struct frame *src)
{
	const uint64_t *s = (const uint64_t *)src;
	uint64_t *d = (uint64_t *)dst;

	for (unsigned i = 0; i < sizeof(*dst) / sizeof(uint64_t); i++)
		d[i] = s[i];
}

// The trap frame f holds the current task's context; leave it with tasks[next]'s.
static void switch_to(struct frame *f, unsigned next)
{
	copy_frame(&tasks[current].ctx, f);
	tasks[current].sp_el0 = SYSREG_READ(sp_el0);
	current = next;
	copy_frame(f, &tasks[current].ctx);
	SYSREG_WRITE(sp_el0, tasks[current].sp_el0);
}

static int runnable(const struct task *t)
{
	return !t->dead && t->sleep == 0;
}

static void timer_arm(void)
{
	TIMER_C(1) = TIMER_CLO + TICK_US;
}

static void tick(void)
{
	TIMER_CS = TIMER1_BIT;		// write 1 clears the M1 match
	timer_arm();
	for (unsigned n = 0; n < NTASKS; n++)
		if (tasks[n].sleep)
			tasks[n].sleep--;
}

// Next runnable task after the current one (possibly itself). With none, the
// core idles in WFI until a tick wakes a sleeper. Every caller runs in an
// exception handler, so PSTATE.I is set: a tick that comes due after the check
// stays pending and still ends the WFI (ARM ARM "Wait For Interrupt": an IRQ is
// a wake-up event whatever PSTATE.I), so none is lost; it is handled here by
// polling, and IRQs are unmasked again by the ERET into the task chosen.
static unsigned pick_next(void)
{
	for (;;) {
		int alive = 0;
		for (unsigned i = 1; i <= NTASKS; i++) {
			unsigned n = (current + i) % NTASKS;
			if (runnable(&tasks[n]))
				return n;
			alive |= !tasks[n].dead;
		}
		if (!alive) {
			kprintf("lrtos: no task left\n");
			halt();
		}
		__asm__ volatile("wfi" ::: "memory");
		if (IRQ_PENDING_1 & TIMER1_BIT)
			tick();
	}
}

void irq_handler(struct frame *f)
{
	if (IRQ_PENDING_1 & TIMER1_BIT) {
		tick();
		switch_to(f, pick_next());
	}
}

static long sys_write(const char *buf, uint64_t len)
{
	for (uint64_t i = 0; i < len; i++)
		uart_putc(buf[i]);
	return (long)len;
}

void sync_handler(struct frame *f)
{
	uint64_t esr = SYSREG_READ(esr_el1);

	if ((esr >> 26) == EC_SVC64) {
		switch (f->x[8]) {
		case SYS_WRITE:
			f->x[0] = (uint64_t)sys_write((const char *)f->x[1], f->x[2]);
			break;
		case SYS_SLEEP:
			tasks[current].sleep = f->x[0];
			f->x[0] = 0;
			if (tasks[current].sleep)
				switch_to(f, pick_next());
			break;
		default:
			f->x[0] = (uint64_t)-1;
		}
		return;			// ELR_EL1 already points past the SVC
	}

	kprintf("\nlrtos: task %u fault ESR=0x%016lx ELR=0x%016lx FAR=0x%016lx, killed\n",
		current, esr, f->elr, SYSREG_READ(far_el1));
	tasks[current].dead = 1;
	switch_to(f, pick_next());
}

void main(unsigned entry_el)
{
	(void)entry_el;			// the same kernel at EL1 either way
	uart_init();
	mmu_init();
	kprintf("lrtos: mmu on, 2 tasks, 10 ms tick\n");

	task_init(0, user_digits);
	task_init(1, user_letters);
	current = 0;

	TIMER_CS = TIMER1_BIT;
	timer_arm();
	ENABLE_IRQS_1 = TIMER1_BIT;

	// Task 0's frame at the top of the kernel stack: every later trap from
	// EL0 finds SP_EL1 there again.
	struct frame *f = (struct frame *)(kstack + KSTACK_SIZE) - 1;
	copy_frame(f, &tasks[0].ctx);
	SYSREG_WRITE(sp_el0, tasks[0].sp_el0);
	el1_resume(f);
}
