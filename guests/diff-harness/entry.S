/*
 * run_seq: loads the guest state from `state`, branches to the instruction words in `words`, which
 * end with a branch back to seq_return; seq_return stores the state back and returns to C.
 * Every x register is live during the words, so seq_return parks x0 in TPIDR_EL0 (the words are
 * data processing only and never touch it) while it finds `state`; the host TLS pointer is restored.
 */
#include "state.h"

    .section .words, "awx"
    .balign 4096
    .globl words
words:
    .space WORDS_MAX * 4 + 4096

    // The host's callee-saved x19-x28 and d8-d15 (AAPCS64), above x29/x30 in run_seq's frame.
    .macro callee_saved op
    \op x19, x20, [sp, #16]
    \op x21, x22, [sp, #32]
    \op x23, x24, [sp, #48]
    \op x25, x26, [sp, #64]
    \op x27, x28, [sp, #80]
    \op d8, d9, [sp, #96]
    \op d10, d11, [sp, #112]
    \op d12, d13, [sp, #128]
    \op d14, d15, [sp, #144]
    .endm

    // V0-V31 as Q registers at [x1] (ST_V layout of state.h).
    .macro vregs op
    \op q0, q1, [x1, #0]
    \op q2, q3, [x1, #32]
    \op q4, q5, [x1, #64]
    \op q6, q7, [x1, #96]
    \op q8, q9, [x1, #128]
    \op q10, q11, [x1, #160]
    \op q12, q13, [x1, #192]
    \op q14, q15, [x1, #224]
    \op q16, q17, [x1, #256]
    \op q18, q19, [x1, #288]
    \op q20, q21, [x1, #320]
    \op q22, q23, [x1, #352]
    \op q24, q25, [x1, #384]
    \op q26, q27, [x1, #416]
    \op q28, q29, [x1, #448]
    \op q30, q31, [x1, #480]
    .endm

    .text
    .globl run_seq
    .type run_seq, %function
run_seq:
    stp x29, x30, [sp, #-160]!
    callee_saved stp
    adrp x30, state
    add x30, x30, :lo12:state
    mov x1, sp
    str x1, [x30, #ST_HOSTSP]
    mrs x1, tpidr_el0
    str x1, [x30, #ST_HOSTTP]
    ldr x1, [x30, #ST_FPCR]
    msr fpcr, x1
    msr fpsr, xzr
    ldr x1, [x30, #ST_NZCV]
    msr nzcv, x1
    add x1, x30, #ST_V
    vregs ldp
    ldr x1, [x30, #ST_SP]
    mov sp, x1
    ldp x0, x1, [x30, #0]
    ldp x2, x3, [x30, #16]
    ldp x4, x5, [x30, #32]
    ldp x6, x7, [x30, #48]
    ldp x8, x9, [x30, #64]
    ldp x10, x11, [x30, #80]
    ldp x12, x13, [x30, #96]
    ldp x14, x15, [x30, #112]
    ldp x16, x17, [x30, #128]
    ldp x18, x19, [x30, #144]
    ldp x20, x21, [x30, #160]
    ldp x22, x23, [x30, #176]
    ldp x24, x25, [x30, #192]
    ldp x26, x27, [x30, #208]
    ldp x28, x29, [x30, #224]
    ldr x30, [x30, #240]
    b words

    .globl seq_return
seq_return:
    msr tpidr_el0, x0
    adrp x0, state
    add x0, x0, :lo12:state
    stp x1, x2, [x0, #8]
    stp x3, x4, [x0, #24]
    stp x5, x6, [x0, #40]
    stp x7, x8, [x0, #56]
    stp x9, x10, [x0, #72]
    stp x11, x12, [x0, #88]
    stp x13, x14, [x0, #104]
    stp x15, x16, [x0, #120]
    stp x17, x18, [x0, #136]
    stp x19, x20, [x0, #152]
    stp x21, x22, [x0, #168]
    stp x23, x24, [x0, #184]
    stp x25, x26, [x0, #200]
    stp x27, x28, [x0, #216]
    stp x29, x30, [x0, #232]
    mrs x1, tpidr_el0
    str x1, [x0, #0]
    mov x1, sp
    str x1, [x0, #ST_SP]
    mrs x1, nzcv
    str x1, [x0, #ST_NZCV]
    mrs x1, fpsr
    str x1, [x0, #ST_FPCR]
    add x1, x0, #ST_V
    vregs stp
    msr fpcr, xzr
    ldr x1, [x0, #ST_HOSTTP]
    msr tpidr_el0, x1
    ldr x1, [x0, #ST_HOSTSP]
    mov sp, x1
    callee_saved ldp
    ldp x29, x30, [sp], #160
    ret
    .size run_seq, . - run_seq

    .section .note.GNU-stack, "", %progbits
