// nrf53sim: the command line around the simulator. Parsing and input
// validation live in sim/cli.cpp; this file only maps outcomes to exit codes:
// 0 pass, 1 an expectation failed, 2 an error (bad input).
#include "sim/cli.h"
#include "sim/dfu/build_dir.h"
#include "sim/dfu/image_tool.h"
#include "sim/dfu/partition_manager.h"
#include "sim/report/report_command.h"
#include "sim/soc/soc.h"

#include <systemc>  // declares sc_main with the linkage libsystemc calls

#include <cstdlib>
#include <iostream>
#include <string>

#include "sim/scenario/runner.h"

namespace {

constexpr int exit_error = 2;

// --check refuses what the run would: an image byte outside every memory of
// its core (the runner checks the same before it loads).
void check_images_load(const sim::run_options& options) {
    for (const sim::scenario& s : options.scenarios) {
        for (sim::core_id core : {sim::core_id::app, sim::core_id::net}) {
            for (const sim::loaded_image& image : s.images(core).files) {
                try {
                    sim::check_loadable(core, image);
                } catch (const sim::input_error& e) {
                    throw sim::input_error(s.file, 0, 0, std::string("image ") + e.what());
                }
            }
        }
    }
}

void print_summary(const sim::run_options& options) {
    for (const sim::scenario& s : options.scenarios) {
        std::cout << s.file << ": ok: \"" << s.name << "\", " << s.app.files.size() << " app and "
                  << s.net.files.size() << " net image(s), " << s.steps.size() << " step(s)\n";
    }
}

}  // namespace

int sc_main(int argc, char** argv) {
    // `nrf53sim image ...` is a separate tool with imgtool's options.
    if (argc >= 2 && std::string(argv[1]) == "image") {
        return sim::image_main(argc - 1, argv + 1);
    }
    // The partition manager and the build-directory check are separate tools too.
    if (argc >= 2 && std::string(argv[1]) == "pm") return sim::pm_main(argc - 1, argv + 1);
    if (argc >= 2 && std::string(argv[1]) == "partitions") return sim::partitions_main(argc - 1, argv + 1);
    // `nrf53sim report merge` works on --json files, not on a simulation.
    if (argc >= 2 && std::string(argv[1]) == "report") return sim::report_main(argc - 1, argv + 1);
    try {
        sim::command_line command = sim::parse_command_line(argc, argv);
        switch (command.what) {
        case sim::command_line::action::help:
            std::cout << sim::help_text();
            return EXIT_SUCCESS;
        case sim::command_line::action::version:
            std::cout << "nrf53sim " << sim::version() << "\n";
            return EXIT_SUCCESS;
        case sim::command_line::action::run:
            break;
        }
        sim::run_options options = sim::prepare_run(command, &std::getenv);
        if (command.check_only) {
            check_images_load(options);
            print_summary(options);
            return EXIT_SUCCESS;
        }
        return sim::run_suite(options.scenarios, options.suite);
    } catch (const sim::usage_error& e) {
        std::cerr << "nrf53sim: " << e.what() << "\nTry 'nrf53sim --help'.\n";
    } catch (const sim::input_error& e) {
        std::cerr << "nrf53sim: " << e.what() << "\n";
    }
    return exit_error;
}

// libsystemc.so has a main() that calls sc_main() after printing its
// banner; this one takes precedence and keeps nrf53sim's output its own.
int main(int argc, char** argv) {
    setenv("SYSTEMC_DISABLE_COPYRIGHT_MESSAGE", "1", 1);
    return sc_core::sc_elab_and_sim(argc, argv);
}
