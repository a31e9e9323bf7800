package io.jzsock.sim.cli;

import static io.jzsock.net.ZsockConstants.*;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jzsock.boards.StatusApp;
import io.jzsock.net.InterfaceConfig;
import io.jzsock.net.NetConfig;
import io.jzsock.net.NetStack;
import io.jzsock.net.SockAddr;
import io.jzsock.net.Zsock;
import io.jzsock.sim.board.VirtualBoard;
import io.jzsock.sim.wire.VirtualNic;
import io.jzsock.sim.wire.VirtualSwitch;
import io.jzsock.tls.CredentialConfig;
import io.jzsock.tls.RamCredentialStore;
import io.jzsock.tls.TlsConfig;
import io.jzsock.tls.TlsCredentials;
import io.jzsock.tls.TlsSockets;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The simulated F767ZI's status page over HTTPS: the first boot makes the certificate and keeps it in
 * the flash file, a jzsock TLS client on the same switch that trusts only the exported certificate
 * gets the page, and after a reboot from the same flash the board serves the same certificate.
 */
class StatusHttpsTest {
    @TempDir
    Path dir;

    @Test
    void firstBootMakesTheCertificateAVerifyingClientGetsThePageAndARebootKeepsIt() throws Exception {
        Path flash = dir.resolve("board.flash");
        byte[] first = serveOnce(flash, "made now");
        byte[] second = serveOnce(flash, "from flash");
        assertArrayEquals(first, second, "the same certificate after a reboot");
    }

    private byte[] serveOnce(Path flash, String expected) throws Exception {
        VirtualSwitch sw = new VirtualSwitch();
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(log, true);
        VirtualBoard board = RunCommand.bootBoard(sw, InterfaceConfig.ipv4("eth0", RunCommand.BOARD_IP, 24, null), flash, out);
        StatusApp app = RunCommand.startApp(board, out);
        NetStack client = null;
        try {
            String text = log.toString(StandardCharsets.UTF_8);
            assertTrue(text.contains("HTTPS certificate (P-256, self-signed, " + expected), text);
            Path pem = flash.resolveSibling("jzsock-board-https.crt");
            String b64 = Files.readString(pem).replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
            byte[] der = Base64.getDecoder().decode(b64);

            NetConfig cfg = NetConfig.defaults();
            cfg.maxTcpConnections = 4;
            client = NetStack.start(cfg);
            VirtualNic nic = new VirtualNic(new byte[] {0x02, 0, 0, 0, 0, 0x09}, 64);
            sw.attach(nic);
            client.addInterface(nic, InterfaceConfig.ipv4("eth0", "198.18.0.9", 24, null));
            CredentialConfig cc = CredentialConfig.defaults();
            TlsCredentials creds = new TlsCredentials(new RamCredentialStore(cc), cc);
            assertEquals(0, creds.add(1, TlsCredentials.CA_CERTIFICATE, der, 0, der.length));
            TlsSockets.install(client, creds, TlsConfig.defaults(), System::currentTimeMillis);
            Zsock z = client.zsock();
            int fd = z.socket(AF_INET, SOCK_STREAM, IPPROTO_TLS_1_3);
            assertEquals(0, z.setsockopt(fd, SOL_TLS, TLS_SEC_TAG_LIST, new int[] {1}, 1));
            assertEquals(0, z.setsockopt(fd, SOL_TLS, TLS_HOSTNAME, "localhost".getBytes(), 0, 9));
            assertEquals(0, z.connect(fd, SockAddr.parse(RunCommand.BOARD_IP, 443)));
            byte[] get = "GET / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n".getBytes();
            assertEquals(get.length, z.send(fd, get, 0, get.length, 0));
            ByteArrayOutputStream page = new ByteArrayOutputStream();
            byte[] b = new byte[2048];
            int n;
            while ((n = z.recv(fd, b, 0, b.length, 0)) > 0) {
                page.write(b, 0, n);
            }
            String resp = page.toString(StandardCharsets.ISO_8859_1);
            assertTrue(resp.startsWith("HTTP/1.1 200"), resp);
            assertTrue(resp.contains("jzsock status"), resp);
            z.close(fd);
            assertTrue(app.httpsRequests() >= 1);
            return der;
        } finally {
            app.stop();
            if (client != null) {
                client.stop();
            }
            board.syncFlash();
            board.close();
        }
    }
}
