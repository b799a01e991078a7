package visor.e2e.run;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import visor.e2e.support.Configs;
import visor.e2e.support.Needs;
import visor.e2e.support.VisorProcess;

import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An idle demo is idle: with echo and U-Boot waiting at their prompts and lrtos printing a string now and
 * then and sleeping in between, the hypervisor parks VMs that sit in WFI or poll an empty UART, so the host
 * process uses a small fraction of one core. This checks a property, not a speed: the bound is loose enough
 * for a loaded machine, and CPU time is the kernel's accounting of the visor process.
 */
class IdleCpuTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final Duration SAMPLE = Duration.ofSeconds(10);
    /**
     * Fraction of one core; measured at about 0.035 on a loaded 2-core machine (0.01 without lrtos; a whole
     * core when lrtos busy-waited between its strings instead of sleeping).
     */
    private static final double IDLE_LIMIT = 0.20;
    /** lrtos prints about 13 strings a second; far fewer in the sample means it stopped, not that it idled. */
    private static final int MIN_STRINGS = 10;
    private static final Pattern STRING = Pattern.compile("12345|abcde");

    @TempDir
    Path dir;

    @Test
    void theDemoAtItsPromptsWithLrtosSleepingLeavesTheHostIdle() throws InterruptedException {
        Needs.uboot();
        Configs.write(dir, "idle.toml", Configs.echo(), Configs.lrtos(), Configs.uboot());
        try (VisorProcess visor = VisorProcess.start(dir, "run", "idle.toml")) {
            int at = visor.expect("visor> ", 0, WAIT);
            visor.send("vmc echo\n");
            at = visor.expect("visor echo guest\r\n> ", at, WAIT);
            visor.send("\u00013");
            at = visor.expect("Hit any key to stop autoboot", at, WAIT);
            visor.send("\r");
            at = visor.expect("U-Boot> ", at, WAIT);
            // lrtos's console stays attached: its output is part of the work being measured.
            visor.send("\u00012");
            at = visor.expect("lrtos: mmu on, 2 tasks, 10 ms tick\r\n", at, WAIT);
            // Let the JIT finish compiling what the boot made hot before measuring.
            Thread.sleep(2000);

            int from = visor.stdout.length();
            Duration cpu0 = visor.cpuTime();
            long wall0 = System.nanoTime();
            Thread.sleep(SAMPLE.toMillis());
            double cores = (double) visor.cpuTime().minus(cpu0).toNanos() / (System.nanoTime() - wall0);
            int strings = count(visor.stdout.textFrom(from));
            System.out.printf("IdleCpuTest: echo and U-Boot at their prompts, lrtos printed %d strings:"
                    + " visor used %.1f%% of one core%n", strings, cores * 100);
            assertTrue(strings >= MIN_STRINGS, "lrtos kept printing during the sample: " + strings + " strings"
                    + visor.describe());
            assertTrue(cores < IDLE_LIMIT, String.format("the idle demo used %.0f%% of a core", cores * 100));

            visor.send("\u00010");
            visor.expect("visor> ", at, WAIT);
            visor.send("quit\n");
            assertEquals(0, visor.exitCode(WAIT), visor::describe);
        }
    }

    private static int count(String text) {
        Matcher m = STRING.matcher(text);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }
}
