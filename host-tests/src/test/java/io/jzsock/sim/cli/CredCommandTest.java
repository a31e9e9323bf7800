package io.jzsock.sim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jzsock.sim.testkit.OpensslCredentials;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CredCommandTest {
    @TempDir
    Path dir;

    private Path flash;
    private String out;
    private String err;

    /** {@code cred ARGS --flash <dir>/board.flash}; keeps stdout and stderr. */
    private int cred(String... args) {
        if (flash == null) {
            flash = dir.resolve("board.flash");
        }
        List<String> all = new ArrayList<>(List.of("cred"));
        all.addAll(List.of(args));
        if (!all.contains("--flash")) {
            all.addAll(List.of("--flash", flash.toString()));
        }
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        int rc = Main.run(all.toArray(new String[0]), new PrintStream(o, true), new PrintStream(e, true));
        out = o.toString(StandardCharsets.UTF_8);
        err = e.toString(StandardCharsets.UTF_8);
        return rc;
    }

    private static String sha256(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }

    /** The list row of (tag, type): its columns after the tag. */
    private String row(int tag, String type) {
        for (String line : out.split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (f.length == 4 && f[0].equals(String.valueOf(tag)) && f[1].equals(type)) {
                return f[2] + " " + f[3];
            }
        }
        return "no row for tag " + tag + " " + type + " in:\n" + out;
    }

    private Path write(String name, byte[] data) throws Exception {
        Path p = dir.resolve(name);
        Files.write(p, data);
        return p;
    }

    @Test
    void pemAndDerCertificatesAndKeysAreStoredAsDerAndListedWithTheirSha256() throws Exception {
        OpensslCredentials ssl = OpensslCredentials.in(dir);
        ssl.make("rsa");
        ssl.make("ec");

        assertEquals(0, cred("add", "--tag", "1", "--type", "ca", ssl.file("rsa.crt").toString()), err);
        assertTrue(out.contains("added tag 1 ca: " + ssl.bytes("rsa.crt.der").length + " B (DER decoded from"), out);
        assertEquals(0, cred("add", "--tag", "2", "--type", "cert", ssl.file("ec.crt.der").toString()), err);
        assertEquals(0, cred("add", "--tag", "2", "--type", "key", ssl.file("ec.key").toString()), err);
        assertEquals(0, cred("add", "--tag", "3", "--type", "cert", ssl.file("rsa.crt").toString()), err);
        assertEquals(0, cred("add", "--tag", "3", "--type", "key", "--non-exportable", ssl.file("rsa.key.der").toString()),
                err);
        assertTrue(out.contains(", non-exportable"), out);

        assertEquals(0, cred("list"), err);
        byte[] rsaCrt = ssl.bytes("rsa.crt.der");
        byte[] ecCrt = ssl.bytes("ec.crt.der");
        byte[] ecKey = ssl.bytes("ec.key.der");
        assertEquals(rsaCrt.length + " " + sha256(rsaCrt), row(1, "ca"));
        assertEquals(ecCrt.length + " " + sha256(ecCrt), row(2, "cert"));
        assertEquals(ecKey.length + " " + sha256(ecKey), row(2, "key"));
        assertEquals(rsaCrt.length + " " + sha256(rsaCrt), row(3, "cert"));
        assertEquals(ssl.bytes("rsa.key.der").length + " non-exportable", row(3, "key"));
        assertFalse(out.contains(sha256(ssl.bytes("rsa.key.der"))), "no digest of a non-exportable key:\n" + out);
        assertTrue(out.contains("5 credentials in " + flash + " (nucleo_f767zi sectors 2+3), 0 dropped at mount"), out);
    }

    @Test
    void theFlashFileCarriesCredentialsFromOneInvocationToTheNext() throws Exception {
        byte[] key = KeyPairGenerator.getInstance("EC").generateKeyPair().getPrivate().getEncoded();
        Path keyFile = write("device.key.der", key);

        assertEquals(0, cred("list"), err);
        assertTrue(out.contains("0 credentials in"), out);
        assertFalse(Files.exists(flash), "list does not create the file");

        assertEquals(0, cred("add", "--tag", "42", "--type", "key", keyFile.toString()), err);
        assertEquals(PosixFilePermissions.fromString("rw-------"), Files.getPosixFilePermissions(flash),
                "the file holds the key in clear");
        assertEquals(0, cred("list"), err);
        assertEquals(key.length + " " + sha256(key), row(42, "key"));

        assertEquals(0, cred("del", "--tag", "42", "--type", "key"), err);
        assertEquals("deleted tag 42 key from " + flash + "\n", out, "del is delete, as in Zephyr's shell");
        assertEquals(0, cred("list"), err);
        assertTrue(out.contains("0 credentials in"), out);
    }

    @Test
    void errorsOfTheApiArePrintedByErrnoNameWithANonZeroExit() throws Exception {
        Path psk = write("psk.bin", new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16});
        assertEquals(0, cred("add", "--tag", "5", "--type", "psk", "--non-exportable", psk.toString()), err);

        assertEquals(Main.FAILED, cred("add", "--tag", "5", "--type", "psk", psk.toString()));
        assertTrue(err.startsWith("cred add: tag 5 psk: EEXIST (already in " + flash + "; cred delete --tag 5 --type psk"),
                err);
        assertEquals(Main.FAILED, cred("delete", "--tag", "6", "--type", "psk"));
        assertEquals("cred delete: tag 6 psk: ENOENT (not in " + flash + ")\n", err);
        assertEquals(Main.FAILED, cred("add", "--tag", "-1", "--type", "psk", psk.toString()));
        assertTrue(err.contains("EINVAL (negative tags are reserved)"), err);
        assertEquals(Main.FAILED, cred("add", "--tag", "7", "--type", "ca", "--non-exportable", psk.toString()));
        assertTrue(err.contains("EINVAL (--non-exportable is for key and psk only)"), err);
        Path badPem = write("bad.pem", "-----BEGIN CERTIFICATE-----\n!!!!\n-----END CERTIFICATE-----\n"
                .getBytes(StandardCharsets.US_ASCII));
        assertEquals(Main.FAILED, cred("add", "--tag", "7", "--type", "ca", badPem.toString()));
        assertTrue(err.contains(": EINVAL (not DER, or PEM without a well-formed block"), err);
        Path big = write("big.der", new byte[5000]);
        assertEquals(Main.FAILED, cred("add", "--tag", "8", "--type", "ca", big.toString()));
        assertTrue(err.contains(": ENOMEM (no room: a credential holds at most 4096 B"), err);
        assertEquals(Main.FAILED, cred("add", "--tag", "8", "--type", "ca", dir.resolve("absent.pem").toString()));
        assertTrue(err.contains("no such file"), err);

        assertEquals(0, cred("list"), err);
        assertEquals("16 non-exportable", row(5, "psk"));
        assertTrue(out.contains("1 credential in"), out);
    }

    @Test
    void badOptionsAreUsageErrorsThatSayWhatIsWrong() {
        assertEquals(Main.USAGE, cred("add", "--tag", "x", "--type", "ca", "f.pem"));
        assertTrue(err.startsWith("cred: --tag must be an integer (sec_tag, 0 to 2147483647): x\n"), err);
        assertEquals(Main.USAGE, cred("add", "--tag", "1", "--type", "rootca", "f.pem"));
        assertTrue(err.startsWith("cred: unknown --type rootca (one of ca, cert, key, psk, psk-id)\n"), err);
        assertEquals(Main.USAGE, cred("delete", "--tag", "1"));
        assertTrue(err.startsWith("cred: delete needs --tag N and --type ca|cert|key|psk|psk-id\n"), err);
        assertEquals(Main.USAGE, cred("add", "--tag", "1", "--type", "ca"));
        assertTrue(err.startsWith("cred: add needs the credential FILE"), err);
        assertEquals(Main.USAGE, cred("list", "--board", "h743zi"));
        assertTrue(err.startsWith("cred: unknown --board h743zi"), err);
        assertEquals(Main.USAGE, cred("list", "--tag", "1"));
        assertEquals(Main.USAGE, cred("rename"));
        assertEquals(Main.USAGE, cred());
        assertEquals(Main.OK, cred("help"));
        assertTrue(out.startsWith("usage: cred add --tag N --type ca|cert|key|psk|psk-id"), out);
    }

    @Test
    void aPskIdentityWrittenWithEchoLosesItsLineEnd() throws Exception {
        Path id = write("id.txt", "client-7\n".getBytes(StandardCharsets.US_ASCII));
        assertEquals(0, cred("add", "--tag", "9", "--type", "psk-id", id.toString()), err);
        assertTrue(out.contains("(line end after the identity dropped)"), out);
        assertEquals(0, cred("list"), err);
        assertEquals("8 " + sha256("client-7".getBytes(StandardCharsets.US_ASCII)), row(9, "psk-id"));
    }

    @Test
    void aFlashFileIsOnlyUsedByTheBoardItWasWrittenFor() throws Exception {
        Path psk = write("psk.bin", new byte[32]);
        assertEquals(0, cred("add", "--board", "f746zg", "--tag", "1", "--type", "psk", psk.toString()), err);
        assertEquals(1024 * 1024 + 64, Files.size(flash), "1 MB of flash after the header");

        assertEquals(Main.FAILED, cred("list"));
        assertTrue(err.startsWith("cred: " + flash + " holds the flash of nucleo_f746zg (1024 KB), not of nucleo_f767zi"
                + " (2048 KB)"), err);
        assertTrue(err.contains("use --board nucleo_f746zg"), err);
        assertEquals(0, cred("list", "--board", "nucleo_f746zg"), err);
        assertTrue(out.contains("1 credential in " + flash + " (nucleo_f746zg sectors 2+3)"), out);

        flash = dir.resolve("f429.flash");
        assertEquals(0, cred("add", "--board", "f429zi", "--tag", "1", "--type", "psk", psk.toString()), err);
        assertEquals(Main.FAILED, cred("list"), "same 2 MB, other sectors: refused by name");
        assertTrue(err.contains("holds the flash of nucleo_f429zi (2048 KB), not of nucleo_f767zi"), err);
        assertEquals(0, cred("list", "--board", "f429zi"), err);
        assertTrue(out.contains("(nucleo_f429zi sectors 12+13)"), out);

        flash = write("raw.bin", new byte[2 * 1024 * 1024]);
        assertEquals(Main.FAILED, cred("list"));
        assertEquals("cred: " + flash + " is not a jzsock flash file (no JZSFLASH header)\n", err);
    }

    @Test
    void aRecordWhoseBitRottedIsDroppedAndReportedWhileTheOthersStay() throws Exception {
        byte[] first = "first-psk-0123456789".getBytes(StandardCharsets.US_ASCII);
        byte[] second = "second-psk-abcdefgh".getBytes(StandardCharsets.US_ASCII);
        assertEquals(0, cred("add", "--tag", "1", "--type", "psk", write("a", first).toString()), err);
        assertEquals(0, cred("add", "--tag", "2", "--type", "psk", write("b", second).toString()), err);
        byte[] image = Files.readAllBytes(flash);
        int at = indexOf(image, first);
        assertTrue(at > 0 && indexOf(Arrays.copyOfRange(image, at + 1, image.length), first) < 0, "one copy");
        image[at + 3] ^= 0x10;
        Files.write(flash, image);

        assertEquals(0, cred("list"), err);
        assertEquals("cred: warning: 1 record(s) in " + flash + " failed their CRC and were dropped at mount\n", err);
        assertEquals("no row for tag 1 psk in:\n" + out, row(1, "psk"));
        assertEquals(second.length + " " + sha256(second), row(2, "psk"));
        assertTrue(out.contains("1 credential in " + flash + " (nucleo_f767zi sectors 2+3), 1 dropped at mount"), out);
    }

    private static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
