/* Result codes of the boot logic (MCUboot's values): 0 is success. */
#ifndef BOOTUTIL_ERRORS_H
#define BOOTUTIL_ERRORS_H

#define BOOT_EFLASH 1     /* a flash operation failed (or power went) */
#define BOOT_EFILE 2
#define BOOT_EBADIMAGE 3  /* malformed, unauthentic or non-fitting image */
#define BOOT_EBADVECT 4
#define BOOT_EBADSTATUS 5 /* trailer state that no boot could have written */
#define BOOT_ENOMEM 6
#define BOOT_EBADARGS 7

#endif
