package io.jzsock.sim.fuzz;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The committed seed corpus is what {@link SeedCorpus} builds, so a codec change that moves a field shows up
 * here rather than as seeds that silently stopped reaching their parser. {@code -Djzsock.writeSeeds=true}
 * rewrites the files under src/test/resources instead.
 */
class SeedCorpusTest {
    static final String PACKAGE_DIR = "io/jzsock/sim/fuzz/";

    @Test
    void committedSeedsEqualTheGeneratedOnes() throws IOException {
        boolean write = Boolean.getBoolean("jzsock.writeSeeds");
        Path resources = Path.of(System.getProperty("basedir", "."), "src", "test", "resources");
        for (Map.Entry<String, Map<String, byte[]>> target : SeedCorpus.all().entrySet()) {
            String[] classAndMethod = target.getKey().split("/");
            String dir = PACKAGE_DIR + classAndMethod[0] + "Inputs/" + classAndMethod[1] + "/";
            for (Map.Entry<String, byte[]> seed : target.getValue().entrySet()) {
                String name = dir + seed.getKey();
                if (write) {
                    Path p = resources.resolve(name);
                    Files.createDirectories(p.getParent());
                    Files.write(p, seed.getValue());
                    continue;
                }
                try (InputStream in = SeedCorpusTest.class.getClassLoader().getResourceAsStream(name)) {
                    assertNotNull(in, name + " is missing: run with -Djzsock.writeSeeds=true");
                    assertArrayEquals(seed.getValue(), in.readAllBytes(), name + " differs from SeedCorpus");
                }
            }
        }
    }
}
