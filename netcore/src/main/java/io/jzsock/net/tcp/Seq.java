package io.jzsock.net.tcp;

/** Sequence-number comparison modulo 2^32 (RFC 9293 §3.4, RFC 1982). */
final class Seq {
    private Seq() {
    }

    static boolean lt(int a, int b) {
        return a - b < 0;
    }

    static boolean le(int a, int b) {
        return a - b <= 0;
    }

    static boolean gt(int a, int b) {
        return a - b > 0;
    }

    static boolean ge(int a, int b) {
        return a - b >= 0;
    }

    /** a <= x < b, with b - a taken as the window length. */
    static boolean inWindow(int x, int a, int len) {
        return x - a >= 0 && x - a < len;
    }
}
