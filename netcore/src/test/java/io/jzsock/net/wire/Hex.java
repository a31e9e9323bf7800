package io.jzsock.net.wire;

/** Test helper: hex text (spaces ignored) into a buffer at an offset, so codecs are exercised off index 0. */
final class Hex {
    private Hex() {
    }

    static byte[] at(int offset, String hex) {
        String h = hex.replace(" ", "");
        byte[] b = new byte[offset + h.length() / 2];
        for (int i = 0; i < h.length() / 2; i++) {
            b[offset + i] = (byte) Integer.parseInt(h.substring(2 * i, 2 * i + 2), 16);
        }
        return b;
    }
}
