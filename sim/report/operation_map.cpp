#include "sim/report/operation_map.h"

#include <cstdint>
#include <cstdio>
#include <map>
#include <optional>
#include <sstream>
#include <utility>
#include <vector>

#include "sim/report/markup.h"
#include "sim/report/sweep_summary.h"

namespace sim {

const char* const not_faulted_colour = "#d0d4d8";

const char* verdict_colour(point_verdict verdict) {
    switch (verdict) {
    case point_verdict::recovered: return "#43a047";
    case point_verdict::wrong_image: return "#fb8c00";
    case point_verdict::no_boot: return "#e53935";
    case point_verdict::fault: return "#8e24aa";
    case point_verdict::timeout: return "#1e88e5";
    }
    return not_faulted_colour;
}

namespace {

constexpr double label_width = 240, plot_width = 960, band_height = 18, band_gap = 4, axis_height = 16;

// Worst verdict of the points faulting each operation, by position in the span.
std::vector<std::optional<point_verdict>> worst_per_operation(const sweep_result& sweep) {
    std::map<std::uint64_t, std::size_t> position;
    for (std::size_t i = 0; i < sweep.operations.size(); ++i) position[sweep.operations[i].number] = i;
    std::vector<std::optional<point_verdict>> worst(sweep.operations.size());
    for (const sweep_point_result& point : sweep.points) {
        for (std::uint64_t number : point.operations) {
            auto found = position.find(number);
            if (found == position.end()) continue;  // a point past the span's end faults no operation of it
            std::optional<point_verdict>& w = worst[found->second];
            w = w ? worse(*w, point.verdict) : point.verdict;
        }
    }
    return worst;
}

// A band: one partition of one flash array.
using band_key = std::pair<std::string, std::string>;  // array, partition

std::string band_label(const band_key& band) {
    return (band.second.empty() ? "(no partition)" : band.second) + " (" + band.first + ")";
}

// Consecutive operations of one band in one column, drawn as one rect.
struct run {
    const span_operation* first = nullptr;
    const span_operation* last = nullptr;
    std::size_t operations = 0, erases = 0;
    std::optional<point_verdict> worst;
};

std::string hex(std::uint32_t value) {
    char text[16];
    std::snprintf(text, sizeof text, "0x%08X", value);
    return text;
}

std::string verdict_text(const std::optional<point_verdict>& verdict) {
    return verdict ? to_string(*verdict) : "not faulted";
}

std::string tooltip(const run& r, const band_key& band) {
    const std::string partition = " partition " + (band.second.empty() ? "(none)" : band.second) + " (" + band.first + ")";
    if (r.operations == 1)
        return "op " + std::to_string(r.first->number) + ": " + r.first->kind + " " + hex(r.first->address) +
               " size " + std::to_string(r.first->size) + partition + ": " + verdict_text(r.worst);
    return "ops " + std::to_string(r.first->number) + "-" + std::to_string(r.last->number) + " (" +
           std::to_string(r.operations) + " operations of this partition, " + std::to_string(r.erases) + " erases)" +
           partition + ": worst " + verdict_text(r.worst);
}

std::string number(double value) {
    char text[32];
    std::snprintf(text, sizeof text, "%.2f", value);
    return text;
}

class svg_writer {
public:
    explicit svg_writer(const sweep_result& sweep) : m_sweep(sweep), m_worst(worst_per_operation(sweep)) {
        for (const span_operation& op : sweep.operations) band_of(op);
        const std::size_t n = sweep.operations.size();
        m_per_column = n <= max_operation_columns ? 1 : (n + max_operation_columns - 1) / max_operation_columns;
        m_columns = (n + m_per_column - 1) / m_per_column;
    }

    std::string write() {
        const double height = static_cast<double>(m_bands.size()) * (band_height + band_gap) + axis_height;
        m_out << "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"operation-map\" width=\""
              << number(label_width + plot_width) << "\" height=\"" << number(height) << "\">\n";
        for (std::size_t b = 0; b < m_bands.size(); ++b)
            m_out << "<text x=\"0\" y=\"" << number(band_y(b) + band_height - 5) << "\">"
                  << xml_escape(band_label(m_bands[b])) << "</text>\n";
        write_runs();
        m_out << "<text x=\"" << number(label_width) << "\" y=\"" << number(height - 3) << "\">op 1</text>\n"
              << "<text x=\"" << number(label_width + plot_width) << "\" y=\"" << number(height - 3)
              << "\" text-anchor=\"end\">op " << m_sweep.operations.back().number << "</text>\n</svg>\n";
        return m_out.str();
    }

private:
    std::size_t band_of(const span_operation& op) {
        const band_key key{op.array, op.partition};
        for (std::size_t b = 0; b < m_bands.size(); ++b)
            if (m_bands[b] == key) return b;
        m_bands.push_back(key);
        return m_bands.size() - 1;
    }

    double band_y(std::size_t band) const { return static_cast<double>(band) * (band_height + band_gap); }

    void write_runs() {
        std::map<std::size_t, run> column;  // by band
        std::size_t current = 0;
        for (std::size_t i = 0; i < m_sweep.operations.size(); ++i) {
            if (i / m_per_column != current) {
                flush(current, column);
                current = i / m_per_column;
            }
            const span_operation& op = m_sweep.operations[i];
            run& r = column[band_of(op)];
            if (!r.first) r.first = &op;
            r.last = &op;
            ++r.operations;
            r.erases += op.kind == "erase";
            if (m_worst[i]) r.worst = r.worst ? worse(*r.worst, *m_worst[i]) : *m_worst[i];
        }
        flush(current, column);
    }

    void flush(std::size_t column_index, std::map<std::size_t, run>& column) {
        const double width = plot_width / static_cast<double>(m_columns);
        for (const auto& [band, r] : column) {
            m_out << "<rect x=\"" << number(label_width + static_cast<double>(column_index) * width) << "\" y=\""
                  << number(band_y(band)) << "\" width=\"" << number(width) << "\" height=\"" << number(band_height)
                  << "\" fill=\"" << (r.worst ? verdict_colour(*r.worst) : not_faulted_colour) << "\"><title>"
                  << xml_escape(tooltip(r, m_bands[band])) << "</title></rect>\n";
        }
        column.clear();
    }

    const sweep_result& m_sweep;
    std::vector<std::optional<point_verdict>> m_worst;
    std::vector<band_key> m_bands;  // in the order operations first touch them
    std::size_t m_per_column = 1, m_columns = 1;
    std::ostringstream m_out;
};

}  // namespace

std::string operation_map_svg(const sweep_result& sweep) { return svg_writer(sweep).write(); }

}  // namespace sim
