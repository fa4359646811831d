#include "sim/dfu/dotconfig.h"

#include "sim/common/input_file.h"

#include <sstream>

namespace sim {

dotconfig dotconfig::parse(const std::string& text, const std::string& file) {
    dotconfig config;
    config.m_file = file;
    std::istringstream lines(text);
    unsigned number = 0;
    for (std::string line; std::getline(lines, line);) {
        ++number;
        if (!line.empty() && line.back() == '\r') line.pop_back();
        static const std::string not_set = " is not set";
        if (line.rfind("# CONFIG_", 0) == 0 && line.size() > not_set.size() &&
            line.compare(line.size() - not_set.size(), not_set.size(), not_set) == 0)
            config.m_not_set.insert(line.substr(2, line.size() - 2 - not_set.size()));
        if (line.empty() || line[0] == '#') continue;
        size_t equals = line.find('=');
        if (equals == std::string::npos || line.compare(0, 7, "CONFIG_") != 0)
            throw input_error(file, number, 0, "expected CONFIG_NAME=value, got \"" + line.substr(0, 80) + "\"");
        std::string value = line.substr(equals + 1);
        if (value.size() >= 2 && value.front() == '"' && value.back() == '"') value = value.substr(1, value.size() - 2);
        config.m_values[line.substr(0, equals)] = value;
    }
    return config;
}

dotconfig dotconfig::read(const std::string& path) { return parse(read_input_file(path, max_text_file_size), path); }

std::optional<std::string> dotconfig::value(const std::string& symbol) const {
    auto it = m_values.find(symbol);
    if (it == m_values.end()) return std::nullopt;
    return it->second;
}

std::map<std::string, std::uint64_t> dotconfig::numbers() const {
    std::map<std::string, std::uint64_t> out;
    for (const auto& [name, value] : m_values) {
        try {
            size_t used = 0;
            std::uint64_t number = std::stoull(value, &used, 0);
            if (used == value.size() && value[0] != '-') out[name] = number;
        } catch (const std::exception&) {
        }
    }
    return out;
}

}  // namespace sim
