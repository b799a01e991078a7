/*
 * Differential-test harness, run under qemu-aarch64 user mode. Reads records from stdin until EOF:
 *
 *   in:  u32 n, u32 reserved, u64 x[31], u64 sp, u64 nzcv, u64 fpcr, u8 v[32][16], u32 words[n]
 *   out: u32 status (0, or the signal that stopped the words), u32 index (of the faulting word),
 *        u64 x[31], u64 sp, u64 nzcv, u64 fpsr, u8 v[32][16]
 *
 * Before the first record it writes u64 the address of the first word, so the caller can run the
 * same words at the same PC (ADR/ADRP). All values little-endian.
 */
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <ucontext.h>
#include "state.h"

extern uint32_t words[];
extern void run_seq(void);
extern char seq_return[];

unsigned char state[ST_SIZE] __attribute__((aligned(16)));

static sigjmp_buf recover;
static volatile uint64_t fault_pc;
static volatile int fault_sig;

static void on_signal(int sig, siginfo_t *info, void *ctx) {
    (void) info;
    fault_sig = sig;
    fault_pc = ((ucontext_t *) ctx)->uc_mcontext.pc;
    siglongjmp(recover, 1);
}

static void read_fully(void *p, size_t n) {
    if (fread(p, 1, n, stdin) != n) {
        fflush(stdout);
        exit(0);
    }
}

int main(void) {
    static char altstack[65536];
    stack_t ss = { .ss_sp = altstack, .ss_size = sizeof altstack, .ss_flags = 0 };
    sigaltstack(&ss, NULL);
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = on_signal;
    sa.sa_flags = SA_SIGINFO | SA_ONSTACK;
    sigaction(SIGILL, &sa, NULL);
    sigaction(SIGFPE, &sa, NULL);
    sigaction(SIGSEGV, &sa, NULL);
    sigaction(SIGBUS, &sa, NULL);
    sigaction(SIGTRAP, &sa, NULL);
    static char inbuf[1 << 16], outbuf[1 << 16];
    setvbuf(stdin, inbuf, _IOFBF, sizeof inbuf);
    setvbuf(stdout, outbuf, _IOFBF, sizeof outbuf);

    uint64_t base = (uint64_t) (uintptr_t) words;
    fwrite(&base, 8, 1, stdout);
    fflush(stdout);
    for (;;) {
        uint32_t header[2];
        read_fully(header, sizeof header);
        uint32_t n = header[0];
        if (n > WORDS_MAX) {
            fprintf(stderr, "harness: bad record length %u\n", n);
            return 2;
        }
        read_fully(state, ST_V + 512);
        read_fully(words, 4 * n);
        int64_t off = ((int64_t) (uintptr_t) seq_return - (int64_t) (uintptr_t) &words[n]) / 4;
        words[n] = 0x14000000u | ((uint32_t) off & 0x03FFFFFFu); /* B seq_return */
        __builtin___clear_cache((char *) words, (char *) &words[n + 1]);
        uint32_t status[2] = {0, 0};
        fault_sig = 0;
        if (sigsetjmp(recover, 1) == 0) {
            run_seq();
        } else {
            __asm__ volatile("msr fpcr, xzr");
            status[0] = (uint32_t) fault_sig;
            status[1] = (uint32_t) ((fault_pc - base) / 4);
            memset(state, 0, ST_V + 512);
        }
        fwrite(status, 4, 2, stdout);
        fwrite(state, 1, ST_V + 512, stdout);
    }
}
