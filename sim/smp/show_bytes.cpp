#include "sim/smp/show_bytes.h"

namespace sim::smp {

namespace {
constexpr char hex_digits[] = "0123456789abcdef";
}

std::string show_bytes(std::string_view bytes, std::size_t limit) {
    std::string text = "\"";
    for (std::size_t i = 0; i < bytes.size() && i < limit; ++i) {
        const auto c = static_cast<unsigned char>(bytes[i]);
        if (c == '"' || c == '\\') {
            text += '\\';
            text += static_cast<char>(c);
        } else if (c >= 0x20 && c < 0x7f) {
            text += static_cast<char>(c);
        } else {
            text += "\\x";
            text += hex_digits[c >> 4];
            text += hex_digits[c & 0xf];
        }
    }
    text += bytes.size() > limit ? "\"... (" : "\" (";
    text += std::to_string(bytes.size()) + (bytes.size() == 1 ? " byte)" : " bytes)");
    return text;
}

std::string to_hex(std::string_view bytes) {
    std::string text;
    text.reserve(bytes.size() * 2);
    for (const char byte : bytes) {
        const auto c = static_cast<unsigned char>(byte);
        text += hex_digits[c >> 4];
        text += hex_digits[c & 0xf];
    }
    return text;
}

}  // namespace sim::smp
