package io.jzsock.net.ip;

import io.jzsock.net.iface.NetInterface;
import io.jzsock.net.tcp.SipHash;
import io.jzsock.net.wire.Bytes;

/**
 * RFC 7217 §5 stable, semantically opaque interface identifiers: RID = F(Prefix, Net_Iface, DAD_Counter,
 * secret_key), with SipHash-2-4 keyed by the secret as the PRF F (§5 asks for a PRF whose output cannot be
 * predicted without the key; SipHash is one) and the interface's MAC and index as Net_Iface. Network_ID is
 * left out, as §5 allows. The same secret, prefix and interface give the same identifier after a restart,
 * another prefix an unrelated one (no tracking across networks, RFC 7721), and each DAD conflict a new one.
 */
final class StableIid {
    /** RFC 7217 §6 IDGEN_RETRIES: after this many conflicts the address is given up. */
    static final int IDGEN_RETRIES = 3;

    private final SipHash prf;
    private final byte[] input = new byte[16];

    /** secret: at least 16 bytes (NetConfig.ipv6StableSecret, or drawn from Entropy at start-up). */
    StableIid(byte[] secret) {
        prf = new SipHash(Bytes.i64(secret, 0), Bytes.i64(secret, 8));
    }

    /**
     * The 64-bit interface identifier for prefixHi (a /64) on ifc after dadCounter conflicts. An identifier RFC
     * 5453 reserves (all zeros, the subnet-router anycast, the reserved subnet anycasts fdff:ffff:ffff:ff80 and up)
     * is skipped by hashing on with the next counter value, as RFC 7217 §5 requires.
     */
    long iid(long prefixHi, NetInterface ifc, int dadCounter) {
        for (int extra = 0; ; extra++) {
            Bytes.putI64(input, 0, prefixHi);
            System.arraycopy(ifc.mac, 0, input, 8, 6);
            input[14] = (byte) ifc.index;
            input[15] = (byte) (dadCounter + extra);
            long id = prf.hash(input, 0, input.length);
            if (!reserved(id)) {
                return id;
            }
        }
    }

    /** RFC 5453 §3 reserved interface identifiers. */
    static boolean reserved(long id) {
        return id == 0 || (id >>> 7) == (0xfdffffffffffff80L >>> 7);
    }
}
