package io.jzsock.sim.audit;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The gate of DESIGN §2: every device module, as compiled, passes the device audit. tls-lite references Bouncy
 * Castle (org.bouncycastle.* is not java/*, so the EDC rule leaves it alone; BC's jars resolve its superclasses)
 * and may name the java types of bc-boundary-allowlist.txt; BC's own gaps are reported by BouncyCastleGapsTest.
 */
class DeviceAuditTest {
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"mcu-bsp", "netcore", "ethernet-driver", "tls-lite", "boards"})
    void deviceModulePassesTheAudit(String moduleName) throws IOException {
        DeviceModules.Module module = DeviceModules.named(moduleName);
        Optional<Path> classes = DeviceModules.classes(module);
        DeviceAudit.Report report = classes.isPresent()
                ? new DeviceAudit(DeviceModules.allowlist(module)).withClasspath(DeviceModules.classpath()).run(classes.get())
                : new DeviceAudit.Report(0, List.of());

        if (!module.mayBeEmpty()) {
            assertTrue(report.classCount() > 0, moduleName + " has no classes in " + classes.orElse(null));
        }
        assertTrue(report.violations().isEmpty(), () -> moduleName + ": " + report.violations().size()
                + " device-audit violations in " + report.classCount() + " classes:\n  "
                + String.join("\n  ", report.messages()));
    }
}
