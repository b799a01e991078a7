package visor.e2e.trace;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import visor.e2e.support.Configs;
import visor.e2e.support.Repo;
import visor.e2e.support.VisorProcess;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code --trace ITEMS --trace-file FILE [--trace-range A-B]} on {@code run} and {@code boot} (docs/console.md). */
class TraceLogTest {
    private static final Duration EXIT = Duration.ofSeconds(120);

    @TempDir
    Path dir;

    private List<String> trace(String... args) throws IOException {
        try (VisorProcess visor = VisorProcess.start(dir, args)) {
            assertEquals(0, visor.exitCode(EXIT), visor::describe);
        }
        return Files.readAllLines(dir.resolve("trace.log"));
    }

    @Test
    void echoUnderTheHypervisorExitsToEl2ForEveryMiniUartAccess() throws IOException {
        Configs.write(dir, "echo.toml", Configs.echo());
        List<String> lines = trace("run", "echo.toml", "--headless", "--timeout", "60", "--expect", "echo=> ",
                "--send", "echo=hi\\r", "--expect", "echo=hi", "--trace", "hv,int", "--trace-file", "trace.log");
        // The banner's first byte: STR to MU_IO (0x3F215040) traps as a stage-2 data abort from EL1 with
        // ISV = 1, a 32-bit store (SAS 2, WnR); EL2 completes it and resumes the guest.
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("hv vm 1 echo: sync exit, ELR_EL2 0x")
                && l.contains("(EC 0x24), FAR_EL2 0x3f215040, HPFAR_EL2 0x3f2150 -> RESUME")), String.join("\n", lines));
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("int core 0: sync EL1 -> EL2, vector 0x1400 (VBAR_EL2 + 0x400)")
                && l.contains("ESR_EL2 0x93") && l.contains("(EC 0x24), FAR_EL2 0x3f215040")), String.join("\n", lines));
        long exits = lines.stream().filter(l -> l.startsWith("hv ")).count();
        long entries = lines.stream().filter(l -> l.startsWith("int ") && l.contains("-> EL2")).count();
        assertTrue(exits > 10, "only " + exits + " exits");
        assertEquals(entries, exits, "every exception taken to EL2 is one hv exit");
    }

    @Test
    void inAsmDisassemblesEachBlockOnceAndTheRangeKeepsOnlyItsCode() throws IOException {
        Configs.write(dir, "echo.toml", Configs.echo());
        List<String> lines = trace("run", "echo.toml", "--headless", "--timeout", "60", "--expect", "echo=> ",
                "--trace", "in_asm,exec", "--trace-file", "trace.log", "--trace-range", "0x0-0xff");
        // echo's entry (guests/echo): MRS x9, MPIDR_EL1 ends a block on its own, then AND and CBNZ.
        assertEquals("in_asm core 0: IN: 0x0 (pa 0x1001000), 1 instructions", lines.get(0));
        assertEquals("in_asm   0x0000000000000000: d53800a9  mrs x9, mpidr_el1", lines.get(1));
        assertTrue(lines.contains("in_asm   0x0000000000000004: 92401d29  and x9, x9, #0xff"), String.join("\n", lines));
        assertTrue(lines.contains("in_asm   0x0000000000000008: b5000509  cbnz x9, 0xa8"), String.join("\n", lines));
        assertEquals(1, lines.stream().filter(l -> l.startsWith("in_asm   0x0000000000000000:")).count());
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("exec core 0 EL1: block 0x0 (pa 0x1001000)")));
        assertFalse(lines.stream().anyMatch(l -> l.startsWith("exec") && !l.matches("exec core 0 EL1: block 0x[0-9a-f]{1,2} .*")),
                "a block outside 0x0-0xff was traced");
    }

    @Test
    void theHostileGuestsStage1FaultsOnTheBareMachine() throws IOException {
        List<String> lines = trace("boot", Repo.guest("hostile/hostile.bin").toString(), "--headless", "--timeout", "100",
                "--expect", "hostile: tables ok", "--trace", "int,mmu", "--trace-file", "trace.log");
        // guests/hostile/tables.c: a write to a read-only page, then an access-flag fault, each taken at EL1
        // (current EL, SP_EL1: VBAR_EL1 + 0x200) with the data abort's ISS (DFSC, WnR) in ESR_EL1.
        assertTrue(lines.contains("mmu core 0 EL1: permission fault, level 3, stage 1, on write of va 0x18000008000 at pc 0x80710"),
                String.join("\n", lines));
        assertTrue(lines.contains("int core 0: sync EL1 -> EL1, vector 0x82200 (VBAR_EL1 + 0x200), ELR_EL1 0x80710, "
                + "SPSR_EL1 0x600003c5, ESR_EL1 0x9600004f (EC 0x25), FAR_EL1 0x18000008000"), String.join("\n", lines));
        assertTrue(lines.contains("mmu core 0 EL1: access flag fault, level 3, stage 1, on read of va 0x18000009000 at pc 0x80788"),
                String.join("\n", lines));
    }

    @Test
    void anUnknownItemIsAUsageError() {
        try (VisorProcess visor = VisorProcess.start(dir, "boot", Repo.guest("echo/echo.bin").toString(), "--trace", "int,bogus")) {
            assertEquals(2, visor.exitCode(EXIT), visor::describe);
            assertTrue(visor.stderr.text().contains("--trace bogus: unknown item; known: int,exec,in_asm,mmu,guest_errors,unimp,mmio,hv"),
                    visor.stderr.text());
        }
    }
}
