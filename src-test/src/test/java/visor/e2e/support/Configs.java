package visor.e2e.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Configurations with a subset of the demo's VMs, written next to the test, images from the repository. */
public final class Configs {
    private Configs() {
    }

    /** The demo's echo VM: our guest at 0x0, entered at EL1h with SP 0x100000. */
    public static String echo() {
        return vm("echo", Repo.guest("echo/echo.bin"), 0x0, 0x100000);
    }

    public static String lrtos() {
        return vm("lrtos", Repo.guest("lrtos/lrtos.bin"), 0x0, 0x100000);
    }

    /** U-Boot at 0x80000 with SP 0, as the Pi firmware enters it. */
    public static String uboot() {
        return vm("uboot", Repo.uboot(), 0x80000, 0);
    }

    /** guests/fbtest as a VM called {@code name}: a 0x80000 test kernel, SP 0. */
    public static String fbtest(String name) {
        return vm(name, Repo.guest("fbtest/fbtest.bin"), 0x80000, 0);
    }

    private static String vm(String name, Path image, long load, long sp) {
        return String.format("[[vm]]%nname = \"%s\"%nimage = \"%s\"%nload = 0x%x%nentry = 0x%x%nsp = 0x%x%n"
                + "memory = \"512M\"%n%n", name, image.toString().replace("\\", "\\\\"), load, load, sp);
    }

    /** Writes {@code dir/name} with the given tables and returns its path. */
    public static Path write(Path dir, String name, String... tables) {
        Path file = dir.resolve(name);
        try {
            Files.writeString(file, String.join("", tables));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }
}
