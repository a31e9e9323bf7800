package io.jzsock.net.wire;

/**
 * A received DHCP message, parsed (smoltcp's Repr): the fixed fields a client checks and the options
 * it uses. Caller-owned and reused; {@link #parse} never throws, whatever the bytes, and reads nothing
 * outside {@code [o, o + len)}.
 *
 * <p>Options are read from the options field, then, when option 52 (RFC 2132 §9.3) says so, from
 * 'file' and then 'sname' (RFC 2131 §4.1 gives that order); option 52 counts only in the options field.
 * An option that runs past its field, or a fixed-size option of the wrong size, makes the whole message
 * {@link #MALFORMED}: a server that cannot encode options is not one to take a lease from. Lists keep
 * what fits: three DNS servers (the slots {@code NetInterface} has), the first router. A repeated option
 * replaces the earlier one, except the lists, which RFC 3396 concatenates.
 */
public final class DhcpRepr {
    public static final int OK = 0;
    public static final int MALFORMED = -1;

    public static final int HAS_MASK = 1;
    public static final int HAS_ROUTER = 2;
    public static final int HAS_LEASE = 4;
    public static final int HAS_T1 = 8;
    public static final int HAS_T2 = 16;
    public static final int HAS_SERVER_ID = 32;
    public static final int HAS_MTU = 64;
    public static final int HAS_OVERLOAD = 128;

    public static final int MAX_DNS = 3;

    public int op;
    public int htype;
    public int hlen;
    public int xid;
    public int flags;
    public int ciaddr;
    public int yiaddr;
    public int siaddr;
    /** Option 53, 0 when absent (a BOOTP reply, which parse reports as MALFORMED). */
    public int messageType;
    /** Which optional values were present: HAS_* bits. */
    public int present;
    public int subnetMask;
    public int router;
    /** Seconds, unsigned 32 bits; 0xffffffff (-1) is "infinity" (RFC 2131 §3.3). */
    public int leaseSecs;
    public int t1Secs;
    public int t2Secs;
    public int serverId;
    public int mtu;
    public int overload;
    public final int[] dns = new int[MAX_DNS];
    public int dnsCount;

    /** Parses the UDP payload b[o, o + len): OK or MALFORMED. */
    public int parse(byte[] b, int o, int len) {
        present = 0;
        messageType = 0;
        dnsCount = 0;
        overload = 0;
        if (len < DhcpMessage.OPTIONS || o < 0 || o + len > b.length
                || DhcpMessage.cookie(b, o) != DhcpMessage.MAGIC_COOKIE) {
            return MALFORMED;
        }
        op = DhcpMessage.op(b, o);
        htype = DhcpMessage.htype(b, o);
        hlen = DhcpMessage.hlen(b, o);
        xid = DhcpMessage.xid(b, o);
        flags = DhcpMessage.flags(b, o);
        ciaddr = DhcpMessage.ciaddr(b, o);
        yiaddr = DhcpMessage.yiaddr(b, o);
        siaddr = DhcpMessage.siaddr(b, o);
        if (walk(b, o + DhcpMessage.OPTIONS, o + len, true) != OK) {
            return MALFORMED;
        }
        if ((overload & DhcpOptions.OVERLOAD_FILE) != 0
                && walk(b, o + DhcpMessage.FILE, o + DhcpMessage.FILE + DhcpMessage.FILE_LEN, false) != OK) {
            return MALFORMED;
        }
        if ((overload & DhcpOptions.OVERLOAD_SNAME) != 0
                && walk(b, o + DhcpMessage.SNAME, o + DhcpMessage.SNAME + DhcpMessage.SNAME_LEN, false) != OK) {
            return MALFORMED;
        }
        return messageType == 0 ? MALFORMED : OK;
    }

    public boolean has(int bit) {
        return (present & bit) != 0;
    }

    /**
     * One field of options up to END or the field's end (a missing END is tolerated when the last
     * option ends exactly there, as ISC dhclient and Linux's udhcpc do).
     */
    private int walk(byte[] b, int i, int end, boolean mainField) {
        while (i < end) {
            int code = b[i] & 0xff;
            if (code == DhcpOptions.PAD) {
                i++;
                continue;
            }
            if (code == DhcpOptions.END) {
                return OK;
            }
            if (i + 1 >= end) {
                return MALFORMED;
            }
            int l = b[i + 1] & 0xff;
            int v = i + 2;
            if (v + l > end || !option(b, code, v, l, mainField)) {
                return MALFORMED;
            }
            i = v + l;
        }
        return OK;
    }

    /** Takes one option's value b[v, v + l); false when its size is wrong for its code. */
    private boolean option(byte[] b, int code, int v, int l, boolean mainField) {
        switch (code) {
            case DhcpOptions.MESSAGE_TYPE:
                if (l != 1) {
                    return false;
                }
                messageType = b[v] & 0xff;
                return true;
            case DhcpOptions.INTERFACE_MTU:
                mtu = l == 2 ? Bytes.u16(b, v) : 0;
                present |= HAS_MTU;
                return l == 2;
            case DhcpOptions.OVERLOAD:
                if (mainField && l == 1) {
                    overload = b[v] & (DhcpOptions.OVERLOAD_FILE | DhcpOptions.OVERLOAD_SNAME);
                    present |= HAS_OVERLOAD;
                }
                return l == 1;
            case DhcpOptions.ROUTER:
                if (l > 0 && (l & 3) == 0 && !has(HAS_ROUTER)) {
                    router = Bytes.i32(b, v);
                    present |= HAS_ROUTER;
                }
                return l > 0 && (l & 3) == 0;
            case DhcpOptions.DNS_SERVERS:
                for (int k = 0; k + 4 <= l && dnsCount < MAX_DNS && (l & 3) == 0; k += 4) {
                    dns[dnsCount++] = Bytes.i32(b, v + k);
                }
                return l > 0 && (l & 3) == 0;
            case DhcpOptions.SUBNET_MASK:
            case DhcpOptions.LEASE_TIME:
            case DhcpOptions.RENEWAL_T1:
            case DhcpOptions.REBINDING_T2:
            case DhcpOptions.SERVER_ID:
                if (l != 4) {
                    return false;
                }
                quad(code, Bytes.i32(b, v));
                return true;
            default:
                return true;
        }
    }

    /** A four-byte option: an address or a time in seconds. */
    private void quad(int code, int value) {
        if (code == DhcpOptions.SUBNET_MASK) {
            subnetMask = value;
            present |= HAS_MASK;
        } else if (code == DhcpOptions.LEASE_TIME) {
            leaseSecs = value;
            present |= HAS_LEASE;
        } else if (code == DhcpOptions.RENEWAL_T1) {
            t1Secs = value;
            present |= HAS_T1;
        } else if (code == DhcpOptions.REBINDING_T2) {
            t2Secs = value;
            present |= HAS_T2;
        } else {
            serverId = value;
            present |= HAS_SERVER_ID;
        }
    }
}
