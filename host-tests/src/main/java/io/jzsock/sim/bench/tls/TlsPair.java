package io.jzsock.sim.bench.tls;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import io.jzsock.tls.bc.TlsRecordFramer;
import org.bouncycastle.tls.TlsClientProtocol;
import org.bouncycastle.tls.TlsProtocol;
import org.bouncycastle.tls.TlsServerProtocol;
import org.bouncycastle.tls.crypto.TlsCrypto;

/**
 * A BC client and server in non-blocking mode connected back to back in memory, on one thread. Bytes move
 * through one fixed wire buffer and a {@link TlsRecordFramer} per receiver, which offers one whole record at a
 * time, as the jzsock socket layer does: that is BC's fast
 * path ({@code TlsProtocol.offerInput} → {@code RecordStream.readFullRecord}), which decrypts in the caller's
 * buffer; a partial record goes to {@code RecordStream.Record.readFragment} instead, which allocates the record.
 * Each call on a side adds the bytes this thread allocated during it to that side's counter.
 */
public final class TlsPair {
    private static final com.sun.management.ThreadMXBean MX =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    public final TlsClientProtocol client = new TlsClientProtocol();
    public final TlsServerProtocol server = new TlsServerProtocol();
    public final BenchPeers.Client clientPeer;
    public final BenchPeers.Server serverPeer;
    private final byte[] wire = new byte[1 << 17];
    private final byte[] sink = new byte[1 << 15];
    /** RFC 5246 §6.2.3: a TLSCiphertext fragment is at most 2^14 + 2048 bytes. */
    private final TlsRecordFramer clientFramer = new TlsRecordFramer(16384 + 2048);
    private final TlsRecordFramer serverFramer = new TlsRecordFramer(16384 + 2048);
    private int segment;
    private long clientAllocated;
    private long serverAllocated;

    public TlsPair(TlsConfig cfg, TlsCrypto clientCrypto, TlsCrypto serverCrypto, TlsBenchCredentials creds) {
        MX.setThreadAllocatedMemoryEnabled(true);
        clientPeer = new BenchPeers.Client(clientCrypto, cfg);
        serverPeer = new BenchPeers.Server(serverCrypto, cfg, creds);
    }

    /** Runs the handshake to completion; fails if it does not converge. */
    public TlsPair handshake() throws IOException {
        long t = now();
        server.accept(serverPeer);
        serverAllocated += now() - t;
        t = now();
        client.connect(clientPeer);
        clientAllocated += now() - t;
        for (int round = 0; round < 32 && (client.isHandshaking() || server.isHandshaking()
                || client.getAvailableOutputBytes() > 0 || server.getAvailableOutputBytes() > 0); round++) {
            pump();
        }
        if (client.isHandshaking() || server.isHandshaking()) {
            throw new IllegalStateException("handshake did not complete");
        }
        return this;
    }

    /** Moves everything each side has to send to the other, until neither has output. */
    public void pump() throws IOException {
        while (client.getAvailableOutputBytes() > 0 || server.getAvailableOutputBytes() > 0) {
            transfer(client, true, server, false);
            transfer(server, false, client, true);
        }
    }

    /** Writes {@code len} bytes of application data on one side (fragmented by BC) and delivers them. */
    public void send(boolean fromClient, byte[] data, int off, int len) throws IOException {
        TlsProtocol p = fromClient ? client : server;
        long t = now();
        p.writeApplicationData(data, off, len);
        account(fromClient, now() - t);
        pump();
    }

    /** Reads all decrypted application data waiting at one side into a scratch buffer; returns the byte count. */
    public int drain(boolean atClient) {
        TlsProtocol p = atClient ? client : server;
        int total = 0;
        long t = now();
        int n;
        while ((n = p.readInput(sink, 0, Math.min(sink.length, p.getAvailableInputBytes()))) > 0) {
            total += n;
        }
        account(atClient, now() - t);
        return total;
    }

    /**
     * Offers the receiver's input in pieces of {@code bytes} (TCP segments cut anywhere) instead of whole records;
     * 0 restores whole records.
     */
    public TlsPair segmentInput(int bytes) {
        segment = bytes;
        return this;
    }

    /** Reads decrypted application data waiting at one side into {@code out}; returns the byte count. */
    public int read(boolean atClient, byte[] out, int off, int len) {
        TlsProtocol p = atClient ? client : server;
        return p.readInput(out, off, Math.min(len, p.getAvailableInputBytes()));
    }

    public long clientAllocated() {
        return clientAllocated;
    }

    public long serverAllocated() {
        return serverAllocated;
    }

    public void resetCounters() {
        clientAllocated = 0;
        serverAllocated = 0;
    }

    public void close() {
        try {
            client.close();
            server.close();
        } catch (IOException e) {
            // close of the in-memory pair cannot fail on transport: nothing to do.
        }
    }

    private void transfer(TlsProtocol from, boolean fromClient, TlsProtocol to, boolean toClient) throws IOException {
        int filled = 0;
        while (from.getAvailableOutputBytes() > 0) {
            long t = now();
            filled += from.readOutput(wire, filled, wire.length - filled);
            account(fromClient, now() - t);
            int pos = 0;
            if (segment > 0) {
                for (; pos < filled; pos += segment) {
                    t = now();
                    to.offerInput(wire, pos, Math.min(segment, filled - pos));
                    account(toClient, now() - t);
                }
                filled = 0;
                continue;
            }
            TlsRecordFramer framer = toClient ? clientFramer : serverFramer;
            while (pos < filled) {
                int n = Math.min(framer.wanted(), filled - pos);
                System.arraycopy(wire, pos, framer.buffer(), framer.fillOffset(), n);
                pos += n;
                framer.filled(n);
                if (framer.ready() > 0) {
                    t = now();
                    to.offerInput(framer.buffer(), 0, framer.ready());
                    account(toClient, now() - t);
                    framer.consumed();
                }
            }
            System.arraycopy(wire, pos, wire, 0, filled - pos);
            filled -= pos;
        }
        if ((toClient ? clientFramer : serverFramer).fillOffset() != 0) {
            throw new IllegalStateException("a partial record left on the wire");
        }
    }

    private void account(boolean client, long bytes) {
        if (client) {
            clientAllocated += bytes;
        } else {
            serverAllocated += bytes;
        }
    }

    /** Allocated bytes of this thread; the read itself allocates nothing (JDK 17's getCurrentThreadAllocatedBytes). */
    static long now() {
        return MX.getCurrentThreadAllocatedBytes();
    }
}
