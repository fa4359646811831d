#include "sim/cli.h"

#include "sim/scenario/build_run.h"

#include <boost/program_options.hpp>

#include <algorithm>
#include <cctype>
#include <sstream>

#ifndef NRF53SIM_DEFAULT_BUILD
#error "sim/CMakeLists.txt defines NRF53SIM_DEFAULT_BUILD, the build tree nrf53sim is built in"
#endif
#ifndef NRF53SIM_DEFAULT_FIXTURES
#error "sim/CMakeLists.txt defines NRF53SIM_DEFAULT_FIXTURES, ../shared/fixtures beside the source tree"
#endif

namespace po = boost::program_options;

namespace sim {
namespace {

const char* const usage =
    "Usage:\n"
    "  nrf53sim run SCENARIO.yaml|DIRECTORY [...] [options]\n"
    "  nrf53sim run --app FILE [--app FILE...] [--net FILE...] [--for TIME] [options]\n"
    "  nrf53sim run --build-dir DIR [--for TIME] [options]\n"
    "  nrf53sim report merge SHARD.json... [--json FILE] [--junit FILE] [--report FILE]\n"
    "  nrf53sim --help | --version\n"
    "\n"
    "Simulates an nRF5340 (application and network cores). A scenario file says which\n"
    "images to load and which steps to run and check; see docs/scenarios.md. The quick\n"
    "form loads images on the command line and runs for TIME (or until interrupted).\n"
    "A DIRECTORY stands for its *.yaml files, found recursively, sorted by path.\n"
    "Images are ELF (loaded by physical address), Intel HEX (.hex) or raw binary\n"
    "(.bin, given as FILE@ADDRESS, e.g. app.bin@0x0).\n";

const char* const epilogue =
    "\n"
    "TIME is a number with a unit ns, us, ms or s: 500ms, 1.5ms, 2s, 10 us.\n"
    "\n"
    "Variables: ${name} in a scenario is replaced by --set name=VALUE, else by the\n"
    "scenario's variables: section, else by a built-in, else by the environment.\n"
    "The built-in ${build} is the nrf53sim build tree (firmware is in ${build}/firmware):\n"
    "$NRF53SIM_BUILD if set, else " NRF53SIM_DEFAULT_BUILD ".\n"
    "The built-in ${fixtures} is where third-party test builds are (scenarios that\n"
    "need them say requires: and are skipped without them):\n"
    "$NRF53SIM_FIXTURES if set, else " NRF53SIM_DEFAULT_FIXTURES ".\n"
    "\n"
    "Exit status: 0 every scenario passed, 1 an expectation failed,\n"
    "2 an error (bad command line, scenario or image, or a simulator error).\n";

po::options_description visible_options() {
    po::options_description options("Options");
    options.add_options()
        ("help,h", "show this help and exit")
        ("version", "print the version and exit")
        ("check", "only validate: parse the scenarios and load every image, then exit")
        ("app", po::value<std::vector<std::string>>()->value_name("FILE"),
         "quick form: load FILE into the application core (repeatable)")
        ("net", po::value<std::vector<std::string>>()->value_name("FILE"),
         "quick form: load FILE into the network core (repeatable)")
        ("build-dir", po::value<std::string>()->value_name("DIR"),
         "quick form: load a firmware build's merged.hex (application core) and merged_CPUNET.hex "
         "(network core), ours or nRF Connect SDK's (a scenario's build_dir: does the same)")
        ("for", po::value<std::string>()->value_name("TIME"),
         "quick form: simulated time to run (default: until interrupted)")
        ("uart", po::value<std::vector<std::string>>()->value_name("UART=WHERE"),
         "connect a console: UART is app0..app3 or net0, WHERE is pty (a pseudo terminal) or "
         "tcp:PORT (a server on 127.0.0.1, 0: a free port), e.g. --uart app0=pty (repeatable)")
        ("strict", po::bool_switch(),
         "treat accesses to unmodeled registers as errors (overrides options: strict:)")
        ("set", po::value<std::vector<std::string>>()->value_name("NAME=VALUE"),
         "set a scenario variable, e.g. --set build=DIR (repeatable; wins over the scenario)")
        ("quantum", po::value<std::string>()->value_name("TIME"),
         "time a core runs ahead before synchronising, e.g. 10us (overrides options: quantum:)")
        ("gdb", "serve gdb's remote protocol, one port per core: app on PORT, net on PORT+1 "
         "(as options: gdb: true); see docs/debugging.md")
        ("gdb-host", po::value<std::string>()->value_name("IPV4"), "address the gdb servers listen on (default 127.0.0.1)")
        ("gdb-port", po::value<unsigned>()->value_name("PORT"),
         "first gdb port (default 3333); 0 picks two free ports and prints them")
        ("gdb-wait", po::value<std::string>()->value_name("CORES")->implicit_value("app"),
         "hold the simulation until a debugger has attached to CORES: app (the default), net or both")
        ("jobs,j", po::value<unsigned>()->value_name("N"),
         "run up to N scenarios at once, each in its own process (default 1); each scenario's "
         "output is printed in one piece, in the order of the command line")
        ("shard", po::value<std::string>()->value_name("I/N"),
         "run only shard I of N: the scenarios at positions p (from 0, in the order of the "
         "command line, directories expanded and sorted) with p mod N = I-1; a scenario with a "
         "power_fail_sweep runs in every shard, its sweep running the points numbered k with "
         "(k-1) mod N = I-1")
        ("junit", po::value<std::string>()->value_name("FILE"),
         "write the results as JUnit XML (Jenkins schema) to FILE")
        ("json", po::value<std::string>()->value_name("FILE"),
         "write the results as JSON to FILE (verdict, simulated and host time, message, "
         "console tails, each power_fail_sweep's points and verdicts)")
        ("report", po::value<std::string>()->value_name("FILE"),
         "write the results as a self-contained HTML page to FILE: per power_fail_sweep a map of "
         "the span's flash operations coloured by verdict, counts per fault and verdict, and the "
         "points not recovered with their replay commands")
        ("trace", po::value<std::string>()->value_name("FILE"),
         "write a Chrome/Perfetto trace-event JSON of the run to FILE (one scenario)")
        ("vcd", po::value<std::string>()->value_name("FILE"),
         "write a value change dump of the run to FILE: FORCEOFF, NVMC busy, IRQ lines, IPC events (one scenario)")
        ("sweep-point", po::value<std::uint64_t>()->value_name("K"),
         "replay one point of the scenario's power_fail_sweep: power cut before flash operation K")
        ("sweep-seed", po::value<std::uint64_t>()->value_name("S"),
         "replay one random multi-cut run of the scenario's power_fail_sweep, seed S");
    return options;
}

picoseconds parse_time_option(const std::string& option, const std::string& text) {
    try {
        return parse_duration(text);
    } catch (const duration_error& e) {
        throw usage_error("--" + option + ": " + e.what());
    }
}

std::uint32_t parse_address(const std::string& option, const std::string& text) {
    std::optional<std::uint32_t> address = parse_number(text);
    if (!address)
        throw usage_error("--" + option + ": expected a load address such as 0x10000 after @, got \"" +
                          text + "\"");
    return *address;
}

image_argument parse_image_argument(const std::string& option, const std::string& text) {
    size_t at = text.rfind('@');
    if (at == std::string::npos) return {text, std::nullopt};
    return {text.substr(0, at), parse_address(option, text.substr(at + 1))};
}

uart_attachment parse_uart(const std::string& text) {
    const std::string expected =
        "--uart: expected app0..app3 or net0, '=', then pty or tcp:PORT, got \"" + text + "\"";
    size_t equals = text.find('=');
    if (equals == std::string::npos || equals < 4) throw usage_error(expected);
    std::string name = text.substr(0, equals);
    std::string where = text.substr(equals + 1);

    uart_attachment uart;
    std::string core = name.substr(0, 3);
    if (core == "app") uart.core = core_id::app;
    else if (core == "net") uart.core = core_id::net;
    else throw usage_error(expected);
    if (name.size() != 4 || !std::isdigit(static_cast<unsigned char>(name[3])) ||
        static_cast<unsigned>(name[3] - '0') >= uart_count(uart.core))
        throw usage_error(expected);
    uart.instance = static_cast<unsigned>(name[3] - '0');

    if (where == "pty") {
        uart.kind = uart_attachment::backend::pty;
        return uart;
    }
    if (where.compare(0, 4, "tcp:") != 0) throw usage_error(expected);
    std::string port = where.substr(4);
    if (port.empty() || port.size() > 5 ||
        !std::all_of(port.begin(), port.end(), [](unsigned char c) { return std::isdigit(c); }) ||
        std::stoul(port) > 65535)
        throw usage_error("--uart: expected a TCP port 0..65535 (0: a free one), got \"" + port + "\"");
    uart.kind = uart_attachment::backend::tcp;
    uart.tcp_port = static_cast<std::uint16_t>(std::stoul(port));
    return uart;
}

void parse_set(const std::string& text, variable_map& variables) {
    size_t equals = text.find('=');
    std::string name = text.substr(0, equals);
    bool valid_name = !name.empty() && std::all_of(name.begin(), name.end(), [](unsigned char c) {
        return std::isalnum(c) || c == '_';
    });
    if (equals == std::string::npos || !valid_name)
        throw usage_error("--set: expected NAME=VALUE (NAME of letters, digits and _), got \"" + text + "\"");
    if (!variables.emplace(name, text.substr(equals + 1)).second)
        throw usage_error("--set: variable \"" + name + "\" is set twice");
}

std::vector<std::string> strings(const po::variables_map& values, const char* name) {
    return values.count(name) ? values[name].as<std::vector<std::string>>() : std::vector<std::string>{};
}

// --gdb and its companions; any of them turns the servers on.
std::optional<gdb_options> parse_gdb_options(const po::variables_map& values) {
    if (!values.count("gdb") && !values.count("gdb-host") && !values.count("gdb-port") && !values.count("gdb-wait"))
        return std::nullopt;
    gdb_options gdb;
    gdb.enabled = true;
    if (values.count("gdb-host")) gdb.host = values["gdb-host"].as<std::string>();
    if (values.count("gdb-port")) {
        const unsigned port = values["gdb-port"].as<unsigned>();
        if (port > 65534) throw usage_error("--gdb-port: expected 0..65534 (the net core uses PORT+1)");
        gdb.port = static_cast<std::uint16_t>(port);
    }
    if (values.count("gdb-wait")) {
        const std::string cores = values["gdb-wait"].as<std::string>();
        if (cores == "app") gdb.wait = gdb_options::wait_for::app;
        else if (cores == "net") gdb.wait = gdb_options::wait_for::net;
        else if (cores == "both") gdb.wait = gdb_options::wait_for::both;
        else throw usage_error("--gdb-wait: expected app, net or both, got \"" + cores + "\"");
    }
    return gdb;
}

void check_run_form(const command_line& command) {
    bool quick = !command.app_images.empty() || !command.net_images.empty() || !command.build_dir.empty();
    if (!command.build_dir.empty() && (!command.app_images.empty() || !command.net_images.empty()))
        throw usage_error("run: give either --build-dir or --app/--net images, not both");
    if (quick && !command.scenario_files.empty())
        throw usage_error("run: give either scenario files or --app/--net/--build-dir, not both");
    if (!quick && command.scenario_files.empty())
        throw usage_error("run: expected a scenario file, --app/--net images or --build-dir");
    if (!quick && command.run_for)
        throw usage_error("--for applies to the quick form (--app/--net/--build-dir); a scenario's steps say how long to run");
}

void parse_suite_options(const po::variables_map& values, suite_options& suite) {
    if (values.count("jobs")) {
        suite.jobs = values["jobs"].as<unsigned>();
        if (suite.jobs == 0) throw usage_error("--jobs must be at least 1");
    }
    if (values.count("shard")) {
        const std::string text = values["shard"].as<std::string>();
        std::optional<shard_spec> shard = parse_shard(text);
        if (!shard) throw usage_error("--shard: expected I/N with 1 <= I <= N, e.g. 2/4, got \"" + text + "\"");
        suite.shard = *shard;
    }
    if (values.count("junit")) suite.junit_file = values["junit"].as<std::string>();
    if (values.count("json")) suite.json_file = values["json"].as<std::string>();
    if (values.count("report")) suite.report_file = values["report"].as<std::string>();
    if (values.count("trace")) suite.trace_file = values["trace"].as<std::string>();
    if (values.count("vcd")) suite.vcd_file = values["vcd"].as<std::string>();
}

core_images load_quick_images(const std::vector<image_argument>& arguments) {
    core_images images;
    for (const image_argument& argument : arguments) {
        loaded_image loaded = load_image(argument.path, argument.address);
        for (const memory_range& range : loaded.contents.ranges()) images.contents.add(range, loaded.path);
        images.files.push_back(std::move(loaded));
    }
    return images;
}

scenario quick_scenario(const command_line& command) {
    scenario quick;
    quick.file = "command line";
    quick.name = "command line";
    quick.app = load_quick_images(command.app_images);
    quick.net = load_quick_images(command.net_images);
    quick.steps.push_back(step{{quick.file, 0, 0}, "run", run_step{command.run_for}});
    return quick;
}

}  // namespace

command_line parse_command_line(int argc, const char* const* argv) {
    po::options_description hidden;
    hidden.add_options()
        ("command", po::value<std::string>())
        ("scenario", po::value<std::vector<std::string>>());
    po::options_description all;
    all.add(visible_options()).add(hidden);
    po::positional_options_description positional;
    positional.add("command", 1).add("scenario", -1);

    po::variables_map values;
    try {
        po::store(po::command_line_parser(argc, argv).options(all).positional(positional).run(), values);
        po::notify(values);
    } catch (const po::error& e) {
        throw usage_error(e.what());
    }

    command_line command;
    if (values.count("help")) return command;
    if (values.count("version")) {
        command.what = command_line::action::version;
        return command;
    }
    if (!values.count("command")) throw usage_error("no command given");
    std::string name = values["command"].as<std::string>();
    if (name != "run") throw usage_error("unknown command \"" + name + "\" (the command is run)");

    command.what = command_line::action::run;
    command.check_only = values.count("check") != 0;
    command.scenario_files = strings(values, "scenario");
    for (const std::string& s : strings(values, "app")) command.app_images.push_back(parse_image_argument("app", s));
    for (const std::string& s : strings(values, "net")) command.net_images.push_back(parse_image_argument("net", s));
    if (values.count("build-dir")) command.build_dir = values["build-dir"].as<std::string>();
    if (values.count("for")) command.run_for = parse_time_option("for", values["for"].as<std::string>());
    for (const std::string& s : strings(values, "set")) parse_set(s, command.variables);
    for (const std::string& s : strings(values, "uart")) {
        uart_attachment uart = parse_uart(s);
        for (const uart_attachment& other : command.uarts)
            if (other.core == uart.core && other.instance == uart.instance)
                throw usage_error("--uart: " + s.substr(0, s.find('=')) + " is connected twice");
        command.uarts.push_back(uart);
    }
    command.strict = values["strict"].as<bool>();
    if (values.count("quantum")) {
        command.quantum = parse_time_option("quantum", values["quantum"].as<std::string>());
        if (*command.quantum == 0) throw usage_error("--quantum must be longer than 0");
    }
    command.gdb = parse_gdb_options(values);
    if (values.count("sweep-point")) command.sweep_point = values["sweep-point"].as<std::uint64_t>();
    if (values.count("sweep-seed")) command.sweep_seed = values["sweep-seed"].as<std::uint64_t>();
    if (command.sweep_point && command.sweep_seed) throw usage_error("--sweep-point and --sweep-seed exclude each other");
    if (command.sweep_point && *command.sweep_point == 0) throw usage_error("--sweep-point: operations count from 1");
    parse_suite_options(values, command.suite);
    check_run_form(command);
    return command;
}

std::string help_text() {
    std::ostringstream out;
    out << usage << "\n" << visible_options() << epilogue;
    return out.str();
}

namespace {

std::string environment_or(char* (*getenv)(const char*), const char* name, const char* fallback) {
    const char* from_environment = getenv ? getenv(name) : nullptr;
    if (from_environment != nullptr && *from_environment != '\0') return from_environment;
    return fallback;
}

}  // namespace

std::string default_build_dir(char* (*getenv)(const char*)) {
    return environment_or(getenv, "NRF53SIM_BUILD", NRF53SIM_DEFAULT_BUILD);
}

std::vector<scenario> load_scenarios(const std::vector<std::string>& paths, const variable_sources& variables) {
    std::vector<scenario> scenarios;
    for (const std::string& file : expand_scenario_paths(paths)) scenarios.push_back(load_scenario(file, variables));
    return scenarios;
}

run_options prepare_run(const command_line& command, char* (*getenv)(const char*)) {
    variable_sources variables;
    variables.overrides = command.variables;
    variables.defaults["build"] = default_build_dir(getenv);
    variables.defaults["fixtures"] = environment_or(getenv, "NRF53SIM_FIXTURES", NRF53SIM_DEFAULT_FIXTURES);
    variables.getenv = getenv;

    run_options options;
    options.scenarios = select_shard(load_scenarios(command.scenario_files, variables), command.suite.shard);
    if (!command.build_dir.empty()) options.scenarios.push_back(build_dir_scenario(command.build_dir, command.run_for));
    else if (command.scenario_files.empty()) options.scenarios.push_back(quick_scenario(command));

    for (scenario& s : options.scenarios) {
        if (command.strict) s.options.strict = true;
        if (command.quantum) s.options.quantum = command.quantum;
        if (command.gdb) s.options.gdb = *command.gdb;
        s.options.uarts = command.uarts;
        s.options.sweep_point = command.sweep_point;
        s.options.sweep_seed = command.sweep_seed;
    }
    options.suite = command.suite;
    if (!options.suite.trace_file.empty() && options.scenarios.size() != 1)
        throw usage_error("--trace records one scenario; " + std::to_string(options.scenarios.size()) + " were given");
    if (!options.suite.vcd_file.empty() && options.scenarios.size() != 1)
        throw usage_error("--vcd records one scenario; " + std::to_string(options.scenarios.size()) + " were given");
    return options;
}

}  // namespace sim
