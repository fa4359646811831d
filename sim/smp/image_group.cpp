#include "sim/smp/image_group.h"

#include "sim/smp/protocol_error.h"
#include "sim/smp/show_bytes.h"

namespace sim::smp {

namespace {

nlohmann::json bytes(const std::string& value) {
    return nlohmann::json::binary(std::vector<std::uint8_t>(value.begin(), value.end()));
}

unsigned small_number(const nlohmann::json& entry, const char* key, const std::string& where) {
    const auto it = entry.find(key);
    if (it == entry.end()) return 0;
    // Integers built in code are signed in nlohmann::json; from CBOR, unsigned.
    if (!it->is_number_integer() || it->get<std::int64_t>() < 0 || it->get<std::int64_t>() > 0xffff)
        throw protocol_error("refused " + where + ": \"" + key + "\" is not a small number");
    return it->get<unsigned>();
}

bool flag(const nlohmann::json& entry, const char* key, const std::string& where) {
    const auto it = entry.find(key);
    if (it == entry.end()) return false;
    if (!it->is_boolean()) throw protocol_error("refused " + where + ": \"" + key + "\" is not true/false");
    return it->get<bool>();
}

image_slot parse_slot(const nlohmann::json& entry, std::size_t index) {
    const std::string where = "image state entry " + std::to_string(index) + " " + entry.dump().substr(0, 200);
    if (!entry.is_object()) throw protocol_error("refused " + where + ": not a map");
    image_slot slot;
    if (!entry.contains("slot")) throw protocol_error("refused " + where + ": no \"slot\"");
    slot.slot = small_number(entry, "slot", where);
    slot.image = small_number(entry, "image", where);
    const auto version = entry.find("version");
    if (version == entry.end() || !version->is_string())
        throw protocol_error("refused " + where + ": no \"version\" text");
    slot.version = version->get<std::string>();
    const auto hash = entry.find("hash");
    if (hash == entry.end() || !hash->is_binary())
        throw protocol_error("refused " + where + ": no \"hash\" byte string");
    slot.hash.assign(hash->get_binary().begin(), hash->get_binary().end());
    slot.bootable = flag(entry, "bootable", where);
    slot.pending = flag(entry, "pending", where);
    slot.confirmed = flag(entry, "confirmed", where);
    slot.active = flag(entry, "active", where);
    slot.permanent = flag(entry, "permanent", where);
    return slot;
}

}  // namespace

request image_state_read() {
    return {operation::read, image_group, image_state_command, nlohmann::json::object(), "image list"};
}

request image_test(const std::string& hash) {
    return {operation::write, image_group, image_state_command,
            {{"hash", bytes(hash)}, {"confirm", false}}, "image test"};
}

request image_confirm(const std::string& hash) {
    nlohmann::json body = {{"confirm", true}};
    if (!hash.empty()) body["hash"] = bytes(hash);
    return {operation::write, image_group, image_state_command, body, "image confirm"};
}

request image_erase(std::optional<unsigned> slot) {
    nlohmann::json body = nlohmann::json::object();
    if (slot) body["slot"] = *slot;
    return {operation::write, image_group, image_erase_command, body, "image erase"};
}

std::vector<image_slot> parse_image_state(const response& reply) {
    const auto images = reply.body.find("images");
    if (images == reply.body.end() || !images->is_array())
        throw protocol_error("refused an image state response without an \"images\" list: " +
                             reply.body.dump().substr(0, 200));
    std::vector<image_slot> slots;
    for (std::size_t i = 0; i < images->size(); ++i) slots.push_back(parse_slot((*images)[i], i));
    return slots;
}

std::string to_string(const image_slot& slot) {
    std::string text = "image " + std::to_string(slot.image) + " slot " + std::to_string(slot.slot) +
                       ": " + slot.version + " " + to_hex(slot.hash);
    for (const auto& [set, name] : {std::pair{slot.bootable, "bootable"}, {slot.pending, "pending"},
                                    {slot.confirmed, "confirmed"}, {slot.active, "active"},
                                    {slot.permanent, "permanent"}})
        if (set) text += std::string(" ") + name;
    return text;
}

}  // namespace sim::smp
