package io.jzsock.net.wire;

/**
 * DHCP options (RFC 2132): the codes this stack sends or reads, the message types of option 53, and
 * writers for the type-length-value layout ({@code code, len, value[len]}; PAD and END are one byte).
 * Each writer returns the offset just past what it wrote; the caller sized the buffer
 * ({@link DhcpMessage#MIN_MESSAGE_LEN} and up).
 */
public final class DhcpOptions {
    public static final int PAD = 0;
    public static final int SUBNET_MASK = 1;
    public static final int ROUTER = 3;
    public static final int DNS_SERVERS = 6;
    public static final int HOSTNAME = 12;
    public static final int INTERFACE_MTU = 26;
    public static final int REQUESTED_IP = 50;
    public static final int LEASE_TIME = 51;
    /** RFC 2132 §9.3: 1 = 'file' holds options, 2 = 'sname' does, 3 = both. */
    public static final int OVERLOAD = 52;
    public static final int MESSAGE_TYPE = 53;
    public static final int SERVER_ID = 54;
    public static final int PARAMETER_REQUEST_LIST = 55;
    public static final int MESSAGE = 56;
    public static final int MAX_MESSAGE_SIZE = 57;
    public static final int RENEWAL_T1 = 58;
    public static final int REBINDING_T2 = 59;
    public static final int CLIENT_ID = 61;
    public static final int END = 255;

    public static final int OVERLOAD_FILE = 1;
    public static final int OVERLOAD_SNAME = 2;

    /** RFC 2132 §9.6, values of option 53. */
    public static final int DHCPDISCOVER = 1;
    public static final int DHCPOFFER = 2;
    public static final int DHCPREQUEST = 3;
    public static final int DHCPDECLINE = 4;
    public static final int DHCPACK = 5;
    public static final int DHCPNAK = 6;
    public static final int DHCPRELEASE = 7;
    public static final int DHCPINFORM = 8;

    /** RFC 2132 §9.10: a client may not announce less than the 576-byte minimum. */
    public static final int MIN_MAX_MESSAGE_SIZE = 576;
    /** RFC 2132 §5.1: the smallest MTU option value a host accepts (RFC 791's 68 octets). */
    public static final int MIN_MTU = 68;

    private DhcpOptions() {
    }

    public static int putU8(byte[] b, int i, int code, int v) {
        b[i] = (byte) code;
        b[i + 1] = 1;
        b[i + 2] = (byte) v;
        return i + 3;
    }

    public static int putU16(byte[] b, int i, int code, int v) {
        b[i] = (byte) code;
        b[i + 1] = 2;
        Bytes.putU16(b, i + 2, v);
        return i + 4;
    }

    /** An IPv4 address or a 32-bit number. */
    public static int putI32(byte[] b, int i, int code, int v) {
        b[i] = (byte) code;
        b[i + 1] = 4;
        Bytes.putI32(b, i + 2, v);
        return i + 6;
    }

    /** len bytes of src as the value; len is 1..255. */
    public static int putBytes(byte[] b, int i, int code, byte[] src, int off, int len) {
        b[i] = (byte) code;
        b[i + 1] = (byte) len;
        System.arraycopy(src, off, b, i + 2, len);
        return i + 2 + len;
    }

    /** Option 61 as RFC 2132 §9.14 suggests for Ethernet: type 1 (htype) followed by the MAC. */
    public static int putClientId(byte[] b, int i, byte[] mac, int macOff) {
        b[i] = (byte) CLIENT_ID;
        b[i + 1] = 1 + DhcpMessage.MAC_LEN;
        b[i + 2] = DhcpMessage.HTYPE_ETHERNET;
        System.arraycopy(mac, macOff, b, i + 3, DhcpMessage.MAC_LEN);
        return i + 3 + DhcpMessage.MAC_LEN;
    }

    public static int putEnd(byte[] b, int i) {
        b[i] = (byte) END;
        return i + 1;
    }
}
