package io.jzsock.tls;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jzsock.net.Errno;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class PemTest {
    static final byte[] CERT_A = der(0x30, 40, 1);
    static final byte[] CERT_B = der(0x30, 300, 2);
    static final byte[] KEY = der(0x30, 120, 3);

    /** A DER-looking element: identifier, a definite length, filler contents. */
    static byte[] der(int identifier, int contents, int seed) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.write(identifier);
        if (contents < 0x80) {
            b.write(contents);
        } else {
            b.write(0x82);
            b.write(contents >> 8);
            b.write(contents);
        }
        for (int i = 0; i < contents; i++) {
            b.write(i * 31 + seed);
        }
        return b.toByteArray();
    }

    static String block(String label, byte[] der) {
        return "-----BEGIN " + label + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + label + "-----\n";
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            b.writeBytes(p);
        }
        return b.toByteArray();
    }

    private static int decode(String text, int kind, byte[] dst) {
        byte[] src = ascii(text);
        return Pem.decode(src, 0, src.length, kind, dst, 0, dst.length);
    }

    private static byte[] decoded(String text, int kind) {
        byte[] dst = new byte[4096];
        int n = decode(text, kind, dst);
        assertTrue(n > 0, "decode returned " + n);
        return Arrays.copyOf(dst, n);
    }

    @Test
    void tellsPemTextFromDer() {
        byte[] pem = ascii(block("CERTIFICATE", CERT_A));
        assertTrue(Pem.isPem(pem, 0, pem.length));
        assertFalse(Pem.isPem(CERT_A, 0, CERT_A.length), "DER starts with a SEQUENCE");
        byte[] derHoldingTheArmourText = concat(new byte[] {0x30, 0x0b}, ascii("-----BEGIN "));
        assertFalse(Pem.isPem(derHoldingTheArmourText, 0, derHoldingTheArmourText.length));
        byte[] text = ascii("just text");
        assertFalse(Pem.isPem(text, 0, text.length));
    }

    @Test
    void decodesOneCertificateBlock() {
        assertArrayEquals(CERT_A, decoded(block("CERTIFICATE", CERT_A), Pem.CERTIFICATES));
    }

    @Test
    void decodesABundleAsTheCertificatesBackToBackInOrder() {
        String bundle = "# Issuer: A\n" + block("CERTIFICATE", CERT_A) + "\n# Issuer: B\r\n" + block("CERTIFICATE", CERT_B);
        byte[] der = decoded(bundle, Pem.CERTIFICATES);
        assertArrayEquals(concat(CERT_A, CERT_B), der);
        assertEquals(2, DerChain.count(der, 0, der.length));
    }

    @Test
    void acceptsCrlfLinesTrailingBlanksAndATerminatingNul() {
        String crlf = block("CERTIFICATE", CERT_B).replace("\n", "\r\n").replace("-----\r\n", "-----  \r\n");
        assertArrayEquals(CERT_B, decoded(crlf + "\0", Pem.CERTIFICATES));
    }

    @Test
    void skipsBlocksOfAnotherKind() {
        String both = block("CERTIFICATE", CERT_A) + block("PRIVATE KEY", KEY);
        assertArrayEquals(CERT_A, decoded(both, Pem.CERTIFICATES));
        assertArrayEquals(KEY, decoded(both, Pem.PRIVATE_KEY));
        String ecparamOutput = block("EC PARAMETERS", new byte[] {0x06, 0x01, 0x01}) + block("EC PRIVATE KEY", KEY);
        assertArrayEquals(KEY, decoded(ecparamOutput, Pem.PRIVATE_KEY));
    }

    @Test
    void acceptsThePkcs8Pkcs1AndSec1KeyLabels() {
        for (String label : new String[] {"PRIVATE KEY", "RSA PRIVATE KEY", "EC PRIVATE KEY"}) {
            assertArrayEquals(KEY, decoded(block(label, KEY), Pem.PRIVATE_KEY), label);
        }
    }

    @Test
    void refusesInputWithoutABlockOfTheWantedKind() {
        assertEquals(-Errno.EINVAL, decode(block("PRIVATE KEY", KEY), Pem.CERTIFICATES, new byte[512]));
        assertEquals(-Errno.EINVAL, decode(block("CERTIFICATE", CERT_A), Pem.PRIVATE_KEY, new byte[512]));
        assertEquals(-Errno.EINVAL, decode(block("TRUSTED CERTIFICATE", CERT_A), Pem.CERTIFICATES, new byte[512]));
        assertEquals(-Errno.EINVAL, decode("-----BEGIN CERTIFICATE-----\n\n-----END CERTIFICATE-----\n",
                Pem.CERTIFICATES, new byte[512]), "an empty block");
    }

    @Test
    void refusesTwoKeysInOneCredential() {
        assertEquals(-Errno.EINVAL, decode(block("PRIVATE KEY", KEY) + block("EC PRIVATE KEY", KEY), Pem.PRIVATE_KEY,
                new byte[512]));
    }

    @Test
    void refusesEncryptedKeys() {
        assertEquals(-Errno.EINVAL, decode(block("ENCRYPTED PRIVATE KEY", KEY), Pem.PRIVATE_KEY, new byte[512]));
        String legacy = block("RSA PRIVATE KEY", KEY).replace("KEY-----\n",
                "KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,00112233445566778899AABBCCDDEEFF\n\n");
        assertEquals(-Errno.EINVAL, decode(legacy, Pem.PRIVATE_KEY, new byte[512]));
    }

    @Test
    void refusesBrokenArmour() {
        String good = block("CERTIFICATE", CERT_A);
        String[] broken = {
            good.replace("-----END CERTIFICATE-----\n", ""),
            good.replace("-----END CERTIFICATE", "-----END CERTIFICAT"),
            good.replace("-----END CERTIFICATE-----", "-----END CERTIFICATE---"),
            good.replace("-----BEGIN CERTIFICATE-----", "-----BEGIN CERTIFICATE"),
            good.replace("-----BEGIN CERTIFICATE-----", "-----BEGIN CERTIFICATE----- x"),
            good.replace("-----END", "-----BEGIN CERTIFICATE-----\n-----END"),
            good.substring(0, 40) + "*" + good.substring(41),
        };
        for (String text : broken) {
            assertEquals(-Errno.EINVAL, decode(text, Pem.CERTIFICATES, new byte[512]), text);
        }
    }

    @Test
    void reportsNoRoomWhenTheDerIsLargerThanTheBuffer() {
        assertEquals(-Errno.ENOMEM, decode(block("CERTIFICATE", CERT_B), Pem.CERTIFICATES, new byte[CERT_B.length - 1]));
        assertEquals(CERT_B.length, decode(block("CERTIFICATE", CERT_B), Pem.CERTIFICATES, new byte[CERT_B.length]));
    }
}
