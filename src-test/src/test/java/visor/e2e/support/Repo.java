package visor.e2e.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.fail;

/** The repository the tests run in: the built {@code visor.jar}, the demo configuration and the guests. */
public final class Repo {
    /** Modules whose classes end up in visor.jar: a newer class file means the jar is stale. */
    private static final List<String> JAR_MODULES = List.of("mmu", "cpu", "soc-bcm2837", "hypervisor", "cli");

    private Repo() {
    }

    /** The repository root: the nearest directory upwards holding demo.toml and the guests. */
    public static Path root() {
        Path dir = Path.of("").toAbsolutePath();
        for (Path p = dir; p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("demo.toml")) && Files.isDirectory(p.resolve("guests"))) {
                return p;
            }
        }
        throw new IllegalStateException("no repository root (demo.toml, guests/) above " + dir);
    }

    /**
     * The jar users run. Maven's {@code package} phase of the cli module writes it, so {@code mvn verify}
     * (or {@code package}) builds it before this module's tests; a plain {@code mvn test} does not.
     */
    public static Path jar() {
        Path jar = root().resolve("visor.jar");
        if (!Files.isRegularFile(jar)) {
            fail(jar + " is missing: the end-to-end tests run the real jar; build it with `mvn -B verify` "
                    + "or `mvn -q -B package -DskipTests` first");
        }
        FileTime built = modified(jar);
        for (String module : JAR_MODULES) {
            Path classes = root().resolve(module).resolve("target/classes");
            if (!Files.isDirectory(classes)) {
                continue;
            }
            try (Stream<Path> files = Files.walk(classes)) {
                files.filter(p -> p.toString().endsWith(".class"))
                        .filter(p -> modified(p).compareTo(built) > 0)
                        .findAny()
                        .ifPresent(p -> fail(jar + " is older than " + p + ": rebuild it with `mvn -B verify` "
                                + "(a plain `mvn test` does not repackage it)"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return jar;
    }

    public static Path demoConfig() {
        return root().resolve("demo.toml");
    }

    public static Path guest(String relative) {
        return root().resolve("guests").resolve(relative);
    }

    /** Debian's U-Boot, fetched by scripts/fetch-guests.sh (not committed). */
    public static Path uboot() {
        return guest("uboot/u-boot.bin");
    }

    private static FileTime modified(Path p) {
        try {
            return Files.getLastModifiedTime(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
