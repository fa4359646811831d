/* The network application's fw_info (firmware/netboot/fw_info.h), placed
 * at offset 0x200 by net_app.ld; NET_FW_VERSION is the monotonic version. */
#include "fw_info.h"

extern const char __fw_size[];

__attribute__((section(".fw_info"), used)) const struct fw_info g_fw_info = {
    {FW_INFO_MAGIC0, FW_INFO_MAGIC1, FW_INFO_MAGIC2},
    (uint32_t)__fw_size,
    NET_FW_VERSION,
    0x01008800u,
    0x01008800u,
    FW_INFO_VALID_VAL,
};
