package io.jzsock.net.posix;

/**
 * A per-thread int without ThreadLocal (absent from EDC): a fixed table of (thread, value) slots.
 * A slot whose thread has died is reused; when every slot is held by a live thread, the least
 * recently assigned slot is taken over, so errno stays best-effort rather than failing a call.
 */
final class ThreadErrno {
    private final Thread[] threads;
    private final int[] values;
    private int next;

    ThreadErrno(int slots) {
        threads = new Thread[slots];
        values = new int[slots];
    }

    synchronized int get() {
        Thread me = Thread.currentThread();
        for (int i = 0; i < threads.length; i++) {
            if (threads[i] == me) {
                return values[i];
            }
        }
        return 0;
    }

    synchronized void set(int v) {
        Thread me = Thread.currentThread();
        int dead = -1;
        for (int i = 0; i < threads.length; i++) {
            if (threads[i] == me) {
                values[i] = v;
                return;
            }
            if (dead < 0 && (threads[i] == null || !threads[i].isAlive())) {
                dead = i;
            }
        }
        int slot = dead >= 0 ? dead : next++ % threads.length;
        threads[slot] = me;
        values[slot] = v;
    }
}
