/* Build-time choices, named after MCUboot's Kconfig symbols. A build defines
 * the CONFIG_ symbols it wants; everything else falls back to MCUboot's
 * defaults. */
#ifndef BOOTUTIL_CONFIG_H
#define BOOTUTIL_CONFIG_H

#ifndef CONFIG_UPDATEABLE_IMAGE_NUMBER
#define CONFIG_UPDATEABLE_IMAGE_NUMBER 1
#endif
#define BOOT_IMAGE_NUMBER CONFIG_UPDATEABLE_IMAGE_NUMBER

#ifndef CONFIG_BOOT_MAX_IMG_SECTORS
#define CONFIG_BOOT_MAX_IMG_SECTORS 128
#endif
#define BOOT_MAX_IMG_SECTORS CONFIG_BOOT_MAX_IMG_SECTORS

/* Trailer field spacing (imgtool --max-align); 8 unless the flash needs more. */
#ifndef CONFIG_BOOT_MAX_ALIGN
#define CONFIG_BOOT_MAX_ALIGN 8
#endif
#define BOOT_MAX_ALIGN CONFIG_BOOT_MAX_ALIGN

/* The strategy boot_default_mode() gives: overwrite-only, or swap-using-move
 * with revert (the only swap implemented). Both are compiled so one host test
 * binary can run both; the symbol picks the default. */
#if defined(CONFIG_BOOT_UPGRADE_ONLY) && defined(CONFIG_BOOT_SWAP_USING_MOVE)
#error "choose one of CONFIG_BOOT_UPGRADE_ONLY and CONFIG_BOOT_SWAP_USING_MOVE"
#endif
#if defined(CONFIG_BOOT_SWAP_USING_SCRATCH)
#error "swap-using-scratch is not implemented; use CONFIG_BOOT_SWAP_USING_MOVE"
#endif

/* Signature TLVs the validator accepts; ECDSA-P256 unless told otherwise. */
#if !defined(CONFIG_BOOT_SIGNATURE_TYPE_ECDSA_P256) && !defined(CONFIG_BOOT_SIGNATURE_TYPE_RSA) && \
    !defined(CONFIG_BOOT_SIGNATURE_TYPE_NONE)
#define CONFIG_BOOT_SIGNATURE_TYPE_ECDSA_P256 1
#endif

#endif
