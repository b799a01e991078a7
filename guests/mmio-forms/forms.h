#ifndef MMIO_FORMS_H
#define MMIO_FORMS_H
#include <stdint.h>

extern volatile int probing;
extern volatile uint64_t fault_esr, fault_far, fault_elr;

#endif
