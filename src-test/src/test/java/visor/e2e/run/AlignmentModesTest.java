package visor.e2e.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import visor.e2e.support.Configs;
import visor.e2e.support.Repo;
import visor.e2e.support.VisorProcess;

/**
 * The three {@code alignment} modes with guests/misalign (a store and a load through SP = 8 mod 16 with
 * SCTLR_EL1.SA = 1, an 8-byte load at a 4-byte aligned address with the MMU off, each twice) as a VM next
 * to echo and on the bare machine: warn warns once per PC and runs on, strict faults, lenient is silent.
 */
class AlignmentModesTest {
    private static final Duration EXIT = Duration.ofSeconds(90);
    private static final String ROUNDS = "misalign: round 1: through SP+8: 0x5151\r\n"
            + "misalign: round 1: 8 bytes at +4: 0x1122334455667788\r\n"
            + "misalign: round 2: through SP+8: 0x5152\r\n"
            + "misalign: round 2: 8 bytes at +4: 0x1122334455667788\r\n"
            + "misalign: done";
    private static final Pattern SP_WARNING = Pattern.compile("PC 0x[0-9a-f]+: SP 0x[0-9a-f]*8 not 16-byte aligned with"
            + " SCTLR_EL1\\.SA=1; a real Cortex-A53 takes an alignment fault here \\(alignment = \"strict\"\\)");
    private static final Pattern DEVICE_WARNING = Pattern.compile("PC 0x[0-9a-f]+: unaligned 8-byte load from Device"
            + " memory: MMU off at 0x[0-9a-f]*4; a real Cortex-A53 takes an alignment fault here");

    @TempDir
    Path dir;

    private Path config(String alignment) {
        return Configs.write(dir, "misalign.toml", "[hypervisor]\nalignment = \"" + alignment + "\"\n\n",
                "[[vm]]\nname = \"misalign\"\nimage = \"" + Repo.guest("misalign/misalign.bin") + "\"\nload = 0\nsp = 0x100000\n"
                        + "memory = \"16M\"\n\n",
                Configs.echo());
    }

    private static int count(Pattern p, String text) {
        Matcher m = p.matcher(text);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }

    @Test
    void warnUnderRunWarnsOncePerPcAndRunsOn() {
        try (VisorProcess visor = VisorProcess.start(Repo.root(), "run", config("warn").toString(), "--headless",
                "--timeout", "60", "--expect", "misalign=(both)?", "--send", "misalign=b",
                "--expect", "misalign=" + ROUNDS, "--expect", "echo=visor echo guest")) {
            assertEquals(0, visor.exitCode(EXIT), visor::describe);
            String err = visor.stderr.text();
            // Two accesses through SP (str, ldr), each run twice: one warning per PC.
            assertEquals(2, count(Pattern.compile("VM 1 'misalign': " + SP_WARNING.pattern()), err), err);
            assertEquals(1, count(Pattern.compile("VM 1 'misalign': " + DEVICE_WARNING.pattern()), err), err);
        }
    }

    @Test
    void strictUnderRunCrashesTheVmWithItsDumpAndEchoRunsOn() {
        try (VisorProcess visor = VisorProcess.start(Repo.root(), "run", config("strict").toString(), "--headless",
                "--timeout", "15", "--expect", "misalign=(both)?", "--send", "misalign=d",
                "--expect", "misalign=misalign: done", "--expect", "echo=visor echo guest\r\n> ", "--send", "echo=on\\r",
                "--expect", "echo=on\r\n> ")) {
            assertEquals(1, visor.exitCode(EXIT), visor::describe);
            String err = visor.stderr.text();
            assertTrue(err.contains("VM 1 (misalign) crashed: exception loop"), err);
            assertTrue(err.contains("it began with ESR_EL1 96000021 (EC 0x25)"), "a data abort, DFSC 0x21 alignment: " + err);
            assertTrue(err.contains("SCTLR_EL1 "), "the register dump follows: " + err);
            assertTrue(err.contains("console misalign: expectation 2 of 2 unmet"), err);
            assertFalse(err.contains("console echo:"), "echo met all its expectations: " + err);
        }
    }

    @Test
    void lenientUnderRunIsSilent() {
        try (VisorProcess visor = VisorProcess.start(Repo.root(), "run", config("lenient").toString(), "--headless",
                "--timeout", "60", "--expect", "misalign=(both)?", "--send", "misalign=b", "--expect", "misalign=" + ROUNDS)) {
            assertEquals(0, visor.exitCode(EXIT), visor::describe);
            assertFalse(visor.stderr.text().contains("Cortex-A53"), visor::describe);
        }
    }

    private VisorProcess boot(String alignment, String key, String expect) {
        return VisorProcess.start(Repo.root(), "boot", "--cores", "1", "--alignment", alignment, "--headless",
                "--timeout", alignment.equals("strict") ? "8" : "60", "--expect", "(both)?", "--send", key,
                "--expect", expect, Repo.guest("misalign/misalign.bin").toString());
    }

    @Test
    void warnOnTheBareMachineWarnsOncePerPcAndRunsOn() {
        try (VisorProcess visor = boot("warn", "b", ROUNDS)) {
            assertEquals(0, visor.exitCode(EXIT), visor::describe);
            String err = visor.stderr.text();
            assertEquals(2, count(Pattern.compile("core 0: " + SP_WARNING.pattern()), err), err);
            assertEquals(1, count(Pattern.compile("core 0: " + DEVICE_WARNING.pattern()), err), err);
        }
    }

    @Test
    void strictOnTheBareMachineTakesTheSpAlignmentFault() {
        try (VisorProcess visor = boot("strict", "s", "misalign: done")) {
            assertEquals(1, visor.exitCode(EXIT), visor::describe);
            String err = visor.stderr.text();
            assertTrue(err.contains("core 0: exception loop"), err);
            assertTrue(err.contains("it began with ESR_EL1 9a000000 (EC 0x26)"), "SP alignment fault: " + err);
        }
    }

    @Test
    void lenientOnTheBareMachineIsSilent() {
        try (VisorProcess visor = boot("lenient", "b", ROUNDS)) {
            assertEquals(0, visor.exitCode(EXIT), visor::describe);
            assertFalse(visor.stderr.text().contains("Cortex-A53"), visor::describe);
        }
    }
}
