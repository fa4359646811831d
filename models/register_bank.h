// nRF-style register banks: each peripheral declares its registers once, as
// a table of rows (datasheet name, offset, array count/stride, reset value,
// kind, handlers). The kinds encode Nordic's conventions in one place:
//
//   task       acts only when a 1 is written to bit 0; always reads 0
//   event      a latch the model sets; only software (writing 0) clears it
//   rw, ro     plain registers, with optional read/write handlers
//   inten      the interrupt enable register; bit n enables the event at
//              0x100 + 4n (the nRF rule "INTEN bit = event index")
//   inten_set  write-1-to-set view of INTEN (reads INTEN)
//   inten_clr  write-1-to-clear view of INTEN (reads INTEN)
//   intpend    read-only, events & INTEN
//   subscribe  CHIDX bits 7:0 + EN bit 31; SUBSCRIBE_X sits at TASKS_X + 0x80
//   publish    CHIDX bits 7:0 + EN bit 31; PUBLISH_X sits at EVENTS_X + 0x80
//
// A peripheral writes its table with the regs<P> builders:
//   using R = models::regs<rtc>;
//   static constexpr R::row rows[] = {
//       R::task("TASKS_START", 0x000).on_task(&rtc::task_start),
//       R::task("TASKS_CAPTURE", 0x040).array(4).on_task(&rtc::task_capture),
//       R::event("EVENTS_COMPARE", 0x140).array(4),
//       R::rw("CC", 0x540).array(4).mask(0xFFFFFF).on_write(&rtc::write_cc),
//   };
// Handlers of array registers take the index: task_capture(n), write_cc(n, v).
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

namespace models {

enum class reg_kind { task, event, rw, ro, inten, inten_set, inten_clr, intpend, subscribe, publish };

// Offsets and fields shared by every nRF53 peripheral.
constexpr std::uint32_t events_base = 0x100;       // INTEN bit n <-> 0x100 + 4n
constexpr std::uint32_t dppi_register_gap = 0x80;  // SUBSCRIBE = TASK + 0x80, PUBLISH = EVENT + 0x80
constexpr std::uint32_t dppi_enable_bit = 1u << 31;
constexpr std::uint32_t dppi_channel_field = 0xFF;

// One register (or register array) as the bank stores it at run time.
struct reg_def {
    std::string name;
    std::uint32_t offset = 0;
    unsigned count = 1;
    std::uint32_t stride = 4;
    std::uint32_t reset = 0;
    std::uint32_t mask = 0xFFFFFFFF;  // writable bits of rw / subscribe / publish
    reg_kind kind = reg_kind::rw;
    bool read_has_side_effects = false;  // a debugger read must not call on_read
    std::function<void(unsigned)> on_task;
    std::function<std::uint32_t(unsigned)> on_read;
    // Runs after the value is stored (also for the INTEN kinds).
    std::function<void(unsigned, std::uint32_t)> on_write;

    std::uint32_t offset_of(unsigned index) const { return offset + index * stride; }
};

class register_bank {
public:
    enum class status { ok, unmapped, read_only };

    // Throws std::logic_error if the register overlaps another or is misaligned.
    void add(reg_def def);
    // Every register back to its reset value, INTEN to 0.
    void reset();

    // Bus accesses to the 32-bit word at `offset`. A narrow write passes the
    // byte lanes it drives in `lanes`; the others keep their stored value.
    status read(std::uint32_t offset, std::uint32_t& value) const;
    status write(std::uint32_t offset, std::uint32_t value, std::uint32_t lanes = 0xFFFFFFFF);
    // A debugger's read: like read() but never triggers a side effect.
    bool peek(std::uint32_t offset, std::uint32_t& value) const;

    // The model's view of its own registers (no handlers run). Both throw
    // std::out_of_range for an offset that no register covers.
    std::uint32_t stored(std::uint32_t offset) const;
    void store(std::uint32_t offset, std::uint32_t value);

    std::uint32_t inten() const { return m_inten; }
    // Bit n set when the event at 0x100 + 4n is set.
    std::uint32_t event_bits() const;
    std::uint32_t pending() const { return event_bits() & m_inten; }

    // Runs the task at `task_offset` as if software had written 1 to it.
    void trigger_task(std::uint32_t task_offset);
    // Offsets of the tasks whose SUBSCRIBE register is enabled on `channel`.
    std::vector<std::uint32_t> subscribed_tasks(unsigned channel) const;
    // The channel the event at `event_offset` publishes to, or -1 if none.
    int publish_channel(std::uint32_t event_offset) const;

    // The register covering `offset` and the array index there, or nullptr.
    const reg_def* find(std::uint32_t offset, unsigned* index = nullptr) const;
    const std::vector<reg_def>& registers() const { return m_defs; }

private:
    struct slot {
        unsigned reg;
        unsigned index;
    };
    const slot* find_slot(std::uint32_t offset) const;
    void write_inten(reg_kind kind, std::uint32_t value);

    std::vector<reg_def> m_defs;
    std::vector<std::vector<std::uint32_t>> m_values;  // [register][index]
    std::map<std::uint32_t, slot> m_slots;             // word offset -> register
    std::uint32_t m_inten = 0;
};

// A compile-time table row for peripheral class P; bind() turns it into a
// reg_def whose handlers call member functions of one P object.
template <class P>
struct reg_row {
    const char* name;
    std::uint32_t offset;
    reg_kind kind;
    unsigned count = 1;
    std::uint32_t stride = 4;
    std::uint32_t reset_value = 0;
    std::uint32_t write_mask = 0xFFFFFFFF;
    bool side_effect_read = false;
    void (P::*task_fn)() = nullptr;
    void (P::*task_n_fn)(unsigned) = nullptr;
    std::uint32_t (P::*read_fn)() = nullptr;
    std::uint32_t (P::*read_n_fn)(unsigned) = nullptr;
    void (P::*write_fn)(std::uint32_t) = nullptr;
    void (P::*write_n_fn)(unsigned, std::uint32_t) = nullptr;

    constexpr reg_row(const char* n, std::uint32_t off, reg_kind k) : name(n), offset(off), kind(k) {}

    constexpr reg_row array(unsigned n, std::uint32_t step = 4) const { auto r = *this; r.count = n; r.stride = step; return r; }
    constexpr reg_row reset(std::uint32_t v) const { auto r = *this; r.reset_value = v; return r; }
    constexpr reg_row mask(std::uint32_t m) const { auto r = *this; r.write_mask = m; return r; }
    constexpr reg_row read_has_side_effects() const { auto r = *this; r.side_effect_read = true; return r; }
    constexpr reg_row on_task(void (P::*f)()) const { auto r = *this; r.task_fn = f; return r; }
    constexpr reg_row on_task(void (P::*f)(unsigned)) const { auto r = *this; r.task_n_fn = f; return r; }
    constexpr reg_row on_read(std::uint32_t (P::*f)()) const { auto r = *this; r.read_fn = f; return r; }
    constexpr reg_row on_read(std::uint32_t (P::*f)(unsigned)) const { auto r = *this; r.read_n_fn = f; return r; }
    constexpr reg_row on_write(void (P::*f)(std::uint32_t)) const { auto r = *this; r.write_fn = f; return r; }
    constexpr reg_row on_write(void (P::*f)(unsigned, std::uint32_t)) const { auto r = *this; r.write_n_fn = f; return r; }

    reg_def bind(P& self) const {
        reg_def d;
        d.name = name;
        d.offset = offset;
        d.count = count;
        d.stride = stride;
        d.reset = reset_value;
        d.mask = write_mask;
        d.kind = kind;
        d.read_has_side_effects = side_effect_read;
        P* p = &self;
        if (task_fn) d.on_task = [p, f = task_fn](unsigned) { (p->*f)(); };
        if (task_n_fn) d.on_task = [p, f = task_n_fn](unsigned i) { (p->*f)(i); };
        if (read_fn) d.on_read = [p, f = read_fn](unsigned) { return (p->*f)(); };
        if (read_n_fn) d.on_read = [p, f = read_n_fn](unsigned i) { return (p->*f)(i); };
        if (write_fn) d.on_write = [p, f = write_fn](unsigned, std::uint32_t v) { (p->*f)(v); };
        if (write_n_fn) d.on_write = [p, f = write_n_fn](unsigned i, std::uint32_t v) { (p->*f)(i, v); };
        return d;
    }
};

// Row builders, one per kind: R::task("TASKS_START", 0x000) ...
template <class P>
struct regs {
    using row = reg_row<P>;
    static constexpr row task(const char* n, std::uint32_t off) { return {n, off, reg_kind::task}; }
    static constexpr row event(const char* n, std::uint32_t off) { return {n, off, reg_kind::event}; }
    static constexpr row rw(const char* n, std::uint32_t off) { return {n, off, reg_kind::rw}; }
    static constexpr row ro(const char* n, std::uint32_t off) { return {n, off, reg_kind::ro}; }
    static constexpr row inten(std::uint32_t off) { return {"INTEN", off, reg_kind::inten}; }
    static constexpr row inten_set(std::uint32_t off) { return {"INTENSET", off, reg_kind::inten_set}; }
    static constexpr row inten_clr(std::uint32_t off) { return {"INTENCLR", off, reg_kind::inten_clr}; }
    static constexpr row intpend(std::uint32_t off) { return {"INTPEND", off, reg_kind::intpend}; }
    static constexpr row subscribe(const char* n, std::uint32_t off) {
        return row{n, off, reg_kind::subscribe}.mask(dppi_enable_bit | dppi_channel_field);
    }
    static constexpr row publish(const char* n, std::uint32_t off) {
        return row{n, off, reg_kind::publish}.mask(dppi_enable_bit | dppi_channel_field);
    }
};

} // namespace models
