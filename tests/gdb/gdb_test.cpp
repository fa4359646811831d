// gdb-multiarch in batch mode against `nrf53sim run --gdb --gdb-port 0`
// running the sample firmware (docs/firmware.md). Every wait is bounded by
// a host timeout; the simulator is killed at the end of each test.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <regex>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "tests/support/host_time.h"

namespace {

const std::string app_elf = FIRMWARE_DIR "/samples/app/sample_app.elf";
const std::string net_elf = FIRMWARE_DIR "/samples/net/sample_net.elf";
constexpr int gdb_timeout_s = 60 * test::host_time_factor;

std::string read_file(const std::string& path) {
    std::ifstream in(path);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

// nrf53sim running both sample images with its gdb servers on free ports.
class simulator {
public:
    // The sample images, waiting for the debugger of `wait` (app, net, both; "" none).
    explicit simulator(const std::string& wait)
        : simulator(std::vector<std::string>{"--app", app_elf, "--net", net_elf}, wait) {}

    // `run` with `arguments` (images or a scenario) and the gdb servers.
    simulator(const std::vector<std::string>& arguments, const std::string& wait) {
        char dir[] = "/tmp/nrf53sim-gdb-XXXXXX";
        m_dir = mkdtemp(dir);
        m_output = m_dir + "/sim.out";
        m_pid = fork();
        if (m_pid == 0) {
            // A test killed by ctest's timeout must not leave a simulator
            // waiting for a debugger forever.
            prctl(PR_SET_PDEATHSIG, SIGKILL);
            std::freopen(m_output.c_str(), "w", stdout);
            std::freopen(m_output.c_str(), "a", stderr);
            std::vector<const char*> argv = {NRF53SIM_EXE, "run"};
            for (const std::string& a : arguments) argv.push_back(a.c_str());
            for (const char* a : {"--gdb", "--gdb-port", "0"}) argv.push_back(a);
            const std::string wait_option = "--gdb-wait=" + wait;
            if (!wait.empty()) argv.push_back(wait_option.c_str());
            argv.push_back(nullptr);
            execv(NRF53SIM_EXE, const_cast<char**>(argv.data()));
            std::_Exit(127);
        }
        const std::regex ports("gdb: app core on 127\\.0\\.0\\.1:([0-9]+), net core on 127\\.0\\.0\\.1:([0-9]+)");
        const auto deadline = std::chrono::steady_clock::now() + test::host_time(std::chrono::seconds(20));
        while (std::chrono::steady_clock::now() < deadline) {
            std::smatch m;
            const std::string text = read_file(m_output);
            if (std::regex_search(text, m, ports)) {
                app_port = std::stoi(m[1]);
                net_port = std::stoi(m[2]);
                return;
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
        ADD_FAILURE() << "no gdb port line from nrf53sim: " << read_file(m_output);
    }
    ~simulator() {
        kill(m_pid, SIGKILL);
        waitpid(m_pid, nullptr, 0);
    }
    std::string output() const { return read_file(m_output); }
    // The output once nrf53sim printed `last` (bounded wait).
    std::string output_up_to(const std::string& last) const {
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(gdb_timeout_s);
        std::string text = output();
        while (text.find(last) == std::string::npos && std::chrono::steady_clock::now() < deadline) {
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
            text = output();
        }
        return text;
    }
    const std::string& dir() const { return m_dir; }

    int app_port = 0, net_port = 0;

private:
    std::string m_dir, m_output;
    pid_t m_pid = -1;
};

// Starts gdb-multiarch -batch on a script; finish() collects its output.
class gdb_session {
public:
    gdb_session(const simulator& sim, const std::string& name, const std::string& elf, int port,
                const std::vector<std::string>& commands) {
        const std::string script = sim.dir() + "/" + name + ".gdb";
        std::ofstream out(script);
        out << "set pagination off\nset confirm off\ntarget remote 127.0.0.1:" << port << "\n";
        for (const std::string& c : commands) out << c << "\n";
        out.close();
        const std::string command = "timeout " + std::to_string(gdb_timeout_s) + " " GDB_EXE " -nx -batch -x " +
                                    script + " " + elf + " 2>&1";
        m_pipe = popen(command.c_str(), "r");
    }
    std::string finish() {
        std::string text;
        char buffer[4096];
        std::size_t n;
        while ((n = std::fread(buffer, 1, sizeof buffer, m_pipe)) > 0) text.append(buffer, n);
        pclose(m_pipe);
        return text;
    }

private:
    FILE* m_pipe = nullptr;
};

std::string run_gdb(const simulator& sim, const std::string& elf, int port, const std::vector<std::string>& commands) {
    return gdb_session(sim, "session", elf, port, commands).finish();
}

std::vector<std::string> all_matches(const std::string& text, const std::regex& re) {
    std::vector<std::string> found;
    for (auto it = std::sregex_iterator(text.begin(), text.end(), re); it != std::sregex_iterator(); ++it)
        found.push_back((*it)[1]);
    return found;
}

TEST(gdb, app_core_break_at_main_backtrace_registers_print_step_next_finish) {
    simulator sim("app");
    const std::string out = run_gdb(sim, app_elf, sim.app_port,
                                    {"break main", "continue", "bt", "info registers", "print g_ticks", "next",
                                     "next", "step", "bt", "finish", "print $pc == 0 ? 0 : 1"});
    EXPECT_NE(out.find("Breakpoint 1, main () at"), std::string::npos) << out;
    EXPECT_TRUE(std::regex_search(out, std::regex("#0  main \\(\\) at .*main.c:187"))) << out;
    EXPECT_TRUE(std::regex_search(out, std::regex("\\npc +0x1c4 +0x1c4 <main>"))) << out;
    EXPECT_TRUE(std::regex_search(out, std::regex("\\nmsp_s +0x2006fff8"))) << out;
    EXPECT_TRUE(std::regex_search(out, std::regex("\\nxpsr +0x[0-9a-f]+"))) << out;
    EXPECT_NE(out.find("$1 = 0"), std::string::npos) << out;  // g_ticks before the RTC starts
    // switch_to_128mhz is inlined and scheduled into main's first lines, so
    // the first next stops at its call site and the second one steps over
    // console_init to the banner.
    EXPECT_TRUE(std::regex_search(out, std::regex("\\n192\\s+switch_to_128mhz\\(\\);\\n188\\s+console_puts\\("))) << out;
    EXPECT_TRUE(std::regex_search(out, std::regex("\\nconsole_puts \\(s=.*\\) at .*console.c:[0-9]+"))) << out;
    EXPECT_TRUE(std::regex_search(out, std::regex("#1  0x[0-9a-f]+ in main \\(\\) at .*main.c:188"))) << out;
    EXPECT_TRUE(std::regex_search(out, std::regex("\\nmain \\(\\) at .*main.c:[0-9]+"))) << out;
    // finish returned to main (a line of its own), the banner printed.
    EXPECT_NE(sim.output().find("[app] nrf53sim sample app"), std::string::npos);
}

TEST(gdb, watchpoint_on_the_reply_mailbox_stops_the_net_core_and_freezes_the_app_core) {
    simulator sim("net");
    const std::string out =
        run_gdb(sim, net_elf, sim.net_port,
                {"info registers pc", "watch *(unsigned int *)0x20078004", "continue", "bt", "monitor watch",
                 "monitor time", "shell sleep 0.3", "monitor time", "print/x *(unsigned int *)0x20078004"});
    // Held by FORCEOFF at attach: the pc shown is the reset vector's target.
    EXPECT_TRUE(std::regex_search(out, std::regex("pc +0x[0-9a-f]+ +0x[0-9a-f]+ <Reset_Handler>"))) << out;
    EXPECT_TRUE(std::regex_search(out, std::regex("Hardware watchpoint 1: \\*\\(unsigned int \\*\\)0x20078004\\s+Old value = [0-9]+\\s+New value = 1380271193"))) << out;
    EXPECT_TRUE(std::regex_search(out, std::regex("#[0-9]  0x[0-9a-f]+ in main \\(\\)|#[0-9]  main \\(\\)"))) << out;
    EXPECT_NE(out.find("$1 = 0x52454459"), std::string::npos) << out;  // MAILBOX_NET_READY
    EXPECT_TRUE(std::regex_search(out, std::regex("last watchpoint hit: write at 0x20078004 by the instruction at 0x0100"))) << out;
    // Both monitor time reports are identical: nothing ran while halted.
    const auto reports = all_matches(out, std::regex("(simulated time [^\\n]+\\napp core:[^\\n]+\\nnet core:[^\\n]+)"));
    ASSERT_EQ(reports.size(), 2u) << out;
    EXPECT_EQ(reports[0], reports[1]);
    EXPECT_TRUE(std::regex_search(reports[0], std::regex("app core: .* [1-9][0-9]* instructions"))) << reports[0];
}

// The dual-core DFU scenario: v1 and v2 of the application link main at the
// same address, so the breakpoint set in v1 stops again once MCUboot has
// erased and reprogrammed the primary slot, now in v2's code.
TEST(gdb, breakpoint_in_the_application_stops_again_in_the_version_the_bootloader_installed) {
    simulator sim({"--set", "build=" FIRMWARE_DIR "/..", SOURCE_DIR "/scenarios/dual-core-dfu.yaml"}, "app");
    const std::string banner = "find /b /1 0x10000, +0x2000, 'a', 'p', 'p', ' ', 'v'";  // in mcuboot_primary
    const std::string out = run_gdb(sim, FIRMWARE_DIR "/dfu/dfu_app_v2_0_0.elf", sim.app_port,
                                    {"break main", "continue", banner, "x/s $_", "continue", "bt", banner,
                                     "x/s $_", "info breakpoints", "delete", "detach"});
    const std::regex hit_then_banner("Breakpoint 1, main \\(\\) at [^\\n]*main.c:[0-9]+\\n(?:[^\\n]*\\n){1,2}0x[0-9a-f]+\\n1 pattern "
                                     "found.\\n0x[0-9a-f]+:\\s+\"app (v[0-9.]+) \\(app core\\)");
    EXPECT_EQ(all_matches(out, hit_then_banner), (std::vector<std::string>{"v1.0.0", "v2.0.0"})) << out;
    EXPECT_NE(out.find("breakpoint already hit 2 times"), std::string::npos) << out;
    // Stopped before v2's banner; detached, the scenario goes on to its end.
    const std::string sim_out = sim.output_up_to("dual-core-dfu (simulated");
    const std::size_t reboot = sim_out.find("mcuboot: booting image 0 v2.0.0");
    ASSERT_NE(reboot, std::string::npos) << sim_out;
    EXPECT_NE(sim_out.find("nrf53sim sample app v2.0.0", reboot), std::string::npos) << sim_out;
    EXPECT_NE(sim_out.find("PASS dual-core-dfu"), std::string::npos) << sim_out;
}

// The debugger holds the SoC at main for longer than the scenario's host
// timeout: the run is not cut, it passes once the debugger detaches.
TEST(gdb, a_debugger_holding_the_soc_is_not_cut_by_the_host_timeout) {
    char dir[] = "/tmp/nrf53sim-gdb-scenario-XXXXXX";
    const std::string scenario = std::string(mkdtemp(dir)) + "/held.yaml";
    std::ofstream(scenario) << "name: held\nimages:\n  app: " << app_elf << "\n  net: " << net_elf
                            << "\noptions:\n  timeout: 300ms\nsteps:\n"
                               "  - wait_for: {core: app, console: \"app: done\", within: 1s}\n";
    simulator sim({scenario}, "app");
    const std::string out =
        run_gdb(sim, app_elf, sim.app_port, {"break main", "continue", "shell sleep 1", "delete", "detach"});
    EXPECT_NE(out.find("Breakpoint 1, main () at"), std::string::npos) << out;
    const std::string sim_out = sim.output_up_to("held (simulated");
    EXPECT_NE(sim_out.find("PASS held"), std::string::npos) << sim_out;
    EXPECT_EQ(sim_out.find("host timeout"), std::string::npos) << sim_out;
}

TEST(gdb, breakpoint_in_an_interrupt_handler_backtraces_through_the_exception_frame) {
    simulator sim("app");
    const std::string out = run_gdb(sim, app_elf, sim.app_port, {"break rtc0_handler", "continue", "bt"});
    EXPECT_TRUE(std::regex_search(out, std::regex("Breakpoint 1(\\.1)?, rtc0_handler \\(\\)"))) << out;
    EXPECT_NE(out.find("<signal handler called>"), std::string::npos) << out;
    // Below the frame: the code the interrupt came into, up to main.
    EXPECT_TRUE(std::regex_search(out, std::regex("<signal handler called>\\n#[0-9]+ +(0x[0-9a-f]+ in )?[A-Za-z_0-9]+ \\("))) << out;
    EXPECT_TRUE(std::regex_search(out, std::regex("#[0-9]+ +(0x[0-9a-f]+ in )?main \\(\\)"))) << out;
}

TEST(gdb, monitor_reset_restarts_at_the_reset_handler) {
    simulator sim("app");
    const std::string out = run_gdb(sim, app_elf, sim.app_port,
                                    {"break main", "continue", "monitor reset", "break Reset_Handler", "continue",
                                     "info registers pc", "monitor help"});
    EXPECT_NE(out.find("Breakpoint 1, main ()"), std::string::npos) << out;
    EXPECT_NE(out.find("system reset"), std::string::npos) << out;
    EXPECT_TRUE(std::regex_search(out, std::regex("Breakpoint 2, Reset_Handler \\(\\)"))) << out;
    EXPECT_NE(out.find("monitor commands:"), std::string::npos) << out;
}

// With a debugger the locked-up core halts, as a debug probe shows it,
// instead of resetting the chip (docs/resets.md).
TEST(gdb, a_lockup_halts_the_core_for_the_debugger_instead_of_resetting_the_chip) {
    const std::string probe = FIRMWARE_DIR "/tests/sim/sim_probe_lockup.elf";
    simulator sim({"--app", probe}, "app");
    const std::string out = run_gdb(sim, probe, sim.app_port, {"continue", "info registers pc"});
    EXPECT_NE(out.find("Program received signal SIGSEGV"), std::string::npos) << out;
    EXPECT_TRUE(std::regex_search(out, std::regex("pc +0x[0-9a-f]+ +0x[0-9a-f]+ <HardFault_Handler"))) << out;
    const std::string sim_out = sim.output();
    EXPECT_NE(sim_out.find("soc.app_core: lockup at pc"), std::string::npos) << sim_out;
    EXPECT_EQ(sim_out.find("the chip resets"), std::string::npos) << sim_out;
}

TEST(gdb, two_debuggers_stop_at_main_on_each_core) {
    simulator sim("both");
    // The app core reaches main first (the net core is held until the app
    // releases it): the net session sees that stop as SIGINT, then its own.
    gdb_session net(sim, "net", net_elf, sim.net_port,
                    {"break main", "continue", "continue", "bt", "print/x $pc", "monitor time"});
    gdb_session app(sim, "app", app_elf, sim.app_port,
                    {"break main", "continue", "bt", "delete", "continue"});
    const std::string app_out = app.finish();
    const std::string net_out = net.finish();
    EXPECT_NE(app_out.find("Breakpoint 1, main () at"), std::string::npos) << app_out;
    EXPECT_NE(net_out.find("SIGINT"), std::string::npos) << net_out;
    EXPECT_TRUE(std::regex_search(net_out, std::regex("Breakpoint 1, main \\(\\) at .*samples/net/main.c"))) << net_out;
    EXPECT_TRUE(std::regex_search(net_out, std::regex("net core: .* [1-9][0-9]* instructions"))) << net_out;
}

std::string frame(const std::string& payload) {
    unsigned sum = 0;
    for (unsigned char c : payload) sum += c;
    char tail[4];
    std::snprintf(tail, sizeof tail, "#%02x", sum & 0xFF);
    return "$" + payload + tail;
}

std::size_t count_of(const std::string& text, const std::string& what) {
    std::size_t n = 0;
    for (std::size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
    return n;
}

// Raw RSP: a bad checksum is refused, malformed packets get E01, and an
// abrupt disconnect leaves the server serving the next debugger.
TEST(gdb, malformed_packets_and_an_abrupt_disconnect_do_not_hurt) {
    simulator sim("");
    const auto exchange = [&](const std::string& bytes) {
        const int fd = socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in a{};
        a.sin_family = AF_INET;
        a.sin_port = htons(static_cast<std::uint16_t>(sim.app_port));
        inet_pton(AF_INET, "127.0.0.1", &a.sin_addr);
        EXPECT_EQ(connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a), 0);
        send(fd, bytes.data(), bytes.size(), 0);
        std::string reply;
        timeval tv{2, 0};
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
        char buffer[512];
        const auto deadline = std::chrono::steady_clock::now() + test::host_time(std::chrono::seconds(5));
        while (std::count(reply.begin(), reply.end(), '#') < 3 && std::chrono::steady_clock::now() < deadline) {
            const ssize_t n = recv(fd, buffer, sizeof buffer, 0);
            if (n <= 0) break;
            reply.append(buffer, static_cast<std::size_t>(n));
        }
        close(fd);  // no detach
        return reply;
    };
    const std::string reply = exchange("$m0,4#00" + frame("mzz,4") + frame("pfff") + frame("g"));
    EXPECT_EQ(reply.substr(0, 1), "-") << reply;  // bad checksum
    EXPECT_EQ(count_of(reply, frame("E01")), 2u) << reply;
    const std::string out = run_gdb(sim, app_elf, sim.app_port, {"print/x $sp", "monitor time"});
    EXPECT_TRUE(std::regex_search(out, std::regex("\\$1 = 0x2"))) << out;
}

}  // namespace
