// nRF5340 CRYPTOCELL: Nordic's wrapper (ENABLE) around an Arm CryptoCell-312
// (app core only, secure only: wrapper 0x50844000, CC312 host register file
// 0x50845000, IRQ 68). One model covers both: offsets below 0x1000 are the
// wrapper page, offset 0x1000 + X is CC312 register X.
//
// Public sources of the facts:
// - nRF5340 Product Specification, "CRYPTOCELL - ARM TrustZone CryptoCell 312"
//   https://docs.nordicsemi.com/bundle/ps_nrf5340/page/cryptocell.html
// - nrfx MDK bsp/stable/mdk/nrf5340_application.h: NRF_CRYPTOCELL_Type
//   (ENABLE at 0x500) and the NRF_CC_*_Type register blocks at 0x50845000.
// - Arm CryptoCell-312 runtime (github.com/ARM-software/cryptocell-312-runtime):
//   shared/hw/include/dx_*.h (offsets and fields), host/src/cc3x_lib/cc_lib.c
//   (init: PIDR/CIDR check, AO lock read-back, endianness),
//   codesafe/src/crypto_api/cc3x_sym/driver/hash_driver.c (HASH sequence),
//   codesafe/src/crypto_api/rnd_dma/llf_rnd*.c (TRNG sequence); its register
//   description cc312_cerberus_Register_Description.htm (reset values), also
//   in TF-M lib/ext/cryptocell-312-runtime before TF-M commit 6da867c1f.
// - TF-M's cc3xx driver, platform/ext/target/arm/drivers/cc3xx/low_level_driver/
//   src/cc3xx_hash.c, cc3xx_dma.c, cc3xx_noise_source.c, cc3xx_init.c.
//
// Modeled:
// - ENABLE. The engines (HASH DMA, padding, TRNG collection) run only while
//   ENABLE = 1; a start while disabled is logged and does nothing.
// - ID registers (PIDR0..4 = C0 B0 0B 00 04, CIDR0..3 = 0D F0 05 B1), the
//   feature registers at Arm's reference reset values (HOST_BOOT, HASH_PARAM,
//   AES_HW_FLAGS, RNG_VERSION...), LCS valid and Secure, NVM idle, every busy
//   flag 0, FIFOs empty.
// - HOST_AO_LOCK_BITS reads back exactly what was written (bits 8:0).
//   HOST_RGF_ENDIAN is write-once (rw1); only little endian (0) is modeled.
// - HOST_RGF_IRR / IMR / ICR: IRR bits are raw status (IMR does not hide
//   them; drivers poll IRR), ICR clears them. RNG_INT (bit 10) is
//   RNG_ISR & ~RNG_IMR.
// - CLK_STATUS mirrors AES/HASH/PKA/DMA/CHACHA_CLK_ENABLE.
// - HASH: SHA-1, SHA-224 and SHA-256 (HASH_CONTROL 1, 2, 0xA) over the DIN DMA
//   (SRC_LLI_WORD0 = address, a write of SRC_LLI_WORD1 = byte count starts it)
//   from any address the DMA port reaches (flash and RAM), with HASH_XOR_DIN,
//   AUTO_HW_PADDING (pad after the DMA) and HASH_PAD_CFG.DO_PAD (pad now, the
//   zero-length case). The chaining state is HASH_H0..7 (numeric words, digest
//   = their big-endian bytes) and HASH_CUR_LEN_0/1 (bytes hashed), readable
//   and writable between chunks. A DMA ends at once with IRR MEM_TO_DIN and
//   SYM_DMA_COMPLETED; an unreadable source raises AHB_ERR instead.
// - TRNG: while RND_SOURCE_ENABLE = 1 (and RNG_CLK_ENABLE, ENABLE), a 192-bit
//   sample is ready 192 x SAMPLE_CNT1 cycles of the 64 MHz clock after the
//   start (computed lazily from the access time): then EHR_DATA[0..5] hold
//   it, TRNG_VALID = 1 and RNG_ISR.EHR_VALID = 1. Reading EHR_DATA[5] starts
//   the next sample; RST_BITS_COUNTER and RNG_SW_RESET restart collection.
//   The bits come from splitmix64 seeded with the SoC's entropy seed, so a
//   run is bit-for-bit repeatable and another seed gives other bits.
//
// Not modeled: AES, AES-MAC, GHASH, ChaCha, PKA and the RNG DMA / RNG SRAM
// (their registers store what is written and read it back; starting them is
// logged), DIN_BUFFER CPU writes, DOUT and the BYPASS copy, big-endian
// register views, the CC312 OTP and key (KDR/KCP...) semantics, TRNG errors
// and its watchdog (the source is ideal), the IRQ line (NCS links the
// no-interrupts nrf_cc3xx_platform flavour, which polls IRR), DMA and hash
// timing (a DMA completes within the register write).
// Deviates from HW: registers keep their values while ENABLE = 0 (the core
// is powered down on silicon); HOST_DFA_ENABLE_LOCK does not freeze bit 7.
#pragma once

#include <array>
#include <cstdint>
#include <string>

#include <systemc>

#include "models/dma.h"
#include "models/peripheral.h"
#include "models/splitmix64.h"

namespace nrf {

class cryptocell : public models::peripheral {
public:
    // The wrapper page and the 8 KB CC312 register file right after it.
    static constexpr std::uint32_t size = 0x3000;
    static constexpr std::uint32_t core_offset = 0x1000;
    static constexpr std::uint64_t default_entropy_seed = 0x6E72663533636333;  // "nrf53cc3"

    // dma: what the CC312's AHB master reads (flash and RAM).
    cryptocell(sc_core::sc_module_name name, models::dma_port& dma,
               std::uint64_t entropy_seed = default_entropy_seed);

    void reset() override;

private:
    friend struct cryptocell_registers;

    bool enabled() const;
    bool engine_may_start(const char* what);
    void warn(const std::string& message);

    // HOST_RGF
    std::uint32_t read_host_rgf_irr();
    void write_host_rgf_icr(std::uint32_t value);
    void write_host_rgf_endian(std::uint32_t value);
    std::uint32_t read_clk_status();
    void write_cc_sw_reset(std::uint32_t value);

    // HASH over the DIN DMA
    void write_src_lli_word1(std::uint32_t value);
    void write_hash_pad_cfg(std::uint32_t value);
    void hash_bytes(const std::uint8_t* data, std::size_t size);
    void hash_pad();
    void hash_block(const std::uint8_t* block);
    std::uint64_t hash_length() const;
    void set_hash_length(std::uint64_t bytes);

    // TRNG
    void write_rnd_source_enable(std::uint32_t value);
    void write_rng_icr(std::uint32_t value);
    void write_rst_bits_counter(std::uint32_t value);
    void write_rng_sw_reset(std::uint32_t value);
    std::uint32_t read_rng_isr();
    std::uint32_t read_trng_valid();
    std::uint32_t read_ehr_data(unsigned index);
    std::uint32_t read_rng_busy();
    void start_trng_sample();
    void collect_trng_sample();
    void reset_trng();

    // Engines that only store their registers: starting them is logged.
    void write_pka_opcode(std::uint32_t value);
    void write_rng_dma_enable(std::uint32_t value);
    void write_din_buffer(std::uint32_t value);

    models::dma_port& m_dma;

    std::uint32_t m_irr = 0;           // HOST_RGF_IRR, RNG_INT excluded
    bool m_endian_written = false;     // HOST_RGF_ENDIAN is write-once
    std::uint32_t m_endian_value = 0;
    std::array<std::uint8_t, 64> m_hash_partial{};  // bytes of an unfinished block
    std::size_t m_hash_partial_size = 0;

    models::splitmix64 m_entropy;      // survives resets
    bool m_trng_running = false;
    sc_core::sc_time m_trng_ready_at;  // when the sample being collected is complete
    std::uint32_t m_rng_isr = 0;
    bool m_ehr_valid = false;
    std::array<std::uint32_t, 6> m_ehr{};
};

} // namespace nrf
