/* Instruction sequences timed with DWT CYCCNT (calibration.c). Each
 * function runs its sequence in a loop of r0 iterations and returns the
 * cycles taken; the loop is `sequence ; subs r7,#1 ; [tail] ; bne`. The
 * loop starts on a 16-byte boundary so that it fits one flash line unless
 * the sequence is long. Every function is built twice: in flash (.text)
 * and in RAM (.data, copied there by the start-up code). */
    .syntax unified
    .thumb

    .macro CAL name, body, tail=
    .global \name
    .type \name, %function
    .balign 16
\name:
    push {r4-r7, lr}
    mov r7, r0
    ldr r6, =0xE0001004        @ DWT CYCCNT
    ldr r5, [r6]
    .balign 16
1:  \body
    subs r7, #1
    \tail
    bne 1b
2:  ldr r4, [r6]
    subs r0, r4, r5
    pop {r4-r7, pc}
    .ltorg
    .endm

    .macro SEQUENCES where
    CAL cal_alu4_\where, "adds r0, #1; adds r2, #1; adds r3, #1; adds r4, #1"
    CAL cal_load_use_\where, "ldr r0, [r1]; adds r2, r0"
    CAL cal_load_store_\where, "ldr r0, [r1]; str r0, [r1, #4]"
    CAL cal_ldm4_\where, "ldm r1, {r0, r2, r3, r4}"
    CAL cal_push_pop4_\where, "push {r0, r2, r3, r4}; pop {r0, r2, r3, r4}"
    CAL cal_ldrd_\where, "ldrd r2, r3, [r1]"
    CAL cal_muls_\where, "muls r0, r2, r0"
    CAL cal_mul_w_\where, "mul r0, r2, r0"
    CAL cal_shifted_\where, "add.w r0, r2, r3, lsl #2; adds r4, r0"
    CAL cal_taken_paired_\where, "", "add r0, r2"
    CAL cal_not_taken_\where, "cmp r7, #0; beq 2f"
    CAL cal_mla_chain_\where, "mla r0, r2, r3, r0; mla r0, r2, r3, r0"
    CAL cal_load_mla_\where, "ldr r0, [r1]; mla r0, r2, r3, r0"
    CAL cal_uxtab_chain_\where, "uxtab r0, r0, r2; uxtab r0, r0, r2"
    CAL cal_it_opposite_\where, "cmp r7, #0; ite eq; addeq.w r0, r1, r2, ror #23; addne r0, r3"
    CAL cal_fp_dependent_\where, "vadd.f32 s0, s1, s2; vadd.f32 s3, s0, s4"
    CAL cal_fp_fused_\where, "vfma.f32 s0, s1, s2; vadd.f32 s5, s6, s7"
    CAL cal_two_lines_\where, "adds r0, #1; adds r0, #1; adds r0, #1; adds r0, #1; adds r0, #1; adds r0, #1; adds r0, #1; adds r0, #1; adds r0, #1; adds r0, #1; adds r0, #1; adds r0, #1"
    .endm

    .text
    SEQUENCES flash

    .section .data_calibration_ram, "awx", %progbits
    SEQUENCES ram
