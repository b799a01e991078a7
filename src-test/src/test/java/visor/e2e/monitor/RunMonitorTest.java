package visor.e2e.monitor;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import visor.e2e.support.Configs;
import visor.e2e.support.Repo;
import visor.e2e.support.VisorProcess;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The monitor commands of the hypervisor console (regs, x, xp, disas, info mmio, info tlb) on the echo VM. */
class RunMonitorTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String PROMPT = "visor> ";

    @TempDir
    Path dir;

    /** The command's output: what the console printed after sending it, up to the next prompt. */
    private static String ask(VisorProcess visor, int[] at, String command) {
        visor.send(command + "\n");
        int end = visor.expect(PROMPT, at[0], WAIT);
        String out = visor.stdout.textFrom(at[0]).substring(0, end - at[0] - PROMPT.length());
        at[0] = end;
        return out;
    }

    @Test
    void examinesEchosMemoryRegistersAndDevices() throws IOException {
        ByteBuffer image = ByteBuffer.wrap(Files.readAllBytes(Repo.guest("echo/echo.bin"))).order(ByteOrder.LITTLE_ENDIAN);
        Configs.write(dir, "echo.toml", Configs.echo());
        try (VisorProcess visor = VisorProcess.start(dir, "run", "echo.toml")) {
            int[] at = {visor.expect(PROMPT, 0, WAIT)};
            // Wait until echo has printed its banner (so its MMU state and devices are in use).
            visor.send("vmc 1\n");
            at[0] = visor.expect("> ", at[0], WAIT);
            visor.send("\u00010");
            at[0] = visor.expect(PROMPT, at[0], WAIT);

            // Guest virtual 0 (MMU off: VA = IPA) holds the image's first words, loaded at 0x0.
            assertEquals(String.format("0000000000000000: 0x%08x 0x%08x 0x%08x 0x%08x%n", image.getInt(0), image.getInt(4),
                    image.getInt(8), image.getInt(12)), ask(visor, at, "x/4x 0x0"));
            assertEquals(String.format("0000000000000000: 0x%016x%n", image.getLong(0)), ask(visor, at, "xp/1g 0 echo"));
            assertEquals(String.format("0000000000000000: 0x%02x 0x%02x%n", image.get(0) & 0xFF, image.get(1) & 0xFF),
                    ask(visor, at, "x/2b 0"));

            String disas = ask(visor, at, "disas 0x0 3");
            assertEquals(String.format("0x0000000000000000: %08x  mrs x9, mpidr_el1%n0x0000000000000004: %08x  and x9, x9, #0xff%n"
                    + "0x0000000000000008: %08x  cbnz x9, 0xa8%n", image.getInt(0), image.getInt(4), image.getInt(8)), disas);

            String regs = ask(visor, at, "regs 1");
            assertTrue(regs.startsWith("PC  ") && regs.contains("VBAR_EL1 0000000000001000"), regs);

            String mmio = ask(visor, at, "info mmio");
            assertTrue(mmio.matches("(?s).*0x3f215000-0x3f215fff  MiniUart +[1-9][0-9]*\n.*"), mmio);
            assertTrue(mmio.matches("(?s).*0x3f201000-0x3f201fff  Pl011 +0\n.*"), "echo never touches the PL011: " + mmio);

            String tlb = ask(visor, at, "info tlb echo");
            assertTrue(tlb.contains("stage 2: HCR_EL2 0x") && tlb.contains("(VMID 1)"), tlb);

            // The UART's IPA is never mapped at stage 2: the monitor says so instead of reading a register.
            assertEquals("error: IPA 0x3f215040 is not mapped at stage 2 (not backed yet, or a device)\n",
                    ask(visor, at, "xp/1w 0x3f215040"));
            assertEquals("error: x/4q: unknown format 'q' (sizes b h w g, format x)\n", ask(visor, at, "x/4q 0"));
            visor.send("quit\n");
            assertEquals(0, visor.exitCode(WAIT), visor::describe);
        }
    }

    @Test
    void breakStepAndDeleteOnAVmFromItsElf() throws IOException {
        Files.writeString(dir.resolve("gdbdemo.toml"), "[[vm]]\nname = \"gdbdemo\"\nimage = \""
                + Repo.guest("gdbdemo/gdbdemo.elf") + "\"\nmemory = \"16M\"\n");
        try (VisorProcess visor = VisorProcess.start(dir, "run", "gdbdemo.toml")) {
            int[] at = {visor.expect(PROMPT, 0, WAIT)};
            int from = at[0];
            assertEquals("breakpoint 1 at 0x800E4 <tick>\n", ask(visor, at, "break tick").replaceAll("(?m)^.*paused.*\n", ""));
            // The guest loops through tick: the hit is said on the console as a log line.
            visor.expect("VM 1 'gdbdemo' paused: breakpoint at 0x800e4 <tick>", from, WAIT);
            assertTrue(ask(visor, at, "vml").matches("(?s).*gdbdemo\\s+paused\\s.*"), visor::describe);

            String next = ask(visor, at, "disas 0x800e8 1");
            assertEquals(next.replaceFirst(": ", " <tick+0x4>: "), ask(visor, at, "step"));
            assertTrue(ask(visor, at, "regs").startsWith("PC  00000000000800e8"), visor::describe);
            assertEquals("1  0x800E4 <tick>\n", ask(visor, at, "break"));
            assertEquals("deleted breakpoint 1 at 0x800E4 <tick>\n", ask(visor, at, "delete 1"));
            assertEquals("no breakpoints\n", ask(visor, at, "break"));
            assertEquals("resumed vm 1 (gdbdemo)\n", ask(visor, at, "cont 1"));
            assertEquals("error: VM 1 is running: 'pause' it (or stop it at a breakpoint) first\n", ask(visor, at, "step"));
            assertEquals("error: 'nosuch' is neither an address nor a symbol of the image\n", ask(visor, at, "break nosuch"));
            assertTrue(ask(visor, at, "gdb gdbdemo 0").matches("gdb server for VM 1 'gdbdemo' on tcp::(\\d+) "
                    + "\\(gdb: target remote localhost:\\1\\)\n"), visor::describe);
            visor.send("quit\n");
            assertEquals(0, visor.exitCode(WAIT), visor::describe);
        }
    }
}
