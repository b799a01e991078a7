#ifndef LRTOS_KERNEL_H
#define LRTOS_KERNEL_H

// The runtime (entry, vectors, UART, kprintf) is picrt + tests/common.
#include "common.h"

void mmu_init(void);

void sync_handler(struct frame *f);
void irq_handler(struct frame *f);

#define USER		__attribute__((section(".user.text")))
void user_digits(void);
void user_letters(void);

#define SYS_WRITE	64	// same number as Linux arm64, x8 carries it
#define SYS_SLEEP	101	// Linux arm64's nanosleep, but x0 is a tick count

#endif
