    .text
    .globl tmpl_start, tmpl_slot, tmpl_end
tmpl_start:
    mov x9, x0
    ldr x10, [x9, #136]
    msr fpcr, x10
    msr fpsr, xzr
    ldr x10, [x9, #144]
    msr nzcv, x10
    ldp q0, q1, [x9, #0]
    ldp q2, q3, [x9, #32]
    ldp q4, q5, [x9, #64]
    ldp x0, x1, [x9, #96]
    ldp x2, x3, [x9, #112]
tmpl_slot:
    nop
    stp q0, q1, [x9, #0]
    stp q2, q3, [x9, #32]
    stp q4, q5, [x9, #64]
    stp x0, x1, [x9, #96]
    stp x2, x3, [x9, #112]
    mrs x10, nzcv
    str x10, [x9, #144]
    mrs x10, fpsr
    str x10, [x9, #152]
    mov x10, #0
    msr fpcr, x10
    ret
tmpl_end:
