package io.jzsock.sim.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.jzsock.net.AddrInfo;
import io.jzsock.net.NetConfig;
import io.jzsock.net.Zsock;
import io.jzsock.net.wire.Bytes;
import io.jzsock.net.wire.DnsMessage;
import io.jzsock.sim.testkit.DnsRig;
import java.util.Arrays;

/**
 * The DNS resolver's answer path (DnsClient, DnsResponseParser, DnsCache): a getaddrinfo for
 * {@value #NAME} is in flight and the fuzzer's bytes come back from its server as the answer.
 * <pre>
 *  input = mode message
 *  mode  : 0x01 keep the id as given (else the query's); 0x02 keep the message after the header as given
 *          (else the query's question is put first and QDCOUNT set to 1); 0x04 keep the flags as given
 *          (else QR set, opcode 0)
 * </pre>
 * Oracle: the call returns within its retries with a count or a resolver code, never throws or hangs; the
 * resolver's socket and every buffer are back; and no other name was cached by it (a lookup of another name
 * still asks the server).
 */
class DnsFuzzTest {
    static final String NAME = "www.example.com";

    @FuzzTest(maxDuration = "20s")
    void dnsAnswer(byte[] in) {
        int mode = Frames.u8(in, 0);
        byte[] msg = Frames.tail(in, 1);
        NetConfig cfg = NetConfig.defaults();
        cfg.dnsAttempts = 1;
        try (DnsRig rig = new DnsRig(cfg, "198.18.0.2")) {
            AddrInfo[] out = new AddrInfo[4];
            DnsRig.Lookup l = rig.call(out, () -> rig.z.getaddrinfo(NAME, "80", null, out));
            DnsRig.Query q = rig.awaitQuery();
            rig.reply(q, answer(mode, msg, q.dns()));
            rig.advance(cfg.dnsTimeoutMillis);
            int r = l.result();
            assertTrue(r >= 1 && r <= 4 || r == Zsock.EAI_NONAME || r == Zsock.EAI_NODATA || r == Zsock.EAI_AGAIN
                    || r == Zsock.EAI_FAIL, "a count or a resolver code: " + r);
            // Follow-up queries of that lookup (a bare CNAME's target), sent and left unanswered, are not the
            // other name's question: drop them first.
            while (rig.peer.next() != null) {
                rig.poll();
            }
            DnsRig.Lookup other = rig.getaddrinfo("other.example.net");
            assertEquals("other.example.net", rig.awaitQuery().name(), "the answer cached nothing but its question");
            rig.advance(cfg.dnsTimeoutMillis);
            assertEquals(Zsock.EAI_AGAIN, other.result());
            assertEquals(rig.stack.packetBuffers(), rig.stack.freePacketBuffers(), "every packet buffer back");
            for (int i = 0; i < cfg.maxSockets; i++) {
                assertTrue(rig.z.socket(Zsock.AF_INET, Zsock.SOCK_DGRAM, 0) >= 0, "the resolver's socket was closed");
            }
        }
    }

    /** The fuzzer's message with the query's id, flags and question put in as mode says. */
    static byte[] answer(int mode, byte[] msg, byte[] query) {
        byte[] header = Arrays.copyOf(msg, DnsMessage.HEADER_LEN);
        byte[] rest = Frames.tail(msg, DnsMessage.HEADER_LEN);
        if ((mode & 0x01) == 0) {
            Bytes.putU16(header, DnsMessage.ID, DnsMessage.id(query, 0));
        }
        if ((mode & 0x04) == 0) {
            Bytes.putU16(header, DnsMessage.FLAGS,
                    (DnsMessage.flags(header, 0) | DnsMessage.FLAG_QR) & ~DnsMessage.OPCODE_MASK);
        }
        byte[] question = new byte[0];
        if ((mode & 0x02) == 0) {
            question = Arrays.copyOfRange(query, DnsMessage.HEADER_LEN, query.length);
            Bytes.putU16(header, DnsMessage.QDCOUNT, 1);
        }
        byte[] m = new byte[header.length + question.length + rest.length];
        System.arraycopy(header, 0, m, 0, header.length);
        System.arraycopy(question, 0, m, header.length, question.length);
        System.arraycopy(rest, 0, m, header.length + question.length, rest.length);
        return m;
    }
}
