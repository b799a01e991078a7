/* Register state exchanged with the Java differential test; offsets are used by entry.S. */
#ifndef DIFF_STATE_H
#define DIFF_STATE_H

#define ST_X      0     /* x0-x30 */
#define ST_SP     248
#define ST_NZCV   256
#define ST_FPCR   264   /* in: FPCR; out: FPSR */
#define ST_V      272   /* v0-v31, 16 bytes each, little-endian */
#define ST_HOSTSP 784
#define ST_HOSTTP 792
#define ST_SIZE   800

#define WORDS_MAX 1024

#endif
