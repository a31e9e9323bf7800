package io.jzsock.sim.board;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jzsock.boards.BoardDefinition;
import io.jzsock.bsp.stm32.Stm32Flash;
import io.jzsock.net.InterfaceConfig;
import io.jzsock.net.NetConfig;
import io.jzsock.sim.cli.Main;
import io.jzsock.sim.wire.VirtualSwitch;
import io.jzsock.tls.TlsCredentials;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BoardCredentialFlashTest {
    @TempDir
    Path dir;

    @Test
    void eachBoardKeepsCredentialsInTwoEqualSmallSectorsClearOfItsImage() {
        for (int i = 0; i < BoardDefinition.count(); i++) {
            BoardDefinition b = BoardDefinition.get(i);
            int a = b.credentialSectorA;
            int s = b.credentialSectorB;
            assertNotEquals(a, s, b.name);
            assertEquals(b.part.sectorSize(a), b.part.sectorSize(s), b.name);
            assertEquals(s, a + 1, b.name + ": adjacent, one hole in the image");
            assertTrue(a > 0, b.name + ": sector 0 holds the vector table");
            assertEquals(b.part.f7 ? 32 * 1024 : 16 * 1024, b.credentialSectorSize(), b.name);
        }
        BoardDefinition f7 = BoardDefinition.NUCLEO_F767ZI;
        assertEquals(0x08010000, f7.part.sectorBase(f7.credentialSectorA), "Zephyr's storage_partition");
        assertEquals(0x08020000, f7.part.sectorBase(f7.credentialSectorB + 1), "the image resumes at sector 4");
        BoardDefinition f4 = BoardDefinition.NUCLEO_F429ZI;
        assertEquals(Stm32Flash.MEMORY_BASE + 1024 * 1024, f4.part.sectorBase(f4.credentialSectorA), "bank 2's first");
    }

    @ParameterizedTest
    @ValueSource(strings = {"nucleo_f767zi", "nucleo_f746zg", "nucleo_f429zi"})
    void aBoardBootsWithWhatItsFlashFileHoldsAndWritesBackWhatItAdds(String name) throws Exception {
        BoardDefinition def = BoardDefinition.byName(name);
        Path flash = dir.resolve(name + ".flash");
        byte[] psk = new byte[24];
        Arrays.fill(psk, (byte) 7);
        VirtualBoard b = boot(def, flash, new ByteArrayOutputStream());
        try {
            assertEquals(0, b.credentials().credentials().add(9, TlsCredentials.PSK, psk, 0, psk.length));
        } finally {
            b.close();
        }
        assertEquals(64 + def.flashSize(), Files.size(flash));

        ByteArrayOutputStream log = new ByteArrayOutputStream();
        b = boot(def, flash, log);
        try {
            String text = log.toString(StandardCharsets.UTF_8);
            assertTrue(text.contains("[" + name + "] credentials: 1 in flash sectors " + def.credentialSectorA + "+"
                    + def.credentialSectorB + " (tag 9 psk 24 B), 0 dropped, "), text);
            byte[] back = new byte[32];
            int[] len = {back.length};
            assertEquals(0, b.credentials().credentials().get(9, TlsCredentials.PSK, back, 0, len));
            assertArrayEquals(psk, Arrays.copyOf(back, len[0]));
        } finally {
            b.close();
        }
    }

    @Test
    void aBoardRefusesTheFlashFileOfAnotherBoardBeforeItBoots() throws Exception {
        Path flash = dir.resolve("f746.flash");
        boot(BoardDefinition.NUCLEO_F746ZG, flash, new ByteArrayOutputStream()).close();
        assertTrue(Files.exists(flash), "the mount formatted the erased sectors, so the file was written");

        ByteArrayOutputStream log = new ByteArrayOutputStream();
        UncheckedIOException e = assertThrows(UncheckedIOException.class,
                () -> boot(BoardDefinition.NUCLEO_F767ZI, flash, log));
        assertEquals(flash + " holds the flash of nucleo_f746zg (1024 KB), not of nucleo_f767zi (2048 KB): its credentials"
                + " are in other sectors; use --board nucleo_f746zg, or another --flash file for nucleo_f767zi",
                e.getMessage());
        assertEquals("", log.toString(StandardCharsets.UTF_8), "nothing booted");
    }

    @Test
    void aBoardDoesNotOverwriteAFlashFileRewrittenWhileItRan() throws Exception {
        BoardDefinition def = BoardDefinition.NUCLEO_F767ZI;
        Path flash = dir.resolve("shared.flash");
        byte[] psk = new byte[16];
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        VirtualBoard b = boot(def, flash, log);
        try {
            Path pskFile = Files.write(dir.resolve("psk"), psk);
            assertEquals(0, Main.run(new String[] {"cred", "add", "--tag", "1", "--type", "psk", "--flash",
                flash.toString(), pskFile.toString()}, new PrintStream(new ByteArrayOutputStream()), System.err));
            assertEquals(0, b.credentials().credentials().add(2, TlsCredentials.PSK, psk, 0, psk.length));
        } finally {
            b.close();
        }
        String text = log.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("[nucleo_f767zi] flash: not written back: " + flash + " was rewritten since"
                + " nucleo_f767zi loaded it"), text);

        log.reset();
        boot(def, flash, log).close();
        assertTrue(log.toString(StandardCharsets.UTF_8).contains("credentials: 1 in flash sectors 2+3 (tag 1 psk 16 B)"),
                "cred's change kept:\n" + log);
    }

    private static VirtualBoard boot(BoardDefinition def, Path flash, ByteArrayOutputStream log) {
        return VirtualBoard.boot(def, new VirtualSwitch(), 5, NetConfig.defaults(), 4,
                InterfaceConfig.ipv4("eth0", "198.18.0.2", 24, null), flash, new PrintStream(log, true));
    }
}
