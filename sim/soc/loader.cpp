#include "sim/soc/loader.h"

#include "sim/common/input_file.h"

#include <fcntl.h>
#include <gelf.h>
#include <libelf.h>
#include <unistd.h>

#include <srecord/input/file/intel.h>
#include <srecord/quit.h>
#include <srecord/record.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstdarg>
#include <cstdio>
#include <cstring>
#include <iterator>
#include <sstream>

namespace sim {
namespace {

constexpr std::uint64_t address_space_end = std::uint64_t{1} << 32;

std::string hex(std::uint64_t value) {
    std::ostringstream out;
    out << "0x" << std::hex << std::uppercase << value;
    return out.str();
}

[[noreturn]] void fail(const std::string& path, const std::string& what, unsigned line = 0) {
    throw input_error(path, line, 0, what);
}

// Opens path for reading, refusing what is not a regular file (a directory
// would "open" and then read as empty) or is too large to be an image.
class input_fd {
public:
    explicit input_fd(const std::string& path) : m_fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC)) {
        if (m_fd < 0) fail(path, std::string("cannot open: ") + std::strerror(errno));
        try {
            check_input_file(m_fd, path, max_image_file_size);
        } catch (...) {
            ::close(m_fd);
            throw;
        }
    }
    ~input_fd() { ::close(m_fd); }
    input_fd(const input_fd&) = delete;
    input_fd& operator=(const input_fd&) = delete;
    int get() const { return m_fd; }

private:
    int m_fd;
};

std::vector<std::uint8_t> read_file(const std::string& path) {
    input_fd fd(path);
    std::vector<std::uint8_t> bytes;
    std::array<std::uint8_t, 65536> buffer;
    for (;;) {
        ssize_t n = ::read(fd.get(), buffer.data(), buffer.size());
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) fail(path, std::string("cannot read: ") + std::strerror(errno));
        if (n == 0) return bytes;
        bytes.insert(bytes.end(), buffer.begin(), buffer.begin() + n);
    }
}

bool has_elf_magic(const std::string& path) {
    input_fd fd(path);
    std::array<char, SELFMAG> magic{};
    ssize_t n = ::read(fd.get(), magic.data(), magic.size());
    return n == SELFMAG && std::memcmp(magic.data(), ELFMAG, SELFMAG) == 0;
}

std::string lower_extension(const std::string& path) {
    size_t slash = path.find_last_of('/');
    size_t dot = path.find_last_of('.');
    if (dot == std::string::npos || (slash != std::string::npos && dot < slash)) return {};
    std::string ext = path.substr(dot);
    std::transform(ext.begin(), ext.end(), ext.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return ext;
}

// ---- ELF ----

const char* machine_name(unsigned machine) {
    switch (machine) {
    case EM_386: return "386";
    case EM_X86_64: return "X86_64";
    case EM_AARCH64: return "AARCH64";
    case EM_RISCV: return "RISCV";
    default: return nullptr;
    }
}

class elf_file {
public:
    explicit elf_file(const std::string& path) : m_fd(path) {
        if (elf_version(EV_CURRENT) == EV_NONE) fail(path, "libelf is unusable");
        m_elf = elf_begin(m_fd.get(), ELF_C_READ, nullptr);
        if (m_elf == nullptr) fail(path, std::string("not a valid ELF: ") + elf_errmsg(-1));
    }
    ~elf_file() { elf_end(m_elf); }
    elf_file(const elf_file&) = delete;
    elf_file& operator=(const elf_file&) = delete;
    Elf* get() const { return m_elf; }

private:
    input_fd m_fd;
    Elf* m_elf = nullptr;
};

// Only a linked, little-endian, 32-bit Arm executable can run on a Cortex-M33.
GElf_Ehdr check_arm_executable(const std::string& path, Elf* elf) {
    GElf_Ehdr ehdr;
    if (elf_kind(elf) != ELF_K_ELF || gelf_getehdr(elf, &ehdr) == nullptr)
        fail(path, "not a valid ELF file");
    if (ehdr.e_machine != EM_ARM) {
        const char* name = machine_name(ehdr.e_machine);
        fail(path, std::string("not an ARM ELF: machine ") +
                       (name ? name : "number " + std::to_string(ehdr.e_machine)));
    }
    if (gelf_getclass(elf) != ELFCLASS32) fail(path, "not a 32-bit ELF (ELFCLASS64)");
    if (ehdr.e_ident[EI_DATA] != ELFDATA2LSB) fail(path, "not a little-endian ELF");
    if (ehdr.e_type != ET_EXEC)
        fail(path, "not a linked executable (ELF type " + std::to_string(ehdr.e_type) + ")");
    return ehdr;
}

// Every PT_LOAD segment with file contents goes to its physical (load)
// address: initialised data sits in flash there, and startup code copies it.
// The part beyond p_filesz (.bss) is startup's to clear, so it is not loaded.
void load_segments(const std::string& path, Elf* elf, memory_ranges& contents) {
    size_t count = 0;
    if (elf_getphdrnum(elf, &count) != 0) fail(path, "cannot read the program headers");
    size_t file_size = 0;
    const char* raw = elf_rawfile(elf, &file_size);
    for (size_t i = 0; i < count; ++i) {
        GElf_Phdr phdr;
        if (gelf_getphdr(elf, static_cast<int>(i), &phdr) == nullptr)
            fail(path, "cannot read program header " + std::to_string(i));
        if (phdr.p_type != PT_LOAD || phdr.p_filesz == 0) continue;
        if (phdr.p_offset > file_size || phdr.p_filesz > file_size - phdr.p_offset)
            fail(path, "program header " + std::to_string(i) + " points past the end of the file");
        if (phdr.p_paddr + phdr.p_filesz > address_space_end)
            fail(path, "segment at " + hex(phdr.p_paddr) + " runs past 4 GiB");
        contents.add(static_cast<std::uint32_t>(phdr.p_paddr),
                     reinterpret_cast<const std::uint8_t*>(raw + phdr.p_offset), phdr.p_filesz,
                     path);
    }
}

// The section headers say where the symbols are. A table that lies past the
// end of the file or whose sections do is a file cut short or corrupt, which
// must not pass as a whole image. A stripped file without a table is fine.
void check_sections(const std::string& path, Elf* elf, const GElf_Ehdr& ehdr) {
    if (ehdr.e_shoff == 0) return;
    const std::string corrupt = " (the file is truncated or corrupt)";
    size_t file_size = 0;
    elf_rawfile(elf, &file_size);
    if (ehdr.e_shentsize != gelf_fsize(elf, ELF_T_SHDR, 1, EV_CURRENT))
        fail(path, "section headers of " + std::to_string(ehdr.e_shentsize) + " bytes" + corrupt);
    // libelf counts a table past the end as none; the header says it is there.
    const std::uint64_t entries = ehdr.e_shnum != 0 ? ehdr.e_shnum : 1;  // 0: the count is in entry 0
    if (ehdr.e_shoff > file_size || entries * ehdr.e_shentsize > file_size - ehdr.e_shoff)
        fail(path, "the section header table (" + std::to_string(entries) + " entries at offset " +
                       std::to_string(ehdr.e_shoff) + ") runs past the end of the file (" +
                       std::to_string(file_size) + " bytes)" + corrupt);
    size_t count = 0;
    if (elf_getshdrnum(elf, &count) != 0)
        fail(path, std::string("cannot read the section headers: ") + elf_errmsg(-1) + corrupt);
    for (size_t i = 1; i < count; ++i) {
        GElf_Shdr shdr;
        Elf_Scn* scn = elf_getscn(elf, i);
        if (scn == nullptr || gelf_getshdr(scn, &shdr) == nullptr)
            fail(path, "cannot read section header " + std::to_string(i) + ": " + elf_errmsg(-1) + corrupt);
        if (shdr.sh_type != SHT_NOBITS && (shdr.sh_offset > file_size || shdr.sh_size > file_size - shdr.sh_offset))
            fail(path, "section " + std::to_string(i) + " (" + std::to_string(shdr.sh_size) + " bytes at offset " +
                           std::to_string(shdr.sh_offset) + ") runs past the end of the file (" +
                           std::to_string(file_size) + " bytes)" + corrupt);
        if (shdr.sh_type == SHT_SYMTAB && (shdr.sh_link == 0 || shdr.sh_link >= count))
            fail(path, "symbol table (section " + std::to_string(i) + ") names no string table" + corrupt);
    }
}

// Functions and data objects by name. A global symbol wins over a local of
// the same name (static helpers are often called the same in several files).
void load_symbols(Elf* elf, std::map<std::string, std::uint32_t>& symbols) {
    std::map<std::string, bool> is_global;
    for (Elf_Scn* scn = elf_nextscn(elf, nullptr); scn != nullptr; scn = elf_nextscn(elf, scn)) {
        GElf_Shdr shdr;
        if (gelf_getshdr(scn, &shdr) == nullptr || shdr.sh_type != SHT_SYMTAB) continue;
        Elf_Data* data = elf_getdata(scn, nullptr);
        if (data == nullptr || shdr.sh_entsize == 0) continue;
        size_t count = shdr.sh_size / shdr.sh_entsize;
        for (size_t i = 0; i < count; ++i) {
            GElf_Sym sym;
            if (gelf_getsym(data, static_cast<int>(i), &sym) == nullptr) continue;
            int type = GELF_ST_TYPE(sym.st_info);
            if ((type != STT_FUNC && type != STT_OBJECT) || sym.st_shndx == SHN_UNDEF) continue;
            const char* name = elf_strptr(elf, shdr.sh_link, sym.st_name);
            if (name == nullptr || *name == '\0') continue;
            bool global = GELF_ST_BIND(sym.st_info) != STB_LOCAL;
            auto known = is_global.find(name);
            if (known != is_global.end() && (known->second || !global)) continue;
            is_global[name] = global;
            std::uint64_t address = type == STT_FUNC ? (sym.st_value & ~std::uint64_t{1}) : sym.st_value;
            symbols[name] = static_cast<std::uint32_t>(address);
        }
    }
}

// ---- Intel HEX ----

// libsrecord reports a parse error as "FILE: LINE: message" and then calls
// exit(1); this quit keeps the message and throws instead.
class throwing_quit : public srecord::quit {
public:
    struct stop {};
    const std::string& last_message() const { return m_last; }

protected:
    void message_v(const char* fmt, va_list ap) override {
        std::array<char, 512> text{};
        std::vsnprintf(text.data(), text.size(), fmt, ap);
        m_last = text.data();
    }
    void exit(int) override { throw stop{}; }

private:
    std::string m_last;
};

// Turns srecord's "FILE: LINE: message" into an input_error with the line.
[[noreturn]] void fail_hex(const std::string& path, std::string message) {
    if (message.compare(0, path.size() + 2, path + ": ") == 0) message.erase(0, path.size() + 2);
    unsigned line = 0;
    size_t digits = 0;
    while (digits < message.size() && std::isdigit(static_cast<unsigned char>(message[digits])))
        line = line * 10 + static_cast<unsigned>(message[digits++] - '0');
    if (digits > 0 && message.compare(digits, 2, ": ") == 0)
        message.erase(0, digits + 2);
    else
        line = 0;
    fail(path, message.empty() ? "invalid Intel HEX file" : message, line);
}

// srecord stops at the end-of-file record and accepts a file without one.
// Every tool writes it last, so a file that does not end with it was cut
// short (or has something after it) and must not load as a whole image.
void check_hex_ends_with_eof_record(const std::string& path) {
    const std::string text = read_input_file(path, max_image_file_size);
    const std::size_t end = text.find_last_not_of(" \t\r\n");
    const std::size_t start = end == std::string::npos ? 0 : text.find_last_of('\n', end) + 1;
    std::string last = end == std::string::npos ? "" : text.substr(start, end + 1 - start);
    std::transform(last.begin(), last.end(), last.begin(), [](unsigned char c) { return std::toupper(c); });
    if (last != ":00000001FF") {
        const unsigned line = static_cast<unsigned>(std::count(text.begin(), text.begin() + start, '\n') + 1);
        fail(path, "the last record is not the end-of-file record :00000001FF: the file is truncated, or has "
                   "something after its end", line);
    }
}

}  // namespace

const char* to_string(image_format format) {
    switch (format) {
    case image_format::elf: return "ELF";
    case image_format::intel_hex: return "Intel HEX";
    case image_format::binary: return "raw binary";
    }
    return "?";
}

void memory_ranges::add(std::uint32_t address, const std::uint8_t* data, std::size_t size,
                        const std::string& source) {
    if (size == 0) return;
    std::uint64_t end = std::uint64_t{address} + size;
    if (end > address_space_end) fail(source, "data at " + hex(address) + " runs past 4 GiB");
    auto next = std::upper_bound(m_ranges.begin(), m_ranges.end(), address,
                                 [](std::uint32_t a, const memory_range& r) { return a < r.address; });
    bool touches_previous = false;
    if (next != m_ranges.begin()) {
        const memory_range& previous = *std::prev(next);
        if (previous.end() > address)
            fail(source, "data at " + hex(address) + " overlaps data already loaded at " +
                             hex(previous.address) + ".." + hex(previous.end() - 1));
        touches_previous = previous.end() == address;
    }
    if (next != m_ranges.end() && end > next->address)
        fail(source, "data at " + hex(address) + ".." + hex(end - 1) +
                         " overlaps data already loaded at " + hex(next->address));

    if (touches_previous) {
        next = std::prev(next);
        next->bytes.insert(next->bytes.end(), data, data + size);
    } else {
        next = m_ranges.insert(next, memory_range{address, std::vector<std::uint8_t>(data, data + size)});
    }
    auto after = std::next(next);
    if (after != m_ranges.end() && after->address == next->end()) {
        next->bytes.insert(next->bytes.end(), after->bytes.begin(), after->bytes.end());
        m_ranges.erase(after);
    }
}

std::size_t memory_ranges::total_bytes() const {
    std::size_t total = 0;
    for (const memory_range& r : m_ranges) total += r.bytes.size();
    return total;
}

image_format detect_format(const std::string& path) {
    if (has_elf_magic(path)) return image_format::elf;
    std::string ext = lower_extension(path);
    if (ext == ".hex" || ext == ".ihex") return image_format::intel_hex;
    if (ext == ".bin") return image_format::binary;
    if (ext == ".elf" || ext == ".axf" || ext == ".out") fail(path, "not an ELF file (bad magic number)");
    fail(path, "unknown image format: expected an ELF file, Intel HEX (.hex) or raw binary (.bin)");
}

loaded_image load_image(const std::string& path, std::optional<std::uint32_t> binary_address) {
    image_format format = detect_format(path);
    if (format != image_format::binary && binary_address)
        fail(path, std::string("an address applies only to raw binaries; this is ") +
                       (format == image_format::elf ? "an ELF" : "an Intel HEX") +
                       " file, which carries its own addresses");
    switch (format) {
    case image_format::elf: return load_elf(path);
    case image_format::intel_hex: return load_intel_hex(path);
    case image_format::binary: break;
    }
    if (!binary_address) fail(path, "a raw binary needs the address it is loaded at");
    return load_binary(path, *binary_address);
}

loaded_image load_elf(const std::string& path) {
    elf_file file(path);
    GElf_Ehdr ehdr = check_arm_executable(path, file.get());
    loaded_image result;
    result.path = path;
    result.format = image_format::elf;
    result.entry = static_cast<std::uint32_t>(ehdr.e_entry);
    load_segments(path, file.get(), result.contents);
    if (result.contents.ranges().empty()) fail(path, "no loadable segment with contents");
    check_sections(path, file.get(), ehdr);
    load_symbols(file.get(), result.symbols);
    return result;
}

loaded_image load_intel_hex(const std::string& path) {
    input_fd readable(path);  // a clear error for a missing file, before srecord tries
    loaded_image result;
    result.path = path;
    result.format = image_format::intel_hex;
    throwing_quit quit;
    try {
        srecord::input::pointer input = srecord::input_file_intel::create(path);
        input->set_quit(quit);
        srecord::record record;
        while (input->read(record)) {
            if (record.get_type() == srecord::record::type_data)
                result.contents.add(record.get_address(), record.get_data(), record.get_length(), path);
            else if (record.get_type() == srecord::record::type_execution_start_address)
                result.entry = record.get_address();
        }
    } catch (const throwing_quit::stop&) {
        fail_hex(path, quit.last_message());
    }
    if (result.contents.ranges().empty()) fail(path, "no data records");
    check_hex_ends_with_eof_record(path);
    return result;
}

loaded_image load_binary(const std::string& path, std::uint32_t address) {
    std::vector<std::uint8_t> bytes = read_file(path);
    if (bytes.empty()) fail(path, "empty file");
    loaded_image result;
    result.path = path;
    result.format = image_format::binary;
    result.contents.add(address, bytes.data(), bytes.size(), path);
    return result;
}

}  // namespace sim
