#ifndef LRTOS_KERNEL_H
#define LRTOS_KERNEL_H

#include <stdint.h>

#define REG(a)		(*(volatile uint32_t *)(uintptr_t)(a))

// Saved user context, pushed by vectors.S (same order).
struct frame {
	uint64_t x[31];
	uint64_t sp_el0;
	uint64_t elr;
	uint64_t spsr;
};

void uart_init(void);
void uart_putc(char c);
void uart_puts(const char *s);
void uart_hex(uint64_t v);

void mmu_init(void);

struct frame *sync_handler(struct frame *f);
struct frame *irq_handler(struct frame *f);
void bad_exception(const char *what);
void resume(struct frame *f) __attribute__((noreturn));

#define USER		__attribute__((section(".user.text")))
void user_digits(void);
void user_letters(void);

#define SYS_WRITE	64	// same number as Linux arm64, x8 carries it

#endif
