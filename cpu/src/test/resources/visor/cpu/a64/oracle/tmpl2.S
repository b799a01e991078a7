    .text
    .globl t2_start, t2_slot, t2_end
t2_start:
    mov x9, x0
    ldr x10, [x9, #576]
    msr fpcr, x10
    msr fpsr, xzr
    ldr x10, [x9, #584]
    msr nzcv, x10
    ldp q0, q1, [x9, #0]
    ldp q2, q3, [x9, #32]
    ldp q4, q5, [x9, #64]
    ldp q6, q7, [x9, #96]
    ldp q8, q9, [x9, #128]
    ldp q10, q11, [x9, #160]
    ldp q12, q13, [x9, #192]
    ldp q14, q15, [x9, #224]
    ldp q16, q17, [x9, #256]
    ldp q18, q19, [x9, #288]
    ldp q20, q21, [x9, #320]
    ldp q22, q23, [x9, #352]
    ldp q24, q25, [x9, #384]
    ldp q26, q27, [x9, #416]
    ldp q28, q29, [x9, #448]
    ldp q30, q31, [x9, #480]
    ldr x11, =512
    add x11, x9, x11
    ldp x0, x1, [x11]
    ldr x11, =528
    add x11, x9, x11
    ldp x2, x3, [x11]
    ldr x11, =544
    add x11, x9, x11
    ldp x4, x5, [x11]
    ldr x11, =560
    add x11, x9, x11
    ldp x6, x7, [x11]
t2_slot:
    nop
    stp q0, q1, [x9, #0]
    stp q2, q3, [x9, #32]
    stp q4, q5, [x9, #64]
    stp q6, q7, [x9, #96]
    stp q8, q9, [x9, #128]
    stp q10, q11, [x9, #160]
    stp q12, q13, [x9, #192]
    stp q14, q15, [x9, #224]
    stp q16, q17, [x9, #256]
    stp q18, q19, [x9, #288]
    stp q20, q21, [x9, #320]
    stp q22, q23, [x9, #352]
    stp q24, q25, [x9, #384]
    stp q26, q27, [x9, #416]
    stp q28, q29, [x9, #448]
    stp q30, q31, [x9, #480]
    ldr x11, =512
    add x11, x9, x11
    stp x0, x1, [x11]
    ldr x11, =528
    add x11, x9, x11
    stp x2, x3, [x11]
    ldr x11, =544
    add x11, x9, x11
    stp x4, x5, [x11]
    ldr x11, =560
    add x11, x9, x11
    stp x6, x7, [x11]
    mrs x10, nzcv
    str x10, [x9, #584]
    mrs x10, fpsr
    str x10, [x9, #592]
    mov x10, #0
    msr fpcr, x10
    ret
    .ltorg
t2_end:
