// A Kconfig .config file (CONFIG_FOO=y, CONFIG_BAR=0x200, CONFIG_BAZ="text",
// "# CONFIG_QUX is not set"), as Zephyr writes it into <image>/zephyr/.config.
#pragma once

#include "sim/common/input_error.h"

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>

namespace sim {

class dotconfig {
public:
    // Throws input_error (file:line) for a line that is neither an
    // assignment, a comment nor empty.
    static dotconfig parse(const std::string& text, const std::string& file);
    static dotconfig read(const std::string& path);

    const std::string& file() const { return m_file; }
    // The value as written, quotes removed; nullopt when unset.
    std::optional<std::string> value(const std::string& symbol) const;
    bool is_yes(const std::string& symbol) const { return value(symbol) == "y"; }
    // Whether the file names the symbol at all, set or "is not set". Kconfig
    // leaves out a symbol whose dependencies are unmet.
    bool mentions(const std::string& symbol) const { return m_values.count(symbol) || m_not_set.count(symbol); }
    // Every symbol whose value is a number, for sizes in pm.yml.
    std::map<std::string, std::uint64_t> numbers() const;

private:
    std::string m_file;
    std::map<std::string, std::string> m_values;
    std::set<std::string> m_not_set;
};

}  // namespace sim
