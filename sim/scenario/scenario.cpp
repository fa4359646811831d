#include "sim/scenario/scenario.h"

#include "sim/scenario/build_run.h"
#include "sim/common/input_file.h"
#include "sim/dfu/layout.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <iterator>
#include <set>
#include <sstream>

namespace sim {
namespace {

constexpr std::uint32_t app_clock_choices[] = {64'000'000, 128'000'000};

bool is_name_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

std::string quoted_list(const std::vector<std::string>& names) {
    std::string out;
    for (const std::string& name : names) out += (out.empty() ? "" : ", ") + name;
    return out;
}

// Everything a parse function needs: where it is, for messages, and the
// variables for ${name} substitution.
class parse_context {
public:
    parse_context(std::string file, std::string base_dir, const variable_sources& sources)
        : m_file(std::move(file)), m_base_dir(std::move(base_dir)), m_sources(sources) {}

    const std::string& file() const { return m_file; }
    variable_map& variables() { return m_variables; }
    const variable_map& variables() const { return m_variables; }

    source_location where(const YAML::Node& node) const { return where(node.Mark()); }
    source_location where(const YAML::Mark& mark) const {
        if (mark.is_null()) return {m_file, 0, 0};
        return {m_file, static_cast<unsigned>(mark.line + 1), static_cast<unsigned>(mark.column + 1)};
    }

    [[noreturn]] void fail(const YAML::Node& node, const std::string& what) const {
        source_location at = where(node);
        throw input_error(at.file, at.line, at.column, what);
    }

    // A scalar with ${name} replaced; `what` says what was expected there.
    std::string text(const YAML::Node& node, const std::string& what) const {
        if (!node.IsScalar()) fail(node, "expected " + what);
        return substitute(node, node.Scalar());
    }

    std::uint32_t number(const YAML::Node& node, const std::string& what) const {
        std::string value = text(node, what);
        std::optional<std::uint32_t> number = parse_number(value);
        if (!number) fail(node, "expected " + what + " (decimal or 0x hex, 32 bits), got \"" + value + "\"");
        return *number;
    }

    picoseconds duration(const YAML::Node& node) const {
        std::string value = text(node, "a duration such as 500ms");
        try {
            return parse_duration(value);
        } catch (const duration_error& e) {
            fail(node, e.what());
        }
    }

    bool boolean(const YAML::Node& node) const {
        std::string value = text(node, "true or false");
        if (value == "true" || value == "yes" || value == "on") return true;
        if (value == "false" || value == "no" || value == "off") return false;
        fail(node, "expected true or false, got \"" + value + "\"");
    }

    core_id core(const YAML::Node& node) const {
        std::string value = text(node, "a core: app or net");
        if (value == "app") return core_id::app;
        if (value == "net") return core_id::net;
        fail(node, "expected a core: app or net, got \"" + value + "\"");
    }

    console_pattern regex(const YAML::Node& node) const {
        std::string value = text(node, "a regular expression");
        try {
            return {value, std::regex(value, std::regex::ECMAScript)};
        } catch (const std::regex_error& e) {
            fail(node, "bad regular expression \"" + value + "\": " + e.what());
        }
    }

    // Relative paths are relative to the scenario file's directory.
    std::string path(const YAML::Node& node) const {
        std::string value = text(node, "a file name");
        if (value.empty()) fail(node, "expected a file name");
        if (value[0] == '/' || m_base_dir.empty()) return value;
        return m_base_dir + "/" + value;
    }

    // The scenario's build_dir: (slot names come from its layouts); nullptr
    // without one.
    const build_directory* build() const { return m_build; }
    void set_build(const build_directory* build) { m_build = build; }

private:
    // ${name} becomes the variable's value, $$ a single $, and any other $
    // stays (a regex may end in $).
    std::string substitute(const YAML::Node& node, const std::string& in) const {
        std::string out;
        for (size_t pos = 0; pos < in.size(); ++pos) {
            if (in[pos] != '$' || pos + 1 == in.size()) {
                out += in[pos];
            } else if (in[pos + 1] == '$') {
                out += '$';
                ++pos;
            } else if (in[pos + 1] == '{') {
                size_t close = in.find('}', pos + 2);
                if (close == std::string::npos) fail(node, "unterminated ${ in \"" + in + "\"");
                out += lookup(node, in.substr(pos + 2, close - pos - 2));
                pos = close;
            } else {
                out += '$';
            }
        }
        return out;
    }

    std::string lookup(const YAML::Node& node, const std::string& name) const {
        if (name.empty() || !std::all_of(name.begin(), name.end(), is_name_char))
            fail(node, "bad variable name \"" + name + "\": use letters, digits and _");
        if (auto it = m_variables.find(name); it != m_variables.end()) return it->second;
        if (const char* value = m_sources.getenv ? m_sources.getenv(name.c_str()) : nullptr)
            return value;
        fail(node, "undefined variable \"" + name + "\": define it under variables:, with --set " +
                       name + "=VALUE, or in the environment");
    }

    std::string m_file;
    std::string m_base_dir;
    const variable_sources& m_sources;
    variable_map m_variables;
    const build_directory* m_build = nullptr;
};

// A YAML mapping whose keys are checked against the allowed ones, so a
// typo ("withn:") is an error instead of a silently ignored setting.
class map_reader {
public:
    map_reader(const parse_context& ctx, const YAML::Node& node, const std::string& what,
               std::vector<std::string> allowed)
        : m_ctx(ctx), m_node(node), m_what(what) {
        if (!node.IsMap()) ctx.fail(node, "expected " + what + " as a mapping of key: value");
        std::set<std::string> seen;
        for (const auto& entry : node) {
            const YAML::Node& key = entry.first;
            if (!key.IsScalar()) ctx.fail(key, "expected a key name in " + what);
            const std::string& name = key.Scalar();
            if (std::find(allowed.begin(), allowed.end(), name) == allowed.end())
                ctx.fail(key, "unknown key \"" + name + "\" in " + what + "; expected one of: " +
                                  quoted_list(allowed));
            if (!seen.insert(name).second) ctx.fail(key, "duplicate key \"" + name + "\" in " + what);
            if (entry.second.IsNull()) ctx.fail(key, "key \"" + name + "\" in " + what + " needs a value");
        }
    }

    YAML::Node optional(const std::string& key) const { return m_node[key]; }

    YAML::Node required(const std::string& key) const {
        YAML::Node value = m_node[key];
        if (!value) m_ctx.fail(m_node, "missing key \"" + key + "\" in " + m_what);
        return value;
    }

private:
    const parse_context& m_ctx;
    YAML::Node m_node;  // a YAML::Node is a handle: copying it is cheap
    std::string m_what;
};

// ---- steps ----

unsigned uart(const parse_context& ctx, const map_reader& map, core_id core) {
    YAML::Node node = map.optional("uart");
    if (!node) return 0;
    std::uint32_t n = ctx.number(node, "a UART number");
    if (n >= uart_count(core))
        ctx.fail(node, std::string("the ") + to_string(core) + " core's consoles are UART 0.." +
                           std::to_string(uart_count(core) - 1));
    return n;
}

unsigned access_size(const parse_context& ctx, const map_reader& map) {
    YAML::Node node = map.optional("size");
    if (!node) return 4;
    std::uint32_t size = ctx.number(node, "an access size");
    if (size != 1 && size != 2 && size != 4) ctx.fail(node, "size must be 1, 2 or 4 (bytes)");
    return size;
}

std::uint32_t size_mask(unsigned size) { return size == 4 ? 0xFFFFFFFFu : (1u << (8 * size)) - 1; }

std::uint32_t aligned_address(const parse_context& ctx, const map_reader& map, unsigned size) {
    YAML::Node node = map.required("address");
    std::uint32_t address = ctx.number(node, "an address");
    if (address % size != 0)
        ctx.fail(node, "address must be aligned to the access size (" + std::to_string(size) + ")");
    return address;
}

std::uint32_t fitting_value(const parse_context& ctx, const YAML::Node& node, std::uint32_t mask) {
    std::uint32_t value = ctx.number(node, "a value");
    if ((value & ~mask) != 0)
        ctx.fail(node, "value has bits outside the mask or access size; they could never match");
    return value;
}

step_action parse_run(const parse_context& ctx, const YAML::Node& body) {
    return run_step{ctx.duration(body)};
}

step_action parse_wait_for(const parse_context& ctx, const YAML::Node& body) {
    map_reader map(ctx, body, "wait_for", {"core", "uart", "console", "within"});
    core_id core = ctx.core(map.required("core"));
    return wait_for_step{core, uart(ctx, map, core), ctx.regex(map.required("console")),
                         ctx.duration(map.required("within"))};
}

step_action parse_input(const parse_context& ctx, const YAML::Node& body) {
    map_reader map(ctx, body, "input", {"core", "uart", "text"});
    core_id core = ctx.core(map.required("core"));
    YAML::Node text = map.required("text");
    std::string bytes = ctx.text(text, "the text to send");
    if (bytes.empty()) ctx.fail(text, "input text is empty");
    return input_step{core, uart(ctx, map, core), bytes};
}

step_action parse_reset(const parse_context& ctx, const YAML::Node& body) {
    std::string kind = ctx.text(body, "a reset kind: pin, power or soft");
    if (kind == "pin") return reset_step{reset_kind::pin};
    if (kind == "power") return reset_step{reset_kind::power};
    if (kind == "soft") return reset_step{reset_kind::soft};
    ctx.fail(body, "expected a reset kind: pin, power or soft, got \"" + kind + "\"");
}

step_action parse_expect(const parse_context& ctx, const YAML::Node& body) {
    map_reader map(ctx, body, "expect", {"core", "address", "register", "size", "value", "mask"});
    core_id core = ctx.core(map.required("core"));
    if (map.optional("register")) {
        if (map.optional("address") || map.optional("size"))
            ctx.fail(body, "expect takes either register: or address: (with size:), not both");
        YAML::Node reg = map.required("register");
        std::string name = ctx.text(reg, "a register name");
        const std::vector<std::string>& names = register_names();
        if (std::find(names.begin(), names.end(), name) == names.end())
            ctx.fail(reg, "unknown register \"" + name + "\"; expected one of: " + quoted_list(names));
        YAML::Node mask_node = map.optional("mask");
        std::uint32_t mask = mask_node ? ctx.number(mask_node, "a mask") : 0xFFFFFFFFu;
        return expect_register_step{core, name, fitting_value(ctx, map.required("value"), mask), mask};
    }
    if (!map.optional("address")) ctx.fail(body, "expect needs address: or register:");
    unsigned size = access_size(ctx, map);
    std::uint32_t address = aligned_address(ctx, map, size);
    YAML::Node mask_node = map.optional("mask");
    std::uint32_t mask = mask_node ? ctx.number(mask_node, "a mask") : size_mask(size);
    if ((mask & ~size_mask(size)) != 0) ctx.fail(mask_node, "mask is wider than the access size");
    return expect_memory_step{core, address, fitting_value(ctx, map.required("value"), mask), mask, size};
}

step_action parse_write(const parse_context& ctx, const YAML::Node& body) {
    map_reader map(ctx, body, "write", {"core", "address", "value", "size"});
    core_id core = ctx.core(map.required("core"));
    unsigned size = access_size(ctx, map);
    std::uint32_t address = aligned_address(ctx, map, size);
    return write_step{core, address, fitting_value(ctx, map.required("value"), size_mask(size)), size};
}

step_action parse_expect_console(const parse_context& ctx, const YAML::Node& body) {
    map_reader map(ctx, body, "expect_console", {"core", "uart", "regex"});
    core_id core = ctx.core(map.required("core"));
    return expect_console_step{core, uart(ctx, map, core), ctx.regex(map.required("regex"))};
}

// The layout a DFU step reads slots from: its layout: key, else the
// scenario's build_dir:, else the build's partitions.yml.
std::string layout_of(const parse_context& ctx, const YAML::Node& layout) {
    if (layout) return ctx.path(layout);
    if (ctx.build()) return ctx.build()->path;
    auto build = ctx.variables().find("build");
    return (build != ctx.variables().end() ? build->second : std::string(".")) + "/firmware/partitions.yml";
}

// stage: {image: FILE, slot: NAME, request: test|permanent|none, layout: FILE}
// The image may be a dfu_application.zip: its image for the slot is staged.
step_action parse_stage(const parse_context& ctx, const YAML::Node& body) {
    map_reader map(ctx, body, "stage", {"image", "slot", "request", "layout"});
    stage_step step;
    YAML::Node image = map.required("image");
    step.image_path = ctx.path(image);
    YAML::Node layout = map.optional("layout");
    step.layout_path = layout_of(ctx, layout);
    YAML::Node slot = map.required("slot");
    step.slot = ctx.text(slot, "a slot (partition) name");
    try {
        step.image = read_update_for_slot(step.image_path, step.slot);
    } catch (const input_error& e) {
        ctx.fail(image, e.what());
    }
    const build_directory* build_dir = layout ? nullptr : ctx.build();
    try {
        layout_slot found = build_dir ? find_build_slot(*build_dir, step.slot)
                                      : find_layout_slot(step.layout_path, step.slot);
        step.slot_address = found.external ? 0x10000000u + found.address : found.address;
        step.slot_size = found.size;
    } catch (const std::runtime_error& e) {
        ctx.fail(slot, e.what());
    }
    step.image_number = step.slot.size() > 2 && step.slot.compare(step.slot.size() - 2, 2, "_1") == 0 ? 1 : 0;
    if (YAML::Node request = map.optional("request")) {
        std::string r = ctx.text(request, "a request: test, permanent or none");
        if (r == "test") step.request = stage_request::test;
        else if (r == "permanent") step.request = stage_request::permanent;
        else if (r == "none") step.request = stage_request::none;
        else ctx.fail(request, "expected a request: test, permanent or none, got \"" + r + "\"");
    }
    return step;
}

// expect_version: {core: app|net, version: X.Y.Z, layout: FILE}
step_action parse_expect_version(const parse_context& ctx, const YAML::Node& body) {
    map_reader map(ctx, body, "expect_version", {"core", "version", "layout"});
    core_id core = ctx.core(map.required("core"));
    YAML::Node version = map.required("version");
    std::string text = ctx.text(version, "a version such as 2.0.0");
    if (!std::regex_match(text, std::regex("[0-9]+\\.[0-9]+\\.[0-9]+")))
        ctx.fail(version, "expected a version such as 2.0.0, got \"" + text + "\"");
    return expect_version_step{core, text, layout_of(ctx, map.optional("layout"))};
}

step_action parse_mark(const parse_context& ctx, const YAML::Node& body) {
    return mark_step{ctx.text(body, "a mark name")};
}

// print_phases: [{phase: NAME, from: MARK, to: MARK}, ...]
step_action parse_print_phases(const parse_context& ctx, const YAML::Node& body) {
    if (!body.IsSequence()) ctx.fail(body, "expected a list of {phase, from, to}");
    print_phases_step step;
    for (const YAML::Node& entry : body) {
        map_reader map(ctx, entry, "print_phases entry", {"phase", "from", "to"});
        step.phases.push_back({ctx.text(map.required("phase"), "a phase name"),
                               ctx.text(map.required("from"), "a mark name"),
                               ctx.text(map.required("to"), "a mark name")});
    }
    return step;
}

std::vector<step> parse_steps(const parse_context& ctx, const YAML::Node& node);

std::string version_text(const parse_context& ctx, const YAML::Node& node) {
    std::string text = ctx.text(node, "a version such as 2.0.0");
    if (!std::regex_match(text, std::regex("[0-9]+\\.[0-9]+\\.[0-9]+")))
        ctx.fail(node, "expected a version such as 2.0.0, got \"" + text + "\"");
    return text;
}

version_set parse_version_set(const parse_context& ctx, const YAML::Node& node, const std::string& what) {
    map_reader versions(ctx, node, what, {"app", "net"});
    version_set set;
    if (YAML::Node app = versions.optional("app")) set.app = version_text(ctx, app);
    if (YAML::Node net = versions.optional("net")) set.net = version_text(ctx, net);
    if (set.app.empty() && set.net.empty()) ctx.fail(node, what + ": name the version of app:, net: or both");
    return set;
}

std::vector<fault_kind> parse_fault_kinds(const parse_context& ctx, const YAML::Node& node) {
    if (!node.IsSequence() || node.size() == 0) ctx.fail(node, "faults: expected a list of fault kinds");
    std::vector<fault_kind> kinds;
    for (const YAML::Node& entry : node) {
        const std::string name = ctx.text(entry, "a fault kind");
        const std::optional<fault_kind> kind = fault_kind_from_string(name);
        if (!kind) {
            std::string known;
            for (fault_kind k : all_fault_kinds) known += std::string(known.empty() ? "" : ", ") + to_string(k);
            ctx.fail(entry, "unknown fault kind \"" + name + "\"; expected one of: " + known);
        }
        if (std::find(kinds.begin(), kinds.end(), *kind) != kinds.end())
            ctx.fail(entry, "fault kind \"" + name + "\" listed twice");
        kinds.push_back(*kind);
    }
    return kinds;
}

// sample: {trailer: all|none, bulk: N}
sample_plan parse_sample(const parse_context& ctx, const YAML::Node& node) {
    map_reader map(ctx, node, "sample", {"trailer", "bulk"});
    sample_plan sample;
    if (YAML::Node trailer = map.optional("trailer")) {
        const std::string text = ctx.text(trailer, "all or none");
        if (text != "all" && text != "none") ctx.fail(trailer, "trailer: expected all or none, got \"" + text + "\"");
        sample.all_trailers = text == "all";
    }
    if (YAML::Node bulk = map.optional("bulk")) sample.bulk = ctx.number(bulk, "a number of operations");
    return sample;
}

sweep_method parse_method(const parse_context& ctx, const YAML::Node& node) {
    const std::string text = ctx.text(node, "fork_at_fault or resimulate");
    if (text == "fork_at_fault") return sweep_method::fork_at_fault;
    if (text == "resimulate") return sweep_method::resimulate;
    ctx.fail(node, "method: expected fork_at_fault or resimulate, got \"" + text + "\"");
}

// power_fail_sweep: {span: [steps], accept: [{app: V, net: V}, ...] or
// expect_versions: {app: V, net: V}, faults: [kinds], ...}
step_action parse_power_fail_sweep(const parse_context& ctx, const YAML::Node& body) {
    map_reader map(ctx, body, "power_fail_sweep",
                   {"span", "expect_versions", "accept", "within", "boots", "torn", "faults", "cuts", "seed",
                    "runs", "sample", "second_fault", "jobs", "method"});
    power_fail_sweep_step sweep;
    sweep.span = parse_steps(ctx, map.required("span"));
    YAML::Node expected = map.optional("expect_versions"), accept = map.optional("accept");
    if (expected && accept) ctx.fail(accept, "give accept: or expect_versions:, not both");
    if (!expected && !accept) ctx.fail(body, "power_fail_sweep: name what a recovered point runs: accept: or expect_versions:");
    if (expected) sweep.accept.push_back(parse_version_set(ctx, expected, "expect_versions"));
    if (accept) {
        if (!accept.IsSequence() || accept.size() == 0)
            ctx.fail(accept, "accept: expected a list of version sets such as {app: 2.0.0, net: 2.0.0}");
        for (const YAML::Node& set : accept) sweep.accept.push_back(parse_version_set(ctx, set, "accept"));
    }
    point_plan& plan = sweep.plan;
    YAML::Node torn = map.optional("torn"), faults = map.optional("faults");
    if (torn && faults) ctx.fail(torn, "torn: is faults: [torn]; give one of them");
    if (torn && ctx.boolean(torn)) plan.kinds = {fault_kind::torn};
    if (faults) plan.kinds = parse_fault_kinds(ctx, faults);
    if (YAML::Node n = map.optional("within")) sweep.within = ctx.duration(n);
    if (YAML::Node n = map.optional("boots")) sweep.boots = ctx.number(n, "a number of boots");
    if (YAML::Node n = map.optional("cuts")) plan.cuts = ctx.number(n, "a number of faults per run");
    if (YAML::Node n = map.optional("seed")) plan.seed = ctx.number(n, "a seed");
    if (YAML::Node n = map.optional("runs")) plan.runs = ctx.number(n, "a number of runs");
    if (YAML::Node n = map.optional("second_fault")) plan.second_faults = ctx.number(n, "a number of points");
    if (YAML::Node n = map.optional("sample")) {
        if (plan.cuts > 0) ctx.fail(n, "sample: chooses among every operation; random runs (cuts:) choose their own");
        plan.sample = parse_sample(ctx, n);
    }
    if (YAML::Node n = map.optional("jobs")) sweep.jobs = ctx.number(n, "a number of processes");
    if (YAML::Node n = map.optional("method")) sweep.method = parse_method(ctx, n);
    if (sweep.boots == 0) ctx.fail(map.required("boots"), "boots: at least 1");
    if (sweep.jobs == 0) ctx.fail(map.required("jobs"), "jobs: at least 1");
    for (const step& s : sweep.span)
        if (std::holds_alternative<power_fail_sweep_step>(s.action))
            ctx.fail(body, "a power_fail_sweep cannot contain another one");
    return sweep;
}

struct step_kind {
    const char* key;
    step_action (*parse)(const parse_context&, const YAML::Node& body);
};

// Each step is a one-key mapping; the key picks the row.
constexpr step_kind step_kinds[] = {
    {"run", parse_run},
    {"wait_for", parse_wait_for},
    {"input", parse_input},
    {"reset", parse_reset},
    {"write", parse_write},
    {"expect", parse_expect},
    {"expect_console", parse_expect_console},
    {"stage", parse_stage},
    {"expect_version", parse_expect_version},
    {"mark", parse_mark},
    {"print_phases", parse_print_phases},
    {"power_fail_sweep", parse_power_fail_sweep},
};

step parse_step(const parse_context& ctx, const YAML::Node& node) {
    if (!node.IsMap() || node.size() != 1)
        ctx.fail(node, "expected a step: a mapping with one key, one of: " + quoted_list(step_kind_names()));
    const auto& entry = *node.begin();
    std::string key = entry.first.Scalar();
    if (entry.second.IsNull()) ctx.fail(entry.first, "step \"" + key + "\" needs a value");
    for (const step_kind& kind : step_kinds)
        if (key == kind.key) return step{ctx.where(entry.first), key, kind.parse(ctx, entry.second)};
    ctx.fail(entry.first, "unknown step \"" + key + "\"; expected one of: " + quoted_list(step_kind_names()));
}

std::vector<step> parse_steps(const parse_context& ctx, const YAML::Node& node) {
    if (!node.IsSequence() || node.size() == 0)
        ctx.fail(node, "expected steps: as a list of steps (\"- run: 1s\")");
    std::vector<step> steps;
    for (const YAML::Node& item : node) steps.push_back(parse_step(ctx, item));
    return steps;
}

// ---- images, options, variables ----

loaded_image parse_image(const parse_context& ctx, const YAML::Node& node) {
    std::string path;
    std::optional<std::uint32_t> address;
    if (node.IsMap()) {
        map_reader map(ctx, node, "an image", {"file", "address"});
        path = ctx.path(map.required("file"));
        if (YAML::Node a = map.optional("address")) address = ctx.number(a, "a load address");
    } else {
        path = ctx.path(node);
    }
    try {
        return load_image(path, address);
    } catch (const input_error& e) {
        ctx.fail(node, "image " + std::string(e.what()));
    }
}

void parse_core_images(const parse_context& ctx, const YAML::Node& node, core_images& images) {
    std::vector<YAML::Node> items;
    if (node.IsSequence())
        for (const YAML::Node& item : node) items.push_back(item);
    else
        items.push_back(node);
    for (const YAML::Node& item : items) {
        loaded_image loaded = parse_image(ctx, item);
        for (const memory_range& range : loaded.contents.ranges()) {
            try {
                images.contents.add(range, loaded.path);
            } catch (const input_error& e) {
                ctx.fail(item, "image " + std::string(e.what()) + " (of an image listed before)");
            }
        }
        images.files.push_back(std::move(loaded));
    }
}

std::uint32_t parse_clock(const parse_context& ctx, const YAML::Node& node) {
    std::string value = ctx.text(node, "a clock: 64MHz or 128MHz");
    for (std::uint32_t hz : app_clock_choices)
        if (value == std::to_string(hz / 1'000'000) + "MHz") return hz;
    ctx.fail(node, "expected the application core clock: 64MHz or 128MHz, got \"" + value + "\"");
}

scenario_options parse_options(const parse_context& ctx, const YAML::Node& node) {
    map_reader map(ctx, node, "options",
                   {"quantum", "app_clock", "strict", "console_limit", "console_echo", "timeout", "gdb",
                    "mcuboot_key", "entropy_seed", "lockup"});
    scenario_options options;
    if (YAML::Node n = map.optional("quantum")) {
        options.quantum = ctx.duration(n);
        if (*options.quantum == 0) ctx.fail(n, "quantum must be longer than 0");
    }
    if (YAML::Node n = map.optional("app_clock")) options.app_clock_hz = parse_clock(ctx, n);
    if (YAML::Node n = map.optional("strict")) options.strict = ctx.boolean(n);
    if (YAML::Node n = map.optional("mcuboot_key")) options.mcuboot_key = ctx.path(n);
    if (YAML::Node n = map.optional("entropy_seed")) options.entropy_seed = ctx.number(n, "a seed");
    if (YAML::Node n = map.optional("console_limit"))
        options.console_limit = ctx.number(n, "a number of bytes");
    if (YAML::Node n = map.optional("console_echo")) options.console_echo = ctx.boolean(n);
    if (YAML::Node n = map.optional("timeout")) {
        picoseconds ps = ctx.duration(n);
        if (ps == 0 || ps % ps_per_ms != 0) ctx.fail(n, "timeout (host time) must be a whole number of ms, above 0");
        options.timeout = std::chrono::milliseconds(ps / ps_per_ms);
    }
    if (YAML::Node n = map.optional("gdb")) options.gdb.enabled = ctx.boolean(n);
    if (YAML::Node n = map.optional("lockup")) {
        const std::string action = ctx.text(n, "reset or stop");
        if (action != "reset" && action != "stop") ctx.fail(n, "lockup: expected reset or stop, got \"" + action + "\"");
        options.lockup = action == "stop" ? lockup_action::stop : lockup_action::reset;
    }
    return options;
}

// build_dir: DIR, a firmware build (sim/scenario/build_run.h): its merged HEX files
// become the images.
build_directory parse_build_dir(const parse_context& ctx, const YAML::Node& node, scenario& result) {
    const std::string path = ctx.path(node);
    try {
        build_directory build = read_build_directory(path);
        build_images images = load_build_images(build);
        result.app = std::move(images.app);
        result.net = std::move(images.net);
        return build;
    } catch (const input_error& e) {
        ctx.fail(node, "build_dir: " + std::string(e.what()));
    }
}

// Variables are read in order, so a value may use the ones above it.
void parse_variables(parse_context& ctx, const YAML::Node* node, const variable_sources& sources) {
    ctx.variables() = sources.defaults;
    for (const auto& [name, value] : sources.overrides) ctx.variables()[name] = value;
    if (node != nullptr) {
        if (!node->IsMap()) ctx.fail(*node, "expected variables: as a mapping of name: value");
        for (const auto& entry : *node) {
            const std::string& name = entry.first.Scalar();
            if (name.empty() || !std::all_of(name.begin(), name.end(), is_name_char))
                ctx.fail(entry.first, "bad variable name \"" + name + "\": use letters, digits and _");
            if (sources.overrides.count(name) == 0)
                ctx.variables()[name] = ctx.text(entry.second, "a string value for variable " + name);
        }
    }
}

std::string default_name(const std::string& file) {
    size_t slash = file.find_last_of('/');
    std::string base = slash == std::string::npos ? file : file.substr(slash + 1);
    size_t dot = base.find_last_of('.');
    return dot == std::string::npos || dot == 0 ? base : base.substr(0, dot);
}

YAML::Node load_yaml(const std::string& text, const std::string& file) {
    try {
        return YAML::Load(text);
    } catch (const YAML::ParserException& e) {
        throw input_error(file, static_cast<unsigned>(e.mark.line + 1),
                          static_cast<unsigned>(e.mark.column + 1), "malformed YAML: " + e.msg);
    }
}

}  // namespace

std::string to_string(const source_location& where) {
    std::string out = where.file;
    if (where.line != 0) out += ":" + std::to_string(where.line) + ":" + std::to_string(where.column);
    return out;
}

const std::vector<std::string>& register_names() {
    static const std::vector<std::string> names{
        "r0", "r1", "r2", "r3", "r4", "r5", "r6", "r7", "r8", "r9", "r10", "r11", "r12",
        "sp", "lr", "pc", "xpsr", "msp", "psp", "primask", "basepri", "faultmask", "control"};
    return names;
}

unsigned uart_count(core_id core) { return core == core_id::app ? 4 : 1; }

std::optional<std::uint32_t> parse_number(std::string_view text) {
    unsigned base = 10;
    if (text.size() > 2 && text[0] == '0' && (text[1] == 'x' || text[1] == 'X')) {
        base = 16;
        text.remove_prefix(2);
    }
    if (text.empty()) return std::nullopt;
    std::uint64_t value = 0;
    for (char c : text) {
        int lower = std::tolower(static_cast<unsigned char>(c));
        unsigned digit = std::isdigit(lower) ? static_cast<unsigned>(lower - '0')
                         : (base == 16 && lower >= 'a' && lower <= 'f') ? static_cast<unsigned>(lower - 'a' + 10)
                                                                         : base;
        if (digit >= base) return std::nullopt;
        value = value * base + digit;
        if (value > 0xFFFFFFFFu) return std::nullopt;
    }
    return static_cast<std::uint32_t>(value);
}

std::vector<std::string> step_kind_names() {
    std::vector<std::string> names;
    for (const step_kind& kind : step_kinds) names.emplace_back(kind.key);
    return names;
}

// requires: [PATH, ...]: why the scenario cannot run here (the first path
// that does not exist), or "" when everything is there.
std::string missing_requirement(const parse_context& ctx, const YAML::Node& needs) {
    if (!needs.IsSequence()) ctx.fail(needs, "expected requires: to list paths, e.g. [${fixtures}/ncs-smp-svr]");
    for (const YAML::Node& need : needs) {
        const std::string path = ctx.path(need);
        std::error_code error;
        if (!std::filesystem::exists(path, error)) return "requires " + path + ", which is absent";
    }
    return "";
}

scenario parse_scenario(const std::string& text, const std::string& file,
                        const std::string& base_dir, const variable_sources& variables) {
    YAML::Node root = load_yaml(text, file);
    parse_context ctx(file, base_dir, variables);
    if (root.IsNull()) throw input_error(file, 0, 0, "empty scenario: expected images: and steps:");
    map_reader top(ctx, root, "a scenario",
                   {"name", "description", "variables", "requires", "build_dir", "images", "options", "steps"});

    YAML::Node vars = top.optional("variables");
    parse_variables(ctx, vars ? &vars : nullptr, variables);

    scenario result;
    result.file = file;
    result.variables = ctx.variables();
    YAML::Node name = top.optional("name");
    result.name = name ? ctx.text(name, "a scenario name") : default_name(file);
    if (YAML::Node d = top.optional("description")) result.description = ctx.text(d, "a description");
    if (YAML::Node needs = top.optional("requires")) {
        result.skip_reason = missing_requirement(ctx, needs);
        if (!result.skip_reason.empty()) return result;  // the rest may name what is missing
    }

    std::optional<build_directory> build;
    if (YAML::Node dir = top.optional("build_dir")) {
        build = parse_build_dir(ctx, dir, result);
        result.build_dir = build->path;
        ctx.set_build(&*build);
    }
    if (!build || top.optional("images")) {  // images: add to the build's
        map_reader images(ctx, top.required("images"), "images", {"app", "net"});
        if (YAML::Node app = images.optional("app")) parse_core_images(ctx, app, result.app);
        if (YAML::Node net = images.optional("net")) parse_core_images(ctx, net, result.net);
        if (result.app.files.empty() && result.net.files.empty())
            ctx.fail(top.required("images"), "images: lists no image for app: or net:");
    }

    if (YAML::Node options = top.optional("options")) result.options = parse_options(ctx, options);
    result.steps = parse_steps(ctx, top.required("steps"));
    return result;
}

scenario load_scenario(const std::string& path, const variable_sources& variables) {
    std::error_code error;
    if (!std::filesystem::exists(path, error)) throw input_error(path, 0, 0, "no such scenario file");
    const std::string text = read_input_file(path, max_text_file_size);
    size_t slash = path.find_last_of('/');
    std::string base_dir = slash == std::string::npos ? "." : path.substr(0, slash == 0 ? 1 : slash);
    return parse_scenario(text, path, base_dir, variables);
}

}  // namespace sim
