package visor.e2e.bare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * guests/el3boot booted as the firmware boots a kernel_old=1 kernel: loaded at 0, all four cores entering
 * it at EL3. It configures SCR_EL3, runs with the EL3 MMU on, drops to EL2 and EL1 by ERET, and makes
 * SMC and HVC calls; its console must read exactly guests/el3boot/expected.txt. The same config.txt is
 * read from --config, from the FAT16 partition of an --sd card and from a FAT32 card without a partition
 * table (long names, a subdirectory, a [pi4] section that does not apply); a malformed one stops the boot
 * with exit 2 naming the file and line.
 */
class El3BootTest {
    @TempDir
    Path dir;

    private static List<String> expectedLines() throws Exception {
        Path expected = Prerequisites.file("guests/el3boot/expected.txt", "part of the repository");
        return Files.readAllLines(expected, StandardCharsets.UTF_8);
    }

    private static void assertTranscript(Visor run) throws Exception {
        assertEquals(0, run.exitCode, run.toString());
        List<String> want = expectedLines();
        List<String> got = run.out.lines().filter(l -> l.startsWith("el3boot:")).toList();
        assertEquals(want, got, run.toString());
    }

    @Test
    void kernelOldFromConfigTxtStartsEveryCoreAtEl3() throws Exception {
        Path config = Prerequisites.file("guests/el3boot/config.txt", "part of the repository");
        Prerequisites.file("guests/el3boot/el3boot.bin", "built by scripts/build-guests.sh");
        assertTranscript(Visor.run(List.of("boot", "--config", config.toString(), "--headless", "--timeout", "30",
                "--expect", "el3boot: done")));
    }

    @Test
    void configTxtOnTheSdCardsBootPartition() throws Exception {
        CardImage card = CardImage.create(dir);
        Path bin = Prerequisites.file("guests/el3boot/el3boot.bin", "built by scripts/build-guests.sh");
        Path config = Prerequisites.file("guests/el3boot/config.txt", "part of the repository");
        mcopy(card.path, bin, "el3boot.bin");
        mcopy(card.path, config, "config.txt");
        assertTranscript(Visor.run(List.of("boot", "--sd", card.path.toString(), "--headless", "--timeout", "30",
                "--expect", "el3boot: done")));
    }

    @Test
    void fat32CardWithoutPartitionTableAndALongKernelPath() throws Exception {
        Prerequisites.tool("mkfs.fat", "dosfstools, scripts/install-deps.sh");
        Path bin = Prerequisites.file("guests/el3boot/el3boot.bin", "built by scripts/build-guests.sh");
        Path card = dir.resolve("fat32.img");
        try (java.io.RandomAccessFile f = new java.io.RandomAccessFile(card.toFile(), "rw")) {
            f.setLength(64L << 20);
        }
        run(List.of("mkfs.fat", "-F", "32", "-s", "1", card.toString()));
        run(List.of("mmd", "-i", card.toString(), "::firmware"));
        run(List.of("mcopy", "-i", card.toString(), bin.toString(), "::firmware/EL3 Boot Test Kernel.bin"));
        Path config = dir.resolve("config.txt");
        Files.writeString(config, "[pi4]\nkernel=missing.img\n[all]\nkernel_old=1\nkernel=firmware/el3 boot test kernel.bin\n");
        run(List.of("mcopy", "-i", card.toString(), config.toString(), "::config.txt"));
        assertTranscript(Visor.run(List.of("boot", "--sd", card.toString(), "--headless", "--timeout", "30",
                "--expect", "el3boot: done")));
    }

    @Test
    void aMalformedLineIsAnErrorNamingFileAndLine() throws Exception {
        Path config = dir.resolve("config.txt");
        Files.writeString(config, "kernel_old=1\nfancy_new_key=7\nkernel_address=zero\n");
        Path bin = Prerequisites.file("guests/el3boot/el3boot.bin", "built by scripts/build-guests.sh");
        Visor run = Visor.run(List.of("boot", "--config", config.toString(), bin.toString(), "--headless",
                "--timeout", "5"));
        assertEquals(2, run.exitCode, run.toString());
        assertTrue(run.err.contains(config + ":2: unknown key 'fancy_new_key' ignored"), run.err);
        assertTrue(run.err.contains(config + ":3: kernel_address=zero: not a number"), run.err);
    }

    private static void mcopy(Path card, Path file, String name) throws Exception {
        run(List.of("mcopy", "-i", card + "@@" + CardImage.PARTITION_OFFSET, file.toString(), "::" + name));
    }

    private static void run(List<String> command) throws Exception {
        Prerequisites.tool(command.get(0), "mtools/dosfstools, scripts/install-deps.sh");
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().put("MTOOLS_SKIP_CHECK", "1");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), command.get(0) + " did not finish");
        assertEquals(0, p.exitValue(), String.join(" ", command) + ": " + out);
    }
}
