package io.jzsock.sim.audit;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;

/** The Bouncy Castle jars on this JVM's class path (bcprov, bcutil, bcpkix, bctls), found by a class of each. */
public final class BouncyCastleJars {
    private static final List<String> PROBES = List.of("org.bouncycastle.crypto.engines.AESEngine",
            "org.bouncycastle.asn1.cmp.PKIBody", "org.bouncycastle.cert.X509CertificateHolder",
            "org.bouncycastle.tls.TlsProtocol");

    private BouncyCastleJars() {
    }

    public static List<Path> locate() {
        return PROBES.stream().map(BouncyCastleJars::jarOf).distinct().toList();
    }

    private static Path jarOf(String className) {
        try {
            Class<?> c = Class.forName(className, false, BouncyCastleJars.class.getClassLoader());
            return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (ClassNotFoundException | URISyntaxException e) {
            throw new IllegalStateException("Bouncy Castle class " + className + " not on the class path", e);
        }
    }
}
