/* A loop whose cost the CPI table fixes exactly: per iteration one
 * `subs` (ALU, 1) and one taken `bne` (branch, 2), so 3 cycles; the host
 * checks simulated time = instructions x CPI / frequency. */
    .syntax unified
    .thumb
    .global main
    .type main, %function
main:
    ldr r0, =100000
1:  subs r0, #1
    bne 1b
    ldr r1, =0x40000000
    movs r2, #0
    str r2, [r1]
2:  b 2b
