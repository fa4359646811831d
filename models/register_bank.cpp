#include "models/register_bank.h"

#include <sstream>
#include <stdexcept>

namespace models {
namespace {

std::string hex(std::uint32_t v) {
    std::ostringstream s;
    s << "0x" << std::hex << v;
    return s.str();
}

bool is_event_offset(std::uint32_t offset) {
    return offset >= events_base && offset < events_base + 32 * 4;
}

} // namespace

void register_bank::add(reg_def def) {
    if (def.offset % 4 != 0 || def.stride % 4 != 0 || def.count == 0 ||
        (def.count > 1 && def.stride == 0)) {
        throw std::logic_error("register " + def.name + " at " + hex(def.offset) + " is misaligned");
    }
    const unsigned reg = static_cast<unsigned>(m_defs.size());
    for (unsigned i = 0; i < def.count; ++i) {
        const std::uint32_t offset = def.offset_of(i);
        auto [it, inserted] = m_slots.emplace(offset, slot{reg, i});
        if (!inserted) {
            throw std::logic_error("register " + def.name + " at " + hex(offset) + " overlaps " +
                                   m_defs[it->second.reg].name);
        }
    }
    m_values.emplace_back(def.count, def.reset);
    m_defs.push_back(std::move(def));
}

void register_bank::reset() {
    for (std::size_t r = 0; r < m_defs.size(); ++r) m_values[r].assign(m_defs[r].count, m_defs[r].reset);
    m_inten = 0;
}

const register_bank::slot* register_bank::find_slot(std::uint32_t offset) const {
    auto it = m_slots.find(offset);
    return it == m_slots.end() ? nullptr : &it->second;
}

const reg_def* register_bank::find(std::uint32_t offset, unsigned* index) const {
    const slot* s = find_slot(offset & ~3u);
    if (!s) return nullptr;
    if (index) *index = s->index;
    return &m_defs[s->reg];
}

register_bank::status register_bank::read(std::uint32_t offset, std::uint32_t& value) const {
    const slot* s = find_slot(offset);
    if (!s) return status::unmapped;
    const reg_def& d = m_defs[s->reg];
    switch (d.kind) {
    case reg_kind::task: value = 0; break;
    case reg_kind::inten:
    case reg_kind::inten_set:
    case reg_kind::inten_clr: value = m_inten; break;
    case reg_kind::intpend: value = pending(); break;
    default: value = d.on_read ? d.on_read(s->index) : m_values[s->reg][s->index]; break;
    }
    return status::ok;
}

bool register_bank::peek(std::uint32_t offset, std::uint32_t& value) const {
    const slot* s = find_slot(offset);
    if (!s) return false;
    const reg_def& d = m_defs[s->reg];
    if (d.read_has_side_effects) {
        value = m_values[s->reg][s->index];
        return true;
    }
    return read(offset, value) == status::ok;
}

register_bank::status register_bank::write(std::uint32_t offset, std::uint32_t value,
                                           std::uint32_t lanes) {
    const slot* s = find_slot(offset);
    if (!s) return status::unmapped;
    const reg_def& d = m_defs[s->reg];
    std::uint32_t& cell = m_values[s->reg][s->index];
    value = (cell & ~lanes) | (value & lanes);
    switch (d.kind) {
    case reg_kind::ro:
    case reg_kind::intpend: return status::read_only;
    case reg_kind::task:
        if ((value & 1) && d.on_task) d.on_task(s->index);
        return status::ok;
    case reg_kind::event: cell = value & 1; return status::ok;
    case reg_kind::inten:
    case reg_kind::inten_set:
    case reg_kind::inten_clr:
        write_inten(d.kind, value);
        if (d.on_write) d.on_write(s->index, value);
        return status::ok;
    default:
        cell = value & d.mask;
        if (d.on_write) d.on_write(s->index, value);
        return status::ok;
    }
}

void register_bank::write_inten(reg_kind kind, std::uint32_t value) {
    if (kind == reg_kind::inten) m_inten = value;
    if (kind == reg_kind::inten_set) m_inten |= value;
    if (kind == reg_kind::inten_clr) m_inten &= ~value;
}

std::uint32_t register_bank::stored(std::uint32_t offset) const {
    const slot* s = find_slot(offset);
    if (!s) throw std::out_of_range("no register at " + hex(offset));
    return m_values[s->reg][s->index];
}

void register_bank::store(std::uint32_t offset, std::uint32_t value) {
    const slot* s = find_slot(offset);
    if (!s) throw std::out_of_range("no register at " + hex(offset));
    m_values[s->reg][s->index] = value;
}

std::uint32_t register_bank::event_bits() const {
    std::uint32_t bits = 0;
    for (std::size_t r = 0; r < m_defs.size(); ++r) {
        const reg_def& d = m_defs[r];
        if (d.kind != reg_kind::event) continue;
        for (unsigned i = 0; i < d.count; ++i) {
            const std::uint32_t offset = d.offset_of(i);
            if (m_values[r][i] && is_event_offset(offset)) bits |= 1u << ((offset - events_base) / 4);
        }
    }
    return bits;
}

void register_bank::trigger_task(std::uint32_t task_offset) {
    const slot* s = find_slot(task_offset);
    if (!s) return;
    const reg_def& d = m_defs[s->reg];
    if (d.kind == reg_kind::task && d.on_task) d.on_task(s->index);
}

std::vector<std::uint32_t> register_bank::subscribed_tasks(unsigned channel) const {
    std::vector<std::uint32_t> tasks;
    for (std::size_t r = 0; r < m_defs.size(); ++r) {
        const reg_def& d = m_defs[r];
        if (d.kind != reg_kind::subscribe) continue;
        for (unsigned i = 0; i < d.count; ++i) {
            const std::uint32_t v = m_values[r][i];
            if ((v & dppi_enable_bit) && (v & dppi_channel_field) == channel) {
                tasks.push_back(d.offset_of(i) - dppi_register_gap);
            }
        }
    }
    return tasks;
}

int register_bank::publish_channel(std::uint32_t event_offset) const {
    const slot* s = find_slot(event_offset + dppi_register_gap);
    if (!s || m_defs[s->reg].kind != reg_kind::publish) return -1;
    const std::uint32_t v = m_values[s->reg][s->index];
    return (v & dppi_enable_bit) ? static_cast<int>(v & dppi_channel_field) : -1;
}

} // namespace models
