package io.jzsock.tls;

import io.jzsock.net.sock.InnerSocket;

/**
 * One TLS stream socket slot: its inner TCP socket, its SOL_TLS options and its engine state.
 * Reused for the slot's next socket; a generation in the handle tells a stale handle from the
 * current one.
 */
final class TlsStream {
    static final int SLOT_BITS = 8;
    static final int SLOT_MASK = (1 << SLOT_BITS) - 1;

    final InnerSocket inner = new InnerSocket();
    final TlsOptions options;
    private final TlsContext ctx;
    private final int index;
    private int generation;
    private boolean open;
    private int proto;

    TlsStream(TlsContext ctx, int index) {
        this.ctx = ctx;
        this.index = index;
        this.options = ctx.newOptions();
    }

    /** Called with the stack's monitor held. */
    void open(int protocol, TlsOptions from) {
        generation = (generation + 1) & 0x7fffff;
        open = true;
        proto = protocol;
        options.reset();
        if (from != null) {
            options.copyFrom(from);
        }
    }

    boolean isOpen() {
        return open;
    }

    void markClosed() {
        open = false;
    }

    int handle() {
        return generation << SLOT_BITS | index;
    }

    int proto() {
        return proto;
    }
}
