// `nrf53sim pm`: the partition manager as a build step (see
// sim/dfu/partition_manager.h for the options).
#include "sim/dfu/dotconfig.h"
#include "sim/dfu/partition_manager.h"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <iostream>
#include <string>

namespace sim {
namespace {

constexpr int exit_error = 2;

const char* const pm_usage =
    "Usage: nrf53sim pm [--domain CPUNET] [--static pm_static.yml] [--config .config]\n"
    "                   [--partitions OUT.yml] [--header OUT.h] pm.yml...\n"
    "Places the partitions each pm.yml asks for in the nRF5340's regions and writes\n"
    "partitions.yml and pm_config.h. Sizes may name symbols of the .config files.\n"
    "Exit status: 0 written, 2 bad usage, bad input or an impossible layout.\n";

void write_file(const std::string& path, const partition_layout& layout, bool header) {
    std::ofstream out(path);
    if (out) {
        if (header) {
            write_pm_config_h(layout, {}, out);
        } else {
            write_partitions_yml(layout, out);
        }
        out.flush();
    }
    if (!out) throw input_error(path, 0, 0, std::string("cannot write the file: ") + std::strerror(errno));
}

}  // namespace

int pm_main(int argc, char** argv) {
    pm_input input;
    std::string partitions_out, header_out;
    try {
        for (int i = 1; i < argc; ++i) {
            std::string arg = argv[i];
            auto value = [&]() -> std::string {
                if (i + 1 >= argc) throw input_error("", 0, 0, arg + " needs a value");
                return argv[++i];
            };
            if (arg == "--help" || arg == "-h") {
                std::cout << pm_usage;
                return 0;
            } else if (arg == "--domain") {
                input.domain = value();
            } else if (arg == "--static") {
                input.pm_static = read_pm_file(value());
            } else if (arg == "--config") {
                for (const auto& [name, number] : dotconfig::read(value()).numbers()) input.symbols[name] = number;
            } else if (arg == "--partitions") {
                partitions_out = value();
            } else if (arg == "--header") {
                header_out = value();
            } else if (!arg.empty() && arg[0] == '-') {
                throw input_error("", 0, 0, "unknown option " + arg);
            } else {
                input.pm_yml.push_back(read_pm_file(arg));
            }
        }
        if (input.pm_yml.empty()) throw input_error("", 0, 0, "no pm.yml given");
        if (input.domain != "" && input.domain != "CPUNET")
            throw input_error("", 0, 0, "--domain is CPUNET or absent (the application core)");
        partition_layout layout = resolve_partitions(input);
        if (!partitions_out.empty()) write_file(partitions_out, layout, false);
        if (!header_out.empty()) write_file(header_out, layout, true);
        if (partitions_out.empty() && header_out.empty()) write_partitions_yml(layout, std::cout);
        return 0;
    } catch (const layout_error& e) {
        std::cerr << "nrf53sim pm: impossible layout: " << e.what() << "\n";
    } catch (const input_error& e) {
        std::cerr << "nrf53sim pm: " << e.what() << "\n" << (e.file().empty() ? pm_usage : "");
    }
    return exit_error;
}

}  // namespace sim
