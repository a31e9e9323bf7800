package io.jzsock.net.wire;

/**
 * Neighbor Discovery message bodies (RFC 4861 §4) and their options (§4.6), after the 4-byte ICMPv6
 * type/code/checksum. Offsets are from the ICMPv6 header.
 * <pre>
 *  RS  133: reserved(4)                                               options @ 8
 *  RA  134: hop limit(1) M|O(1) router lifetime(2) reachable(4) retrans(4)     options @ 16
 *  NS  135: reserved(4) target(16)                                    options @ 24
 *  NA  136: R|S|O(1) reserved(3) target(16)                           options @ 24
 *  Redirect 137: reserved(4) target(16) destination(16)               options @ 40
 *  option: type(1) length(1, in units of 8 bytes, never 0) data
 * </pre>
 */
public final class NdMessage {
    public static final int RS_OPTIONS = 8;
    public static final int RA_HOP_LIMIT = 4;
    public static final int RA_FLAGS = 5;
    public static final int RA_ROUTER_LIFETIME = 6;
    public static final int RA_REACHABLE_TIME = 8;
    public static final int RA_RETRANS_TIMER = 12;
    public static final int RA_OPTIONS = 16;
    public static final int NA_FLAGS = 4;
    public static final int TARGET = 8;
    public static final int NS_OPTIONS = 24;
    public static final int NA_OPTIONS = 24;
    public static final int REDIRECT_DESTINATION = 24;
    public static final int REDIRECT_OPTIONS = 40;

    public static final int NA_ROUTER = 0x80;
    public static final int NA_SOLICITED = 0x40;
    public static final int NA_OVERRIDE = 0x20;

    public static final int OPT_SOURCE_LLADDR = 1;
    public static final int OPT_TARGET_LLADDR = 2;
    public static final int OPT_PREFIX_INFO = 3;
    public static final int OPT_REDIRECTED_HEADER = 4;
    public static final int OPT_MTU = 5;
    /** Nonce (RFC 3971 §5.3.2), which RFC 7527 §4.1 puts in DAD probes to recognise one's own looped back. */
    public static final int OPT_NONCE = 14;
    /** A nonce option of 8 bytes: type, length 1, a 6-byte nonce (the shortest RFC 3971 allows). */
    public static final int NONCE_OPTION_LEN = 8;
    /** Link-layer address option on Ethernet: 8 bytes, type, length 1, the MAC (RFC 2464 §6). */
    public static final int LLADDR_OPTION_LEN = 8;

    /** Prefix Information (§4.6.2), offsets from the option: prefix length, L|A flags, lifetimes, prefix. */
    public static final int PI_PREFIX_LEN = 2;
    public static final int PI_FLAGS = 3;
    public static final int PI_VALID = 4;
    public static final int PI_PREFERRED = 8;
    public static final int PI_PREFIX = 16;
    public static final int PI_LEN = 32;
    public static final int PI_ON_LINK = 0x80;
    public static final int PI_AUTONOMOUS = 0x40;
    /** MTU option (§4.6.4): the MTU at offset 4, option length 8. */
    public static final int MTU_VALUE = 4;
    public static final int MTU_LEN = 8;
    /** A lifetime of all ones is infinity (§4.6.2). */
    public static final long INFINITE = 0xffffffffL;

    private NdMessage() {
    }

    public static long u32(byte[] b, int o) {
        return Bytes.i32(b, o) & 0xffffffffL;
    }

    /**
     * RFC 4861 §4.6: every option from {@code from} to {@code end} has a non-zero length and lies within the
     * message. False means the message is to be silently discarded.
     */
    public static boolean optionsValid(byte[] b, int from, int end) {
        int i = from;
        while (i < end) {
            if (i + 2 > end) {
                return false;
            }
            int len = (b[i + 1] & 0xff) << 3;
            if (len == 0 || i + len > end) {
                return false;
            }
            i += len;
        }
        return true;
    }

    /** The offset of the first option of this type between from and end (valid options), or -1. */
    public static int findOption(byte[] b, int from, int end, int type) {
        for (int i = from; i + 2 <= end; i += (b[i + 1] & 0xff) << 3) {
            if ((b[i] & 0xff) == type) {
                return i;
            }
            if (b[i + 1] == 0) {
                return -1;
            }
        }
        return -1;
    }

    /** The length in bytes of the option at i. */
    public static int optionLen(byte[] b, int i) {
        return (b[i + 1] & 0xff) << 3;
    }

    /** The 48-bit nonce of the nonce option at i (RFC 7527 §4.1 uses 6 bytes). */
    public static long nonce6(byte[] b, int i) {
        return ((long) Bytes.u16(b, i + 2) << 32) | (Bytes.i32(b, i + 4) & 0xffffffffL);
    }

    /** Writes a nonce option with the low 48 bits of nonce at i; returns its length. */
    public static int writeNonce(byte[] b, int i, long nonce) {
        b[i] = (byte) OPT_NONCE;
        b[i + 1] = 1;
        Bytes.putU16(b, i + 2, (int) (nonce >>> 32));
        Bytes.putI32(b, i + 4, (int) nonce);
        return NONCE_OPTION_LEN;
    }

    /** Writes a link-layer address option (source or target) with the MAC at i; returns its length. */
    public static int writeLladdr(byte[] b, int i, int type, byte[] mac, int macOff) {
        b[i] = (byte) type;
        b[i + 1] = 1;
        System.arraycopy(mac, macOff, b, i + 2, 6);
        return LLADDR_OPTION_LEN;
    }
}
