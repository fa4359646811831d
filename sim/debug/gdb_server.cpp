#include "sim/debug/gdb_server.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <iomanip>
#include <sstream>
#include <stdexcept>

#include <systemc>

#include "models/memory.h"
#include "sim/soc/soc.h"

namespace sim {

namespace {

constexpr std::size_t max_input = 64 * 1024;  // a packet longer than this is dropped
constexpr int send_timeout_ms = 5000;          // a debugger that stops reading is dropped
constexpr int stopped_poll_ms = 50;

std::string checksum_hex(const std::string& data) {
    unsigned sum = 0;
    for (unsigned char c : data) sum += c;
    static const char digits[] = "0123456789abcdef";
    return {digits[(sum >> 4) & 0xF], digits[sum & 0xF]};
}

// Replies may hold any byte (qXfer text): escape the four framing characters.
std::string escape(const std::string& payload) {
    std::string out;
    for (char c : payload) {
        if (c == '$' || c == '#' || c == '}' || c == '*') {
            out += '}';
            out += static_cast<char>(c ^ 0x20);
        } else {
            out += c;
        }
    }
    return out;
}

std::string unescape(const std::string& data) {
    std::string out;
    for (std::size_t i = 0; i < data.size(); ++i) {
        if (data[i] == '}' && i + 1 < data.size()) out += static_cast<char>(data[++i] ^ 0x20);
        else out += data[i];
    }
    return out;
}

void set_non_blocking(int fd) { fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK); }

std::string seconds(picoseconds ps) {
    std::ostringstream s;
    s << ps / ps_per_s << '.' << std::setw(12) << std::setfill('0') << ps % ps_per_s << " s";
    return s.str();
}

}  // namespace

// ------------------------------------------------------------ rsp_connection

rsp_connection::rsp_connection(const std::string& host, std::uint16_t port) {
    const std::string where = host + ":" + std::to_string(port);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(port);
    if (inet_pton(AF_INET, host.c_str(), &address.sin_addr) != 1)
        throw std::runtime_error("gdb: " + host + " is not an IPv4 address");
    m_listener = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (m_listener < 0) throw std::runtime_error("gdb: socket: " + std::string(std::strerror(errno)));
    const int yes = 1;
    setsockopt(m_listener, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
    if (bind(m_listener, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 || listen(m_listener, 1) != 0) {
        const std::string why = std::strerror(errno);
        close(m_listener);
        throw std::runtime_error("gdb: cannot listen on " + where + ": " + why);
    }
    set_non_blocking(m_listener);
    socklen_t length = sizeof address;
    getsockname(m_listener, reinterpret_cast<sockaddr*>(&address), &length);
    m_port = ntohs(address.sin_port);
}

rsp_connection::~rsp_connection() {
    drop_client();
    close(m_listener);
}

void rsp_connection::drop_client() {
    if (m_client >= 0) close(m_client);
    m_client = -1;
    m_acks = true;
    m_input.clear();
    m_last_sent.clear();
}

rsp_connection::events rsp_connection::service() {
    events out;
    if (m_client < 0) {
        m_client = accept4(m_listener, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
        if (m_client < 0) return out;
        const int yes = 1;
        setsockopt(m_client, IPPROTO_TCP, TCP_NODELAY, &yes, sizeof yes);
        out.connected = true;
    }
    char buffer[4096];
    for (;;) {
        const ssize_t n = recv(m_client, buffer, sizeof buffer, 0);
        if (n > 0) {
            m_input.append(buffer, static_cast<std::size_t>(n));
            parse(out);
            continue;
        }
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) break;
        if (n < 0 && errno == EINTR) continue;
        drop_client();  // closed or broken
        out.disconnected = true;
        break;
    }
    return out;
}

void rsp_connection::parse(events& out) {
    for (;;) {
        std::size_t i = 0;
        // Between packets: acks, Ctrl-C and noise.
        while (i < m_input.size() && m_input[i] != '$') {
            if (m_input[i] == '\x03') out.interrupt = true;
            if (m_input[i] == '-' && !m_last_sent.empty()) send(m_last_sent);
            ++i;
        }
        m_input.erase(0, i);
        if (m_input.empty()) return;
        const std::size_t hash = m_input.find('#');
        if (hash == std::string::npos || hash + 2 >= m_input.size()) {
            if (m_input.size() > max_input) {
                m_input.clear();
                ++out.malformed;
            }
            return;  // the rest is still on its way
        }
        const std::string data = m_input.substr(1, hash - 1);
        const std::string sum = m_input.substr(hash + 1, 2);
        m_input.erase(0, hash + 3);
        const bool intact = !m_acks || sum == checksum_hex(data);
        if (m_acks) ::send(m_client, intact ? "+" : "-", 1, MSG_NOSIGNAL);
        if (intact) out.packets.push_back(unescape(data));
    }
}

void rsp_connection::send(const std::string& payload) {
    if (m_client < 0) return;
    const std::string body = escape(payload);
    const std::string frame = "$" + body + "#" + checksum_hex(body);
    m_last_sent = payload;
    std::size_t done = 0;
    while (done < frame.size()) {
        const ssize_t n = ::send(m_client, frame.data() + done, frame.size() - done, MSG_NOSIGNAL);
        if (n > 0) {
            done += static_cast<std::size_t>(n);
            continue;
        }
        if (n < 0 && errno == EINTR) continue;
        pollfd p{m_client, POLLOUT, 0};
        if (n < 0 && errno == EAGAIN && ::poll(&p, 1, send_timeout_ms) == 1) continue;
        drop_client();  // the next service() reports the disconnect
        return;
    }
}

// ------------------------------------------------------------ gdb_server

gdb_server::gdb_server(soc& chip, const gdb_options& options, std::ostream& out)
    : m_soc(chip), m_wait(options.wait) {
    const core_id cores[2] = {core_id::app, core_id::net};
    for (unsigned i = 0; i < 2; ++i) {
        link& l = m_links[i];
        l.core = cores[i];
        const std::uint16_t port = options.port == 0 ? 0 : static_cast<std::uint16_t>(options.port + i);
        l.connection = std::make_unique<rsp_connection>(options.host, port);
        l.stub = std::make_unique<gdb_stub>(chip, l.core, static_cast<gdb_stub::host&>(*this));
        chip.core(l.core).on_debug_stop = [this, &l](armv8m::debug_stop why) { on_core_stop(l, why); };
    }
    out << "gdb: app core on " << options.host << ":" << m_links[0].connection->port() << ", net core on "
        << options.host << ":" << m_links[1].connection->port() << std::endl;
}

gdb_server::~gdb_server() {
    for (link& l : m_links) m_soc.core(l.core).on_debug_stop = nullptr;
}

void gdb_server::on_core_stop(link& l, armv8m::debug_stop why) {
    if (m_stepping) return;  // a step's stop is answered by the step itself
    l.stop = why;
    m_stop_pending = true;
    sc_core::sc_pause();
}

bool gdb_server::serve() {
    for (;;) {
        deliver_stops();
        if (m_kill) return false;
        poll_links(may_run() ? 0 : stopped_poll_ms);
        deliver_stops();
        if (m_kill) return false;
        if (may_run()) return true;
    }
}

void gdb_server::resume_core(core_id which) {
    armv8m::cortex_m33& core = m_soc.core(which);
    if (core.state() == armv8m::run_state::halted) core.debug_resume();
}

bool gdb_server::may_run() const {
    for (const link& l : m_links)
        if (l.stub->current() == gdb_stub::state::stopped) return false;
    const bool app = m_links[0].ever_attached, net = m_links[1].ever_attached;
    switch (m_wait) {
    case gdb_options::wait_for::app: return app;
    case gdb_options::wait_for::net: return net;
    case gdb_options::wait_for::both: return app && net;
    default: return true;
    }
}

void gdb_server::poll_links(int timeout_ms) {
    pollfd fds[2];
    for (unsigned i = 0; i < 2; ++i) fds[i] = {m_links[i].connection->poll_fd(), POLLIN, 0};
    if (::poll(fds, 2, timeout_ms) <= 0) return;
    for (unsigned i = 0; i < 2; ++i)
        if (fds[i].revents) handle_events(m_links[i], m_links[i].connection->service());
}

void gdb_server::handle_events(link& l, const rsp_connection::events& e) {
    if (e.connected) {
        l.stub->attach();
        l.ever_attached = true;
    }
    for (unsigned i = 0; i < e.malformed; ++i) l.connection->send("E01");
    for (const std::string& packet : e.packets) {
        if (std::optional<std::string> reply = l.stub->handle(packet)) l.connection->send(*reply);
        if (packet == "QStartNoAckMode") l.connection->disable_acks();
    }
    if (e.interrupt && l.stub->current() == gdb_stub::state::running) halt_all();
    if (e.disconnected || !l.connection->connected()) {
        if (l.stub->current() != gdb_stub::state::detached) l.stub->detach();
    }
}

void gdb_server::deliver_stops() {
    if (!m_stop_pending) return;
    m_stop_pending = false;
    for (link& l : m_links) {
        if (l.stub->current() == gdb_stub::state::running) {
            l.connection->send(l.stub->stop(l.stop));
        } else if (l.stub->current() == gdb_stub::state::detached &&
                   m_soc.core(l.core).state() == armv8m::run_state::halted) {
            resume_core(l.core);  // nobody is looking at this core
        }
        l.stop.reset();
    }
}

void gdb_server::halt_all() { m_stop_pending = true; }

void gdb_server::kill_run() { m_kill = true; }

void gdb_server::step_core(core_id which) {
    armv8m::cortex_m33& core = m_soc.core(which);
    if (core.state() == armv8m::run_state::held) return;  // nothing runs before FORCEOFF releases it
    m_stepping = true;
    core.debug_step();
    m_stepping = false;
}

std::string gdb_server::time_report() {
    std::ostringstream out;
    out << "simulated time " << seconds(models::to_ps(sc_core::sc_time_stamp())) << "\n";
    for (const link& l : m_links) {
        const armv8m::cortex_m33& core = m_soc.core(l.core);
        out << to_string(l.core) << " core: local time " << seconds(models::to_ps(core.local_time())) << ", "
            << core.clock_cycles() << " clock cycles, " << core.active_cycles() << " active cycles, "
            << core.instructions() << " instructions\n";
    }
    return out.str();
}

}  // namespace sim
