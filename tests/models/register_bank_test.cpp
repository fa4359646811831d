// The nRF register conventions, tested once on a small made-up peripheral.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "models/log.h"
#include "models/peripheral.h"
#include "models/router.h"
#include "tests/support/tlm_initiator.h"

namespace {

constexpr std::uint32_t TASKS_GO = 0x000;
constexpr std::uint32_t TASKS_FIRE = 0x010;  // [2]
constexpr std::uint32_t SUBSCRIBE_GO = 0x080;
constexpr std::uint32_t EVENTS_DONE = 0x100;
constexpr std::uint32_t EVENTS_FIRED = 0x110;  // [2]
constexpr std::uint32_t PUBLISH_DONE = 0x180;
constexpr std::uint32_t INTEN = 0x300;
constexpr std::uint32_t INTENSET = 0x304;
constexpr std::uint32_t INTENCLR = 0x308;
constexpr std::uint32_t INTPEND = 0x30C;
constexpr std::uint32_t STATUS = 0x400;
constexpr std::uint32_t CONFIG = 0x504;
constexpr std::uint32_t UNKNOWN = 0x600;

class gadget : public models::peripheral {
public:
    explicit gadget(sc_core::sc_module_name name) : peripheral(name) {
        using R = models::regs<gadget>;
        static constexpr R::row rows[] = {
            R::task("TASKS_GO", 0x000).on_task(&gadget::task_go),
            R::task("TASKS_FIRE", 0x010).array(2).on_task(&gadget::task_fire),
            R::subscribe("SUBSCRIBE_GO", 0x080),
            R::event("EVENTS_DONE", 0x100),
            R::event("EVENTS_FIRED", 0x110).array(2),
            R::publish("PUBLISH_DONE", 0x180),
            R::inten(0x300),
            R::inten_set(0x304),
            R::inten_clr(0x308),
            R::intpend(0x30C),
            R::ro("STATUS", 0x400).on_read(&gadget::read_status),
            R::rw("CONFIG", 0x504).reset(0x12345678).mask(0x00FFFFFF),
        };
        declare_registers(*this, rows);
        reset();
    }
    unsigned go_count = 0;
    std::vector<unsigned> fired;

private:
    void task_go() { ++go_count; signal_event(EVENTS_DONE); }
    void task_fire(unsigned n) { fired.push_back(n); signal_event(EVENTS_FIRED + 4 * n); }
    std::uint32_t read_status() { return 0xA5A5A5A5; }
};

struct recording_sink : models::irq_sink {
    std::vector<bool> levels;
    void set_irq(unsigned, bool level) override { levels.push_back(level); }
};

struct recording_subscriber : models::dppi_bus::subscriber {
    std::vector<unsigned> channels;
    void dppi_triggered(unsigned channel, const sc_core::sc_time&) override { channels.push_back(channel); }
};

using bus = test::tlm_initiator;

struct bank_test : ::testing::Test {
    gadget dut{"gadget"};
    bus cpu{"cpu"};
    std::vector<std::string> messages;
    bank_test() {
        cpu.out.bind(dut.socket);
        models::log::clear_counts();
        models::log::set_sink([this](models::log::level, const std::string& m) { messages.push_back(m); });
    }
    ~bank_test() override {
        models::log::set_sink({});
        models::peripheral::set_strict(false);
    }
};

TEST_F(bank_test, task_acts_only_on_a_write_of_one_and_reads_zero) {
    cpu.write(TASKS_GO, 0);
    EXPECT_EQ(dut.go_count, 0u);
    cpu.write(TASKS_GO, 1);
    EXPECT_EQ(dut.go_count, 1u);
    EXPECT_EQ(cpu.read(TASKS_GO), 0u);
}

TEST_F(bank_test, array_task_handler_gets_its_index) {
    cpu.write(TASKS_FIRE + 4, 1);
    ASSERT_EQ(dut.fired.size(), 1u);
    EXPECT_EQ(dut.fired[0], 1u);
    EXPECT_EQ(cpu.read(EVENTS_FIRED), 0u);
    EXPECT_EQ(cpu.read(EVENTS_FIRED + 4), 1u);
}

TEST_F(bank_test, event_stays_set_until_software_writes_zero) {
    cpu.write(TASKS_GO, 1);
    EXPECT_EQ(cpu.read(EVENTS_DONE), 1u);
    EXPECT_EQ(cpu.read(EVENTS_DONE), 1u);  // reading does not clear
    cpu.write(TASKS_GO, 1);                // set again: still 1
    EXPECT_EQ(cpu.read(EVENTS_DONE), 1u);
    cpu.write(EVENTS_DONE, 0);
    EXPECT_EQ(cpu.read(EVENTS_DONE), 0u);
}

TEST_F(bank_test, intenset_and_intenclr_are_views_of_inten) {
    cpu.write(INTENSET, 0x1);
    cpu.write(INTENSET, 0x10);
    EXPECT_EQ(cpu.read(INTEN), 0x11u);
    EXPECT_EQ(cpu.read(INTENSET), 0x11u);
    cpu.write(INTENCLR, 0x1);
    EXPECT_EQ(cpu.read(INTENCLR), 0x10u);
    cpu.write(INTEN, 0x3);
    EXPECT_EQ(cpu.read(INTENSET), 0x3u);
}

TEST_F(bank_test, irq_is_the_level_of_events_and_inten) {
    recording_sink nvic;
    dut.irq.connect(nvic, 7);
    cpu.write(TASKS_GO, 1);
    EXPECT_FALSE(dut.irq.level());  // event set but not enabled
    cpu.write(INTENSET, 1u << 0);   // EVENTS_DONE is event index 0
    EXPECT_TRUE(dut.irq.level());
    EXPECT_EQ(cpu.read(INTPEND), 1u);
    cpu.write(EVENTS_DONE, 0);
    EXPECT_FALSE(dut.irq.level());
    cpu.write(TASKS_FIRE, 1);        // EVENTS_FIRED[0] = index 4, not enabled
    EXPECT_FALSE(dut.irq.level());
    cpu.write(INTENSET, 1u << 4);
    EXPECT_TRUE(dut.irq.level());
    EXPECT_EQ(nvic.levels, (std::vector<bool>{false, true, false, true}));
}

TEST_F(bank_test, narrow_writes_merge_byte_lanes) {
    cpu.write(CONFIG, 0x00AABBCC);
    cpu.write(CONFIG + 1, 0x11, 1);
    EXPECT_EQ(cpu.read(CONFIG), 0x00AA11CCu);
    cpu.write(CONFIG + 2, 0xFF22, 2);
    EXPECT_EQ(cpu.read(CONFIG), 0x002211CCu);  // bits 31:24 are not writable
    EXPECT_EQ(cpu.read(CONFIG + 1, 1), 0x11u);
    EXPECT_EQ(cpu.read(CONFIG + 2, 2), 0x0022u);
    cpu.write(TASKS_GO, 1, 1);
    EXPECT_EQ(dut.go_count, 1u);
}

TEST_F(bank_test, misaligned_access_is_an_error) {
    std::uint32_t value = 0;
    EXPECT_EQ(cpu.access(tlm::TLM_READ_COMMAND, CONFIG + 1, value, 2), tlm::TLM_GENERIC_ERROR_RESPONSE);
}

TEST_F(bank_test, reset_restores_reset_values) {
    cpu.write(CONFIG, 0);
    cpu.write(INTENSET, 1);
    cpu.write(TASKS_GO, 1);
    dut.reset();
    EXPECT_EQ(cpu.read(CONFIG), 0x12345678u);
    EXPECT_EQ(cpu.read(INTEN), 0u);
    EXPECT_EQ(cpu.read(EVENTS_DONE), 0u);
}

TEST_F(bank_test, read_only_register_ignores_writes_and_uses_its_handler) {
    cpu.write(STATUS, 0);
    EXPECT_EQ(cpu.read(STATUS), 0xA5A5A5A5u);
    EXPECT_EQ(messages.size(), 1u);
}

TEST_F(bank_test, unknown_offset_warns_once_with_core_and_pc) {
    models::bus_master master;
    master.core = 1;
    master.pc = 0x1234;
    std::uint32_t value = 0xFFFFFFFF;
    EXPECT_EQ(cpu.access(tlm::TLM_READ_COMMAND, UNKNOWN, value, 4, &master), tlm::TLM_OK_RESPONSE);
    EXPECT_EQ(value, 0u);
    cpu.write(UNKNOWN, 5);
    cpu.read(UNKNOWN);
    ASSERT_EQ(messages.size(), 1u);
    EXPECT_NE(messages[0].find("gadget"), std::string::npos);
    EXPECT_NE(messages[0].find("0x600"), std::string::npos);
    EXPECT_NE(messages[0].find("net"), std::string::npos);
    EXPECT_NE(messages[0].find("0x1234"), std::string::npos);
    cpu.read(UNKNOWN + 4);
    EXPECT_EQ(messages.size(), 2u);
}

TEST_F(bank_test, strict_mode_makes_bad_accesses_errors) {
    models::peripheral::set_strict(true);
    std::uint32_t value = 0;
    EXPECT_EQ(cpu.access(tlm::TLM_READ_COMMAND, UNKNOWN, value, 4), tlm::TLM_ADDRESS_ERROR_RESPONSE);
    value = 1;
    EXPECT_EQ(cpu.access(tlm::TLM_WRITE_COMMAND, STATUS, value, 4), tlm::TLM_GENERIC_ERROR_RESPONSE);
    EXPECT_EQ(cpu.access(tlm::TLM_READ_COMMAND, CONFIG, value, 4), tlm::TLM_OK_RESPONSE);
}

TEST_F(bank_test, debug_read_has_no_side_effects) {
    tlm::tlm_generic_payload trans;
    std::uint32_t value = 0;
    trans.set_command(tlm::TLM_READ_COMMAND);
    trans.set_address(CONFIG);
    trans.set_data_ptr(reinterpret_cast<unsigned char*>(&value));
    trans.set_data_length(4);
    EXPECT_EQ(cpu.out->transport_dbg(trans), 4u);
    EXPECT_EQ(value, 0x12345678u);
    trans.set_command(tlm::TLM_WRITE_COMMAND);
    trans.set_address(TASKS_GO);
    value = 1;
    EXPECT_EQ(cpu.out->transport_dbg(trans), 0u);
    EXPECT_EQ(dut.go_count, 0u);
}

TEST_F(bank_test, publish_and_subscribe_go_through_enabled_channels) {
    models::dppi_bus dppi{"dppi"};
    recording_subscriber probe;
    dut.connect_dppi(dppi);
    dppi.connect(probe);
    cpu.write(PUBLISH_DONE, (1u << 31) | 3);
    cpu.write(TASKS_GO, 1);
    EXPECT_TRUE(probe.channels.empty());  // channel 3 not enabled
    dppi.set_channel_enables(1u << 3);
    cpu.write(TASKS_GO, 1);
    EXPECT_EQ(probe.channels, std::vector<unsigned>{3});
    EXPECT_EQ(cpu.read(PUBLISH_DONE), 0x80000003u);

    cpu.write(SUBSCRIBE_GO, (1u << 31) | 5);
    dppi.set_channel_enables((1u << 3) | (1u << 5));
    const unsigned before = dut.go_count;
    dppi.publish(5);
    EXPECT_EQ(dut.go_count, before + 1);
    cpu.write(SUBSCRIBE_GO, 5);  // EN off
    dppi.publish(5);
    EXPECT_EQ(dut.go_count, before + 1);
}

TEST_F(bank_test, a_dppi_loop_advances_in_time_instead_of_recursing) {
    models::dppi_bus dppi{"dppi"};
    dut.connect_dppi(dppi);
    dppi.set_channel_enables(1u << 2);
    cpu.write(PUBLISH_DONE, (1u << 31) | 2);
    cpu.write(SUBSCRIBE_GO, (1u << 31) | 2);  // DONE -> ch 2 -> GO -> DONE ...
    cpu.write(TASKS_GO, 1);
    EXPECT_EQ(dut.go_count, 2u);  // the write, then one delivery; the repeat is deferred
    sc_core::sc_start(models::dppi_bus::hop_delay() * 10);
    EXPECT_GE(dut.go_count, 10u);
    EXPECT_LE(dut.go_count, 13u);
}

TEST(register_bank, overlapping_registers_are_rejected) {
    models::register_bank bank;
    models::reg_def a;
    a.name = "A";
    a.offset = 0x10;
    a.count = 4;
    bank.add(a);
    models::reg_def b;
    b.name = "B";
    b.offset = 0x1C;
    EXPECT_THROW(bank.add(b), std::logic_error);
}

TEST(log, repeated_messages_are_capped) {
    std::vector<std::string> out;
    models::log::set_sink([&](models::log::level, const std::string& m) { out.push_back(m); });
    models::log::set_repeat_cap(3);
    for (int i = 0; i < 10; ++i) models::log::warning("same");
    models::log::warning("other");
    models::log::set_sink({});
    ASSERT_EQ(out.size(), 5u);  // 3 shown, one suppression note, "other"
    EXPECT_NE(out[3].find("suppressed"), std::string::npos);
    EXPECT_EQ(out[4], "other");
}

} // namespace
