// nrf53sim --uart: the echo firmware (firmware/tests/sim/uart_echo.c) on
// UARTE0 of the app core, reached from the host through a TCP socket and
// through a pseudo-terminal.
#include <gtest/gtest.h>

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <regex>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "tests/support/host_time.h"

namespace {

const std::string echo_hex = FIRMWARE_DIR "/tests/sim/sim_uart_echo.hex";
constexpr auto host_timeout = test::host_time(std::chrono::seconds(30));

std::string read_file(const std::string& path) {
    std::ifstream in(path);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

// nrf53sim run --app <echo> --uart app0=<where> --for <duration>, its
// output in a file; killed when the test ends.
class simulator {
public:
    simulator(const std::string& where, const std::string& duration) {
        char dir[] = "/tmp/nrf53sim-uart-XXXXXX";
        m_output = std::string(mkdtemp(dir)) + "/sim.out";
        m_pid = fork();
        if (m_pid == 0) {
            std::freopen(m_output.c_str(), "w", stdout);
            std::freopen(m_output.c_str(), "a", stderr);
            const std::string uart = "app0=" + where;
            const char* argv[] = {NRF53SIM_EXE, "run", "--app", echo_hex.c_str(), "--uart", uart.c_str(),
                                  "--for", duration.c_str(), nullptr};
            execv(NRF53SIM_EXE, const_cast<char**>(argv));
            std::_Exit(127);
        }
    }
    ~simulator() {
        if (m_pid > 0) {
            kill(m_pid, SIGKILL);
            waitpid(m_pid, nullptr, 0);
        }
    }

    // The first match of `pattern`'s group 1 in the output, waiting for it.
    std::string wait_for(const std::string& pattern) const {
        const std::regex re(pattern);
        const auto deadline = std::chrono::steady_clock::now() + host_timeout;
        while (std::chrono::steady_clock::now() < deadline) {
            std::smatch m;
            const std::string text = output();
            if (std::regex_search(text, m, re)) return m[1];
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
        ADD_FAILURE() << "no \"" << pattern << "\" from nrf53sim: " << output();
        return {};
    }

    // Waits for the run to end (bounded); its exit status or -1.
    int finish() {
        const auto deadline = std::chrono::steady_clock::now() + host_timeout;
        while (std::chrono::steady_clock::now() < deadline) {
            int status = 0;
            if (waitpid(m_pid, &status, WNOHANG) == m_pid) {
                m_pid = -1;
                return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
        return -1;
    }

    std::string output() const { return read_file(m_output); }

private:
    std::string m_output;
    pid_t m_pid = -1;
};

// Reads from fd until the text ends with `end` or the host timeout passed.
std::string read_until(int fd, const std::string& end) {
    std::string text;
    const auto ends = [&] { return text.size() >= end.size() && text.compare(text.size() - end.size(), end.size(), end) == 0; };
    const auto deadline = std::chrono::steady_clock::now() + host_timeout;
    while (!ends() && std::chrono::steady_clock::now() < deadline) {
        pollfd p{fd, POLLIN, 0};
        if (::poll(&p, 1, 100) != 1) continue;
        char buffer[64];
        const ssize_t n = ::read(fd, buffer, sizeof buffer);
        if (n <= 0) break;
        text.append(buffer, static_cast<std::size_t>(n));
    }
    return text;
}

int connect_to(int port) {
    const int fd = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    address.sin_port = htons(static_cast<std::uint16_t>(port));
    if (connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
        close(fd);
        return -1;
    }
    return fd;
}

TEST(uart_bridge, tcp_client_gets_the_echo_of_what_it_sends) {
    simulator sim("tcp:0", "2s");
    const std::string port = sim.wait_for("uart app0: tcp 127\\.0\\.0\\.1:([0-9]+)");
    ASSERT_FALSE(port.empty());
    const int fd = connect_to(std::stoi(port));
    ASSERT_GE(fd, 0);
    ASSERT_EQ(::write(fd, "hello\n", 6), 6);
    // The client sees as much of the banner as went out after it was
    // accepted (host timing: all, none or its tail), then the echo.
    const std::string received = read_until(fd, "hello\n");
    const std::string banner = "echo: ready\r\n";
    ASSERT_GE(received.size(), 6u) << received;
    const std::string before = received.substr(0, received.size() - 6);
    EXPECT_EQ(received.substr(before.size()), "hello\n") << received;
    EXPECT_TRUE(before.size() <= banner.size() && banner.compare(banner.size() - before.size(), before.size(), before) == 0)
        << received;
    close(fd);
    EXPECT_EQ(sim.finish(), 0) << sim.output();
    const std::string out = sim.output();
    EXPECT_NE(out.find("[app] echo: ready"), std::string::npos) << out;
    EXPECT_NE(out.find("[app] hello"), std::string::npos) << out;
}

TEST(uart_bridge, pty_user_gets_the_echo_of_what_it_types) {
    simulator sim("pty", "2s");
    const std::string path = sim.wait_for("uart app0: (/dev/pts/[0-9]+)");
    ASSERT_FALSE(path.empty());
    const int fd = open(path.c_str(), O_RDWR | O_NOCTTY);
    ASSERT_GE(fd, 0) << path;
    // The terminal is raw: no local echo, "\n" stays "\n"; the banner waits in
    // the terminal for its first reader.
    ASSERT_EQ(::write(fd, "hello\n", 6), 6);
    EXPECT_EQ(read_until(fd, "hello\n"), "echo: ready\r\nhello\n");
    close(fd);
    EXPECT_EQ(sim.finish(), 0) << sim.output();
}

TEST(uart_bridge, a_port_in_use_is_an_error_naming_the_uart) {
    const int listener = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ASSERT_EQ(bind(listener, reinterpret_cast<sockaddr*>(&address), sizeof address), 0);
    ASSERT_EQ(listen(listener, 1), 0);
    socklen_t length = sizeof address;
    getsockname(listener, reinterpret_cast<sockaddr*>(&address), &length);
    simulator sim("tcp:" + std::to_string(ntohs(address.sin_port)), "1ms");
    EXPECT_EQ(sim.finish(), 2);
    EXPECT_NE(sim.output().find("--uart app0: cannot listen on 127.0.0.1:"), std::string::npos) << sim.output();
    close(listener);
}

}  // namespace
