#include "peripherals/gpio.h"

namespace nrf {
namespace {

constexpr std::uint32_t DETECTMODE = 0x024;

// PIN_CNF fields.
constexpr std::uint32_t cnf_dir = 1u << 0, cnf_input_disconnect = 1u << 1;
constexpr unsigned cnf_pull_shift = 2, cnf_sense_shift = 16, cnf_mcusel_shift = 28;
constexpr std::uint32_t cnf_mcusel_field = 7u << cnf_mcusel_shift;
constexpr std::uint32_t cnf_writable = 0x7003070F;  // DIR INPUT PULL DRIVE SENSE MCUSEL
constexpr std::uint32_t cnf_reset = cnf_input_disconnect;
enum pull : std::uint32_t { pull_disabled = 0, pull_down = 1, pull_up = 3 };
enum sense : std::uint32_t { sense_disabled = 0, sense_high = 2, sense_low = 3 };

constexpr std::uint32_t ldetect = 1;

} // namespace

gpio::gpio(sc_core::sc_module_name name, unsigned pin_count)
    : peripheral(name),
      m_pin_count(pin_count < max_pins ? pin_count : max_pins),
      m_pin_mask(m_pin_count == 32 ? 0xFFFFFFFFu : (1u << m_pin_count) - 1) {
    using R = models::regs<gpio>;
    static constexpr R::row rows[] = {
        R::rw("OUT", 0x004).on_read(&gpio::read_out).on_write(&gpio::write_out),
        R::rw("OUTSET", 0x008).on_read(&gpio::read_out).on_write(&gpio::write_outset),
        R::rw("OUTCLR", 0x00C).on_read(&gpio::read_out).on_write(&gpio::write_outclr),
        R::ro("IN", 0x010).on_read(&gpio::read_in),
        R::rw("DIR", 0x014).on_read(&gpio::read_dir).on_write(&gpio::write_dir),
        R::rw("DIRSET", 0x018).on_read(&gpio::read_dir).on_write(&gpio::write_dirset),
        R::rw("DIRCLR", 0x01C).on_read(&gpio::read_dir).on_write(&gpio::write_dirclr),
        R::rw("LATCH", 0x020).on_read(&gpio::read_latch).on_write(&gpio::write_latch),
        R::rw("DETECTMODE", DETECTMODE).mask(1).on_write(&gpio::write_detectmode),
        R::rw("DETECTMODE_SEC", 0x028).mask(1),
    };
    declare_registers(*this, rows);
    using row = R::row;
    const row pin_cnf = R::rw("PIN_CNF", 0x200).array(m_pin_count).on_read(&gpio::read_pin_cnf)
                            .on_write(&gpio::write_pin_cnf);
    m_bank.add(pin_cnf.bind(*this));
    reset();
}

void gpio::reset() {
    peripheral::reset();
    m_out = m_dir = m_latch = 0;
    m_pin_cnf.fill(cnf_reset);
    m_task_active = m_task_level = 0;
    update();
}

unsigned gpio::writer_core() const {
    const models::bus_master* master = current_master();
    return master ? master->core : 0;
}

std::uint32_t gpio::owned_mask(unsigned core) const {
    std::uint32_t mask = 0;
    for (unsigned pin = 0; pin < m_pin_count; ++pin) {
        const mcusel sel = owner(pin);
        if ((sel == app_mcu && core == 0) || (sel == network_mcu && core == 1)) mask |= 1u << pin;
    }
    return mask;
}

// Stores `value` into the bits of `reg` that the writing core owns.
void gpio::set_owned(std::uint32_t& reg, std::uint32_t value) {
    const std::uint32_t mask = owned_mask(writer_core());
    reg = (reg & ~mask) | (value & mask);
    update();
}

void gpio::write_latch(std::uint32_t value) {
    m_latch &= ~(value & owned_mask(writer_core()));
    update();  // pins whose condition still holds latch again
}

void gpio::write_pin_cnf(unsigned n, std::uint32_t value) {
    const unsigned core = writer_core();
    if (core == 0) m_pin_cnf[n] = (m_pin_cnf[n] & ~cnf_mcusel_field) | (value & cnf_mcusel_field);
    if ((owned_mask(core) >> n) & 1) {
        const std::uint32_t fields = cnf_writable & ~cnf_mcusel_field & ~cnf_dir;
        m_pin_cnf[n] = (m_pin_cnf[n] & ~fields) | (value & fields);
        m_dir = (m_dir & ~(1u << n)) | ((value & cnf_dir) << n);
    }
    update();
}

void gpio::set_input(unsigned pin, bool level, const sc_core::sc_time& delay) {
    if (pin >= m_pin_count) return;
    m_input_driven |= 1u << pin;
    m_input_level = (m_input_level & ~(1u << pin)) | (std::uint32_t(level) << pin);
    at_delay(delay, [&] { update(); });
}

void gpio::release_input(unsigned pin, const sc_core::sc_time& delay) {
    if (pin >= m_pin_count) return;
    m_input_driven &= ~(1u << pin);
    at_delay(delay, [&] { update(); });
}

void gpio::set_task_output(unsigned pin, bool active, bool level, const sc_core::sc_time& delay) {
    if (pin >= m_pin_count) return;
    const std::uint32_t bit = 1u << pin;
    m_task_active = active ? (m_task_active | bit) : (m_task_active & ~bit);
    m_task_level = level ? (m_task_level | bit) : (m_task_level & ~bit);
    at_delay(delay, [&] { update(); });
}

std::uint32_t gpio::driven_mask() const { return (m_dir | m_task_active) & m_pin_mask; }

std::uint32_t gpio::input_disconnected_mask() const {
    std::uint32_t mask = 0;
    for (unsigned pin = 0; pin < m_pin_count; ++pin) {
        if (m_pin_cnf[pin] & cnf_input_disconnect) mask |= 1u << pin;
    }
    return mask;
}

std::uint32_t gpio::compute_levels() const {
    std::uint32_t levels = 0;
    for (unsigned pin = 0; pin < m_pin_count; ++pin) {
        const std::uint32_t bit = 1u << pin;
        bool high;
        if (m_task_active & bit) {
            high = m_task_level & bit;
        } else if (m_dir & bit) {
            high = m_out & bit;
        } else if (m_input_driven & bit) {
            high = m_input_level & bit;
        } else {
            high = ((m_pin_cnf[pin] >> cnf_pull_shift) & 3) == pull_up;
        }
        if (high) levels |= bit;
    }
    return levels;
}

std::uint32_t gpio::sense_mask() const {
    std::uint32_t met = 0;
    for (unsigned pin = 0; pin < m_pin_count; ++pin) {
        const std::uint32_t mode = (m_pin_cnf[pin] >> cnf_sense_shift) & 3;
        const bool high = level(pin);
        if ((mode == sense_high && high) || (mode == sense_low && !high)) met |= 1u << pin;
    }
    return met;
}

// Recomputes the pin levels, LATCH and DETECT, and tells the listeners.
void gpio::update() {
    const std::uint32_t old_levels = m_levels;
    m_levels = compute_levels();
    const std::uint32_t changed = old_levels ^ m_levels;
    for (unsigned pin = 0; pin < m_pin_count; ++pin) {
        if (!((changed >> pin) & 1)) continue;
        const bool high = level(pin);
        for (const level_listener& listener : m_level_listeners) listener(pin, high, local_delay());
        if (driven_by_chip(pin) && on_output_change) on_output_change(pin, high);
    }
    const std::uint32_t met = sense_mask();
    m_latch |= met;
    const bool detect = (m_bank.stored(DETECTMODE) & ldetect) ? m_latch != 0 : met != 0;
    const bool rising = detect && !m_detect;
    m_detect = detect;
    if (rising) {
        for (const detect_listener& listener : m_detect_listeners) listener(local_delay());
    }
}

} // namespace nrf
