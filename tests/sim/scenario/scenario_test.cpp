#include "sim/scenario/scenario.h"

#include <gtest/gtest.h>

#include <regex>
#include <string>

namespace {

const std::string data_dir = SOURCE_DIR "/tests/sim/data";

sim::variable_sources no_environment() {
    sim::variable_sources sources;
    sources.getenv = nullptr;
    return sources;
}

// A scenario around the given steps, with an image that exists.
std::string with_steps(const std::string& steps) {
    return "images:\n  app: app.hex\nsteps:\n" + steps;
}

sim::scenario parse(const std::string& yaml, const sim::variable_sources& sources = no_environment()) {
    return sim::parse_scenario(yaml, "test.yaml", data_dir, sources);
}

std::string error_of(const std::string& yaml, const sim::variable_sources& sources = no_environment()) {
    try {
        parse(yaml, sources);
    } catch (const sim::input_error& e) {
        return e.what();
    }
    return "(no error)";
}

template <typename T>
const T& action(const sim::scenario& s, size_t index) {
    return std::get<T>(s.steps.at(index).action);
}

}  // namespace

TEST(scenario, reads_every_part_of_a_full_scenario) {
    sim::scenario s = sim::load_scenario(data_dir + "/valid.yaml", no_environment());
    EXPECT_EQ(s.name, "smoke");
    EXPECT_EQ(s.description, "Boots both cores and checks the console.");
    ASSERT_EQ(s.app.files.size(), 1u);
    EXPECT_EQ(s.app.files[0].format, sim::image_format::intel_hex);
    EXPECT_EQ(s.app.contents.total_bytes(), 36u);
    ASSERT_EQ(s.net.contents.ranges().size(), 1u);
    EXPECT_EQ(s.net.contents.ranges()[0].address, 0x01000000u);

    EXPECT_EQ(s.options.quantum, sim::parse_duration("10us"));
    EXPECT_EQ(s.options.app_clock_hz, 128'000'000u);
    EXPECT_TRUE(s.options.strict);
    EXPECT_EQ(s.options.console_limit, 4096u);
    EXPECT_FALSE(s.options.console_echo);
    EXPECT_EQ(s.options.timeout, std::chrono::milliseconds(30'000));

    ASSERT_EQ(s.steps.size(), 9u);
    EXPECT_EQ(action<sim::run_step>(s, 0).duration, sim::parse_duration("500ms"));
    const auto& write = action<sim::write_step>(s, 1);
    EXPECT_EQ(write.address, 0x50005614u);
    EXPECT_EQ(write.value, 0u);
    EXPECT_EQ(write.size, 4u);
    const auto& wait = action<sim::wait_for_step>(s, 2);
    EXPECT_EQ(wait.core, sim::core_id::app);
    EXPECT_EQ(wait.uart, 0u);
    EXPECT_EQ(wait.within, sim::parse_duration("2s"));
    EXPECT_TRUE(std::regex_search("*** ready  v12 ***", wait.console.regex));
    EXPECT_FALSE(std::regex_search("ready v", wait.console.regex));
    EXPECT_EQ(action<sim::input_step>(s, 3).text, "ping\r\n");
    EXPECT_EQ(action<sim::input_step>(s, 3).core, sim::core_id::net);
    EXPECT_EQ(action<sim::reset_step>(s, 4).kind, sim::reset_kind::pin);
    EXPECT_EQ(action<sim::reset_step>(s, 5).kind, sim::reset_kind::power);
    const auto& memory = action<sim::expect_memory_step>(s, 6);
    EXPECT_EQ(memory.address, 0x20000000u);
    EXPECT_EQ(memory.value, 0x12u);
    EXPECT_EQ(memory.mask, 0xFFu);
    const auto& reg = action<sim::expect_register_step>(s, 7);
    EXPECT_EQ(reg.core, sim::core_id::net);
    EXPECT_EQ(reg.name, "pc");
    EXPECT_EQ(reg.mask, 0xFFFFFFFFu);
    EXPECT_EQ(action<sim::expect_console_step>(s, 8).uart, 3u);

    // Steps know where they were written, for failure messages.
    EXPECT_EQ(s.steps[6].kind, "expect");
    EXPECT_EQ(sim::to_string(s.steps[6].where), data_dir + "/valid.yaml:27:5");
}

TEST(scenario, name_defaults_to_the_file_name) {
    sim::scenario s = sim::parse_scenario(with_steps("  - run: 1s\n"), "dir/boot_test.yaml", data_dir,
                                          no_environment());
    EXPECT_EQ(s.name, "boot_test");
}

TEST(scenario, malformed_yaml_names_file_line_and_column) {
    std::string error;
    try {
        sim::load_scenario(data_dir + "/malformed.yaml", no_environment());
    } catch (const sim::input_error& e) {
        error = e.what();
        EXPECT_EQ(e.file(), data_dir + "/malformed.yaml");
        EXPECT_GT(e.line(), 1u);
    }
    EXPECT_NE(error.find("malformed YAML"), std::string::npos) << error;
}

TEST(scenario, unknown_keys_are_errors_listing_the_allowed_ones) {
    std::string error = error_of(with_steps("  - wait_for: {core: app, console: x, withn: 1s}\n"));
    EXPECT_EQ(error, "test.yaml:4:39: unknown key \"withn\" in wait_for; expected one of: core, uart, "
                     "console, within");
    EXPECT_NE(error_of("imagez: {}\n").find("unknown key \"imagez\" in a scenario"), std::string::npos);
}

TEST(scenario, unknown_step_lists_the_step_kinds) {
    std::string error = error_of(with_steps("  - sleep: 1s\n"));
    // The list grows with each step kind added; the basic ones come first.
    EXPECT_EQ(error.rfind("test.yaml:4:5: unknown step \"sleep\"; expected one of: run, wait_for, input, "
                          "reset, write, expect, expect_console", 0), 0u) << error;
    EXPECT_NE(error.find("power_fail_sweep"), std::string::npos) << error;
}

TEST(scenario, missing_keys_are_named) {
    EXPECT_EQ(error_of(with_steps("  - wait_for: {core: app, console: x}\n")),
              "test.yaml:4:15: missing key \"within\" in wait_for");
    EXPECT_NE(error_of("images:\n  app: app.hex\n").find("missing key \"steps\""), std::string::npos);
}

TEST(scenario, wrong_types_say_what_was_expected) {
    EXPECT_EQ(error_of(with_steps("  - run: [1s]\n")), "test.yaml:4:10: expected a duration such as 500ms");
    EXPECT_NE(error_of(with_steps("  - reset: hard\n")).find("expected a reset kind: pin, power or soft"),
              std::string::npos);
    EXPECT_NE(error_of(with_steps("  - input: {core: cpu, text: a}\n")).find("expected a core: app or net"),
              std::string::npos);
    EXPECT_NE(error_of("images:\n  app: app.hex\noptions: {strict: maybe}\nsteps:\n  - run: 1s\n")
                  .find("test.yaml:3:19: expected true or false"),
              std::string::npos);
}

TEST(scenario, bad_duration_names_the_line) {
    std::string error = error_of(with_steps("  - run: 1s\n  - run: 5 min\n"));
    EXPECT_EQ(error.rfind("test.yaml:5:10: expected a duration", 0), 0u) << error;
}

TEST(scenario, bad_regex_is_an_error) {
    EXPECT_NE(error_of(with_steps("  - expect_console: {core: app, regex: \"ready(\"}\n"))
                  .find("test.yaml:4:40: bad regular expression"),
              std::string::npos);
}

TEST(scenario, bad_addresses_and_values) {
    EXPECT_NE(error_of(with_steps("  - write: {core: app, address: 0x1_0000_0000, value: 0}\n"))
                  .find("expected an address"),
              std::string::npos);
    EXPECT_NE(error_of(with_steps("  - write: {core: app, address: 0x100000000, value: 0}\n"))
                  .find("32 bits"),
              std::string::npos);
    EXPECT_NE(error_of(with_steps("  - write: {core: app, address: 0x1001, value: 0}\n")).find("aligned"),
              std::string::npos);
    EXPECT_NE(error_of(with_steps("  - write: {core: app, address: 0x1000, size: 1, value: 0x100}\n"))
                  .find("outside the mask or access size"),
              std::string::npos);
    EXPECT_NE(error_of(with_steps("  - expect: {core: app, address: 0x1000, value: 0x3, mask: 0x1}\n"))
                  .find("outside the mask"),
              std::string::npos);
    EXPECT_NE(error_of(with_steps("  - expect: {core: app, register: r13, value: 0}\n")).find("unknown register"),
              std::string::npos);
    EXPECT_NE(error_of(with_steps("  - input: {core: net, uart: 1, text: a}\n")).find("UART 0..0"),
              std::string::npos);
}

TEST(scenario, numbers_are_decimal_or_hex) {
    EXPECT_EQ(sim::parse_number("010"), 10u);  // never octal
    EXPECT_EQ(sim::parse_number("0x5000_5614"), std::nullopt);
    EXPECT_EQ(sim::parse_number("0XfFfFfFfF"), 0xFFFFFFFFu);
    EXPECT_EQ(sim::parse_number("4294967296"), std::nullopt);
    EXPECT_EQ(sim::parse_number("0x"), std::nullopt);
    EXPECT_EQ(sim::parse_number("-1"), std::nullopt);
}

TEST(scenario, sized_accesses) {
    sim::scenario s = parse(with_steps("  - expect: {core: app, address: 0x1002, size: 2, value: 0xBEEF}\n"));
    const auto& e = action<sim::expect_memory_step>(s, 0);
    EXPECT_EQ(e.size, 2u);
    EXPECT_EQ(e.mask, 0xFFFFu);
}

TEST(scenario, missing_image_points_at_the_scenario_line_and_the_file) {
    std::string error;
    try {
        sim::load_scenario(data_dir + "/missing_image.yaml", no_environment());
    } catch (const sim::input_error& e) {
        error = e.what();
    }
    EXPECT_EQ(error, data_dir + "/missing_image.yaml:3:7: image " + data_dir +
                         "/missing.elf: cannot open: No such file or directory");
}

TEST(scenario, overlapping_images_on_one_core_are_refused) {
    EXPECT_NE(error_of("images:\n  app: [app.hex, {file: net.bin, address: 0x10}]\nsteps:\n  - run: 1s\n")
                  .find("overlaps"),
              std::string::npos);
}

TEST(scenario, variables_substitute_in_order_and_overrides_win) {
    sim::variable_sources sources = no_environment();
    sources.defaults["build"] = "/default/build";
    sources.overrides["mode"] = "from_cli";
    sim::scenario s = parse(
        "variables:\n  fw: ${build}/firmware\n  mode: from_file\n  out: ${fw}/${mode}\n"
        "images:\n  app: app.hex\nsteps:\n  - input: {core: app, text: \"${out} costs $$5, ends$\"}\n",
        sources);
    EXPECT_EQ(s.variables.at("fw"), "/default/build/firmware");
    EXPECT_EQ(s.variables.at("mode"), "from_cli");
    EXPECT_EQ(action<sim::input_step>(s, 0).text, "/default/build/firmware/from_cli costs $5, ends$");
}

TEST(scenario, scenario_variables_override_defaults_and_fall_back_to_environment) {
    sim::variable_sources sources;
    sources.defaults["build"] = "/default/build";
    sources.getenv = [](const char* name) -> char* {
        static char value[] = "/env/build";
        return std::string(name) == "NRF53SIM_BUILD" ? value : nullptr;
    };
    sim::scenario s = parse("variables:\n  build: ${NRF53SIM_BUILD}\nimages:\n  app: app.hex\nsteps:\n  - run: 1s\n",
                            sources);
    EXPECT_EQ(s.variables.at("build"), "/env/build");
}

TEST(scenario, undefined_variable_is_an_error_with_its_location) {
    EXPECT_EQ(error_of("images:\n  app: ${nowhere}/app.hex\nsteps:\n  - run: 1s\n"),
              "test.yaml:2:8: undefined variable \"nowhere\": define it under variables:, with --set "
              "nowhere=VALUE, or in the environment");
}

TEST(scenario, needs_an_image_and_a_step) {
    EXPECT_NE(error_of("images: {}\nsteps:\n  - run: 1s\n").find("lists no image"), std::string::npos);
    EXPECT_NE(error_of("images:\n  app: app.hex\nsteps: []\n").find("expected steps:"), std::string::npos);
    EXPECT_NE(error_of("").find("empty scenario"), std::string::npos);
}

TEST(scenario, empty_values_point_at_their_key) {
    EXPECT_EQ(error_of(with_steps("  - run:\n")), "test.yaml:4:5: step \"run\" needs a value");
    EXPECT_EQ(error_of(with_steps("  - wait_for:\n      core: app\n      within:\n")),
              "test.yaml:6:7: key \"within\" in wait_for needs a value");
}

TEST(scenario, duplicate_keys_are_errors) {
    EXPECT_NE(error_of(with_steps("  - write: {core: app, core: net, address: 0, value: 0}\n"))
                  .find("duplicate key \"core\""),
              std::string::npos);
}

namespace {

TEST(scenario, requires_lists_paths_and_an_absent_one_skips_without_reading_the_rest) {
    const sim::scenario skipped =
        parse("requires: [app.hex, no-such-dir]\nimages:\n  app: no-such-dir/merged.hex\nsteps:\n  - run: 1s\n");
    EXPECT_EQ(skipped.skip_reason, "requires " + data_dir + "/no-such-dir, which is absent");
    EXPECT_TRUE(skipped.steps.empty());
    const sim::scenario runs = parse("requires: [app.hex]\n" + with_steps("  - run: 1s\n"));
    EXPECT_TRUE(runs.skip_reason.empty());
    EXPECT_EQ(runs.steps.size(), 1u);
    EXPECT_EQ(error_of("requires: app.hex\n" + with_steps("  - run: 1s\n")),
              "test.yaml:1:11: expected requires: to list paths, e.g. [${fixtures}/ncs-smp-svr]");
}

}  // namespace

namespace {

TEST(scenario, entropy_seed_sets_the_trng_seed_and_is_unset_by_default) {
    EXPECT_FALSE(parse(with_steps("  - run: 1s\n")).options.entropy_seed);
    const sim::scenario seeded =
        parse("images:\n  app: app.hex\noptions: {entropy_seed: 0x1234}\nsteps:\n  - run: 1s\n");
    EXPECT_EQ(seeded.options.entropy_seed, 0x1234u);
}

TEST(scenario, lockup_resets_by_default_stop_keeps_the_error_anything_else_is_refused) {
    EXPECT_EQ(parse(with_steps("  - run: 1s\n")).options.lockup, sim::lockup_action::reset);
    const auto with_lockup = [](const std::string& value) {
        return "images:\n  app: app.hex\noptions: {lockup: " + value + "}\nsteps:\n  - run: 1s\n";
    };
    EXPECT_EQ(parse(with_lockup("stop")).options.lockup, sim::lockup_action::stop);
    EXPECT_EQ(parse(with_lockup("reset")).options.lockup, sim::lockup_action::reset);
    EXPECT_NE(error_of(with_lockup("halt")).find("lockup: expected reset or stop, got \"halt\""), std::string::npos);
}

}  // namespace
