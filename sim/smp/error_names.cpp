#include "sim/smp/error_names.h"

#include "sim/smp/protocol_error.h"

#include <iterator>

namespace sim::smp {

namespace {

struct error_name {
    const char* name;
    const char* meaning;
};

// Indexed by rc.
constexpr error_name mgmt_errors[] = {
    {"MGMT_ERR_EOK", "no error"},
    {"MGMT_ERR_EUNKNOWN", "unknown error"},
    {"MGMT_ERR_ENOMEM", "insufficient memory"},
    {"MGMT_ERR_EINVAL", "error in input value"},
    {"MGMT_ERR_ETIMEOUT", "operation timed out"},
    {"MGMT_ERR_ENOENT", "no such file or entry"},
    {"MGMT_ERR_EBADSTATE", "current state disallows command"},
    {"MGMT_ERR_EMSGSIZE", "response too large"},
    {"MGMT_ERR_ENOTSUP", "command not supported"},
    {"MGMT_ERR_ECORRUPT", "corrupt"},
    {"MGMT_ERR_EBUSY", "command blocked by processing of another command"},
    {"MGMT_ERR_EACCESSDENIED", "access denied"},
    {"MGMT_ERR_UNSUPPORTED_TOO_OLD", "requested SMP version not supported (too old)"},
    {"MGMT_ERR_UNSUPPORTED_TOO_NEW", "requested SMP version not supported (too new)"},
};

constexpr error_name os_errors[] = {
    {"OS_MGMT_ERR_OK", "no error"},
    {"OS_MGMT_ERR_UNKNOWN", "unknown error"},
    {"OS_MGMT_ERR_INVALID_FORMAT", "invalid format value"},
    {"OS_MGMT_ERR_QUERY_YIELDS_NO_ANSWER", "query not recognized"},
    {"OS_MGMT_ERR_RTC_NOT_SET", "RTC not set"},
    {"OS_MGMT_ERR_RTC_COMMAND_FAILED", "RTC command failed"},
    {"OS_MGMT_ERR_QUERY_RESPONSE_VALUE_NOT_VALID", "no valid value for the query"},
};

constexpr error_name image_errors[] = {
    {"IMG_MGMT_ERR_OK", "no error"},
    {"IMG_MGMT_ERR_UNKNOWN", "unknown error"},
    {"IMG_MGMT_ERR_FLASH_CONFIG_QUERY_FAIL", "failed to query the flash area configuration"},
    {"IMG_MGMT_ERR_NO_IMAGE", "no image in the slot"},
    {"IMG_MGMT_ERR_NO_TLVS", "the image in the slot has no TLVs"},
    {"IMG_MGMT_ERR_INVALID_TLV", "the image in the slot has an invalid TLV type or length"},
    {"IMG_MGMT_ERR_TLV_MULTIPLE_HASHES_FOUND", "the image in the slot has several hash TLVs"},
    {"IMG_MGMT_ERR_TLV_INVALID_SIZE", "the image in the slot has an invalid TLV size"},
    {"IMG_MGMT_ERR_HASH_NOT_FOUND", "the image in the slot has no hash TLV"},
    {"IMG_MGMT_ERR_NO_FREE_SLOT", "no free slot to place the image"},
    {"IMG_MGMT_ERR_FLASH_OPEN_FAILED", "opening the flash area failed"},
    {"IMG_MGMT_ERR_FLASH_READ_FAILED", "reading the flash area failed"},
    {"IMG_MGMT_ERR_FLASH_WRITE_FAILED", "writing the flash area failed"},
    {"IMG_MGMT_ERR_FLASH_ERASE_FAILED", "erasing the flash area failed"},
    {"IMG_MGMT_ERR_INVALID_SLOT", "invalid slot"},
    {"IMG_MGMT_ERR_NO_FREE_MEMORY", "insufficient heap memory"},
    {"IMG_MGMT_ERR_FLASH_CONTEXT_ALREADY_SET", "the flash context is already set"},
    {"IMG_MGMT_ERR_FLASH_CONTEXT_NOT_SET", "the flash context is not set"},
    {"IMG_MGMT_ERR_FLASH_AREA_DEVICE_NULL", "the flash area has no device"},
    {"IMG_MGMT_ERR_INVALID_PAGE_OFFSET", "invalid page offset"},
    {"IMG_MGMT_ERR_INVALID_OFFSET", "offset missing"},
    {"IMG_MGMT_ERR_INVALID_LENGTH", "length missing"},
    {"IMG_MGMT_ERR_INVALID_IMAGE_HEADER", "image shorter than an image header"},
    {"IMG_MGMT_ERR_INVALID_IMAGE_HEADER_MAGIC", "image header magic does not match (not an MCUboot image?)"},
    {"IMG_MGMT_ERR_INVALID_HASH", "invalid hash"},
    {"IMG_MGMT_ERR_INVALID_FLASH_ADDRESS", "image load address does not match the flash area"},
    {"IMG_MGMT_ERR_VERSION_GET_FAILED", "failed to get the running application's version"},
    {"IMG_MGMT_ERR_CURRENT_VERSION_IS_NEWER", "the running application is newer than the upload"},
    {"IMG_MGMT_ERR_IMAGE_ALREADY_PENDING", "an image operation is already pending"},
    {"IMG_MGMT_ERR_INVALID_IMAGE_VECTOR_TABLE", "invalid image vector table"},
    {"IMG_MGMT_ERR_INVALID_IMAGE_TOO_LARGE", "the image is too large to fit"},
    {"IMG_MGMT_ERR_INVALID_IMAGE_DATA_OVERRUN", "more data sent than the image size"},
    {"IMG_MGMT_ERR_IMAGE_CONFIRMATION_DENIED", "confirmation of the image denied"},
    {"IMG_MGMT_ERR_IMAGE_SETTING_TEST_TO_ACTIVE_DENIED", "setting the active slot for test denied"},
    {"IMG_MGMT_ERR_ACTIVE_SLOT_NOT_KNOWN", "the active slot cannot be determined"},
};

template <std::size_t N>
std::string text_of(const error_name (&table)[N], std::int64_t rc, const std::string& unknown) {
    if (rc >= 0 && static_cast<std::size_t>(rc) < N)
        return std::string(table[rc].name) + " (" + std::to_string(rc) + "): " + table[rc].meaning;
    return unknown + " " + std::to_string(rc);
}

std::int64_t integer_field(const nlohmann::json& object, const char* key, const std::string& where) {
    const auto it = object.find(key);
    if (it == object.end() || !it->is_number_integer())
        throw protocol_error("refused a response whose " + where + " has no integer \"" + key +
                             "\": " + object.dump());
    return it->get<std::int64_t>();
}

}  // namespace

std::string mgmt_error_text(std::int64_t rc) {
    if (rc >= 256) return "user error " + std::to_string(rc) + " (MGMT_ERR_EPERUSER and above)";
    return text_of(mgmt_errors, rc, "unknown MGMT_ERR");
}

std::string group_error_text(std::uint16_t group, std::int64_t rc) {
    if (group == 0) return text_of(os_errors, rc, "unknown OS_MGMT_ERR");
    if (group == 1) return text_of(image_errors, rc, "unknown IMG_MGMT_ERR");
    return "group " + std::to_string(group) + " error " + std::to_string(rc);
}

std::optional<std::string> device_error(const nlohmann::json& body) {
    std::optional<std::string> error;
    if (body.contains("err")) {
        const nlohmann::json& err = body["err"];
        if (!err.is_object())
            throw protocol_error("refused a response whose \"err\" is not a map: " + body.dump());
        const std::int64_t rc = integer_field(err, "rc", "\"err\"");
        const std::int64_t group = integer_field(err, "group", "\"err\"");
        if (group < 0 || group > 0xffff)
            throw protocol_error("refused a response whose \"err\" names group " + std::to_string(group));
        if (rc != 0) error = group_error_text(static_cast<std::uint16_t>(group), rc);
    }
    if (!error && body.contains("rc")) {
        const std::int64_t rc = integer_field(body, "rc", "body");
        if (rc != 0) error = mgmt_error_text(rc);
    }
    const auto reason = body.find("rsn");
    if (error && reason != body.end() && reason->is_string())
        *error += " (device says: " + reason->get<std::string>().substr(0, 120) + ")";
    return error;
}

}  // namespace sim::smp
