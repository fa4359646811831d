#ifndef SAMPLE_APP_CONFIRM_H
#define SAMPLE_APP_CONFIRM_H

/* Makes the running image permanent, so the bootloader will not revert it. */
void app_confirm_image(void);

#endif
