/* Counted busy-wait loops of the shapes the core advances without
 * executing every iteration (cores/counted_loop.h). Each function takes
 * the start value in r0 and a result pointer in r1, runs its loop, and
 * stores the counter it ends with and the flags (APSR) it leaves. */
    .syntax unified
    .thumb
    .text

    .macro loop_function name
    .global \name
    .type \name, %function
    .balign 16
\name:
    .endm

    .macro report counter
    str \counter, [r1]
    mrs r2, apsr
    str r2, [r1, #4]
    bx lr
    .endm

/* subs rN, #imm ; bne (the down-counter compilers make) */
loop_function loop_subs
1:  subs r0, #1
    bne 1b
    report r0

/* subs rN, rN, #imm ; bne, in another register */
loop_function loop_subs_three_operands
    mov r3, r0
1:  .short 0x1e5b  /* subs r3, r3, #1: encoding T1, which the assembler would shorten to T2 */
    bne 1b
    report r3

/* nrfx_coredep_delay_us: `subs r0, #3 ; bhi` on itself, 16-byte aligned */
loop_function loop_nrfx_delay
1:  subs r0, #3
    bhi 1b
    report r0

/* Counting up: adds ; cmp.w with the end ; bne */
loop_function loop_count_up
    mov r2, r0
1:  adds r2, #1
    cmp.w r2, #0x100000
    bne 1b
    report r2

/* A step without flags, then a signed compare: sub.w ; cmp ; bgt */
loop_function loop_signed_down
    mov r3, r0
1:  sub.w r3, r3, #2
    cmp r3, #0
    bgt 1b
    report r3

/* Padding and a high register: nop ; subs.w r12 ; bpl */
loop_function loop_nop_high_register
    mov r12, r0
1:  nop
    subs.w r12, r12, #1
    bpl 1b
    report r12

/* The compare before the step, which leaves the flags alone: cmp ; subw ; bne */
loop_function loop_compare_first
    mov r3, r0
1:  cmp r3, #0
    subw r3, r3, #1
    bne 1b
    report r3

/* SysTick's handler: records the counter of the loop it interrupted
 * (the stacked r0) and when it came, through record_tick(counter). */
    .global SysTick_Handler
    .type SysTick_Handler, %function
SysTick_Handler:
    ldr r0, [sp]
    b record_tick
