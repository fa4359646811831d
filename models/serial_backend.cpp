#include "models/serial_backend.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <termios.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <stdexcept>

namespace models {

namespace {

std::runtime_error os_error(const std::string& what) {
    return std::runtime_error(what + ": " + std::strerror(errno));
}

void set_non_blocking(int fd) { fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK); }

// Reads what is there without waiting. False when the peer has gone
// (end of file or an error other than "nothing yet").
bool read_some(int fd, std::size_t max_bytes, std::vector<std::uint8_t>& out) {
    std::uint8_t buffer[256];
    while (out.size() < max_bytes) {
        const ssize_t n = ::read(fd, buffer, std::min(sizeof buffer, max_bytes - out.size()));
        if (n > 0) {
            out.insert(out.end(), buffer, buffer + n);
            continue;
        }
        if (n < 0 && (errno == EAGAIN || errno == EINTR)) return true;
        return false;
    }
    return true;
}

class pty_backend : public serial_backend {
public:
    pty_backend() {
        m_master = posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC);
        if (m_master < 0) throw os_error("posix_openpt");
        if (grantpt(m_master) != 0 || unlockpt(m_master) != 0) {
            const std::runtime_error e = os_error("grantpt/unlockpt");
            ::close(m_master);
            throw e;
        }
        m_path = ptsname(m_master);
        // Holding the slave open keeps the terminal alive between users
        // (no hang-up, no EIO on the master) and its raw settings in place.
        m_slave = ::open(m_path.c_str(), O_RDWR | O_NOCTTY | O_CLOEXEC);
        termios settings{};
        if (m_slave < 0 || tcgetattr(m_slave, &settings) != 0) {
            const std::runtime_error e = os_error("open " + m_path);
            if (m_slave >= 0) ::close(m_slave);
            ::close(m_master);
            throw e;
        }
        cfmakeraw(&settings);
        tcsetattr(m_slave, TCSANOW, &settings);
        set_non_blocking(m_master);
    }
    ~pty_backend() override {
        ::close(m_slave);
        ::close(m_master);
    }

    std::string describe() const override { return m_path; }

    std::vector<std::uint8_t> read(std::size_t max_bytes) override {
        std::vector<std::uint8_t> bytes;
        read_some(m_master, max_bytes, bytes);
        return bytes;
    }

    void write(std::uint8_t byte) override {
        if (::write(m_master, &byte, 1) != 1) ++m_dropped;
    }

private:
    int m_master = -1, m_slave = -1;
    std::string m_path;
};

class tcp_backend : public serial_backend {
public:
    explicit tcp_backend(std::uint16_t port) {
        m_listener = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        if (m_listener < 0) throw os_error("socket");
        const int yes = 1;
        setsockopt(m_listener, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        address.sin_port = htons(port);
        if (bind(m_listener, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
            listen(m_listener, 1) != 0) {
            const std::runtime_error e = os_error("cannot listen on 127.0.0.1:" + std::to_string(port));
            ::close(m_listener);
            throw e;
        }
        set_non_blocking(m_listener);
        socklen_t length = sizeof address;
        getsockname(m_listener, reinterpret_cast<sockaddr*>(&address), &length);
        m_port = ntohs(address.sin_port);
    }
    ~tcp_backend() override {
        if (m_client >= 0) ::close(m_client);
        ::close(m_listener);
    }

    std::string describe() const override { return "tcp 127.0.0.1:" + std::to_string(m_port); }

    std::vector<std::uint8_t> read(std::size_t max_bytes) override {
        std::vector<std::uint8_t> bytes;
        if (m_client < 0) m_client = accept4(m_listener, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
        if (m_client >= 0 && !read_some(m_client, max_bytes, bytes)) {
            // The client went away: the next one may connect.
            ::close(m_client);
            m_client = -1;
        }
        return bytes;
    }

    void write(std::uint8_t byte) override {
        if (m_client < 0 || ::send(m_client, &byte, 1, MSG_NOSIGNAL) != 1) ++m_dropped;
    }

private:
    int m_listener = -1, m_client = -1;
    std::uint16_t m_port = 0;
};

}  // namespace

std::unique_ptr<serial_backend> open_pty() { return std::make_unique<pty_backend>(); }

std::unique_ptr<serial_backend> open_tcp_server(std::uint16_t port) { return std::make_unique<tcp_backend>(port); }

}  // namespace models
