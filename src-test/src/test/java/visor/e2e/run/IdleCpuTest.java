package visor.e2e.run;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import visor.e2e.support.Configs;
import visor.e2e.support.Needs;
import visor.e2e.support.VisorProcess;

import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An idle system is idle: with echo and U-Boot both waiting at their prompts, the hypervisor parks VMs that
 * sit in WFI or poll an empty UART, so the host process uses a small fraction of one core. (lrtos is left
 * out: its tasks busy-wait between prints by design.) This checks a property, not a speed: the bound is
 * loose enough for a loaded machine, and CPU time is the kernel's accounting of the visor process.
 */
class IdleCpuTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final Duration SAMPLE = Duration.ofSeconds(10);
    /** Fraction of one core; measured at about 0.01 on an idle 2-core machine. */
    private static final double IDLE_LIMIT = 0.30;

    @TempDir
    Path dir;

    @Test
    void echoAndUbootAtTheirPromptsLeaveTheHostIdle() throws InterruptedException {
        Needs.uboot();
        Configs.write(dir, "idle.toml", Configs.echo(), Configs.uboot());
        try (VisorProcess visor = VisorProcess.start(dir, "run", "idle.toml")) {
            int at = visor.expect("visor> ", 0, WAIT);
            visor.send("vmc echo\n");
            at = visor.expect("visor echo guest\r\n> ", at, WAIT);
            visor.send("@2");
            at = visor.expect("Hit any key to stop autoboot", at, WAIT);
            visor.send("\r");
            at = visor.expect("U-Boot> ", at, WAIT);
            visor.send("@0");
            at = visor.expect("visor> ", at, WAIT);
            // Let the JIT finish compiling what the boot made hot before measuring.
            Thread.sleep(2000);

            Duration cpu0 = visor.cpuTime();
            long wall0 = System.nanoTime();
            Thread.sleep(SAMPLE.toMillis());
            double cores = (double) visor.cpuTime().minus(cpu0).toNanos() / (System.nanoTime() - wall0);
            System.out.printf("IdleCpuTest: echo and U-Boot idle at their prompts: visor used %.1f%% of one core%n",
                    cores * 100);
            assertTrue(cores < IDLE_LIMIT, String.format("idle echo + U-Boot used %.0f%% of a core", cores * 100));

            visor.send("quit\n");
            assertEquals(0, visor.exitCode(WAIT), visor::describe);
        }
    }
}
