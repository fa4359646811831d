// The GDB remote protocol: bytes from a debugger through the server's
// framing (sim/debug/gdb_server.h, rsp_connection: acks, checksums, escapes,
// Ctrl-C) into the application core's stub (sim/debug/gdb_stub.h) of a chip
// with no image. Each input is one debugger session on a fresh connection.
#include "sim/debug/gdb_server.h"
#include "sim/soc/soc.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <stdexcept>

namespace {

// The stub's requests to run, stop or step the SoC: no simulation runs here.
class idle_host : public sim::gdb_stub::host {
    void halt_all() override {}
    void kill_run() override {}
    std::string time_report() override { return "0 s"; }
    void step_core(sim::core_id) override {}
    void resume_core(sim::core_id) override {}
};

int connect_to(std::uint16_t port) {
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(port);
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (fd < 0 || ::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0)
        throw std::runtime_error("gdb_fuzz: cannot connect to the server");
    return fd;
}

// Replies and acks are read and dropped, so that the server never waits
// for a debugger that does not read.
void drain(int fd) {
    char buffer[65536];
    while (::recv(fd, buffer, sizeof buffer, MSG_DONTWAIT) > 0) {
    }
}

struct rig {
    idle_host host;
    sim::soc chip{"soc"};
    sim::gdb_stub stub{chip, sim::core_id::app, host};
    sim::rsp_connection server{"127.0.0.1", 0};

    // Hands what arrived to the stub, as gdb_server does.
    void serve(int client) {
        const sim::rsp_connection::events events = server.service();
        for (const std::string& packet : events.packets) {
            if (std::optional<std::string> reply = stub.handle(packet)) server.send(*reply);
            drain(client);
        }
        for (unsigned i = 0; i < events.malformed; ++i) server.send("E01");
        drain(client);
    }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static rig r;
    const int client = connect_to(r.server.port());
    r.server.service();  // accepts
    r.stub.attach();
    for (std::size_t sent = 0; sent < size;) {
        const ssize_t n = ::send(client, data + sent, size - sent, MSG_DONTWAIT | MSG_NOSIGNAL);
        if (n > 0) sent += static_cast<std::size_t>(n);
        r.serve(client);
    }
    r.serve(client);
    r.stub.detach();
    ::close(client);
    r.server.service();  // sees the disconnect
    return 0;
}
