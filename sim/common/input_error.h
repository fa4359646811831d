// sim::input_error: the user gave nrf53sim something it cannot use (a bad
// scenario, image, duration or option). nrf53sim exits with code 2 on it.
#pragma once

#include <stdexcept>
#include <string>

namespace sim {

class input_error : public std::runtime_error {
public:
    // line and column count from 1; 0 means "not applicable".
    input_error(std::string file, unsigned line, unsigned column, const std::string& what)
        : std::runtime_error(format(file, line, column, what)),
          m_file(std::move(file)), m_line(line), m_column(column), m_what(what) {}

    const std::string& file() const { return m_file; }
    unsigned line() const { return m_line; }
    unsigned column() const { return m_column; }
    // The message without the "file:line:col: " prefix.
    const std::string& message() const { return m_what; }

private:
    static std::string format(const std::string& file, unsigned line, unsigned column,
                              const std::string& what) {
        std::string where = file;
        if (line != 0) where += ":" + std::to_string(line);
        if (line != 0 && column != 0) where += ":" + std::to_string(column);
        return where.empty() ? what : where + ": " + what;
    }

    std::string m_file;
    unsigned m_line;
    unsigned m_column;
    std::string m_what;
};

}  // namespace sim
