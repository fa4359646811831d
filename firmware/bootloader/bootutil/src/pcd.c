/* PCD client (reference §1.2), with the timeout NCS lacks. */
#include "bootutil/pcd.h"

enum pcd_status pcd_status_of(uint32_t magic)
{
    switch (magic) {
    case PCD_MAGIC_COPY:
        return PCD_STATUS_COPY;
    case PCD_MAGIC_DONE:
        return PCD_STATUS_DONE;
    case PCD_MAGIC_READ_VERSION:
        return PCD_STATUS_READ_VERSION;
    default:
        return PCD_STATUS_FAILED;
    }
}

/* The network core must not see a half-written command: it is held off
 * while the block is filled, the magic last. */
static void send_copy(const struct pcd_client *c, uint32_t data, uint32_t len, uint32_t offset)
{
    c->ops->set_extdomain_secure(c->ctx, true);
    c->ops->set_network_forceoff(c->ctx, true);
    c->cmd->data = data;
    c->cmd->len = len;
    c->cmd->offset = offset;
    c->cmd->magic = PCD_MAGIC_COPY;
    c->ops->set_network_forceoff(c->ctx, false);
}

static enum pcd_status wait_for_answer(const struct pcd_client *c)
{
    enum pcd_status status = PCD_STATUS_COPY;
    for (uint32_t waited = 0; status == PCD_STATUS_COPY && waited < c->timeout_us;
         waited += c->poll_interval_us) {
        c->ops->delay_us(c->ctx, c->poll_interval_us);
        status = pcd_status_of(c->cmd->magic);
    }
    return status;
}

enum pcd_result pcd_network_core_update(const struct pcd_client *c, uint32_t data, uint32_t len,
                                        uint32_t offset)
{
    if (data == 0 || len == 0 || c->poll_interval_us == 0) {
        return PCD_EINVAL;
    }
    send_copy(c, data, len, offset);
    enum pcd_status status = wait_for_answer(c);
    enum pcd_result result = status == PCD_STATUS_DONE   ? PCD_OK
                             : status == PCD_STATUS_COPY ? PCD_ETIMEDOUT
                                                         : PCD_EFAILED;
    c->ops->set_network_forceoff(c->ctx, true);
    c->ops->set_extdomain_secure(c->ctx, false);
    return result;
}
