package io.jzsock.sim.passt;

import io.jzsock.sim.wire.FrameSink;
import io.jzsock.sim.wire.VirtualSwitch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** QEMU's stream framing on the passt port, against a peer socket standing in for passt. */
class PasstPortTest {
    @TempDir
    Path dir;
    private ServerSocketChannel listener;
    private SocketChannel passt;
    private PasstPort port;
    private final VirtualSwitch sw = new VirtualSwitch();
    private final LinkedBlockingQueue<byte[]> station = new LinkedBlockingQueue<>();
    private int stationPort;

    @BeforeEach
    void connect() throws IOException {
        Path sock = dir.resolve("passt.socket");
        listener = ServerSocketChannel.open(StandardProtocolFamily.UNIX).bind(UnixDomainSocketAddress.of(sock));
        FrameSink sink = (b, off, len, t) -> station.add(Arrays.copyOfRange(b, off, off + len));
        stationPort = sw.attachSink(sink);
        port = PasstPort.connect(sock, sw, 2000);
        passt = listener.accept();
    }

    @AfterEach
    void close() throws IOException {
        port.close();
        passt.close();
        listener.close();
    }

    /** A broadcast frame (the switch floods it to every other port) of {@code len} bytes. */
    private static byte[] frame(int len, int seed) {
        byte[] f = new byte[len];
        for (int i = 0; i < len; i++) {
            f[i] = (byte) (i * 7 + seed);
        }
        Arrays.fill(f, 0, 6, (byte) 0xff);
        f[6] = 0x02;
        return f;
    }

    private void passtSends(byte[]... pieces) throws IOException {
        for (byte[] p : pieces) {
            ByteBuffer b = ByteBuffer.wrap(p);
            while (b.hasRemaining()) {
                passt.write(b);
            }
        }
    }

    private static byte[] length(int n) {
        return ByteBuffer.allocate(4).putInt(n).array();
    }

    @Test
    void aFrameFromTheSwitchReachesPasstAsBigEndianLengthThenBytes() throws IOException {
        byte[] f = frame(60, 1);
        sw.send(stationPort, f, 0, f.length, 0);
        ByteBuffer got = ByteBuffer.allocate(4 + f.length);
        while (got.hasRemaining()) {
            assertTrue(passt.read(got) > 0);
        }
        assertEquals(f.length, got.getInt(0));
        assertArrayEquals(f, Arrays.copyOfRange(got.array(), 4, got.capacity()));
        assertEquals(1, port.framesToPasst());
    }

    @Test
    void framesFromPasstSplitAcrossWritesReachTheSwitchWhole() throws Exception {
        byte[] a = frame(1514, 2);
        byte[] b = frame(42, 3);
        byte[] la = length(a.length);
        passtSends(Arrays.copyOf(la, 2), Arrays.copyOfRange(la, 2, 4), Arrays.copyOf(a, 700),
                Arrays.copyOfRange(a, 700, a.length), length(b.length), b);
        assertArrayEquals(a, station.poll(2, TimeUnit.SECONDS));
        assertArrayEquals(b, station.poll(2, TimeUnit.SECONDS));
        assertEquals(2, port.framesFromPasst());
    }

    @Test
    void aFrameLongerThanTheStationsTakeIsDroppedAndCountedAndTheStreamStaysInStep() throws Exception {
        byte[] big = frame(PasstPort.MAX_FRAME + 1, 4);
        byte[] next = frame(64, 5);
        passtSends(length(big.length), big, length(next.length), next);
        assertArrayEquals(next, station.poll(2, TimeUnit.SECONDS));
        assertEquals(1, port.framesOversized());
        assertEquals(1, port.framesFromPasst());
    }

    @Test
    void anImpossibleLengthStopsTheReaderWithAFailure() throws Exception {
        passtSends(length(PasstPort.MAX_STREAM_FRAME + 1));
        for (int i = 0; i < 200 && port.connected(); i++) {
            Thread.sleep(10);
        }
        assertFalse(port.connected());
        assertNotNull(port.failure());
        assertTrue(port.failure().getMessage().contains("out of step"), port.failure().getMessage());
    }

    @Test
    void passtClosingTheStreamStopsTheReaderWithoutAFailure() throws Exception {
        passt.close();
        for (int i = 0; i < 200 && port.connected(); i++) {
            Thread.sleep(10);
        }
        assertFalse(port.connected());
        assertNull(port.failure());
    }

    @Test
    void connectGivesUpWhenNothingListens() {
        VirtualSwitch other = new VirtualSwitch();
        long start = System.nanoTime();
        IOException e = assertThrows(IOException.class, () -> PasstPort.connect(dir.resolve("none"), other, 200));
        assertTrue(e.getMessage().contains("did not accept within 200 ms"), e.getMessage());
        assertTrue(System.nanoTime() - start < 2_000_000_000L);
    }
}
