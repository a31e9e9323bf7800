package io.jzsock.net.wire;

/**
 * Validation of the IPv4 options area (RFC 791 §3.1 "Options", RFC 1122 §3.2.1.8). The options are
 * a sequence of End of Option List (type 0: the rest is padding), No Operation (type 1) and
 * type-length-value options whose length counts the type and length bytes. A length below 2, an
 * option running past IHL, or a known option whose length or pointer RFC 791 rules out is
 * {@link #MALFORMED}; the packet is dropped, as Linux's {@code ip_options_compile} does. Unknown
 * options that are well formed are ignored (RFC 1122 §3.2.1.8: "MUST ignore").
 *
 * <p>Loose and strict source routes are {@link #SOURCE_ROUTED}: a host that is not a source-route
 * forwarder cannot honour them, and RFC 7126 §4.3/§4.4 advises dropping them by default, as
 * Linux does with {@code accept_source_route=0}.
 */
public final class Ipv4Options {
    public static final int OK = 0;
    public static final int MALFORMED = -1;
    public static final int SOURCE_ROUTED = -2;

    static final int EOL = 0;
    static final int NOP = 1;
    static final int RECORD_ROUTE = 7;
    static final int TIMESTAMP = 68;
    static final int LOOSE_SOURCE_ROUTE = 131;
    static final int STREAM_ID = 136;
    static final int STRICT_SOURCE_ROUTE = 137;
    static final int ROUTER_ALERT = 148;

    private Ipv4Options() {
    }

    /** Checks the options of the header at o, whose IHL the caller has already validated. */
    public static int validate(byte[] b, int o) {
        int end = o + Ipv4Header.headerLen(b, o);
        int i = o + Ipv4Header.MIN_LEN;
        int result = OK;
        while (i < end) {
            int type = b[i] & 0xff;
            if (type == EOL) {
                return result;
            }
            if (type == NOP) {
                i++;
                continue;
            }
            if (i + 1 >= end) {
                return MALFORMED;
            }
            int len = b[i + 1] & 0xff;
            if (len < 2 || i + len > end || !lengthFits(type, len, b, i)) {
                return MALFORMED;
            }
            if (type == LOOSE_SOURCE_ROUTE || type == STRICT_SOURCE_ROUTE) {
                result = SOURCE_ROUTED;
            }
            i += len;
        }
        return result;
    }

    /**
     * RFC 791: route options hold a pointer whose smallest legal value is 4 (timestamp: 5); Stream
     * Identifier is 4 bytes; RFC 2113: Router Alert is 4 bytes.
     */
    private static boolean lengthFits(int type, int len, byte[] b, int i) {
        switch (type) {
            case RECORD_ROUTE:
            case LOOSE_SOURCE_ROUTE:
            case STRICT_SOURCE_ROUTE:
                return len >= 3 && (b[i + 2] & 0xff) >= 4;
            case TIMESTAMP:
                return len >= 4 && (b[i + 2] & 0xff) >= 5;
            case STREAM_ID:
            case ROUTER_ALERT:
                return len == 4;
            default:
                return true;
        }
    }
}
