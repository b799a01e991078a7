package visor.e2e.bare;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * An SD card image made by guests/tests/make-card.sh (64 MiB, MBR, FAT16 partition at LBA 2048 holding
 * the 31-byte HELLO.TXT), read back with mtools so a test sees what a guest wrote through the emulated
 * controller.
 */
final class CardImage {
    static final String HELLO_TEXT = "Hello from the visor SD card.\r\n";
    static final long PARTITION_OFFSET = 2048L * 512;

    final Path path;

    private CardImage(Path path) {
        this.path = path;
    }

    static CardImage create(Path dir) throws IOException, InterruptedException {
        Path script = Prerequisites.file("guests/tests/make-card.sh", "part of the repository");
        Prerequisites.tool("mkfs.fat", "dosfstools, scripts/install-deps.sh");
        Prerequisites.tool("mcopy", "mtools, scripts/install-deps.sh");
        Path image = dir.resolve("card.img");
        run(List.of("bash", script.toString(), image.toString()));
        return new CardImage(image);
    }

    /** The bytes of {@code name} in the FAT partition's root directory, as mtools reads them. */
    String fileText(String name) throws IOException, InterruptedException {
        Prerequisites.tool("mtype", "mtools, scripts/install-deps.sh");
        return run(List.of("mtype", "-i", path + "@@" + PARTITION_OFFSET, "::" + name));
    }

    private static String run(List<String> command) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().put("MTOOLS_SKIP_CHECK", "1");
        Process p = pb.start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
        }
        String text = new String(out, StandardCharsets.ISO_8859_1);
        assertEquals(0, p.exitValue(), String.join(" ", command) + " failed:\n" + text);
        return text;
    }
}
