#include "sim/common/input_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace sim {
namespace {

std::string mebibytes(std::uint64_t bytes) { return std::to_string(bytes >> 20) + " MiB"; }

[[noreturn]] void too_large(const std::string& path, std::uint64_t limit) {
    throw input_error(path, 0, 0, "larger than " + mebibytes(limit) + ", the most nrf53sim reads from such a file");
}

}  // namespace

void check_input_file(int fd, const std::string& path, std::uint64_t limit) {
    struct stat st {};
    if (::fstat(fd, &st) != 0) throw input_error(path, 0, 0, std::string("cannot read: ") + std::strerror(errno));
    if (S_ISDIR(st.st_mode)) throw input_error(path, 0, 0, "a directory, not a file");
    if (!S_ISREG(st.st_mode)) throw input_error(path, 0, 0, "not a regular file");
    if (static_cast<std::uint64_t>(st.st_size) > limit) too_large(path, limit);
}

std::string read_input_file(const std::string& path, std::uint64_t limit) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) throw input_error(path, 0, 0, std::string("cannot open: ") + std::strerror(errno));
    struct closer {
        int fd;
        ~closer() { ::close(fd); }
    } close_at_end{fd};
    check_input_file(fd, path, limit);
    std::string text;
    char buffer[65536];
    for (;;) {
        const ssize_t n = ::read(fd, buffer, sizeof buffer);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) throw input_error(path, 0, 0, std::string("cannot read: ") + std::strerror(errno));
        if (n == 0) return text;
        text.append(buffer, static_cast<std::size_t>(n));
        if (text.size() > limit) too_large(path, limit);  // it grew while being read
    }
}

}  // namespace sim
