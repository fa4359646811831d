#include "peripherals/cryptocell.h"

#include <algorithm>
#include <sstream>
#include <vector>

#include "models/log.h"

namespace nrf {
namespace {

constexpr std::uint32_t core = cryptocell::core_offset;

namespace reg {
constexpr std::uint32_t ENABLE = 0x500;
constexpr std::uint32_t RNG_IMR = core + 0x100, TRNG_CONFIG = core + 0x10C,
                        RND_SOURCE_ENABLE = core + 0x12C, SAMPLE_CNT1 = core + 0x130,
                        TRNG_DEBUG_CONTROL = core + 0x138, RNG_CLK_ENABLE = core + 0x1C4;
constexpr std::uint32_t HASH_H = core + 0x640, AUTO_HW_PADDING = core + 0x684,
                        HASH_XOR_DIN = core + 0x688, HASH_CONTROL = core + 0x7C0,
                        HASH_PAD_EN = core + 0x7C4, HASH_CUR_LEN_0 = core + 0x7CC,
                        HASH_CUR_LEN_1 = core + 0x7D0;
constexpr std::uint32_t AES_CLK_ENABLE = core + 0x810, HASH_CLK_ENABLE = core + 0x818,
                        PKA_CLK_ENABLE = core + 0x81C, DMA_CLK_ENABLE = core + 0x820,
                        CHACHA_CLK_ENABLE = core + 0x858, CRYPTO_CTL = core + 0x900;
constexpr std::uint32_t HOST_RGF_ENDIAN = core + 0xA0C, SRC_LLI_WORD0 = core + 0xC28;
}  // namespace reg

// HOST_RGF_IRR bits.
constexpr std::uint32_t irr_mem_to_din = 1u << 6, irr_ahb_err = 1u << 8, irr_rng = 1u << 10,
                        irr_sym_dma_completed = 1u << 11;
// RNG_ISR bits: EHR_VALID and the five others the RNG_IMR masks.
constexpr std::uint32_t rng_isr_ehr_valid = 1u << 0, rng_imr_sources = 0x3F;
constexpr std::uint32_t crypto_ctl_hash = 7;
constexpr std::uint32_t hash_mode_sha1 = 1, hash_mode_sha256 = 2;  // HASH_CONTROL bits 1:0
constexpr std::uint32_t pad_cfg_do_pad = 1u << 2;
constexpr std::uint32_t lli_bytes_num = (1u << 30) - 1;

constexpr std::uint32_t trng_bits_per_sample = 192;
constexpr std::uint64_t clock_period_ps = 15625;  // the 64 MHz clock the CC312 runs on

// Arm's reference configuration (register description reset values).
constexpr std::uint32_t host_boot_features = 0x5E62982E, hash_param = 0x00012001,
                        aes_hw_flags = 0x00001D0B, rng_version = 0x0000000F;
// The CC312 product signature of the Arm runtime (dx_reg_common.h DX_DEV_SIGNATURE).
constexpr std::uint32_t host_signature = 0x10E00000;
// Idle, AHB/NVM-arbiter/NVM/RNG/PKA/crypto idle; not busy, no fatal write.
constexpr std::uint32_t host_cc_is_idle = 0x3B9;
constexpr std::uint32_t lcs_secure = 5;

std::uint32_t rotr(std::uint32_t x, unsigned n) { return (x >> n) | (x << (32 - n)); }
std::uint32_t rotl(std::uint32_t x, unsigned n) { return (x << n) | (x >> (32 - n)); }
std::uint32_t load_be32(const std::uint8_t* p) {
    return std::uint32_t(p[0]) << 24 | std::uint32_t(p[1]) << 16 | std::uint32_t(p[2]) << 8 | p[3];
}

// The FIPS 180-4 compression functions on the numeric state words: written
// here rather than taken from OpenSSL because the engine's state must be
// the HASH_H registers between blocks, and OpenSSL's block functions
// (SHA256_Transform) are deprecated API.
void sha256_compress(std::uint32_t h[8], const std::uint8_t* block) {
    static constexpr std::uint32_t k[64] = {
        0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
        0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
        0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
        0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
        0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
        0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
        0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
        0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2};
    std::uint32_t w[64];
    for (unsigned t = 0; t < 16; ++t) w[t] = load_be32(block + 4 * t);
    for (unsigned t = 16; t < 64; ++t) {
        const std::uint32_t s0 = rotr(w[t - 15], 7) ^ rotr(w[t - 15], 18) ^ (w[t - 15] >> 3);
        const std::uint32_t s1 = rotr(w[t - 2], 17) ^ rotr(w[t - 2], 19) ^ (w[t - 2] >> 10);
        w[t] = w[t - 16] + s0 + w[t - 7] + s1;
    }
    std::uint32_t a = h[0], b = h[1], c = h[2], d = h[3], e = h[4], f = h[5], g = h[6], hh = h[7];
    for (unsigned t = 0; t < 64; ++t) {
        const std::uint32_t t1 = hh + (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) + ((e & f) ^ (~e & g)) + k[t] + w[t];
        const std::uint32_t t2 = (rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) + ((a & b) ^ (a & c) ^ (b & c));
        hh = g; g = f; f = e; e = d + t1; d = c; c = b; b = a; a = t1 + t2;
    }
    h[0] += a; h[1] += b; h[2] += c; h[3] += d; h[4] += e; h[5] += f; h[6] += g; h[7] += hh;
}

void sha1_compress(std::uint32_t h[5], const std::uint8_t* block) {
    std::uint32_t w[80];
    for (unsigned t = 0; t < 16; ++t) w[t] = load_be32(block + 4 * t);
    for (unsigned t = 16; t < 80; ++t) w[t] = rotl(w[t - 3] ^ w[t - 8] ^ w[t - 14] ^ w[t - 16], 1);
    std::uint32_t a = h[0], b = h[1], c = h[2], d = h[3], e = h[4];
    for (unsigned t = 0; t < 80; ++t) {
        std::uint32_t f, k;
        if (t < 20) { f = (b & c) | (~b & d); k = 0x5A827999; }
        else if (t < 40) { f = b ^ c ^ d; k = 0x6ED9EBA1; }
        else if (t < 60) { f = (b & c) | (b & d) | (c & d); k = 0x8F1BBCDC; }
        else { f = b ^ c ^ d; k = 0xCA62C1D6; }
        const std::uint32_t temp = rotl(a, 5) + f + e + k + w[t];
        e = d; d = c; c = rotl(b, 30); b = a; a = temp;
    }
    h[0] += a; h[1] += b; h[2] += c; h[3] += d; h[4] += e;
}

std::string hex(std::uint32_t v) {
    std::ostringstream s;
    s << "0x" << std::hex << v;
    return s.str();
}

} // namespace

// Offsets and reset values: Arm's dx_*.h headers and register description;
// names are Arm's (the MDK's differ for a few: HASH_PAD_AUTO = AUTO_HW_PADDING,
// SRC_MEM_ADDR/SIZE = SRC_LLI_WORD0/1, NOISE_SOURCE = RND_SOURCE_ENABLE...).
using R = models::regs<cryptocell>;
struct cryptocell_registers {
    static constexpr R::row rows[] = {
        // Nordic's wrapper page.
        R::rw("ENABLE", reg::ENABLE).mask(1),
        // Written by nrfx's HFCLK divider workaround on early silicon; undocumented.
        R::rw("ERRATA_WORD", 0x50C),

        // PKA (no engine).
        R::rw("MEMORY_MAP", core + 0x000).array(32),
        R::rw("OPCODE", core + 0x080).on_write(&cryptocell::write_pka_opcode),
        R::rw("N_NP_T0_T1_ADDR", core + 0x084),
        R::ro("PKA_STATUS", core + 0x088).reset(0x1000),
        R::rw("PKA_SW_RESET", core + 0x08C),
        R::rw("PKA_L", core + 0x090).array(8),
        R::ro("PKA_PIPE_RDY", core + 0x0B0).reset(1),
        R::ro("PKA_DONE", core + 0x0B4).reset(1),
        R::rw("PKA_MON_SELECT", core + 0x0B8),
        R::ro("PKA_VERSION", core + 0x0C4),
        R::ro("PKA_MON_READ", core + 0x0D0),
        R::rw("PKA_SRAM_ADDR", core + 0x0D4),
        R::rw("PKA_SRAM_WDATA", core + 0x0D8),
        R::ro("PKA_SRAM_RDATA", core + 0x0DC),
        R::rw("PKA_SRAM_WR_CLR", core + 0x0E0),
        R::rw("PKA_SRAM_RADDR", core + 0x0E4),
        R::rw("PKA_WORD_ACCESS", core + 0x0F0),
        R::rw("PKA_BUFF_ADDR", core + 0x0F8),

        // RNG (TRNG).
        R::rw("RNG_IMR", reg::RNG_IMR).mask(rng_imr_sources).reset(rng_imr_sources),
        R::ro("RNG_ISR", core + 0x104).on_read(&cryptocell::read_rng_isr),
        R::rw("RNG_ICR", core + 0x108).on_write(&cryptocell::write_rng_icr),
        R::rw("TRNG_CONFIG", reg::TRNG_CONFIG).mask(0x7),
        R::ro("TRNG_VALID", core + 0x110).on_read(&cryptocell::read_trng_valid),
        R::ro("EHR_DATA", core + 0x114).array(6).read_has_side_effects()
            .on_read(&cryptocell::read_ehr_data),
        R::rw("RND_SOURCE_ENABLE", reg::RND_SOURCE_ENABLE).mask(1)
            .on_write(&cryptocell::write_rnd_source_enable),
        R::rw("SAMPLE_CNT1", reg::SAMPLE_CNT1),
        R::rw("AUTOCORR_STATISTIC", core + 0x134).mask(0x3FFFFF),
        R::rw("TRNG_DEBUG_CONTROL", reg::TRNG_DEBUG_CONTROL).mask(0xE),
        R::rw("RNG_SW_RESET", core + 0x140).on_write(&cryptocell::write_rng_sw_reset),
        R::rw("RNG_DEBUG_EN_INPUT", core + 0x1B4),
        R::ro("RNG_BUSY", core + 0x1B8).on_read(&cryptocell::read_rng_busy),
        R::rw("RST_BITS_COUNTER", core + 0x1BC).on_write(&cryptocell::write_rst_bits_counter),
        R::ro("RNG_VERSION", core + 0x1C0).reset(rng_version),
        R::rw("RNG_CLK_ENABLE", reg::RNG_CLK_ENABLE).mask(1),
        R::rw("RNG_DMA_ENABLE", core + 0x1C8).mask(1).on_write(&cryptocell::write_rng_dma_enable),
        R::rw("RNG_DMA_SRC_MASK", core + 0x1CC).mask(0xF),
        R::rw("RNG_DMA_SRAM_ADDR", core + 0x1D0),
        R::rw("RNG_DMA_SAMPLES_NUM", core + 0x1D4),
        R::rw("RNG_WATCHDOG_VAL", core + 0x1D8),
        R::ro("RNG_DMA_STATUS", core + 0x1DC),

        // ChaCha (no engine).
        R::rw("CHACHA_CONTROL_REG", core + 0x380),
        R::ro("CHACHA_VERSION", core + 0x384).reset(1),
        R::rw("CHACHA_KEY", core + 0x388).array(8),
        R::rw("CHACHA_IV", core + 0x3A8).array(2),
        R::ro("CHACHA_BUSY", core + 0x3B0),
        R::ro("CHACHA_HW_FLAGS", core + 0x3B4).reset(1),
        R::rw("CHACHA_BLOCK_CNT_LSB", core + 0x3B8),
        R::rw("CHACHA_BLOCK_CNT_MSB", core + 0x3BC),
        R::rw("CHACHA_SW_RESET", core + 0x3C0),
        R::ro("CHACHA_FOR_POLY_KEY", core + 0x3C4).array(8),
        R::rw("CHACHA_BYTE_WORD_ORDER_CNTL_REG", core + 0x3E4),
        R::ro("CHACHA_DEBUG_REG", core + 0x3E8),

        // AES (no engine).
        R::rw("AES_KEY_0", core + 0x400).array(8),
        R::rw("AES_KEY_1", core + 0x420).array(8),
        R::rw("AES_IV_0", core + 0x440).array(4),
        R::rw("AES_IV_1", core + 0x450).array(4),
        R::rw("AES_CTR_0", core + 0x460).array(4),
        R::ro("AES_BUSY", core + 0x470),
        R::rw("AES_SK", core + 0x478),
        R::rw("AES_CMAC_INIT", core + 0x47C),
        R::rw("AES_SK1", core + 0x4B4),
        R::rw("AES_REMAINING_BYTES", core + 0x4BC),
        R::rw("AES_CONTROL", core + 0x4C0),
        R::ro("AES_HW_FLAGS", core + 0x4C8).reset(aes_hw_flags),
        R::rw("AES_CTR_NO_INCREMENT", core + 0x4D8),
        R::rw("AES_DFA_IS_ON", core + 0x4F0).mask(1),
        R::rw("AES_SW_RESET", core + 0x4F4),
        R::ro("AES_DFA_ERR_STATUS", core + 0x4F8),
        R::rw("AES_CMAC_SIZE0_KICK", core + 0x524),

        // HASH.
        R::rw("HASH_H", reg::HASH_H).array(9),
        R::rw("AUTO_HW_PADDING", reg::AUTO_HW_PADDING).mask(1),
        R::rw("HASH_XOR_DIN", reg::HASH_XOR_DIN),
        R::rw("LOAD_INIT_STATE", core + 0x694).mask(1),
        R::rw("HASH_SEL_AES_MAC", core + 0x6A4).mask(3),
        R::ro("HASH_VERSION", core + 0x7B0),
        R::rw("HASH_CONTROL", reg::HASH_CONTROL).mask(0xB),
        R::rw("HASH_PAD_EN", reg::HASH_PAD_EN).mask(1).reset(1),
        R::rw("HASH_PAD_CFG", core + 0x7C8).mask(pad_cfg_do_pad).on_write(&cryptocell::write_hash_pad_cfg),
        R::rw("HASH_CUR_LEN_0", reg::HASH_CUR_LEN_0),
        R::rw("HASH_CUR_LEN_1", reg::HASH_CUR_LEN_1),
        R::ro("HASH_PARAM", core + 0x7DC).reset(hash_param),
        R::rw("HASH_AES_SW_RESET", core + 0x7E4),
        R::rw("HASH_ENDIANESS", core + 0x7E8).mask(1).reset(1),

        // Clocks. DMA_CLK_ENABLE resets to 1 so that CLK_STATUS, its mirror,
        // resets to the documented 0x100.
        R::rw("AES_CLK_ENABLE", reg::AES_CLK_ENABLE).mask(1),
        R::rw("HASH_CLK_ENABLE", reg::HASH_CLK_ENABLE).mask(1),
        R::rw("PKA_CLK_ENABLE", reg::PKA_CLK_ENABLE).mask(1),
        R::rw("DMA_CLK_ENABLE", reg::DMA_CLK_ENABLE).mask(1).reset(1),
        R::ro("CLK_STATUS", core + 0x824).on_read(&cryptocell::read_clk_status),
        R::rw("CHACHA_CLK_ENABLE", reg::CHACHA_CLK_ENABLE).mask(1),

        // Crypto flow control.
        R::rw("CRYPTO_CTL", reg::CRYPTO_CTL).mask(0x1F),
        R::ro("CRYPTO_BUSY", core + 0x910),
        R::ro("HASH_BUSY", core + 0x91C),
        R::rw("CONTEXT_ID", core + 0x930),

        // GHASH (no engine).
        R::rw("GHASH_SUBKEY_0", core + 0x960).array(4),
        R::rw("GHASH_IV_0", core + 0x970).array(4),
        R::ro("GHASH_BUSY", core + 0x980),
        R::rw("GHASH_INIT", core + 0x984),

        // Host register file.
        R::ro("HOST_RGF_IRR", core + 0xA00).on_read(&cryptocell::read_host_rgf_irr),
        R::rw("HOST_RGF_IMR", core + 0xA04).mask(0xFF0).reset(0xFF0),
        R::rw("HOST_RGF_ICR", core + 0xA08).on_write(&cryptocell::write_host_rgf_icr),
        R::rw("HOST_RGF_ENDIAN", reg::HOST_RGF_ENDIAN).mask(0x8888)
            .on_write(&cryptocell::write_host_rgf_endian),
        R::ro("HOST_RGF_SIGNATURE", core + 0xA24).reset(host_signature),
        R::ro("HOST_BOOT", core + 0xA28).reset(host_boot_features),
        R::rw("HOST_CRYPTOKEY_SEL", core + 0xA38).mask(3),
        R::rw("HOST_CORE_CLK_GATING_ENABLE", core + 0xA78).mask(1),
        R::ro("HOST_CC_IS_IDLE", core + 0xA7C).reset(host_cc_is_idle),
        R::rw("HOST_POWERDOWN", core + 0xA80).mask(1),
        R::rw("HOST_REMOVE_GHASH_ENGINE", core + 0xA84).mask(1),
        R::rw("HOST_REMOVE_CHACHA_ENGINE", core + 0xA88).mask(1),

        // AHB master.
        R::rw("AHBM_SINGLES", core + 0xB00).mask(1),
        R::rw("AHBM_HPROT", core + 0xB04).mask(0xF),
        R::rw("AHBM_HMASTLOCK", core + 0xB08).mask(1),
        R::rw("AHBM_HNONSEC", core + 0xB0C).mask(3),

        // DIN: the memory-to-engine DMA.
        R::rw("DIN_BUFFER", core + 0xC00).on_write(&cryptocell::write_din_buffer),
        R::ro("DIN_MEM_DMA_BUSY", core + 0xC20),
        R::rw("SRC_LLI_WORD0", reg::SRC_LLI_WORD0),
        R::rw("SRC_LLI_WORD1", core + 0xC2C).on_write(&cryptocell::write_src_lli_word1),
        R::rw("SRAM_SRC_ADDR", core + 0xC30),
        R::rw("DIN_SRAM_BYTES_LEN", core + 0xC34),
        R::ro("DIN_SRAM_DMA_BUSY", core + 0xC38),
        R::rw("DIN_SRAM_ENDIANNESS", core + 0xC3C).mask(1),
        R::rw("DIN_SW_RESET", core + 0xC44),
        R::rw("DIN_CPU_DATA_SIZE", core + 0xC48),
        R::rw("DIN_WRITE_ALIGN", core + 0xC4C),
        R::ro("FIFO_IN_EMPTY", core + 0xC50).reset(1),
        R::rw("DIN_FIFO_RST_PNTR", core + 0xC58),

        // DOUT: the engine-to-memory DMA (nothing is ever written out).
        R::ro("DOUT_BUFFER", core + 0xD00),
        R::ro("DOUT_MEM_DMA_BUSY", core + 0xD20),
        R::rw("DST_LLI_WORD0", core + 0xD28),
        R::rw("DST_LLI_WORD1", core + 0xD2C),
        R::rw("SRAM_DEST_ADDR", core + 0xD30),
        R::rw("DOUT_SRAM_BYTES_LEN", core + 0xD34),
        R::ro("DOUT_SRAM_DMA_BUSY", core + 0xD38),
        R::rw("DOUT_SRAM_ENDIANNESS", core + 0xD3C).mask(1),
        R::rw("READ_ALIGN_LAST", core + 0xD44),
        R::ro("DOUT_FIFO_EMPTY", core + 0xD50).reset(1),
        R::rw("DOUT_SW_RESET", core + 0xD58),

        // RNG SRAM window.
        R::rw("SRAM_DATA", core + 0xF00),
        R::rw("SRAM_ADDR", core + 0xF04),
        R::ro("SRAM_DATA_READY", core + 0xF08).reset(1),

        // ID registers: the tuple every CC312 runtime version accepts.
        R::ro("PERIPHERAL_ID_4", core + 0xFD0).reset(0x04),
        R::ro("PIDRESERVED", core + 0xFD4).array(3),
        R::ro("PERIPHERAL_ID_0", core + 0xFE0).reset(0xC0),
        R::ro("PERIPHERAL_ID_1", core + 0xFE4).reset(0xB0),
        R::ro("PERIPHERAL_ID_2", core + 0xFE8).reset(0x0B),
        R::ro("PERIPHERAL_ID_3", core + 0xFEC).reset(0x00),
        R::ro("COMPONENT_ID_0", core + 0xFF0).reset(0x0D),
        R::ro("COMPONENT_ID_1", core + 0xFF4).reset(0xF0),
        R::ro("COMPONENT_ID_2", core + 0xFF8).reset(0x05),
        R::ro("COMPONENT_ID_3", core + 0xFFC).reset(0xB1),

        // Always-on block.
        R::rw("HOST_DCU_EN", core + 0x1E00).array(4),
        R::rw("HOST_DCU_LOCK", core + 0x1E10).array(4),
        R::rw("AO_ICV_DCU_RESTRICTION_MASK", core + 0x1E20).array(4),
        R::rw("AO_CC_SEC_DEBUG_RESET", core + 0x1E30).mask(1),
        R::rw("HOST_AO_LOCK_BITS", core + 0x1E34).mask(0x1FF).reset(0x80),
        R::rw("AO_APB_FILTERING", core + 0x1E38).mask(0xFFF).reset(0x55),
        R::rw("AO_CC_GPPC", core + 0x1E3C),
        R::rw("HOST_RGF_CC_SW_RST", core + 0x1E40).on_write(&cryptocell::write_cc_sw_reset),

        // NVM: lifecycle state always valid (Secure), NVM always idle.
        R::ro("AIB_FUSE_PROG_COMPLETED", core + 0x1F04).reset(1),
        R::ro("NVM_DEBUG_STATUS", core + 0x1F08),
        R::ro("LCS_IS_VALID", core + 0x1F0C).reset(1),
        R::ro("NVM_IS_IDLE", core + 0x1F10).reset(1),
        R::ro("LCS_REG", core + 0x1F14).reset(lcs_secure),
        R::rw("HOST_SHADOW_KDR_REG", core + 0x1F18),
        R::rw("HOST_SHADOW_KCP_REG", core + 0x1F1C),
        R::rw("HOST_SHADOW_KCE_REG", core + 0x1F20),
        R::rw("HOST_SHADOW_KPICV_REG", core + 0x1F24),
        R::rw("HOST_SHADOW_KCEICV_REG", core + 0x1F28),
        R::ro("OTP_ADDR_WIDTH_DEF", core + 0x1F2C),
    };
};

cryptocell::cryptocell(sc_core::sc_module_name name, models::dma_port& dma, std::uint64_t entropy_seed)
    : models::peripheral(name), m_dma(dma), m_entropy(entropy_seed) {
    declare_registers(*this, cryptocell_registers::rows);
}

void cryptocell::reset() {
    models::peripheral::reset();
    m_irr = 0;
    m_endian_written = false;
    m_hash_partial_size = 0;
    reset_trng();
}

bool cryptocell::enabled() const { return m_bank.stored(reg::ENABLE) & 1; }

bool cryptocell::engine_may_start(const char* what) {
    if (enabled()) return true;
    warn(std::string(what) + " while ENABLE = 0: ignored (the CryptoCell is powered down)");
    return false;
}

void cryptocell::warn(const std::string& message) {
    models::log::warning(std::string(name()) + ": " + message);
}

// ------------------------------------------------------------- host registers

std::uint32_t cryptocell::read_host_rgf_irr() {
    const bool rng_interrupt = read_rng_isr() & ~m_bank.stored(reg::RNG_IMR) & rng_imr_sources;
    return m_irr | (rng_interrupt ? irr_rng : 0);
}

void cryptocell::write_host_rgf_icr(std::uint32_t value) {
    m_irr &= ~value;
    m_bank.store(core + 0xA08, 0);  // write-only
}

void cryptocell::write_host_rgf_endian(std::uint32_t value) {
    if (m_endian_written) {
        m_bank.store(reg::HOST_RGF_ENDIAN, m_endian_value);
        if ((value & 0x8888) != m_endian_value) warn("HOST_RGF_ENDIAN is write-once: new value ignored");
        return;
    }
    m_endian_written = true;
    m_endian_value = value & 0x8888;
    if (m_endian_value != 0) warn("big-endian DIN/DOUT (HOST_RGF_ENDIAN " + hex(value) + ") is not modeled");
}

std::uint32_t cryptocell::read_clk_status() {
    auto on = [this](std::uint32_t offset) { return m_bank.stored(offset) & 1; };
    return on(reg::AES_CLK_ENABLE) << 0 | on(reg::HASH_CLK_ENABLE) << 2 | on(reg::PKA_CLK_ENABLE) << 3 |
           on(reg::CHACHA_CLK_ENABLE) << 7 | on(reg::DMA_CLK_ENABLE) << 8;
}

// Resets the engines; the always-on block and the registers keep their values.
void cryptocell::write_cc_sw_reset(std::uint32_t value) {
    if (!(value & 1)) return;
    m_irr = 0;
    m_hash_partial_size = 0;
    reset_trng();
}

// ------------------------------------------------------------- HASH

void cryptocell::write_src_lli_word1(std::uint32_t value) {
    if (!engine_may_start("DIN DMA start (SRC_LLI_WORD1)")) return;
    const std::uint32_t source = m_bank.stored(reg::SRC_LLI_WORD0);
    const std::uint32_t size = value & lli_bytes_num;
    const std::uint32_t flow = m_bank.stored(reg::CRYPTO_CTL);
    if (flow != crypto_ctl_hash) {
        warn("CRYPTO_CTL " + hex(flow) + " is not modeled: the DMA data is dropped");
        m_irr |= irr_mem_to_din | irr_sym_dma_completed;
        return;
    }
    std::vector<std::uint8_t> data(size);
    if (size != 0 && !m_dma.dma_read(source, data.data(), size)) {
        warn("DIN DMA source " + hex(source) + " + " + hex(size) + " is not readable: AHB error");
        m_irr |= irr_ahb_err;
        return;
    }
    hash_bytes(data.data(), data.size());
    if (m_bank.stored(reg::AUTO_HW_PADDING) & 1) hash_pad();
    m_irr |= irr_mem_to_din | irr_sym_dma_completed;
}

void cryptocell::write_hash_pad_cfg(std::uint32_t value) {
    if ((value & pad_cfg_do_pad) && engine_may_start("HASH_PAD_CFG.DO_PAD")) hash_pad();
}

std::uint64_t cryptocell::hash_length() const {
    return std::uint64_t{m_bank.stored(reg::HASH_CUR_LEN_1)} << 32 | m_bank.stored(reg::HASH_CUR_LEN_0);
}

void cryptocell::set_hash_length(std::uint64_t bytes) {
    m_bank.store(reg::HASH_CUR_LEN_0, static_cast<std::uint32_t>(bytes));
    m_bank.store(reg::HASH_CUR_LEN_1, static_cast<std::uint32_t>(bytes >> 32));
}

// The DIN path: each 32-bit little-endian input word is XORed with
// HASH_XOR_DIN (HMAC's ipad/opad), then whole blocks are compressed.
void cryptocell::hash_bytes(const std::uint8_t* data, std::size_t size) {
    const std::uint32_t xor_din = m_bank.stored(reg::HASH_XOR_DIN);
    for (std::size_t i = 0; i < size; ++i) {
        m_hash_partial[m_hash_partial_size++] = data[i] ^ static_cast<std::uint8_t>(xor_din >> (8 * (i % 4)));
        if (m_hash_partial_size == m_hash_partial.size()) {
            hash_block(m_hash_partial.data());
            m_hash_partial_size = 0;
        }
    }
    set_hash_length(hash_length() + size);
}

// FIPS 180-4 padding after the bytes hashed so far (HASH_CUR_LEN).
void cryptocell::hash_pad() {
    if (!(m_bank.stored(reg::HASH_PAD_EN) & 1)) return;
    const std::uint64_t bits = hash_length() * 8;
    std::array<std::uint8_t, 128> tail{};
    std::copy_n(m_hash_partial.begin(), m_hash_partial_size, tail.begin());
    tail[m_hash_partial_size] = 0x80;
    const std::size_t blocks = m_hash_partial_size + 1 + 8 <= 64 ? 1 : 2;
    for (unsigned i = 0; i < 8; ++i) tail[blocks * 64 - 1 - i] = static_cast<std::uint8_t>(bits >> (8 * i));
    for (std::size_t b = 0; b < blocks; ++b) hash_block(tail.data() + 64 * b);
    m_hash_partial_size = 0;
}

void cryptocell::hash_block(const std::uint8_t* block) {
    const std::uint32_t mode = m_bank.stored(reg::HASH_CONTROL) & 3;
    const unsigned words = mode == hash_mode_sha1 ? 5 : 8;
    if (mode != hash_mode_sha1 && mode != hash_mode_sha256) {
        warn("HASH_CONTROL " + hex(m_bank.stored(reg::HASH_CONTROL)) + " selects no SHA-1/SHA-2: block dropped");
        return;
    }
    std::uint32_t h[8];
    for (unsigned i = 0; i < words; ++i) h[i] = m_bank.stored(reg::HASH_H + 4 * i);
    if (mode == hash_mode_sha1) sha1_compress(h, block);
    else sha256_compress(h, block);
    for (unsigned i = 0; i < words; ++i) m_bank.store(reg::HASH_H + 4 * i, h[i]);
}

// ------------------------------------------------------------- TRNG

void cryptocell::reset_trng() {
    m_trng_running = false;
    m_ehr_valid = false;
    m_rng_isr = 0;
    m_ehr.fill(0);
}

void cryptocell::write_rnd_source_enable(std::uint32_t value) {
    if (!(value & 1)) {
        m_trng_running = false;
        return;
    }
    if (m_trng_running || !engine_may_start("TRNG start (RND_SOURCE_ENABLE)")) return;
    if (!(m_bank.stored(reg::RNG_CLK_ENABLE) & 1)) {
        warn("RND_SOURCE_ENABLE = 1 with RNG_CLK_ENABLE = 0: no entropy is collected");
        return;
    }
    start_trng_sample();
}

void cryptocell::start_trng_sample() {
    const std::uint64_t cycles = std::uint64_t{trng_bits_per_sample} * std::max<std::uint32_t>(1, m_bank.stored(reg::SAMPLE_CNT1));
    m_trng_running = true;
    m_trng_ready_at = now() + models::from_ps(cycles * clock_period_ps);
}

// Lazily completes the sample being collected once its time has come.
void cryptocell::collect_trng_sample() {
    if (!m_trng_running || m_ehr_valid || now() < m_trng_ready_at) return;
    for (unsigned i = 0; i < m_ehr.size(); i += 2) {
        const std::uint64_t bits = m_entropy.next();
        m_ehr[i] = static_cast<std::uint32_t>(bits);
        m_ehr[i + 1] = static_cast<std::uint32_t>(bits >> 32);
    }
    m_ehr_valid = true;
    m_rng_isr |= rng_isr_ehr_valid;
}

std::uint32_t cryptocell::read_rng_isr() {
    collect_trng_sample();
    return m_rng_isr;
}

void cryptocell::write_rng_icr(std::uint32_t value) {
    m_rng_isr &= ~value;
    m_bank.store(core + 0x108, 0);  // write-only
}

std::uint32_t cryptocell::read_trng_valid() {
    collect_trng_sample();
    return m_ehr_valid ? 1 : 0;
}

// Reading the last word hands the sample over: collection starts again.
std::uint32_t cryptocell::read_ehr_data(unsigned index) {
    collect_trng_sample();
    const std::uint32_t value = m_ehr[index];
    if (index == m_ehr.size() - 1 && m_ehr_valid) {
        m_ehr_valid = false;
        if (m_trng_running) start_trng_sample();
    }
    return value;
}

std::uint32_t cryptocell::read_rng_busy() {
    collect_trng_sample();
    const bool collecting = m_trng_running && !m_ehr_valid;
    return collecting ? 0x3 : 0;  // RNG_BUSY, TRNG_BUSY
}

// Clears the collected bits; the register says RND_SOURCE_ENABLE must be 0.
void cryptocell::write_rst_bits_counter(std::uint32_t) {
    if (m_trng_running) {
        warn("RST_BITS_COUNTER written while RND_SOURCE_ENABLE = 1: ignored");
        return;
    }
    m_ehr_valid = false;
}

// Any write resets the RNG block: its registers and the collection.
void cryptocell::write_rng_sw_reset(std::uint32_t) {
    reset_trng();
    m_bank.store(reg::RNG_IMR, rng_imr_sources);
    for (std::uint32_t offset : {reg::TRNG_CONFIG, reg::RND_SOURCE_ENABLE, reg::SAMPLE_CNT1,
                                 reg::TRNG_DEBUG_CONTROL, reg::RNG_CLK_ENABLE, core + 0x140})
        m_bank.store(offset, 0);
}

// ------------------------------------------------------------- not modeled

void cryptocell::write_pka_opcode(std::uint32_t value) {
    warn("PKA opcode " + hex(value) + " ignored: the PKA engine is not modeled");
}

void cryptocell::write_rng_dma_enable(std::uint32_t value) {
    if (value & 1) warn("RNG_DMA_ENABLE = 1 ignored: the RNG DMA is not modeled");
}

void cryptocell::write_din_buffer(std::uint32_t) {
    warn("DIN_BUFFER (CPU data input) is not modeled: word dropped");
}

} // namespace nrf
