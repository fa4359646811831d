// Command line of `nrf53sim image`. Options follow imgtool's names so NCS
// build lines carry over; input is a raw binary.
#include "sim/dfu/image_tool.h"

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iostream>
#include <map>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "sim/common/input_file.h"
#include "sim/dfu/image_crypto.h"
#include "sim/dfu/image_format.h"

namespace sim {

namespace {

using namespace image;

constexpr int exit_ok = 0, exit_check_failed = 1, exit_error = 2;

const char* usage_text =
    "usage: nrf53sim image sign --header-size N --slot-size N [--key PEM] [--pad-header]\n"
    "                           [--align N] [--max-align N] [--version V] [--pad] [--confirm]\n"
    "                           [--overwrite-only] [--dependencies \"(id,V)\"] [--security-counter N]\n"
    "                           [--load-addr N] [--erased-val 0|0xff] [--max-sectors N] IN.bin OUT.bin\n"
    "       nrf53sim image info [--key PEM] FILE\n"
    "       nrf53sim image verify --key PEM FILE\n";

struct args {
    std::map<std::string, std::string> values;
    std::vector<std::string> flags;
    std::vector<std::string> positional;
    bool has_flag(const std::string& f) const {
        for (const auto& x : flags)
            if (x == f) return true;
        return false;
    }
    std::optional<std::string> value(const std::string& name) const {
        auto it = values.find(name);
        return it == values.end() ? std::nullopt : std::optional<std::string>(it->second);
    }
};

const std::map<std::string, std::string> short_names = {
    {"-k", "--key"}, {"-H", "--header-size"}, {"-v", "--version"}, {"-S", "--slot-size"},
    {"-d", "--dependencies"}, {"-s", "--security-counter"}, {"-L", "--load-addr"},
    {"-R", "--erased-val"}, {"-M", "--max-sectors"}};
const std::vector<std::string> value_options = {
    "--key", "--header-size", "--align", "--max-align", "--version", "--slot-size",
    "--dependencies", "--security-counter", "--load-addr", "--erased-val", "--max-sectors"};
const std::vector<std::string> flag_options = {"--pad-header", "--pad", "--confirm", "--overwrite-only"};

bool contains(const std::vector<std::string>& v, const std::string& s) {
    for (const auto& x : v)
        if (x == s) return true;
    return false;
}

args parse_args(int argc, char** argv, int first) {
    args a;
    for (int i = first; i < argc; i++) {
        std::string word = argv[i], inline_value;
        bool has_inline = false;
        if (word.rfind("--", 0) == 0 && word.find('=') != std::string::npos) {
            inline_value = word.substr(word.find('=') + 1);
            word = word.substr(0, word.find('='));
            has_inline = true;
        }
        if (short_names.count(word)) word = short_names.at(word);
        if (contains(value_options, word)) {
            if (!has_inline && i + 1 >= argc) throw error(word + " needs a value");
            a.values[word] = has_inline ? inline_value : argv[++i];
        } else if (contains(flag_options, word) && !has_inline) {
            a.flags.push_back(word);
        } else if (word.size() > 1 && word[0] == '-') {
            throw error("unknown option " + word);
        } else {
            a.positional.push_back(word);
        }
    }
    return a;
}

uint32_t number(const std::string& name, const std::string& text) {
    char* end = nullptr;
    unsigned long long v = std::strtoull(text.c_str(), &end, 0);
    if (text.empty() || *end != '\0' || text[0] == '-' || v > 0xffffffffull)
        throw error(name + ": \"" + text + "\" is not a number");
    return uint32_t(v);
}

bytes read_file(const std::string& path) {
    const std::string text = read_input_file(path, max_image_file_size);
    return bytes(text.begin(), text.end());
}

// The image file taken apart; what is wrong with it is said with its name.
parsed_image parse_file(const std::string& path) {
    const bytes file = read_file(path);
    try {
        return parse(file);
    } catch (const error& e) {
        throw error(path + ": " + e.what());
    }
}

void write_file(const std::string& path, const bytes& data) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(data.data()), std::streamsize(data.size()));
    if (!out) throw error(path + ": cannot write the file: " + std::strerror(errno));
}

std::string hex(const bytes& b, size_t max = 32) {
    std::string s;
    char buf[3];
    for (size_t i = 0; i < b.size() && i < max; i++) {
        std::snprintf(buf, sizeof buf, "%02x", b[i]);
        s += buf;
    }
    return b.size() > max ? s + "..." : s;
}

std::string hex32(uint32_t v) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "0x%x", v);
    return buf;
}

int sign_command(const args& a, std::ostream& out) {
    if (a.positional.size() != 2) throw error("sign needs IN.bin and OUT.bin");
    const std::string& in = a.positional[0];
    if (in.size() > 4 && in.compare(in.size() - 4, 4, ".hex") == 0)
        throw error("Intel HEX input is not supported; use objcopy -O binary first");
    sign_options o;
    if (!a.value("--header-size")) throw error("--header-size is required");
    if (!a.value("--slot-size")) throw error("--slot-size is required");
    o.header_size = number("--header-size", *a.value("--header-size"));
    o.slot_size = number("--slot-size", *a.value("--slot-size"));
    if (auto v = a.value("--align")) o.align = number("--align", *v);
    if (auto v = a.value("--max-align")) o.max_align = number("--max-align", *v);
    if (auto v = a.value("--version")) o.ver = parse_version(*v);
    if (auto v = a.value("--dependencies")) o.dependencies = parse_dependencies(*v);
    if (auto v = a.value("--security-counter")) o.security_counter = number("--security-counter", *v);
    if (auto v = a.value("--load-addr")) {
        o.load_addr = number("--load-addr", *v);
        o.ram_load = true;
    }
    if (auto v = a.value("--max-sectors")) o.max_sectors = number("--max-sectors", *v);
    if (auto v = a.value("--erased-val")) {
        uint32_t e = number("--erased-val", *v);
        if (e != 0 && e != 0xff) throw error("--erased-val must be 0 or 0xff");
        o.erased_val = uint8_t(e);
    }
    o.pad_header = a.has_flag("--pad-header");
    o.pad = a.has_flag("--pad");
    o.confirm = a.has_flag("--confirm");
    o.overwrite_only = a.has_flag("--overwrite-only");
    std::optional<key> k;
    if (auto path = a.value("--key")) k = key::load_pem(*path);
    bytes signed_image = sign(read_file(in), o, k ? &*k : nullptr);
    write_file(a.positional[1], signed_image);
    out << a.positional[1] << ": " << signed_image.size() << " bytes, version " << to_string(o.ver)
        << (k ? ", signed " + k->type_name() : ", unsigned") << "\n";
    return exit_ok;
}

std::string flag_byte(uint8_t v) {
    if (v == 0x01) return "set";
    if (v == 0xff || v == 0x00) return "unset";
    return "bad (" + hex32(v) + ")";
}

void print_tlv(std::ostream& out, const tlv_entry& t) {
    out << "  " << hex32(t.type) << " " << tlv_name(t.type) << " (" << t.value.size() << " bytes at "
        << hex32(t.offset) << ")";
    if (t.type == tlv::dependency && t.value.size() == 12) {
        version v{t.value[4], t.value[5], uint16_t(t.value[6] | t.value[7] << 8),
                  uint32_t(t.value[8] | t.value[9] << 8 | t.value[10] << 16 | uint32_t(t.value[11]) << 24)};
        out << ": image " << int(t.value[0]) << " >= " << to_string(v);
    } else {
        out << ": " << hex(t.value);
    }
    out << "\n";
}

void print_image(std::ostream& out, const parsed_image& p) {
    const header& h = p.hdr;
    out << "header: magic " << hex32(h.magic) << ", load_addr " << hex32(h.load_addr) << ", hdr_size "
        << hex32(h.hdr_size) << ", protect_tlv_size " << h.protect_tlv_size << ", img_size "
        << h.img_size << ", flags " << hex32(h.flags);
    if (h.flags & flag_ram_load) out << " RAM_LOAD";
    if (h.flags & flag_rom_fixed) out << " ROM_FIXED";
    if (h.flags & flag_non_bootable) out << " NON_BOOTABLE";
    out << "\nversion: " << to_string(h.ver) << "\n";
    for (bool prot : {true, false}) {
        out << (prot ? "protected TLVs:\n" : "TLVs:\n");
        for (const tlv_entry& t : p.tlvs)
            if (t.is_protected == prot) print_tlv(out, t);
    }
    out << "image end: " << hex32(p.image_end) << "\n";
    if (p.trl) {
        const trailer& t = *p.trl;
        const char* magic = t.magic == trailer::magic_state::good ? "good"
                            : t.magic == trailer::magic_state::unset ? "unset" : "bad";
        out << "trailer: magic " << magic << " (max_align " << t.max_align << "), image_ok "
            << flag_byte(t.image_ok) << ", copy_done " << flag_byte(t.copy_done) << ", swap_info "
            << (t.swap_info == 0xff ? std::string("unset") : hex32(t.swap_info)) << ", swap_size "
            << (t.swap_size == 0xffffffff ? std::string("unset") : std::to_string(t.swap_size)) << "\n";
    } else {
        out << "trailer: none (file ends with the image)\n";
    }
}

// Prints the verdicts; true if nothing failed.
bool print_verdict(std::ostream& out, const verdict& v) {
    out << "hash: " << (!v.hash_present ? "MISSING" : v.hash_ok ? "good" : "BAD") << "\n";
    out << "signature: "
        << (v.signature_type ? tlv_name(v.signature_type) + " " : std::string()) << v.signature_note
        << "\n";
    bool signature_failed = v.signature_type && v.keyhash_matches && !v.signature_ok;
    return v.hash_present && v.hash_ok && !signature_failed;
}

int info_command(const args& a, std::ostream& out) {
    if (a.positional.size() != 1) throw error("info needs one FILE");
    std::optional<key> k;
    if (auto path = a.value("--key")) k = key::load_pem(*path);
    parsed_image p = parse_file(a.positional[0]);
    print_image(out, p);
    return print_verdict(out, check(p, k ? &*k : nullptr)) ? exit_ok : exit_check_failed;
}

int verify_command(const args& a, std::ostream& out) {
    if (a.positional.size() != 1) throw error("verify needs one FILE");
    if (!a.value("--key")) throw error("verify needs --key");
    key k = key::load_pem(*a.value("--key"));
    parsed_image p = parse_file(a.positional[0]);
    verdict v = check(p, &k);
    bool ok = print_verdict(out, v) && v.signature_ok;
    out << a.positional[0] << ": " << (ok ? "verified" : "NOT verified") << " with " << k.type_name()
        << " key\n";
    return ok ? exit_ok : exit_check_failed;
}

}  // namespace

int image_main(int argc, char** argv, std::ostream& out, std::ostream& err) {
    if (argc < 2) {
        err << usage_text;
        return exit_error;
    }
    std::string action = argv[1];
    try {
        args a = parse_args(argc, argv, 2);
        if (action == "sign") return sign_command(a, out);
        if (action == "info") return info_command(a, out);
        if (action == "verify") return verify_command(a, out);
        if (action == "--help" || action == "-h") {
            out << usage_text;
            return exit_ok;
        }
        err << "nrf53sim image: unknown action \"" << action << "\"\n" << usage_text;
    } catch (const error& e) {
        err << "nrf53sim image " << action << ": " << e.what() << "\n";
    } catch (const std::exception& e) {  // e.g. bad_alloc: still a clean exit
        err << "nrf53sim image " << action << ": " << e.what() << "\n";
    }
    return exit_error;
}

int image_main(int argc, char** argv) { return image_main(argc, argv, std::cout, std::cerr); }

}  // namespace sim
