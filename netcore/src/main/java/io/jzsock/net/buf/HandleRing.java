package io.jzsock.net.buf;

/**
 * A bounded FIFO of packet handles over an {@code int[]} with a power-of-two mask (Agrona's ring
 * indexing). Full is a value ({@code false}), never an exception. Single-owner: the stack's monitor
 * or the device's own lock guards it.
 */
public final class HandleRing {
    private final int[] slots;
    private final int mask;
    private long head;
    private long tail;

    public HandleRing(int minCapacity) {
        int cap = 1;
        while (cap < minCapacity) {
            cap <<= 1;
        }
        slots = new int[cap];
        mask = cap - 1;
    }

    public boolean offer(int handle) {
        if (tail - head == slots.length) {
            return false;
        }
        slots[(int) (tail++ & mask)] = handle;
        return true;
    }

    /** The oldest handle, removed, or -1 when empty. */
    public int poll() {
        if (head == tail) {
            return -1;
        }
        return slots[(int) (head++ & mask)];
    }

    /** The oldest handle without removing it, or -1 when empty. */
    public int peek() {
        return head == tail ? -1 : slots[(int) (head & mask)];
    }

    /** The i-th oldest handle (0 = head); the caller checks {@code i < size()}. */
    public int get(int i) {
        return slots[(int) ((head + i) & mask)];
    }

    public int size() {
        return (int) (tail - head);
    }

    public boolean isEmpty() {
        return head == tail;
    }

    public int capacity() {
        return slots.length;
    }
}
