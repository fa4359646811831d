/* PCD (peripheral core DFU), application-core side (reference §1.1-1.2,
 * §1.5): the command block in pcd_sram that asks the network core's
 * bootloader to copy an image into network flash, and the client that sends
 * it and waits for the answer. Pure logic: the registers it needs (SPU
 * EXTDOMAIN, RESET.NETWORK.FORCEOFF) and the passage of time come through
 * struct pcd_ops, so host tests drive it with a fake network core. */
#ifndef BOOTUTIL_PCD_H
#define BOOTUTIL_PCD_H

#include <stdbool.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define PCD_MAGIC_COPY 0xb5b4b3b6u
#define PCD_MAGIC_DONE 0xf103ce5du
#define PCD_MAGIC_FAIL 0x25bafc15u
#define PCD_MAGIC_READ_VERSION 0xdca345eau

/* 16 bytes at the start of pcd_sram; pointers are app-core addresses. */
struct pcd_cmd {
    uint32_t magic;
    uint32_t data;   /* source of the image */
    uint32_t len;    /* bytes to copy */
    uint32_t offset; /* destination offset in network flash */
};

enum pcd_status {
    PCD_STATUS_COPY = 0,
    PCD_STATUS_DONE = 1,
    PCD_STATUS_FAILED = 2, /* FAIL, and any word that is no known magic */
    PCD_STATUS_READ_VERSION = 3,
};

enum pcd_result {
    PCD_OK = 0,
    PCD_EINVAL = -1,    /* no data or zero length: nothing was sent */
    PCD_EFAILED = -2,   /* the network core reported FAIL */
    PCD_ETIMEDOUT = -3, /* no answer in time: the network core is forced off */
};

enum pcd_status pcd_status_of(uint32_t magic);

/* Register-access layer of the client. */
struct pcd_ops {
    /* SPU.EXTDOMAIN[0].PERM.SECATTR: the network core's accesses secure. */
    void (*set_extdomain_secure)(void *ctx, bool secure);
    /* RESET.NETWORK.FORCEOFF: true holds the network core off. */
    void (*set_network_forceoff)(void *ctx, bool hold);
    void (*delay_us)(void *ctx, uint32_t us);
};

struct pcd_client {
    const struct pcd_ops *ops;
    void *ctx;
    volatile struct pcd_cmd *cmd; /* in pcd_sram */
    uint32_t poll_interval_us;    /* NCS polls every second */
    uint32_t timeout_us;          /* NCS waits forever; we give up */
};

/* Sends COPY {data, len, offset} with the network core held off, releases
 * it and polls until the status leaves COPY or the timeout passes. The
 * network core is forced off again in every case (NCS leaves it running
 * after FAIL; then the application could not restart it cleanly), and
 * EXTDOMAIN is made non-secure again. */
enum pcd_result pcd_network_core_update(const struct pcd_client *client, uint32_t data,
                                        uint32_t len, uint32_t offset);

#ifdef __cplusplus
}
#endif

#endif
