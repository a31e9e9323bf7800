package io.jzsock.sim.fuzz;

import io.jzsock.net.wire.DhcpMessage;
import io.jzsock.net.wire.DhcpOptions;
import io.jzsock.sim.testkit.DhcpFrames;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/** Seed inputs of {@link DhcpFuzzTest} (mode byte, then the DHCP message), part of {@link SeedCorpus}. */
final class DhcpSeeds {
    private static final int SERVER = DhcpFuzzTest.SERVER;
    private static final int OFFERED = DhcpFuzzTest.OFFERED;

    private DhcpSeeds() {
    }

    static Map<String, byte[]> all() {
        Map<String, byte[]> m = new LinkedHashMap<>();
        m.put("seed-offer", cat(0, reply(server(DhcpOptions.DHCPOFFER).end())));
        m.put("seed-offer-unicast", cat(0x10, reply(server(DhcpOptions.DHCPOFFER).end())));
        m.put("seed-ack-full", cat(0x08, reply(server(DhcpOptions.DHCPACK).ip(DhcpOptions.SUBNET_MASK, 0xFFFFFF00)
                .ip(DhcpOptions.ROUTER, 0xC61200FE).ip(DhcpOptions.DNS_SERVERS, 0xC6120035, 0xC6120036)
                .ip(DhcpOptions.RENEWAL_T1, 20).ip(DhcpOptions.REBINDING_T2, 40).u16(DhcpOptions.INTERFACE_MTU, 1400).end())));
        byte[] overloaded = reply(server(DhcpOptions.DHCPACK).raw(DhcpOptions.OVERLOAD, 3).end());
        byte[] inFile = DhcpFrames.options().ip(DhcpOptions.ROUTER, 0xC61200FE).end().toBytes();
        System.arraycopy(inFile, 0, overloaded, DhcpMessage.FILE, inFile.length);
        byte[] inSname = DhcpFrames.options().ip(DhcpOptions.SUBNET_MASK, 0xFFFF0000).end().toBytes();
        System.arraycopy(inSname, 0, overloaded, DhcpMessage.SNAME, inSname.length);
        m.put("seed-ack-overload", cat(0x08, overloaded));
        m.put("seed-ack-infinite-lease", cat(0x08, reply(DhcpFrames.options().type(DhcpOptions.DHCPACK)
                .ip(DhcpOptions.SERVER_ID, SERVER).ip(DhcpOptions.LEASE_TIME, -1).end())));
        m.put("seed-nak", cat(0x08, reply(DhcpFrames.options().type(DhcpOptions.DHCPNAK).ip(DhcpOptions.SERVER_ID, SERVER).end())));
        m.put("seed-option-overrun", cat(0, reply(DhcpFrames.options().type(DhcpOptions.DHCPOFFER).bytes(DhcpOptions.SERVER_ID, 60, 1))));
        m.put("seed-bootp-no-type", cat(0, reply(DhcpFrames.options().ip(DhcpOptions.SERVER_ID, SERVER).end())));
        m.put("seed-other-xid", cat(0x01, reply(server(DhcpOptions.DHCPOFFER).end())));
        m.put("seed-truncated", cat(0, Arrays.copyOf(reply(server(DhcpOptions.DHCPOFFER).end()), 100)));
        return m;
    }

    private static DhcpFrames.Options server(int type) {
        return DhcpFrames.options().type(type).ip(DhcpOptions.SERVER_ID, SERVER).ip(DhcpOptions.LEASE_TIME, 60);
    }

    /** A reply with xid and chaddr left 0: the fuzz target patches them in unless the mode says not to. */
    private static byte[] reply(DhcpFrames.Options options) {
        return DhcpFrames.reply(0, 0, 0, OFFERED, new byte[6], options.toBytes());
    }

    private static byte[] cat(int mode, byte[] rest) {
        byte[] b = new byte[rest.length + 1];
        b[0] = (byte) mode;
        System.arraycopy(rest, 0, b, 1, rest.length);
        return b;
    }
}
