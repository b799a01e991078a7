package visor.e2e.guests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The guest binaries we commit are exactly what our sources build: scripts/check-guests.sh rebuilds every
 * image with Debian's aarch64 cross compiler into a scratch directory and compares bytes.
 */
class GuestBinariesTest {
    @Test
    void committedGuestBinariesMatchARebuild() throws IOException, InterruptedException {
        Path repo = repository();
        boolean compiler = onPath("aarch64-linux-gnu-gcc");
        if (!compiler && "true".equals(System.getenv("CI"))) {
            throw new AssertionError("CI=true but aarch64-linux-gnu-gcc is missing: scripts/install-deps.sh installs it");
        }
        assumeTrue(compiler, "aarch64-linux-gnu-gcc not installed: guest binaries not rebuilt");
        Process p = new ProcessBuilder("bash", "scripts/check-guests.sh")
                .directory(repo.toFile()).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(true, p.waitFor(5, TimeUnit.MINUTES), "check-guests.sh timed out");
        assertEquals(0, p.exitValue(), "committed guest binaries differ from a rebuild:\n" + output);
    }

    static boolean onPath(String tool) {
        for (String dir : System.getenv("PATH").split(java.io.File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }

    static Path repository() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.exists(p.resolve("scripts/check-guests.sh"))) {
            p = p.getParent();
        }
        if (p == null) {
            throw new IllegalStateException("repository root not found above " + Path.of("").toAbsolutePath());
        }
        return p;
    }
}
