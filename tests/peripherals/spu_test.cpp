// SPU: offsets and reset values from the nRF5340 PS/MDK, LOCK, and the
// permission queries the SoC asks on every access.
#include <gtest/gtest.h>

#include "peripherals/spu.h"
#include "tests/support/tlm_initiator.h"

namespace {

constexpr std::uint32_t EVENTS_RAMACCERR = 0x100, EVENTS_FLASHACCERR = 0x104, EVENTS_PERIPHACCERR = 0x108,
                        PUBLISH_RAMACCERR = 0x180, INTEN = 0x300, INTENSET = 0x304, INTENCLR = 0x308,
                        CAP = 0x400, CPULOCK = 0x404, EXTDOMAIN0_PERM = 0x440, DPPI0_PERM = 0x480,
                        DPPI0_LOCK = 0x484, GPIOPORT0_PERM = 0x4C0, GPIOPORT0_LOCK = 0x4C4,
                        GPIOPORT1_PERM = 0x4C8, GPIOPORT1_LOCK = 0x4CC, FLASHNSC0_REGION = 0x500,
                        FLASHNSC0_SIZE = 0x504, FLASHNSC1_SIZE = 0x50C, RAMNSC0_REGION = 0x540,
                        RAMNSC0_SIZE = 0x544, RAMNSC1_SIZE = 0x54C, FLASHREGION0_PERM = 0x600,
                        RAMREGION0_PERM = 0x700, PERIPHID0_PERM = 0x800;
constexpr std::uint32_t EXECUTE = 1u << 0, WRITE = 1u << 1, READ = 1u << 2, SECATTR = 1u << 4,
                        LOCK = 1u << 8, PRESENT = 1u << 31;
constexpr std::uint32_t FLASH_REGION = 16 * 1024, RAM_REGION = 8 * 1024, RAM = 0x20000000;

struct level_probe : models::irq_sink {
    bool level = false;
    void set_irq(unsigned, bool l) override { level = l; }
};

struct spu_test : ::testing::Test {
    nrf::spu dut{"spu", {3, 8, 42}};
    test::tlm_initiator cpu{"cpu"};
    level_probe nvic;
    spu_test() {
        cpu.out.bind(dut.socket);
        dut.irq.connect(nvic, 3);
    }
    std::uint32_t flashregion(unsigned n) { return FLASHREGION0_PERM + 4 * n; }
    std::uint32_t ramregion(unsigned n) { return RAMREGION0_PERM + 4 * n; }
    std::uint32_t periphid(unsigned id) { return PERIPHID0_PERM + 4 * id; }
};

TEST_F(spu_test, reset_values) {
    const std::pair<std::uint32_t, std::uint32_t> table[] = {
        {EVENTS_RAMACCERR, 0}, {EVENTS_FLASHACCERR, 0}, {EVENTS_PERIPHACCERR, 0}, {PUBLISH_RAMACCERR, 0},
        {INTEN, 0}, {CAP, 1}, {CPULOCK, 0}, {EXTDOMAIN0_PERM, 0x2}, {DPPI0_PERM, 0xFFFFFFFF},
        {DPPI0_LOCK, 0}, {GPIOPORT0_PERM, 0xFFFFFFFF}, {GPIOPORT0_LOCK, 0}, {GPIOPORT1_PERM, 0xFFFFFFFF},
        {GPIOPORT1_LOCK, 0}, {FLASHNSC0_REGION, 0}, {FLASHNSC1_SIZE, 0}, {RAMNSC0_REGION, 0},
        {RAMNSC1_SIZE, 0}, {flashregion(0), 0x17}, {flashregion(63), 0x17}, {ramregion(0), 0x17},
        {ramregion(63), 0x17}, {periphid(0), 0x12}, {periphid(3), 0x12 | PRESENT},
        {periphid(42), 0x12 | PRESENT}, {periphid(255), 0x12},
    };
    for (auto [offset, reset] : table) EXPECT_EQ(cpu.read(offset), reset) << std::hex << offset;
}

TEST_F(spu_test, table_names_match_the_datasheet_offsets) {
    const std::pair<const char*, std::uint32_t> names[] = {
        {"EVENTS_PERIPHACCERR", 0x108}, {"PUBLISH_PERIPHACCERR", 0x188}, {"CAP", 0x400},
        {"EXTDOMAIN.PERM", 0x440}, {"DPPI.LOCK", 0x484}, {"GPIOPORT.LOCK", 0x4CC},
        {"FLASHNSC.SIZE", 0x50C}, {"RAMNSC.REGION", 0x548}, {"FLASHREGION.PERM", 0x6FC},
        {"RAMREGION.PERM", 0x7FC}, {"PERIPHID.PERM", 0xBFC},
    };
    for (auto [name, offset] : names) {
        const models::reg_def* reg = dut.bank().find(offset);
        ASSERT_NE(reg, nullptr) << name;
        EXPECT_EQ(reg->name, name) << std::hex << offset;
    }
    EXPECT_EQ(dut.bank().find(0xC00), nullptr);
}

TEST_F(spu_test, reset_state_is_secure_everything) {
    EXPECT_TRUE(dut.allows_flash(0x0, 4, false, true, true));
    EXPECT_TRUE(dut.allows_flash(0xFFFFC, 4, true, false, true));
    EXPECT_FALSE(dut.allows_flash(0x0, 4, false, false, false));
    EXPECT_TRUE(dut.allows_ram(RAM, 4, true, false, true));
    EXPECT_FALSE(dut.allows_ram(RAM + 0x7FFFC, 4, false, false, false));
    EXPECT_TRUE(dut.allows_peripheral(42, true));
    EXPECT_FALSE(dut.allows_peripheral(42, false));
    EXPECT_FALSE(dut.extdomain_secure());
    EXPECT_TRUE(dut.dppi_channel_secure(31));
    EXPECT_TRUE(dut.gpio_pin_secure(1, 15));
}

TEST_F(spu_test, addresses_outside_flash_and_ram_are_refused) {
    EXPECT_FALSE(dut.allows_flash(0x100000, 4, false, false, true));
    EXPECT_FALSE(dut.allows_flash(0xFFFFE, 4, false, false, true));  // straddles the end
    EXPECT_FALSE(dut.allows_ram(RAM - 4, 4, false, false, true));
    EXPECT_FALSE(dut.allows_ram(RAM + 0x80000, 4, false, false, true));
}

TEST_F(spu_test, nonsecure_flash_region_with_its_permissions) {
    cpu.write(flashregion(4), READ | EXECUTE);  // non-secure, read-only code
    const std::uint32_t base = 4 * FLASH_REGION;
    EXPECT_TRUE(dut.allows_flash(base, 4, false, false, false));
    EXPECT_TRUE(dut.allows_flash(base + FLASH_REGION - 4, 4, false, true, false));
    EXPECT_FALSE(dut.allows_flash(base, 4, true, false, false));
    EXPECT_FALSE(dut.allows_flash(base, 4, true, false, true));  // WRITE is off for everyone
    EXPECT_FALSE(dut.allows_flash(base - 4, 4, false, false, false));
    EXPECT_FALSE(dut.allows_flash(base + FLASH_REGION - 2, 4, false, false, false));  // into region 5
    EXPECT_TRUE(dut.allows_flash(base, 4, false, false, true));  // secure reads of NS memory
}

TEST_F(spu_test, ram_region_without_execute) {
    cpu.write(ramregion(2), READ | WRITE | SECATTR);
    const std::uint32_t base = RAM + 2 * RAM_REGION;
    EXPECT_TRUE(dut.allows_ram(base, 4, true, false, true));
    EXPECT_FALSE(dut.allows_ram(base, 2, false, true, true));
    EXPECT_TRUE(dut.allows_ram(base - RAM_REGION, 2, false, true, true));
}

TEST_F(spu_test, locked_region_ignores_writes_until_reset) {
    cpu.write(ramregion(0), READ | SECATTR | LOCK);  // the PCD RAM: read-only, locked
    EXPECT_EQ(cpu.read(ramregion(0)), READ | SECATTR | LOCK);
    EXPECT_FALSE(dut.allows_ram(RAM, 4, true, false, true));
    cpu.write(ramregion(0), READ | WRITE | SECATTR);
    EXPECT_EQ(cpu.read(ramregion(0)), READ | SECATTR | LOCK);
    EXPECT_FALSE(dut.allows_ram(RAM, 4, true, false, true));
    dut.reset();
    EXPECT_EQ(cpu.read(ramregion(0)), 0x17u);
    EXPECT_TRUE(dut.allows_ram(RAM, 4, true, false, true));
}

TEST_F(spu_test, reserved_region_bits_do_not_stick) {
    cpu.write(flashregion(1), 0xFFFFFEFF);  // everything but LOCK
    EXPECT_EQ(cpu.read(flashregion(1)), EXECUTE | WRITE | READ | SECATTR);
}

TEST_F(spu_test, extdomain_secattr_makes_net_accesses_secure) {
    cpu.write(EXTDOMAIN0_PERM, SECATTR);  // what Zephyr and MCUboot write
    EXPECT_EQ(cpu.read(EXTDOMAIN0_PERM), 0x2u | SECATTR);  // SECUREMAPPING stays read-only
    EXPECT_TRUE(dut.extdomain_secure());
    cpu.write(EXTDOMAIN0_PERM, LOCK);
    EXPECT_FALSE(dut.extdomain_secure());
    cpu.write(EXTDOMAIN0_PERM, SECATTR);
    EXPECT_FALSE(dut.extdomain_secure());
}

TEST_F(spu_test, periphid_secattr_selects_the_alias_and_present_is_read_only) {
    cpu.write(periphid(8), 0);  // UARTE0 non-secure
    EXPECT_EQ(cpu.read(periphid(8)), 0x2u | PRESENT);
    EXPECT_TRUE(dut.allows_peripheral(8, false));
    EXPECT_FALSE(dut.allows_peripheral(8, true));
    cpu.write(periphid(8), SECATTR | LOCK);
    cpu.write(periphid(8), 0);
    EXPECT_TRUE(dut.allows_peripheral(8, true));
    EXPECT_EQ(cpu.read(periphid(8)), 0x12u | LOCK | PRESENT);
}

TEST_F(spu_test, dppi_and_gpioport_lock_registers_freeze_perm) {
    cpu.write(DPPI0_PERM, 0x0000FFFF);
    EXPECT_FALSE(dut.dppi_channel_secure(16));
    EXPECT_TRUE(dut.dppi_channel_secure(15));
    cpu.write(DPPI0_LOCK, 1);
    cpu.write(DPPI0_PERM, 0);
    EXPECT_EQ(cpu.read(DPPI0_PERM), 0x0000FFFFu);
    cpu.write(DPPI0_LOCK, 0);
    EXPECT_EQ(cpu.read(DPPI0_LOCK), 1u);

    cpu.write(GPIOPORT1_PERM, 0);
    EXPECT_FALSE(dut.gpio_pin_secure(1, 0));
    EXPECT_TRUE(dut.gpio_pin_secure(0, 0));
    cpu.write(GPIOPORT1_LOCK, 1);
    cpu.write(GPIOPORT1_PERM, 0xFFFFFFFF);
    EXPECT_FALSE(dut.gpio_pin_secure(1, 0));
    cpu.write(GPIOPORT0_PERM, 0x1);
    EXPECT_FALSE(dut.gpio_pin_secure(0, 1));
}

TEST_F(spu_test, cpulock_bits_stick_until_reset) {
    cpu.write(CPULOCK, 0x5);
    cpu.write(CPULOCK, 0x2);
    EXPECT_EQ(cpu.read(CPULOCK), 0x7u);
    cpu.write(CPULOCK, 0);
    EXPECT_EQ(cpu.read(CPULOCK), 0x7u);
    dut.reset();
    EXPECT_EQ(cpu.read(CPULOCK), 0u);
}

TEST_F(spu_test, nsc_window_is_the_end_of_the_chosen_region) {
    cpu.write(FLASHNSC0_REGION, 3);
    cpu.write(FLASHNSC0_SIZE, 1);  // 32 bytes
    const std::uint32_t end = 4 * FLASH_REGION;
    EXPECT_TRUE(dut.nonsecure_callable(end - 32));
    EXPECT_TRUE(dut.nonsecure_callable(end - 1));
    EXPECT_FALSE(dut.nonsecure_callable(end - 33));
    EXPECT_FALSE(dut.nonsecure_callable(end));
    cpu.write(RAMNSC0_REGION, 0);
    cpu.write(RAMNSC0_SIZE, 8 | LOCK);  // 4096 bytes
    EXPECT_TRUE(dut.nonsecure_callable(RAM + RAM_REGION - 4096));
    EXPECT_FALSE(dut.nonsecure_callable(RAM + RAM_REGION - 4097));
    cpu.write(RAMNSC0_SIZE, 0);
    EXPECT_EQ(cpu.read(RAMNSC0_SIZE), 8u | LOCK);
    cpu.write(FLASHNSC0_SIZE, 0);
    EXPECT_FALSE(dut.nonsecure_callable(end - 1));
}

TEST_F(spu_test, violations_raise_events_and_the_interrupt) {
    cpu.write(INTENSET, 1u << 2);  // PERIPHACCERR
    dut.record_violation(nrf::spu::violation::ram);
    EXPECT_EQ(cpu.read(EVENTS_RAMACCERR), 1u);
    EXPECT_FALSE(nvic.level);
    dut.record_violation(nrf::spu::violation::peripheral);
    EXPECT_EQ(cpu.read(EVENTS_PERIPHACCERR), 1u);
    EXPECT_TRUE(nvic.level);
    cpu.write(EVENTS_PERIPHACCERR, 0);
    EXPECT_FALSE(nvic.level);
    dut.record_violation(nrf::spu::violation::flash);
    EXPECT_EQ(cpu.read(EVENTS_FLASHACCERR), 1u);
    cpu.write(INTENCLR, 1u << 2);
    EXPECT_EQ(cpu.read(INTEN), 0u);
}

} // namespace
