#ifndef SDCARD_EMMC_H
#define SDCARD_EMMC_H

#include <stdint.h>

extern uint32_t emmc_error;		// INTERRUPT/STATUS snapshot of the last failure
int emmc_init(void);			// 0, or a negative step number
int emmc_high_capacity(void);
int emmc_read(uint32_t lba, uint32_t *buf);
int emmc_write(uint32_t lba, const uint32_t *buf);

#endif
