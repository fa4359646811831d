// For forked children (a suite's scenarios, a sweep's points): whole-buffer
// reads and writes on the pipe to the parent (pipes may take and give data
// in parts; EINTR is retried), and the tie to the parent's life.
#pragma once

#include <sys/prctl.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstddef>
#include <cstdlib>
#include <string>

namespace sim {

// fork(), with the child killed when this process dies: a killed nrf53sim
// (a CI timeout, a test's SIGKILL) leaves no simulation running on.
inline pid_t fork_tied_to_parent() {
    const pid_t parent = ::getpid();
    const pid_t pid = ::fork();
    if (pid == 0) {
        ::prctl(PR_SET_PDEATHSIG, SIGKILL);
        if (::getppid() != parent) std::_Exit(1);  // the parent died before the prctl
    }
    return pid;
}

inline void write_all(int fd, const std::string& text) {
    std::size_t done = 0;
    while (done < text.size()) {
        const ssize_t n = ::write(fd, text.data() + done, text.size() - done);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return;
        done += static_cast<std::size_t>(n);
    }
}

// Everything until end of file.
inline std::string read_all(int fd) {
    std::string text;
    char buffer[4096];
    for (;;) {
        const ssize_t n = ::read(fd, buffer, sizeof buffer);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return text;
        text.append(buffer, static_cast<std::size_t>(n));
    }
}

} // namespace sim
