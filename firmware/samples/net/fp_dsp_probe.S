/* Instructions check_no_fp_dsp.cmake must reject, next to ones it must
 * accept (base Armv8-M mainline, including look-alikes of DSP names). */
  .syntax unified
  .thumb
  .text
  .global fp_dsp_probe
  .type fp_dsp_probe, %function
fp_dsp_probe:
  vadd.f32 s0, s0, s1
  smlabb r0, r1, r2, r3
  sadd16 r0, r1, r2
  uxtab r0, r1, r2
  smlal r0, r1, r2, r3
  umull r0, r1, r2, r3
  uxtb r0, r1
  ssat r0, #8, r1
  bx lr
