#include "peripherals/cryptocell.h"

#include <gtest/gtest.h>

#include <array>
#include <cstring>
#include <string>
#include <vector>

#include "tests/support/tlm_initiator.h"

namespace {

using sc_core::SC_US;

// Offsets written down independently: the wrapper from the nRF5340 MDK
// (NRF_CRYPTOCELL_Type), the CC312 registers from Arm's dx_*.h headers,
// relative to the core at wrapper + 0x1000 (0x50845000).
constexpr std::uint32_t ENABLE = 0x500, CC = 0x1000;
constexpr std::uint32_t RNG_IMR = CC + 0x100, RNG_ISR = CC + 0x104, RNG_ICR = CC + 0x108,
                        TRNG_CONFIG = CC + 0x10C, TRNG_VALID = CC + 0x110, EHR_DATA_0 = CC + 0x114,
                        RND_SOURCE_ENABLE = CC + 0x12C, SAMPLE_CNT1 = CC + 0x130,
                        TRNG_DEBUG_CONTROL = CC + 0x138, RNG_SW_RESET = CC + 0x140,
                        RNG_BUSY = CC + 0x1B8, RST_BITS_COUNTER = CC + 0x1BC,
                        RNG_CLK_ENABLE = CC + 0x1C4;
constexpr std::uint32_t AES_DFA_IS_ON = CC + 0x4F0;
constexpr std::uint32_t HASH_H0 = CC + 0x640, AUTO_HW_PADDING = CC + 0x684,
                        HASH_XOR_DIN = CC + 0x688, HASH_SEL_AES_MAC = CC + 0x6A4,
                        HASH_CONTROL = CC + 0x7C0, HASH_PAD_EN = CC + 0x7C4,
                        HASH_PAD_CFG = CC + 0x7C8, HASH_CUR_LEN_0 = CC + 0x7CC,
                        HASH_CUR_LEN_1 = CC + 0x7D0;
constexpr std::uint32_t HASH_CLK_ENABLE = CC + 0x818, DMA_CLK_ENABLE = CC + 0x820,
                        CLK_STATUS = CC + 0x824, CRYPTO_CTL = CC + 0x900, CRYPTO_BUSY = CC + 0x910,
                        HASH_BUSY = CC + 0x91C;
constexpr std::uint32_t HOST_RGF_IRR = CC + 0xA00, HOST_RGF_IMR = CC + 0xA04,
                        HOST_RGF_ICR = CC + 0xA08, HOST_RGF_ENDIAN = CC + 0xA0C,
                        HOST_BOOT = CC + 0xA28;
constexpr std::uint32_t SRC_LLI_WORD0 = CC + 0xC28, SRC_LLI_WORD1 = CC + 0xC2C;
constexpr std::uint32_t PERIPHERAL_ID_4 = CC + 0xFD0, PERIPHERAL_ID_0 = CC + 0xFE0,
                        COMPONENT_ID_0 = CC + 0xFF0;
constexpr std::uint32_t HOST_AO_LOCK_BITS = CC + 0x1E34, LCS_IS_VALID = CC + 0x1F0C,
                        NVM_IS_IDLE = CC + 0x1F10, LCS_REG = CC + 0x1F14;

constexpr std::uint32_t IRR_MEM_TO_DIN = 1u << 6, IRR_AHB_ERR = 1u << 8, IRR_RNG = 1u << 10,
                        IRR_SYM_DMA_COMPLETED = 1u << 11;
constexpr std::uint32_t CRYPTO_CTL_HASH = 7;
constexpr std::uint32_t MODE_SHA1 = 1, MODE_SHA256 = 2, MODE_SHA224 = 0xA;

constexpr std::uint32_t flash_base = 0x00000000, ram_base = 0x20000000;

constexpr std::array<std::uint32_t, 8> sha256_iv = {0x6A09E667, 0xBB67AE85, 0x3C6EF372, 0xA54FF53A,
                                                    0x510E527F, 0x9B05688C, 0x1F83D9AB, 0x5BE0CD19};
constexpr std::array<std::uint32_t, 8> sha224_iv = {0xC1059ED8, 0x367CD507, 0x3070DD17, 0xF70E5939,
                                                    0xFFC00B31, 0x68581511, 0x64F98FA7, 0xBEFA4FA4};
constexpr std::array<std::uint32_t, 5> sha1_iv = {0x67452301, 0xEFCDAB89, 0x98BADCFE, 0x10325476,
                                                  0xC3D2E1F0};

// NIST FIPS 180-4 example messages.
const std::string abc = "abc";
const std::string two_block_448 = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
const std::string two_block_896 =
    "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu";

// What the CC312's AHB master reaches: a flash-like array and RAM.
struct fake_bus : models::dma_port {
    std::vector<std::uint8_t> flash = std::vector<std::uint8_t>(0x1000, 0xFF);
    std::vector<std::uint8_t> ram = std::vector<std::uint8_t>(0x1000, 0);
    std::uint8_t* find(std::uint32_t a, std::size_t n) {
        if (a >= ram_base && a - ram_base + n <= ram.size()) return &ram[a - ram_base];
        if (a + n <= flash.size()) return &flash[a - flash_base];
        return nullptr;
    }
    bool dma_read(std::uint32_t a, void* d, std::size_t n) override {
        std::uint8_t* p = find(a, n);
        if (p) std::memcpy(d, p, n);
        return p != nullptr;
    }
    bool dma_write(std::uint32_t, const void*, std::size_t) override { return false; }
};

struct cryptocell_test : ::testing::Test {
    fake_bus memory;
    nrf::cryptocell cc{"cryptocell", memory};
    test::tlm_initiator bus{"bus"};

    cryptocell_test() {
        bus.out.bind(cc.socket);
        bus.write(ENABLE, 1);
    }

    std::uint32_t put(std::vector<std::uint8_t>& area, std::uint32_t base, std::uint32_t offset, const std::string& text) {
        std::memcpy(&area[offset], text.data(), text.size());
        return base + offset;
    }

    // Arm's ProcessHashDrv sequence: engine, mode, length, state H7..H0.
    template <std::size_t N>
    void start_hash(std::uint32_t mode, const std::array<std::uint32_t, N>& state, std::uint64_t length = 0) {
        bus.write(HOST_RGF_ICR, 0xFFFFFFFF);
        bus.write(HASH_CLK_ENABLE, 1);
        bus.write(DMA_CLK_ENABLE, 1);
        bus.write(CRYPTO_CTL, CRYPTO_CTL_HASH);
        bus.write(HASH_PAD_EN, 1);
        bus.write(HASH_SEL_AES_MAC, 0);
        bus.write(HASH_CUR_LEN_0, static_cast<std::uint32_t>(length));
        bus.write(HASH_CUR_LEN_1, static_cast<std::uint32_t>(length >> 32));
        bus.write(HASH_CONTROL, mode);
        for (std::size_t i = N; i-- > 0;) bus.write(HASH_H0 + 4 * std::uint32_t(i), state[i]);
    }
    void dma(std::uint32_t address, std::uint32_t size, bool last) {
        bus.write(AUTO_HW_PADDING, last ? 1 : 0);
        bus.write(SRC_LLI_WORD0, address);
        bus.write(SRC_LLI_WORD1, size);
    }
    template <std::size_t N>
    std::array<std::uint32_t, N> state() {
        std::array<std::uint32_t, N> h{};
        for (std::size_t i = 0; i < N; ++i) h[i] = bus.read(HASH_H0 + 4 * std::uint32_t(i));
        return h;
    }
    std::array<std::uint32_t, 8> sha256(std::uint32_t address, std::uint32_t size) {
        start_hash(MODE_SHA256, sha256_iv);
        dma(address, size, true);
        return state<8>();
    }

    void start_trng(std::uint32_t sample_count) {
        bus.write(RNG_CLK_ENABLE, 1);
        bus.write(RNG_SW_RESET, 1);
        bus.write(RNG_CLK_ENABLE, 1);
        bus.write(SAMPLE_CNT1, sample_count);
        bus.write(RND_SOURCE_ENABLE, 0);
        bus.write(RNG_ICR, 0xFFFFFFFF);
        bus.write(RNG_IMR, 0x3E);  // EHR_VALID unmasked
        bus.write(TRNG_CONFIG, 1u << 2);
        bus.write(TRNG_DEBUG_CONTROL, 0);
        bus.write(RND_SOURCE_ENABLE, 1);
    }
    std::array<std::uint32_t, 6> read_ehr() {
        std::array<std::uint32_t, 6> ehr{};
        for (unsigned i = 0; i < 6; ++i) ehr[i] = bus.read(EHR_DATA_0 + 4 * i);
        return ehr;
    }
};

using words8 = std::array<std::uint32_t, 8>;

TEST_F(cryptocell_test, id_registers_identify_a_cc312_as_the_runtime_checks_them) {
    const std::uint32_t pidr[] = {bus.read(PERIPHERAL_ID_0), bus.read(PERIPHERAL_ID_0 + 4),
                                  bus.read(PERIPHERAL_ID_0 + 8), bus.read(PERIPHERAL_ID_0 + 12),
                                  bus.read(PERIPHERAL_ID_4)};
    EXPECT_EQ(pidr[0], 0xC0u);
    EXPECT_EQ(pidr[1], 0xB0u);
    EXPECT_EQ(pidr[2], 0x0Bu);
    EXPECT_EQ(pidr[3], 0x00u);
    EXPECT_EQ(pidr[4], 0x04u);
    EXPECT_EQ(bus.read(COMPONENT_ID_0), 0x0Du);
    EXPECT_EQ(bus.read(COMPONENT_ID_0 + 4), 0xF0u);
    EXPECT_EQ(bus.read(COMPONENT_ID_0 + 8), 0x05u);
    EXPECT_EQ(bus.read(COMPONENT_ID_0 + 12), 0xB1u);
    EXPECT_EQ(bus.read(HOST_BOOT) & ((1u << 17) | (1u << 15) | (1u << 11)), (1u << 17) | (1u << 15) | (1u << 11))
        << "HASH, SHA-256 and RNG present";
}

TEST_F(cryptocell_test, lifecycle_is_valid_and_nvm_idle_so_init_does_not_spin) {
    EXPECT_EQ(bus.read(LCS_IS_VALID), 1u);
    EXPECT_EQ(bus.read(NVM_IS_IDLE), 1u);
    EXPECT_EQ(bus.read(LCS_REG) & 7, 5u) << "Secure";
    EXPECT_EQ(bus.read(CRYPTO_BUSY), 0u);
    EXPECT_EQ(bus.read(HASH_BUSY), 0u);
    EXPECT_EQ(bus.read(HOST_RGF_IMR), 0xFF0u);
    EXPECT_EQ(bus.read(CLK_STATUS), 0x100u);
}

TEST_F(cryptocell_test, ao_lock_bits_read_back_exactly_as_cc_lib_init_requires) {
    EXPECT_EQ(bus.read(HOST_AO_LOCK_BITS), 0x80u) << "HOST_FORCE_DFA_ENABLE at reset";
    std::uint32_t v = bus.read(HOST_AO_LOCK_BITS) & ~(1u << 7);
    bus.write(HOST_AO_LOCK_BITS, v);
    EXPECT_EQ(bus.read(HOST_AO_LOCK_BITS), v);
    v |= 1u << 8;  // HOST_DFA_ENABLE_LOCK
    bus.write(HOST_AO_LOCK_BITS, v);
    EXPECT_EQ(bus.read(HOST_AO_LOCK_BITS), v);
    bus.write(HOST_AO_LOCK_BITS, 0x1FE);
    EXPECT_EQ(bus.read(HOST_AO_LOCK_BITS), 0x1FEu);
    bus.write(AES_DFA_IS_ON, 0);
    EXPECT_EQ(bus.read(AES_DFA_IS_ON), 0u);
}

TEST_F(cryptocell_test, host_rgf_endian_answers_and_is_write_once) {
    std::uint32_t value = 0;
    EXPECT_EQ(bus.access(tlm::TLM_WRITE_COMMAND, HOST_RGF_ENDIAN, value), tlm::TLM_OK_RESPONSE)
        << "NCS MCUboot bus-faulted at 0x50845A0C";
    EXPECT_EQ(bus.read(HOST_RGF_ENDIAN), 0u);
    bus.write(HOST_RGF_ENDIAN, 0x88);  // big endian after the first write: refused
    EXPECT_EQ(bus.read(HOST_RGF_ENDIAN), 0u);
}

TEST_F(cryptocell_test, clk_status_mirrors_the_clock_enables) {
    bus.write(HASH_CLK_ENABLE, 1);
    EXPECT_EQ(bus.read(CLK_STATUS), 0x104u);
    bus.write(DMA_CLK_ENABLE, 0);
    bus.write(HASH_CLK_ENABLE, 0);
    EXPECT_EQ(bus.read(CLK_STATUS), 0u);
}

TEST_F(cryptocell_test, dma_completion_sets_irr_whatever_the_mask_and_icr_clears_it) {
    const std::uint32_t msg = put(memory.ram, ram_base, 0, abc);
    bus.write(HOST_RGF_IMR, 0xFF0);  // everything masked: the line, not IRR
    sha256(msg, 3);
    EXPECT_EQ(bus.read(HOST_RGF_IRR), IRR_MEM_TO_DIN | IRR_SYM_DMA_COMPLETED);
    bus.write(HOST_RGF_ICR, IRR_SYM_DMA_COMPLETED);
    EXPECT_EQ(bus.read(HOST_RGF_IRR), IRR_MEM_TO_DIN);
    bus.write(HOST_RGF_ICR, 0xFFFFFFFF);
    EXPECT_EQ(bus.read(HOST_RGF_IRR), 0u);
    bus.write(HOST_RGF_IMR, 0x7F0);
    EXPECT_EQ(bus.read(HOST_RGF_IMR), 0x7F0u);
}

TEST_F(cryptocell_test, engines_do_not_run_while_enable_is_0) {
    const std::uint32_t msg = put(memory.ram, ram_base, 0, abc);
    bus.write(ENABLE, 0);
    EXPECT_EQ(bus.read(ENABLE), 0u);
    EXPECT_EQ(sha256(msg, 3), sha256_iv) << "no DMA, state untouched";
    EXPECT_EQ(bus.read(HOST_RGF_IRR), 0u);
    EXPECT_EQ(bus.read(HASH_CUR_LEN_0), 0u);
    bus.write(ENABLE, 1);
    EXPECT_EQ(sha256(msg, 3)[0], 0xBA7816BFu);
}

TEST_F(cryptocell_test, sha256_of_abc_dmad_from_flash) {
    const std::uint32_t msg = put(memory.flash, flash_base, 0x200, abc);
    EXPECT_EQ(sha256(msg, 3), (words8{0xBA7816BF, 0x8F01CFEA, 0x414140DE, 0x5DAE2223, 0xB00361A3,
                                      0x96177A9C, 0xB410FF61, 0xF20015AD}));
    EXPECT_EQ(bus.read(HASH_CUR_LEN_0), 3u);
    EXPECT_EQ(bus.read(HASH_CUR_LEN_1), 0u);
}

TEST_F(cryptocell_test, sha256_of_the_448_bit_message_dmad_from_ram) {
    const std::uint32_t msg = put(memory.ram, ram_base, 0x10, two_block_448);
    EXPECT_EQ(sha256(msg, 56), (words8{0x248D6A61, 0xD20638B8, 0xE5C02693, 0x0C3E6039, 0xA33CE459,
                                       0x64FF2167, 0xF6ECEDD4, 0x19DB06C1}));
}

TEST_F(cryptocell_test, sha256_of_the_empty_message_by_do_pad) {
    start_hash(MODE_SHA256, sha256_iv);
    bus.write(HASH_PAD_CFG, 1u << 2);
    EXPECT_EQ(state<8>(), (words8{0xE3B0C442, 0x98FC1C14, 0x9AFBF4C8, 0x996FB924, 0x27AE41E4,
                                  0x649B934C, 0xA495991B, 0x7852B855}));
    bus.write(HASH_PAD_CFG, 0);
}

TEST_F(cryptocell_test, a_zero_length_dma_completes_and_changes_nothing) {
    start_hash(MODE_SHA256, sha256_iv);
    dma(ram_base, 0, false);
    EXPECT_EQ(bus.read(HOST_RGF_IRR) & IRR_SYM_DMA_COMPLETED, IRR_SYM_DMA_COMPLETED);
    EXPECT_EQ(state<8>(), sha256_iv);
    EXPECT_EQ(bus.read(HASH_CUR_LEN_0), 0u);
}

// Two DMA chunks with the context saved and restored in between, as a
// driver does when another hash runs on the engine meanwhile.
TEST_F(cryptocell_test, sha256_chained_through_the_state_registers) {
    const std::uint32_t msg = put(memory.flash, flash_base, 0x400, two_block_896);
    start_hash(MODE_SHA256, sha256_iv);
    dma(msg, 64, false);
    EXPECT_EQ(bus.read(HOST_RGF_IRR) & IRR_SYM_DMA_COMPLETED, IRR_SYM_DMA_COMPLETED);
    const auto saved = state<8>();
    const std::uint64_t saved_length = bus.read(HASH_CUR_LEN_0) | std::uint64_t{bus.read(HASH_CUR_LEN_1)} << 32;
    EXPECT_EQ(saved_length, 64u);
    EXPECT_NE(saved, sha256_iv);

    sha256(put(memory.ram, ram_base, 0, abc), 3);  // someone else's hash in between

    start_hash(MODE_SHA256, saved, saved_length);
    dma(msg + 64, std::uint32_t(two_block_896.size() - 64), true);
    EXPECT_EQ(state<8>(), (words8{0xCF5B16A7, 0x78AF8380, 0x036CE59E, 0x7B049237, 0x0B249B11,
                                  0xE8F07A51, 0xAFAC4503, 0x7AFEE9D1}));
    EXPECT_EQ(bus.read(HASH_CUR_LEN_0), 112u);
}

TEST_F(cryptocell_test, sha1_of_abc) {
    const std::uint32_t msg = put(memory.ram, ram_base, 0, abc);
    start_hash(MODE_SHA1, sha1_iv);
    dma(msg, 3, true);
    EXPECT_EQ(state<5>(), (std::array<std::uint32_t, 5>{0xA9993E36, 0x4706816A, 0xBA3E2571, 0x7850C26C, 0x9CD0D89D}));
}

TEST_F(cryptocell_test, sha224_of_abc) {
    const std::uint32_t msg = put(memory.ram, ram_base, 0, abc);
    start_hash(MODE_SHA224, sha224_iv);
    dma(msg, 3, true);
    EXPECT_EQ(state<7>(), (std::array<std::uint32_t, 7>{0x23097D22, 0x3405D822, 0x8642A477, 0xBDA255B3,
                                                        0x2AADBCE4, 0xBDA0B3F7, 0xE36C9DA7}));
}

TEST_F(cryptocell_test, xor_din_is_applied_to_every_input_word) {
    // "abc" XOR 0x01010101 is "`cb": its digest, not abc's.
    const std::uint32_t msg = put(memory.ram, ram_base, 0, "`cb");
    start_hash(MODE_SHA256, sha256_iv);
    bus.write(HASH_XOR_DIN, 0x01010101);
    dma(msg, 3, true);
    EXPECT_EQ(bus.read(HASH_H0), 0xBA7816BFu);
}

TEST_F(cryptocell_test, an_unreadable_source_raises_the_ahb_error) {
    start_hash(MODE_SHA256, sha256_iv);
    dma(0x30000000, 64, true);
    EXPECT_EQ(bus.read(HOST_RGF_IRR), IRR_AHB_ERR);
    EXPECT_EQ(state<8>(), sha256_iv);
}

TEST_F(cryptocell_test, trng_sample_is_valid_after_192_times_sample_cnt1_cycles) {
    start_trng(100);  // 192 * 100 cycles at 64 MHz = 300 us
    EXPECT_EQ(bus.read(TRNG_VALID), 0u);
    EXPECT_EQ(bus.read(RNG_BUSY) & 2, 2u) << "TRNG_BUSY";
    sc_core::sc_start(299, SC_US);
    EXPECT_EQ(bus.read(TRNG_VALID), 0u);
    EXPECT_EQ(bus.read(RNG_ISR), 0u);
    EXPECT_EQ(bus.read(HOST_RGF_IRR) & IRR_RNG, 0u);
    sc_core::sc_start(2, SC_US);
    EXPECT_EQ(bus.read(TRNG_VALID), 1u);
    EXPECT_EQ(bus.read(RNG_ISR), 1u) << "EHR_VALID";
    EXPECT_EQ(bus.read(HOST_RGF_IRR) & IRR_RNG, IRR_RNG);
    EXPECT_EQ(bus.read(RNG_BUSY), 0u);
    bus.write(RNG_IMR, 0x3F);  // EHR_VALID masked: no RNG interrupt in IRR
    EXPECT_EQ(bus.read(HOST_RGF_IRR) & IRR_RNG, 0u);
    bus.write(RNG_IMR, 0x3E);

    const auto first = read_ehr();
    EXPECT_NE(first, (std::array<std::uint32_t, 6>{}));
    EXPECT_EQ(bus.read(TRNG_VALID), 0u) << "reading EHR_DATA[5] starts the next sample";
    bus.write(RNG_ICR, 0xFFFFFFFF);
    EXPECT_EQ(bus.read(RNG_ISR), 0u);
    EXPECT_EQ(bus.read(HOST_RGF_IRR) & IRR_RNG, 0u);
    sc_core::sc_start(301, SC_US);
    EXPECT_EQ(bus.read(TRNG_VALID), 1u);
    EXPECT_NE(read_ehr(), first);
}

TEST_F(cryptocell_test, trng_stops_with_rnd_source_enable_and_restarts_after_rst_bits_counter) {
    start_trng(10);
    bus.write(RND_SOURCE_ENABLE, 0);
    sc_core::sc_start(100, SC_US);
    EXPECT_EQ(bus.read(TRNG_VALID), 0u);
    bus.write(RST_BITS_COUNTER, 1);
    bus.write(RND_SOURCE_ENABLE, 1);
    sc_core::sc_start(31, SC_US);  // 192 * 10 cycles = 30 us
    EXPECT_EQ(bus.read(TRNG_VALID), 1u);
}

// A separate model per seed in one test: the stream depends only on the
// seed and the samples taken, so runs are repeatable.
TEST_F(cryptocell_test, trng_output_is_a_function_of_the_seed) {
    auto samples = [](std::uint64_t seed) {
        fake_bus none;
        nrf::cryptocell model{("cc_" + std::to_string(seed)).c_str(), none, seed};
        test::tlm_initiator b{("bus_" + std::to_string(seed)).c_str()};
        b.out.bind(model.socket);
        b.write(ENABLE, 1);
        b.write(RNG_CLK_ENABLE, 1);
        b.write(SAMPLE_CNT1, 1);
        b.write(RND_SOURCE_ENABLE, 1);
        std::vector<std::uint32_t> words;
        for (int sample = 0; sample < 2; ++sample) {
            b.delay += sc_core::sc_time(10, SC_US);  // later than the sample's 3 us
            EXPECT_EQ(b.read(TRNG_VALID), 1u);
            for (unsigned i = 0; i < 6; ++i) words.push_back(b.read(EHR_DATA_0 + 4 * i));
        }
        return words;
    };
    const auto a = samples(1), again = samples(1), other = samples(2);
    EXPECT_EQ(a, again);
    EXPECT_NE(a, other);
    EXPECT_NE(std::vector<std::uint32_t>(a.begin(), a.begin() + 6), std::vector<std::uint32_t>(a.begin() + 6, a.end()));
}

TEST_F(cryptocell_test, rng_sw_reset_restores_the_rng_registers) {
    start_trng(10);
    bus.write(RNG_SW_RESET, 1);
    EXPECT_EQ(bus.read(RNG_IMR), 0x3Fu);
    EXPECT_EQ(bus.read(RND_SOURCE_ENABLE), 0u);
    EXPECT_EQ(bus.read(SAMPLE_CNT1), 0u);
    sc_core::sc_start(100, SC_US);
    EXPECT_EQ(bus.read(TRNG_VALID), 0u);
}

} // namespace
