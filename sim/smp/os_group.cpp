#include "sim/smp/os_group.h"

#include "sim/smp/protocol_error.h"

namespace sim::smp {

request os_echo(const std::string& text) {
    return {operation::write, os_group, os_echo_command, {{"d", text}}, "echo"};
}

std::string echo_reply(const response& reply) {
    const auto it = reply.body.find("r");
    if (it == reply.body.end() || !it->is_string())
        throw protocol_error("refused an echo response without \"r\" text: " + reply.body.dump());
    return it->get<std::string>();
}

request os_reset() {
    return {operation::write, os_group, os_reset_command, nlohmann::json::object(), "reset"};
}

}  // namespace sim::smp
