package io.jzsock.net;

/**
 * {@code struct msghdr}: a name, a scatter/gather vector and a control buffer, all caller-owned.
 * The vector is {@code iovCount} slices {@code iovBase[i][iovOff[i] .. iovOff[i] + iovLen[i])};
 * a null {@code iovBase} is Zephyr's {@code msg_iov == NULL}. Control messages use the C layout of a
 * 32-bit MCU ({@link Cmsg}); recvmsg sets {@code controlLen} to the bytes written and {@code flags}
 * to MSG_TRUNC/MSG_CTRUNC. recvmsg leaves {@code iovCount} and {@code iovLen} unchanged.
 */
public final class MsgHdr {
    public SockAddr name;
    public byte[][] iovBase;
    public int[] iovOff;
    public int[] iovLen;
    public int iovCount;
    public byte[] control;
    public int controlOff;
    public int controlLen;
    public int flags;

    public MsgHdr() {
    }

    /** A header with room for {@code maxIov} slices (allocates the arrays once). */
    public MsgHdr(int maxIov) {
        iovBase = new byte[maxIov][];
        iovOff = new int[maxIov];
        iovLen = new int[maxIov];
    }

    public MsgHdr iov(int i, byte[] b, int off, int len) {
        iovBase[i] = b;
        iovOff[i] = off;
        iovLen[i] = len;
        if (iovCount <= i) {
            iovCount = i + 1;
        }
        return this;
    }

    public MsgHdr control(byte[] b, int off, int len) {
        control = b;
        controlOff = off;
        controlLen = len;
        return this;
    }

    /** Sum of the slice lengths. */
    public int totalLength() {
        int n = 0;
        for (int i = 0; i < iovCount; i++) {
            n += iovLen[i];
        }
        return n;
    }
}
