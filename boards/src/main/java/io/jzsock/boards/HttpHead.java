package io.jzsock.boards;

/**
 * Reads an HTTP/1.x request head in place (RFC 9112 §2.1, §3, §5): where it ends, its method and
 * target, and whether the client asked for a persistent connection. Holds the last parse only; one
 * instance serves every connection of the server thread.
 */
final class HttpHead {
    static final int OTHER = 0;
    static final int GET = 1;
    static final int HEAD = 2;

    /** Set by {@link #parse}: GET, HEAD or OTHER. */
    int method;
    int targetFrom;
    int targetTo;
    /** HTTP/1.x minor version. */
    int minor;
    /** A Connection header carries the keep-alive token (RFC 9112 §9.3, Appendix C.2.2). */
    boolean keepAlive;
    /** A Connection header carries the close token (RFC 9112 §9.6). */
    boolean close;

    /** Index just after the CRLF CRLF that ends a request head, or -1. */
    static int end(byte[] b, int len) {
        for (int i = 3; i < len; i++) {
            if (b[i] == '\n' && b[i - 1] == '\r' && b[i - 2] == '\n' && b[i - 3] == '\r') {
                return i + 1;
            }
        }
        return -1;
    }

    /**
     * Parses the head {@code b[0, end)}; false if the request line is malformed
     * (request-line = method SP request-target SP HTTP-version, RFC 9112 §3).
     */
    boolean parse(byte[] b, int end) {
        keepAlive = false;
        close = false;
        int sp1 = indexOf(b, 0, end, ' ');
        int sp2 = sp1 < 0 ? -1 : indexOf(b, sp1 + 1, end, ' ');
        int eol = indexOf(b, 0, end, '\r');
        if (sp1 <= 0 || sp2 <= sp1 + 1 || eol != sp2 + 9 || !startsWith(b, sp2 + 1, eol, "HTTP/1.")
                || b[eol - 1] < '0' || b[eol - 1] > '9') {
            return false;
        }
        minor = b[eol - 1] - '0';
        method = matches(b, 0, sp1, "GET") ? GET : matches(b, 0, sp1, "HEAD") ? HEAD : OTHER;
        targetFrom = sp1 + 1;
        targetTo = sp2;
        int line = eol + 2;
        while (line < end - 2) {
            int lineEnd = indexOf(b, line, end, '\r');
            if (lineEnd < 0) {
                break;
            }
            if (lineEnd - line > 11 && startsWithIgnoreCase(b, line, lineEnd, "connection:")) {
                connectionTokens(b, line + 11, lineEnd);
            }
            line = lineEnd + 2;
        }
        return true;
    }

    boolean targetIs(byte[] b, String s) {
        return matches(b, targetFrom, targetTo, s);
    }

    /** Connection = #connection-option (RFC 9110 §7.6.1): comma-separated tokens, case-insensitive. */
    private void connectionTokens(byte[] b, int from, int to) {
        int i = from;
        while (i < to) {
            while (i < to && (b[i] == ' ' || b[i] == '\t' || b[i] == ',')) {
                i++;
            }
            int start = i;
            while (i < to && b[i] != ',' && b[i] != ' ' && b[i] != '\t') {
                i++;
            }
            if (i - start == 10 && startsWithIgnoreCase(b, start, i, "keep-alive")) {
                keepAlive = true;
            } else if (i - start == 5 && startsWithIgnoreCase(b, start, i, "close")) {
                close = true;
            }
        }
    }

    static int indexOf(byte[] b, int from, int to, char ch) {
        for (int i = from; i < to; i++) {
            if (b[i] == ch) {
                return i;
            }
        }
        return -1;
    }

    static boolean matches(byte[] b, int from, int to, String s) {
        return to - from == s.length() && startsWith(b, from, to, s);
    }

    static boolean startsWith(byte[] b, int from, int to, String s) {
        int n = s.length();
        if (to - from < n) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            if (b[from + i] != s.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static boolean startsWithIgnoreCase(byte[] b, int from, int to, String lower) {
        int n = lower.length();
        if (to - from < n) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            int ch = b[from + i];
            if (ch >= 'A' && ch <= 'Z') {
                ch += 'a' - 'A';
            }
            if (ch != lower.charAt(i)) {
                return false;
            }
        }
        return true;
    }
}
