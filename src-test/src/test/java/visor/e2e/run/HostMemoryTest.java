package visor.e2e.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import visor.e2e.support.Configs;
import visor.e2e.support.VisorProcess;

/**
 * A VM that touches more memory than the host has: in a JVM with a 160 MiB heap (less than the VM's 900M)
 * the hypervisor runs out of heap for its pages, crashes that VM, gives its pages back, and echo answers on.
 */
class HostMemoryTest {
    private static final Duration WAIT = Duration.ofSeconds(90);

    @TempDir
    Path dir;

    @Test
    void aVmThatExhaustsTheJvmHeapIsCrashedAndTheOthersRunOn() throws Exception {
        ByteBuffer hog = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
        hog.putInt(0xd2a00400).putInt(0xf9000000).putInt(0x91400400).putInt(0x17fffffe); // touch every page from 2M up
        Files.write(dir.resolve("hog.bin"), hog.array());
        Configs.write(dir, "hog.toml", Configs.echo(), "[[vm]]\nname = \"hog\"\nimage = \"hog.bin\"\nload = 0\nmemory = \"900M\"\n");
        try (VisorProcess visor = VisorProcess.start(dir, List.of("-Xmx160m"), "run", "hog.toml")) {
            int at = visor.expect("visor> ", 0, WAIT);
            long deadline = System.nanoTime() + WAIT.toNanos();
            String vml;
            do {
                Thread.sleep(500);
                visor.send("vml\n");
                at = visor.expect("visor> ", at, WAIT);
                vml = visor.stdout.text();
            } while (!vml.substring(vml.lastIndexOf("id  name")).contains("crashed") && System.nanoTime() < deadline);
            visor.send("info hog\n");
            at = visor.expect("pages returned to the host)", at, WAIT);
            visor.send("vmc echo\n");
            at = visor.expect("[vm 1 echo", at, WAIT);
            visor.send("alive\r");
            visor.expect("alive\r\n> ", at, WAIT);
            visor.closeStdin();
            assertEquals(0, visor.exitCode(WAIT), visor::describe);
            String out = visor.stdout.text();
            assertTrue(out.contains("crashed: host memory exhausted backing IPA 0x"), out);
            assertTrue(out.matches("(?s).*\\n 2 +hog +crashed +0 .*"), "no pages held after the crash: " + out);
            assertTrue(visor.stderr.text().contains("ERROR ExitHandler: VM 2 (hog) crashed: host memory exhausted")
                    || out.contains("VM 2 (hog) crashed: host memory exhausted"), visor::describe);
        }
    }
}
