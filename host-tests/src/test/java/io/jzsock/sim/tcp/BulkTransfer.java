package io.jzsock.sim.tcp;

import io.jzsock.net.Errno;
import io.jzsock.net.SockAddr;
import io.jzsock.net.Zsock;
import io.jzsock.sim.net.NetSim;

/**
 * A byte-exact one-way TCP transfer between the two hosts of a {@link NetSim}, driven by non-blocking
 * calls from a tick: the sender writes a pattern (byte i = i * 31 + i / 251), closes after the last
 * byte; the receiver checks every byte and expects EOF after exactly {@code total} bytes.
 */
final class BulkTransfer implements Runnable {
    static final int PORT = 5001;

    private final Zsock tx;
    private final Zsock rx;
    private final int total;
    private final byte[] out = new byte[4096];
    private final byte[] in = new byte[4096];
    private int listener;
    private int sender;
    private int receiver = -1;
    private long sent;
    private long received;
    private boolean senderClosed;
    private boolean eof;
    private String failure;
    private final NetSim sim;
    /** The receiving application's read rate, bytes per virtual second; 0: reads all there is every tick. */
    private long readRate;
    private long readStart = -1;

    /** From host {@code from} to host {@code to} (0 or 1). */
    BulkTransfer(NetSim sim, int from, int to, int total) {
        this(sim, from, to, total, PORT);
    }

    BulkTransfer(NetSim sim, int from, int to, int total, int port) {
        this.sim = sim;
        this.tx = sim.zsock(from);
        this.rx = sim.zsock(to);
        this.total = total;
        listener = rx.socket(Zsock.AF_INET, Zsock.SOCK_STREAM, 0);
        check(rx.bind(listener, SockAddr.parse("0.0.0.0", port)), "bind");
        check(rx.listen(listener, 1), "listen");
        check(rx.fcntl(listener, Zsock.F_SETFL, Zsock.O_NONBLOCK), "fcntl");
        sender = tx.socket(Zsock.AF_INET, Zsock.SOCK_STREAM, 0);
        check(tx.fcntl(sender, Zsock.F_SETFL, Zsock.O_NONBLOCK), "fcntl");
        int r = tx.connect(sender, NetSim.sockAddr(to, port));
        if (r != -Errno.EINPROGRESS) {
            failure = "connect " + Errno.name(r);
        }
        sim.addTick(this);
    }

    /** A slow reader: from now on the receiver reads at most {@code bytesPerSecond} (of virtual time). */
    BulkTransfer readRate(long bytesPerSecond) {
        readRate = bytesPerSecond;
        return this;
    }

    private void check(int r, String what) {
        if (r < 0 && failure == null) {
            failure = what + " " + Errno.name(r);
        }
    }

    static byte pattern(long i) {
        return (byte) (i * 31 + i / 251);
    }

    @Override
    public void run() {
        if (failure != null || eof) {
            return;
        }
        if (receiver < 0) {
            int a = rx.accept(listener, null);
            if (a >= 0) {
                receiver = a;
                rx.fcntl(receiver, Zsock.F_SETFL, Zsock.O_NONBLOCK);
            } else if (a != -Errno.EAGAIN) {
                failure = "accept " + Errno.name(a);
                return;
            }
        }
        while (!senderClosed) {
            int n = (int) Math.min(out.length, total - sent);
            if (n == 0) {
                check(tx.close(sender), "close sender");
                senderClosed = true;
                break;
            }
            for (int i = 0; i < n; i++) {
                out[i] = pattern(sent + i);
            }
            int w = tx.send(sender, out, 0, n, 0);
            if (w == -Errno.EAGAIN) {
                break;
            }
            if (w < 0) {
                failure = "send " + Errno.name(w) + " after " + sent;
                return;
            }
            sent += w;
        }
        while (receiver >= 0) {
            int want = in.length;
            if (readRate > 0) {
                if (readStart < 0) {
                    readStart = sim.now();
                }
                long allowed = (sim.now() - readStart) * readRate / 1000 - received;
                if (allowed <= 0) {
                    break;
                }
                want = (int) Math.min(want, allowed);
            }
            int n = rx.recv(receiver, in, 0, want, 0);
            if (n == -Errno.EAGAIN) {
                break;
            }
            if (n < 0) {
                failure = "recv " + Errno.name(n) + " after " + received;
                return;
            }
            if (n == 0) {
                eof = true;
                if (received != total) {
                    failure = "EOF after " + received + " of " + total;
                }
                rx.close(receiver);
                rx.close(listener);
                return;
            }
            for (int i = 0; i < n; i++) {
                if (in[i] != pattern(received + i)) {
                    failure = "byte " + (received + i) + " differs";
                    return;
                }
            }
            received += n;
        }
    }

    boolean done() {
        return eof || failure != null;
    }

    String failure() {
        return failure;
    }

    long received() {
        return received;
    }
}
