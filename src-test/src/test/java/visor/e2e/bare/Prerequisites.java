package visor.e2e.bare;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.abort;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What these tests need from outside the repository: third-party binaries fetched by scripts/fetch-guests.sh
 * and host tools installed by scripts/install-deps.sh. Missing ones skip a test with the reason on a
 * developer's machine and fail it in CI ({@code CI=true}), where scripts/test.sh provides them.
 */
final class Prerequisites {
    /** The repository root: Maven runs src-test's tests in src-test/. */
    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    private Prerequisites() {
    }

    static boolean inCi() {
        return "true".equalsIgnoreCase(System.getenv("CI"));
    }

    /** The file at {@code relative} (from the repository root); skips or fails when it is absent. */
    static Path file(String relative, String howToGetIt) {
        Path p = ROOT.resolve(relative);
        if (!Files.isRegularFile(p)) {
            missing(relative + " is missing (" + howToGetIt + ")");
        }
        return p;
    }

    /** The host command {@code name} on PATH; skips or fails when it is absent. */
    static String tool(String name, String howToGetIt) {
        if (!onPath(name)) {
            missing(name + " is not on PATH (" + howToGetIt + ")");
        }
        return name;
    }

    static boolean onPath(String name) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, name))) {
                return true;
            }
        }
        return false;
    }

    private static void missing(String why) {
        if (inCi()) {
            fail(why + "; CI=true, so this is a failure, not a skip");
        }
        abort(why + "; skipped (CI would fail)");
    }
}
