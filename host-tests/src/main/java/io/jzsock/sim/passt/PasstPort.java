package io.jzsock.sim.passt;

import io.jzsock.sim.wire.FrameSink;
import io.jzsock.sim.wire.VirtualSwitch;

import java.io.EOFException;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.concurrent.atomic.LongAdder;

/**
 * A {@link VirtualSwitch} port wired to passt over its UNIX socket, in QEMU's "stream" netdev protocol:
 * every Ethernet frame (no FCS) travels as a 32-bit big-endian length followed by that many bytes, in
 * both directions. Frames the switch forwards to the port go to passt; a reader thread hands every frame
 * passt sends onto the switch. Whatever sits on the switch is then one station behind passt's user-mode
 * gateway, as a QEMU guest would be.
 *
 * <p>passt serves one client at a time; closing the port lets it accept the next. A frame longer than
 * {@link #MAX_FRAME} (passt offers an MTU of 65520 by DHCP; jzsock's client keeps its device's 1500, as
 * it cannot honour more) is read and dropped, counted in {@link #framesOversized()}, so the stream stays in step.
 */
public final class PasstPort implements FrameSink, AutoCloseable {
    /** The length field's own size. */
    public static final int LENGTH_BYTES = 4;
    /** The largest frame the switch's stations take: 1500-byte MTU, Ethernet header, one VLAN tag. */
    public static final int MAX_FRAME = 14 + 4 + 1500;
    /** passt's largest frame: its 65520-byte default MTU plus the Ethernet header. */
    static final int MAX_STREAM_FRAME = 65520 + 14;

    private final SocketChannel channel;
    private final VirtualSwitch sw;
    private final int port;
    private final Thread reader;
    private final Object writeLock = new Object();
    private final ByteBuffer tx = ByteBuffer.allocateDirect(LENGTH_BYTES + MAX_STREAM_FRAME);
    private final LongAdder toPasst = new LongAdder();
    private final LongAdder writeFailures = new LongAdder();
    private volatile long fromPasst;
    private volatile long oversized;
    private volatile boolean running = true;
    private volatile Throwable failure;

    private PasstPort(SocketChannel channel, VirtualSwitch sw, String name) {
        this.channel = channel;
        this.sw = sw;
        this.port = sw.attachSink(this);
        reader = new Thread(this::pump, "passt-port-" + name);
        reader.setDaemon(true);
    }

    /** Plugs an already connected stream (a passt socket, or a test's peer) into the next port of {@code sw}. */
    public static PasstPort attach(SocketChannel connected, VirtualSwitch sw, String name) {
        PasstPort p = new PasstPort(connected, sw, name);
        p.reader.start();
        return p;
    }

    /** Connects to passt's socket at {@code path}, retrying until {@code timeoutMillis} pass (it may not listen yet). */
    public static PasstPort connect(Path path, VirtualSwitch sw, long timeoutMillis) throws IOException {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
        IOException last = null;
        while (System.nanoTime() < deadline) {
            SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
            try {
                ch.connect(UnixDomainSocketAddress.of(path));
                return attach(ch, sw, path.getFileName().toString());
            } catch (IOException e) {
                ch.close();
                last = e;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while connecting to " + path, e);
            }
        }
        throw new IOException("passt socket " + path + " did not accept within " + timeoutMillis + " ms", last);
    }

    private void pump() {
        ByteBuffer len = ByteBuffer.allocate(LENGTH_BYTES);
        ByteBuffer frame = ByteBuffer.allocate(MAX_STREAM_FRAME);
        try {
            while (running) {
                len.clear();
                readFully(len);
                int n = len.getInt(0);
                if (n < 0 || n > MAX_STREAM_FRAME) {
                    throw new IOException("stream out of step: frame length " + (n & 0xffffffffL));
                }
                frame.clear().limit(n);
                readFully(frame);
                if (n > MAX_FRAME) {
                    oversized++;
                    continue;
                }
                fromPasst++;
                sw.send(port, frame.array(), 0, n, 0);
            }
        } catch (ClosedChannelException | EOFException closed) {
            // close() or passt exited: the port goes quiet
        } catch (IOException | RuntimeException e) {
            if (running) {
                failure = e;
            }
        }
    }

    private void readFully(ByteBuffer b) throws IOException {
        while (b.hasRemaining()) {
            if (channel.read(b) < 0) {
                throw new EOFException("passt closed the stream");
            }
        }
    }

    @Override
    public void deliver(byte[] frame, int off, int len, long timeNanos) {
        synchronized (writeLock) {
            tx.clear();
            tx.putInt(len).put(frame, off, len).flip();
            try {
                while (tx.hasRemaining()) {
                    channel.write(tx);
                }
                toPasst.increment();
            } catch (IOException e) {
                writeFailures.increment();
            }
        }
    }

    public int port() {
        return port;
    }

    /** Frames written to passt. */
    public long framesToPasst() {
        return toPasst.sum();
    }

    /** Frames passt sent onto the switch. */
    public long framesFromPasst() {
        return fromPasst;
    }

    /** Frames from passt longer than {@link #MAX_FRAME}, dropped. */
    public long framesOversized() {
        return oversized;
    }

    /** Frames the switch handed over that could not be written (passt gone). */
    public long writeFailures() {
        return writeFailures.sum();
    }

    /** Whether the reader still runs (false once passt closed the stream). */
    public boolean connected() {
        return reader.isAlive();
    }

    /** What stopped the reader other than a close or an orderly end of stream, or null. */
    public Throwable failure() {
        return failure;
    }

    /** Closes the stream (passt then waits for its next client) and stops the reader. */
    @Override
    public void close() throws IOException {
        running = false;
        channel.close();
        try {
            reader.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
