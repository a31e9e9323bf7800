package io.jzsock.bsp;

/**
 * Negative error codes returned by drivers. The values are Zephyr's errno numbers, the same as
 * {@code io.jzsock.net.Errno} (which mcu-bsp, the bottom layer, cannot reference).
 */
public final class BspError {
    public static final int EPERM = -1;
    public static final int EIO = -5;
    public static final int EACCES = -13;
    public static final int EBUSY = -16;
    public static final int EINVAL = -22;
    public static final int ETIMEDOUT = -60;

    /** Upper bound of every register polling loop: far above any documented ready time at 216 MHz. */
    public static final int POLL_LIMIT = 1000000;

    private BspError() {
    }
}
