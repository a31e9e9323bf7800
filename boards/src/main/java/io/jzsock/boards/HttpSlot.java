package io.jzsock.boards;

/**
 * One connection the status server is serving: its request bytes, its pending response and where
 * it stands. Buffers are allocated once, with the server; a slot is reused for each connection.
 */
final class HttpSlot {
    static final int FREE = 0;
    /** Waiting for (the rest of) a request head. */
    static final int READING = 1;
    /** Sending {@link #out} from {@link #outOff} to {@link #outLen}. */
    static final int WRITING = 2;

    final byte[] in;
    final byte[] out;
    int fd = -1;
    int state = FREE;
    int inLen;
    int outOff;
    int outLen;
    /** Responses completed on this connection. */
    int served;
    /** Close once {@link #out} is sent (Connection: close was answered). */
    boolean closeAfter;
    /** Clock time at which a silent or stalled client is dropped. */
    long deadline;

    HttpSlot(int requestMax, int responseMax) {
        in = new byte[requestMax];
        out = new byte[responseMax];
    }

    void open(int fd, long deadline) {
        this.fd = fd;
        state = READING;
        inLen = 0;
        outOff = 0;
        outLen = 0;
        served = 0;
        closeAfter = false;
        this.deadline = deadline;
    }

    /** Drops the first {@code n} request bytes, keeping a pipelined next request (RFC 9112 §9.3.2). */
    void consume(int n) {
        System.arraycopy(in, n, in, 0, inLen - n);
        inLen -= n;
    }

    void free() {
        fd = -1;
        state = FREE;
    }
}
