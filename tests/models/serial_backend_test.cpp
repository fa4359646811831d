// models/serial_backend: the host ends of --uart, without a simulation.
#include <gtest/gtest.h>

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <string>
#include <thread>

#include "models/serial_backend.h"

namespace {

// Polls the backend (as the simulator would) until `count` bytes came; bounded.
std::string read_from(models::serial_backend& backend, std::size_t count) {
    std::string text;
    for (int attempt = 0; attempt < 500 && text.size() < count; ++attempt) {
        const std::vector<std::uint8_t> bytes = backend.read(64);
        text.append(bytes.begin(), bytes.end());
        if (text.size() < count) std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return text;
}

std::string read_fd(int fd, std::size_t count) {
    std::string text;
    while (text.size() < count) {
        pollfd p{fd, POLLIN, 0};
        if (::poll(&p, 1, 5000) != 1) break;
        char buffer[64];
        const ssize_t n = ::read(fd, buffer, sizeof buffer);
        if (n <= 0) break;
        text.append(buffer, static_cast<std::size_t>(n));
    }
    return text;
}

int connect_to(const std::string& description) {
    const int port = std::stoi(description.substr(description.rfind(':') + 1));
    const int fd = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    address.sin_port = htons(static_cast<std::uint16_t>(port));
    EXPECT_EQ(connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address), 0);
    return fd;
}

TEST(serial_backend, tcp_carries_bytes_both_ways_and_drops_them_without_a_client) {
    auto backend = models::open_tcp_server(0);
    ASSERT_EQ(backend->describe().rfind("tcp 127.0.0.1:", 0), 0u) << backend->describe();
    backend->write('x');  // nobody connected yet
    EXPECT_EQ(backend->dropped(), 1u);

    const int client = connect_to(backend->describe());
    ASSERT_EQ(::write(client, "ping", 4), 4);
    EXPECT_EQ(read_from(*backend, 4), "ping");
    for (char c : std::string("pong")) backend->write(static_cast<std::uint8_t>(c));
    EXPECT_EQ(read_fd(client, 4), "pong");
    EXPECT_EQ(backend->dropped(), 1u);

    // After the client hangs up, the next one is accepted.
    close(client);
    EXPECT_EQ(read_from(*backend, 1), "");
    const int second = connect_to(backend->describe());
    ASSERT_EQ(::write(second, "2", 1), 1);
    EXPECT_EQ(read_from(*backend, 1), "2");
    close(second);
}

TEST(serial_backend, a_busy_tcp_port_is_an_error_naming_it) {
    auto first = models::open_tcp_server(0);
    const std::string port = first->describe().substr(first->describe().rfind(':') + 1);
    try {
        models::open_tcp_server(static_cast<std::uint16_t>(std::stoi(port)));
        FAIL() << "a second server on port " << port;
    } catch (const std::runtime_error& e) {
        EXPECT_NE(std::string(e.what()).find("127.0.0.1:" + port), std::string::npos) << e.what();
    }
}

TEST(serial_backend, pty_is_raw_and_keeps_output_for_its_first_reader) {
    auto backend = models::open_pty();
    ASSERT_EQ(backend->describe().rfind("/dev/pts/", 0), 0u) << backend->describe();
    for (char c : std::string("boot\n")) backend->write(static_cast<std::uint8_t>(c));  // before anyone opened it

    const int user = open(backend->describe().c_str(), O_RDWR | O_NOCTTY);
    ASSERT_GE(user, 0);
    EXPECT_EQ(read_fd(user, 5), "boot\n");  // no "\r\n" translation
    ASSERT_EQ(::write(user, "ab\r", 3), 3);
    EXPECT_EQ(read_from(*backend, 3), "ab\r");  // no line buffering, no CR translation
    pollfd p{user, POLLIN, 0};
    EXPECT_EQ(::poll(&p, 1, 200), 0);  // ... and no local echo
    close(user);
    EXPECT_EQ(backend->dropped(), 0u);
}

}  // namespace
