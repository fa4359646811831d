#include "sim/debug/gdb_stub.h"

#include <cstdio>
#include <cstring>
#include <sstream>

#include "sim/soc/soc.h"

namespace sim {

namespace {

using armv8m::debug_stop;
using watch_kind = armv8m::cortex_m33::watch_kind;

constexpr const char* error_reply = "E01";
constexpr std::size_t max_packet = 4096;          // advertised PacketSize
constexpr std::size_t max_memory_read = (max_packet - 16) / 2;
constexpr std::uint32_t app_reset_vtor = 0x00000000, net_reset_vtor = 0x01000000;

// gdb numbers on the application core (FPU and Security Extension).
constexpr unsigned reg_xpsr = 16, reg_msp = 17, reg_psp = 18;
constexpr unsigned app_msp_ns = 19, app_psp_ns = 20, app_msp_s = 21, app_psp_s = 22;
constexpr unsigned app_d0 = 23, app_fpscr = 39, app_specials = 40;
constexpr unsigned net_specials = 19;
constexpr int special_ids[] = {UC_ARM_REG_PRIMASK, UC_ARM_REG_BASEPRI, UC_ARM_REG_FAULTMASK, UC_ARM_REG_CONTROL};
constexpr const char* special_names[] = {"primask", "basepri", "faultmask", "control"};

std::string hex_byte(unsigned value) {
    static const char digits[] = "0123456789abcdef";
    return {digits[(value >> 4) & 0xF], digits[value & 0xF]};
}

std::string hex_le(std::uint64_t value, unsigned bytes) {
    std::string out;
    for (unsigned i = 0; i < bytes; ++i) out += hex_byte(static_cast<unsigned>(value >> (8 * i)));
    return out;
}

std::string hex_text(const std::string& text) {
    std::string out;
    for (unsigned char c : text) out += hex_byte(c);
    return out;
}

int hex_digit(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

// A whole string of hex digits as a number (big-endian text, as in
// addresses); nothing for an empty, overlong or non-hex string.
std::optional<std::uint64_t> parse_hex(const std::string& text) {
    if (text.empty() || text.size() > 16) return std::nullopt;
    std::uint64_t value = 0;
    for (char c : text) {
        const int d = hex_digit(c);
        if (d < 0) return std::nullopt;
        value = value << 4 | static_cast<unsigned>(d);
    }
    return value;
}

std::optional<std::vector<std::uint8_t>> parse_hex_bytes(const std::string& text) {
    if (text.size() % 2) return std::nullopt;
    std::vector<std::uint8_t> bytes;
    for (std::size_t i = 0; i < text.size(); i += 2) {
        const int hi = hex_digit(text[i]), lo = hex_digit(text[i + 1]);
        if (hi < 0 || lo < 0) return std::nullopt;
        bytes.push_back(static_cast<std::uint8_t>(hi << 4 | lo));
    }
    return bytes;
}

std::uint64_t little_endian(const std::vector<std::uint8_t>& bytes) {
    std::uint64_t value = 0;
    for (std::size_t i = bytes.size(); i-- > 0;) value = value << 8 | bytes[i];
    return value;
}

bool starts_with(const std::string& text, const char* prefix) {
    return text.compare(0, std::strlen(prefix), prefix) == 0;
}

// "ADDR,LENGTH" as in m, M, X, Z: both hex; false when malformed.
bool parse_range(const std::string& text, std::uint32_t& address, std::uint32_t& length) {
    const std::size_t comma = text.find(',');
    if (comma == std::string::npos) return false;
    const auto a = parse_hex(text.substr(0, comma)), l = parse_hex(text.substr(comma + 1));
    if (!a || !l || *a > 0xFFFFFFFFu || *l > 0xFFFFFFFFu) return false;
    address = static_cast<std::uint32_t>(*a);
    length = static_cast<std::uint32_t>(*l);
    return true;
}

const char* const monitor_help =
    "monitor commands:\n"
    "  reset  system reset of the nRF5340 (as the nRESET pin); both cores restart\n"
    "         from their reset vectors when the simulation next runs\n"
    "  halt   stop the whole SoC (as Ctrl-C)\n"
    "  time   simulated time and each core's cycle and instruction counts\n"
    "  watch  the last watchpoint hit: address, access and the accessing instruction\n"
    "  help   this text\n";

}  // namespace

const gdb_stub::handler_entry gdb_stub::handlers[] = {
    {'q', &gdb_stub::handle_query},          {'Q', &gdb_stub::handle_set},
    {'v', &gdb_stub::handle_v},              {'?', &gdb_stub::handle_status},
    {'g', &gdb_stub::handle_read_registers}, {'G', &gdb_stub::handle_write_registers},
    {'p', &gdb_stub::handle_read_register},  {'P', &gdb_stub::handle_write_register},
    {'m', &gdb_stub::handle_read_memory},    {'M', &gdb_stub::handle_write_memory},
    {'X', &gdb_stub::handle_write_binary},   {'Z', &gdb_stub::handle_insert_point},
    {'z', &gdb_stub::handle_remove_point},   {'c', &gdb_stub::handle_continue},
    {'C', &gdb_stub::handle_continue},       {'s', &gdb_stub::handle_step},
    {'S', &gdb_stub::handle_step},           {'D', &gdb_stub::handle_detach},
    {'k', &gdb_stub::handle_kill},           {'T', &gdb_stub::handle_thread_alive},
};

gdb_stub::gdb_stub(soc& chip, core_id which, host& owner)
    : m_soc(chip),
      m_which(which),
      m_host(owner),
      m_fpu(which == core_id::app),
      m_secext(which == core_id::app),
      m_reset_vtor(which == core_id::app ? app_reset_vtor : net_reset_vtor) {}

armv8m::cortex_m33& gdb_stub::core() { return m_soc.core(m_which); }

std::optional<std::string> gdb_stub::handle(const std::string& packet) {
    if (packet.empty()) return std::string();
    if (packet == "H" || starts_with(packet, "Hg") || starts_with(packet, "Hc")) return std::string("OK");
    for (const handler_entry& h : handlers)
        if (h.letter == packet[0]) return (this->*h.handle)(packet);
    return std::string();  // unsupported: the empty reply
}

void gdb_stub::attach() {
    m_state = state::stopped;
    m_last_stop.reset();
}

void gdb_stub::detach() {
    for (std::uint32_t address : m_breakpoints) core().remove_breakpoint(address);
    m_breakpoints.clear();
    for (const auto& [type, address, length] : m_watchpoints) remove_point(type, address, length);
    m_watchpoints.clear();
    m_state = state::detached;
    m_host.resume_core(m_which);
}

std::string gdb_stub::stop(std::optional<debug_stop> own) {
    m_state = state::stopped;
    m_last_stop = own;
    if (!own) return "T02thread:1;";
    switch (*own) {
    case debug_stop::breakpoint: return "T05thread:1;swbreak:;";
    case debug_stop::watchpoint: {
        const auto& hit = core().last_watch();
        const char* kind = "awatch";
        for (const auto& [type, address, length] : m_watchpoints)
            if (hit.address - address < std::max(length, 1u)) kind = type == '2' ? "watch" : type == '3' ? "rwatch" : "awatch";
        std::ostringstream reply;
        reply << "T05thread:1;" << kind << ':' << std::hex << hit.address << ';';
        return reply.str();
    }
    case debug_stop::lockup: return "T0bthread:1;";  // SIGSEGV: the core locked up
    default: return "T05thread:1;";
    }
}

// ------------------------------------------------------------ queries

std::optional<std::string> gdb_stub::handle_query(const std::string& p) {
    if (starts_with(p, "qSupported")) {
        std::ostringstream reply;
        reply << "PacketSize=" << std::hex << max_packet
              << ";qXfer:features:read+;swbreak+;hwbreak+;vContSupported+;QStartNoAckMode+";
        return reply.str();
    }
    if (starts_with(p, "qXfer:features:read:target.xml:")) {
        std::uint32_t offset = 0, length = 0;
        if (!parse_range(p.substr(std::strlen("qXfer:features:read:target.xml:")), offset, length))
            return std::string(error_reply);
        const std::string xml = target_xml();
        if (offset >= xml.size()) return std::string("l");
        const std::string part = xml.substr(offset, length);
        return (offset + part.size() >= xml.size() ? "l" : "m") + part;
    }
    if (starts_with(p, "qXfer:features:read:")) return std::string("E00");  // no other annex
    if (p == "qAttached" || starts_with(p, "qAttached:")) return std::string("1");
    if (p == "qC") return std::string("QC1");
    if (p == "qfThreadInfo") return std::string("m1");
    if (p == "qsThreadInfo") return std::string("l");
    if (starts_with(p, "qRcmd,")) {
        const auto bytes = parse_hex_bytes(p.substr(6));
        if (!bytes) return std::string(error_reply);
        return monitor(std::string(bytes->begin(), bytes->end()));
    }
    if (p == "qSymbol::") return std::string("OK");
    return std::string();
}

std::optional<std::string> gdb_stub::handle_set(const std::string& p) {
    if (p == "QStartNoAckMode") return std::string("OK");
    return std::string();
}

std::optional<std::string> gdb_stub::monitor(const std::string& command) {
    if (command == "help") return hex_text(monitor_help);
    if (command == "halt") {
        m_host.halt_all();
        return hex_text("the SoC is halted\n");
    }
    if (command == "reset") {
        m_soc.reset(reset_kind::pin);
        return hex_text("system reset: both cores restart from their reset vectors when the simulation runs\n");
    }
    if (command == "time") return hex_text(m_host.time_report());
    if (command == "watch") {
        const auto& hit = core().last_watch();
        char text[128];
        std::snprintf(text, sizeof text, "last watchpoint hit: %s at 0x%08x by the instruction at 0x%08x\n",
                      hit.write ? "write" : "read", static_cast<unsigned>(hit.address), static_cast<unsigned>(hit.pc));
        return hex_text(text);
    }
    return hex_text("unknown monitor command \"" + command.substr(0, 64) + "\"; try monitor help\n");
}

std::optional<std::string> gdb_stub::handle_v(const std::string& p) {
    if (p == "vCont?") return std::string("vCont;c;C;s;S");
    if (starts_with(p, "vCont;")) {
        // One thread: the first action decides (vCont;s:1;c steps).
        const char action = p.size() > 6 ? p[6] : 0;
        if (action == 'c' || action == 'C') return resume();
        if (action == 's' || action == 'S') return step_once();
        return std::string(error_reply);
    }
    if (p == "vMustReplyEmpty") return std::string();
    return std::string();
}

std::optional<std::string> gdb_stub::handle_status(const std::string&) {
    if (m_last_stop) return stop(m_last_stop);
    return std::string("T05thread:1;");
}

std::optional<std::string> gdb_stub::handle_thread_alive(const std::string&) { return std::string("OK"); }

std::string gdb_stub::target_xml() const {
    std::ostringstream x;
    x << "<?xml version=\"1.0\"?>\n<!DOCTYPE target SYSTEM \"gdb-target.dtd\">\n<target version=\"1.0\">\n"
      << "<architecture>armv8-m.main</architecture>\n"
      << "<feature name=\"org.gnu.gdb.arm.m-profile\">\n";
    for (int r = 0; r <= 12; ++r) x << "<reg name=\"r" << r << "\" bitsize=\"32\" type=\"uint32\"/>\n";
    x << "<reg name=\"sp\" bitsize=\"32\" type=\"data_ptr\"/>\n<reg name=\"lr\" bitsize=\"32\" type=\"uint32\"/>\n"
      << "<reg name=\"pc\" bitsize=\"32\" type=\"code_ptr\"/>\n<reg name=\"xpsr\" bitsize=\"32\" type=\"uint32\"/>\n"
      << "</feature>\n<feature name=\"org.gnu.gdb.arm.m-system\">\n"
      << "<reg name=\"msp\" bitsize=\"32\" type=\"data_ptr\"/>\n<reg name=\"psp\" bitsize=\"32\" type=\"data_ptr\"/>\n"
      << "</feature>\n";
    if (m_secext) {
        x << "<feature name=\"org.gnu.gdb.arm.secext\">\n";
        for (const char* name : {"msp_ns", "psp_ns", "msp_s", "psp_s"})
            x << "<reg name=\"" << name << "\" bitsize=\"32\" type=\"data_ptr\"/>\n";
        x << "</feature>\n";
    }
    if (m_fpu) {
        x << "<feature name=\"org.gnu.gdb.arm.vfp\">\n";
        for (int d = 0; d < 16; ++d) x << "<reg name=\"d" << d << "\" bitsize=\"64\" type=\"ieee_double\"/>\n";
        x << "<reg name=\"fpscr\" bitsize=\"32\" type=\"int\" group=\"float\"/>\n</feature>\n";
    }
    x << "<feature name=\"org.nrf53sim.m-special\">\n";
    for (const char* name : special_names) x << "<reg name=\"" << name << "\" bitsize=\"32\" type=\"uint32\" group=\"system\"/>\n";
    x << "</feature>\n</target>\n";
    return x.str();
}

// ------------------------------------------------------------ registers

unsigned gdb_stub::register_count() const { return (m_fpu ? app_specials : net_specials) + 4; }

unsigned gdb_stub::register_size(unsigned number) const {
    return m_fpu && number >= app_d0 && number < app_fpscr ? 8 : 4;
}

std::uint64_t gdb_stub::read_gdb_register(unsigned number) {
    auto& c = core();
    if (c.state() == armv8m::run_state::held && (number == 13 || number == 15 || number == reg_msp)) {
        // A core held in reset shows where it will start: its vector table.
        std::uint32_t vector[2] = {0, 0};
        m_soc.debug_read(m_which, m_reset_vtor, vector, sizeof vector);
        return number == 15 ? vector[1] & ~1u : vector[0] & ~3u;
    }
    if (c.state() == armv8m::run_state::held && number == reg_xpsr) return 1u << 24;
    if (number <= 12) return c.read_register(UC_ARM_REG_R0 + static_cast<int>(number));
    switch (number) {
    case 13: return c.read_register(UC_ARM_REG_SP);
    case 14: return c.read_register(UC_ARM_REG_LR);
    case 15: return c.read_register(UC_ARM_REG_PC);
    case reg_xpsr: return c.read_register(UC_ARM_REG_XPSR);
    case reg_msp: return c.read_register(UC_ARM_REG_MSP);
    case reg_psp: return c.read_register(UC_ARM_REG_PSP);
    default: break;
    }
    const unsigned specials = m_fpu ? app_specials : net_specials;
    if (number >= specials && number < specials + 4) return c.read_register(special_ids[number - specials]);
    if (!m_fpu) return 0;
    if (number == app_msp_s) return c.read_register(UC_ARM_REG_MSP);
    if (number == app_psp_s) return c.read_register(UC_ARM_REG_PSP);
    if (number == app_msp_ns || number == app_psp_ns) return 0;  // no non-secure state is modelled
    if (number >= app_d0 && number < app_fpscr) {
        const int s = UC_ARM_REG_S0 + 2 * static_cast<int>(number - app_d0);
        return std::uint64_t(c.read_register(s + 1)) << 32 | c.read_register(s);
    }
    if (number == app_fpscr) return c.read_register(UC_ARM_REG_FPSCR);
    return 0;
}

bool gdb_stub::write_gdb_register(unsigned number, std::uint64_t value) {
    auto& c = core();
    const auto v = static_cast<std::uint32_t>(value);
    if (number <= 12) c.write_register(UC_ARM_REG_R0 + static_cast<int>(number), v);
    else if (number == 13) c.write_register(UC_ARM_REG_SP, v);
    else if (number == 14) c.write_register(UC_ARM_REG_LR, v);
    else if (number == 15) c.write_register(UC_ARM_REG_PC, v | 1u);
    else if (number == reg_xpsr) c.write_register(UC_ARM_REG_XPSR, v);
    else if (number == reg_msp || (m_secext && number == app_msp_s)) c.write_register(UC_ARM_REG_MSP, v);
    else if (number == reg_psp || (m_secext && number == app_psp_s)) c.write_register(UC_ARM_REG_PSP, v);
    else if (m_secext && (number == app_msp_ns || number == app_psp_ns)) return true;  // read as 0, ignored
    else if (m_fpu && number >= app_d0 && number < app_fpscr) {
        const int s = UC_ARM_REG_S0 + 2 * static_cast<int>(number - app_d0);
        c.write_register(s, v);
        c.write_register(s + 1, static_cast<std::uint32_t>(value >> 32));
    } else if (m_fpu && number == app_fpscr) c.write_register(UC_ARM_REG_FPSCR, v);
    else {
        const unsigned specials = m_fpu ? app_specials : net_specials;
        if (number < specials || number >= specials + 4) return false;
        c.write_register(special_ids[number - specials], v);
    }
    return true;
}

std::optional<std::string> gdb_stub::handle_read_registers(const std::string&) {
    std::string out;
    for (unsigned n = 0; n < register_count(); ++n) out += hex_le(read_gdb_register(n), register_size(n));
    return out;
}

std::optional<std::string> gdb_stub::handle_write_registers(const std::string& p) {
    const auto bytes = parse_hex_bytes(p.substr(1));
    if (!bytes) return std::string(error_reply);
    std::size_t at = 0;
    for (unsigned n = 0; n < register_count(); ++n) {
        const unsigned size = register_size(n);
        if (at + size > bytes->size()) break;  // gdb may send fewer registers
        write_gdb_register(n, little_endian({bytes->begin() + at, bytes->begin() + at + size}));
        at += size;
    }
    return std::string("OK");
}

std::optional<std::string> gdb_stub::handle_read_register(const std::string& p) {
    const auto n = parse_hex(p.substr(1));
    if (!n || *n >= register_count()) return std::string(error_reply);
    const auto number = static_cast<unsigned>(*n);
    return hex_le(read_gdb_register(number), register_size(number));
}

std::optional<std::string> gdb_stub::handle_write_register(const std::string& p) {
    const std::size_t equals = p.find('=');
    if (equals == std::string::npos) return std::string(error_reply);
    const auto n = parse_hex(p.substr(1, equals - 1));
    const auto bytes = parse_hex_bytes(p.substr(equals + 1));
    if (!n || !bytes || *n >= register_count() || bytes->size() != register_size(static_cast<unsigned>(*n)))
        return std::string(error_reply);
    return std::string(write_gdb_register(static_cast<unsigned>(*n), little_endian(*bytes)) ? "OK" : error_reply);
}

// ------------------------------------------------------------ memory

std::optional<std::string> gdb_stub::handle_read_memory(const std::string& p) {
    std::uint32_t address = 0, length = 0;
    if (!parse_range(p.substr(1), address, length)) return std::string(error_reply);
    length = std::min<std::uint32_t>(length, max_memory_read);
    std::string out;
    // Aligned words where possible (peripheral registers answer whole
    // words), single bytes elsewhere; a read stops at the first hole.
    for (std::uint32_t done = 0; done < length;) {
        const std::uint32_t at = address + done;
        std::uint8_t bytes[4];
        const unsigned size = (at % 4 == 0 && length - done >= 4) ? 4 : 1;
        if (!m_soc.debug_read(m_which, at, bytes, size)) break;
        for (unsigned i = 0; i < size; ++i) out += hex_byte(bytes[i]);
        done += size;
    }
    if (out.empty() && length != 0) return std::string(error_reply);
    return out;
}

std::optional<std::string> gdb_stub::handle_write_memory(const std::string& p) {
    const std::size_t colon = p.find(':');
    std::uint32_t address = 0, length = 0;
    if (colon == std::string::npos || !parse_range(p.substr(1, colon - 1), address, length))
        return std::string(error_reply);
    const auto bytes = parse_hex_bytes(p.substr(colon + 1));
    if (!bytes || bytes->size() != length) return std::string(error_reply);
    if (length != 0 && !m_soc.debug_write(m_which, address, bytes->data(), length)) return std::string(error_reply);
    return std::string("OK");
}

std::optional<std::string> gdb_stub::handle_write_binary(const std::string& p) {
    const std::size_t colon = p.find(':');
    std::uint32_t address = 0, length = 0;
    if (colon == std::string::npos || !parse_range(p.substr(1, colon - 1), address, length))
        return std::string(error_reply);
    const std::string data = p.substr(colon + 1);  // escapes already removed
    if (data.size() != length) return std::string(error_reply);
    if (length != 0 && !m_soc.debug_write(m_which, address, data.data(), length)) return std::string(error_reply);
    return std::string("OK");
}

// ------------------------------------------------------------ break and watch

bool gdb_stub::insert_point(char type, std::uint32_t address, std::uint32_t length) {
    auto& c = core();
    switch (type) {
    case '0': case '1':
        c.add_breakpoint(address);
        m_breakpoints.insert(address & ~1u);
        return true;
    case '2': case '3': case '4':
        c.add_watchpoint(address, length,
                         type == '2' ? watch_kind::write : type == '3' ? watch_kind::read : watch_kind::access);
        m_watchpoints.emplace_back(type, address, length);
        return true;
    default: return false;
    }
}

void gdb_stub::remove_point(char type, std::uint32_t address, std::uint32_t length) {
    auto& c = core();
    if (type == '0' || type == '1') {
        const auto it = m_breakpoints.find(address & ~1u);
        if (it == m_breakpoints.end()) return;
        m_breakpoints.erase(it);
        // Z0 and Z1 share the core's breakpoint at an address.
        if (m_breakpoints.count(address & ~1u) == 0) c.remove_breakpoint(address);
        return;
    }
    c.remove_watchpoint(address, length,
                        type == '2' ? watch_kind::write : type == '3' ? watch_kind::read : watch_kind::access);
}

std::optional<std::string> gdb_stub::handle_insert_point(const std::string& p) {
    std::uint32_t address = 0, length = 0;
    if (p.size() < 3 || p[2] != ',' || !parse_range(p.substr(3, p.find(';') - 3), address, length))
        return std::string(error_reply);
    if (p[1] < '0' || p[1] > '4') return std::string();  // unsupported type
    return std::string(insert_point(p[1], address, length) ? "OK" : error_reply);
}

std::optional<std::string> gdb_stub::handle_remove_point(const std::string& p) {
    std::uint32_t address = 0, length = 0;
    if (p.size() < 3 || p[2] != ',' || !parse_range(p.substr(3, p.find(';') - 3), address, length))
        return std::string(error_reply);
    if (p[1] < '0' || p[1] > '4') return std::string();
    if (p[1] >= '2') {
        const std::tuple<char, std::uint32_t, std::uint32_t> key{p[1], address, length};
        for (auto it = m_watchpoints.begin(); it != m_watchpoints.end(); ++it) {
            if (*it == key) {
                m_watchpoints.erase(it);
                break;
            }
        }
    }
    remove_point(p[1], address, length);
    return std::string("OK");
}

// ------------------------------------------------------------ execution

std::optional<std::string> gdb_stub::resume() {
    m_state = state::running;
    m_last_stop.reset();
    m_host.resume_core(m_which);
    return std::nullopt;  // the stop reply comes when the SoC stops again
}

std::string gdb_stub::step_once() {
    m_host.step_core(m_which);
    return stop(debug_stop::step);
}

std::optional<std::string> gdb_stub::handle_continue(const std::string& p) {
    if (p.size() > 1 && p[0] == 'c') return std::string(error_reply);  // c ADDR: not supported
    return resume();
}

std::optional<std::string> gdb_stub::handle_step(const std::string& p) {
    if (p.size() > 1 && p[0] == 's') return std::string(error_reply);  // s ADDR: not supported
    return step_once();
}

std::optional<std::string> gdb_stub::handle_detach(const std::string&) {
    detach();
    return std::string("OK");
}

std::optional<std::string> gdb_stub::handle_kill(const std::string&) {
    m_host.kill_run();
    return std::nullopt;
}

}  // namespace sim
