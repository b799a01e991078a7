package visor.e2e.gdb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import visor.e2e.support.Gdb;
import visor.e2e.support.Needs;
import visor.e2e.support.Repo;
import visor.e2e.support.VisorProcess;

/**
 * The gdb stub with Debian's gdb-multiarch: our gdbdemo guest (functions fib and tick, a loop, a global
 * {@code ticks}) on the bare machine under {@code boot --gdb}, and as a VM under {@code run} with
 * {@code gdb = 0} while an echo VM keeps answering.
 */
class GdbStubTest {
    private static final Duration START = Duration.ofSeconds(60);
    private static final Duration GDB = Duration.ofSeconds(120);
    private static final Pattern PORT = Pattern.compile("on tcp::(\\d+) ");
    private static final Path ELF = Repo.guest("gdbdemo/gdbdemo.elf");

    @TempDir
    Path dir;

    private static int port(String text) {
        Matcher m = PORT.matcher(text);
        assertTrue(m.find(), "no 'on tcp::PORT' in: " + text);
        return Integer.parseInt(m.group(1));
    }

    /** What gdb shows for {@code x/4xw tick} read from the ELF file itself, without a target. */
    private static String wordsOfTickInTheFile() {
        try (Gdb offline = Gdb.batch(ELF, "x/4xw tick")) {
            String out = offline.finish(GDB);
            Matcher m = Pattern.compile("<tick>:\\s+(.*)").matcher(out);
            assertTrue(m.find(), offline.describe());
            return m.group(1).trim();
        }
    }

    @Test
    void breakStepRegistersMemoryWatchAndDetachOnTheBareMachine() {
        Needs.gdbMultiarch();
        String fileWords = wordsOfTickInTheFile();
        try (VisorProcess visor = VisorProcess.start(Repo.root(), "boot", ELF.toString(), "--headless", "--timeout", "300",
                "--gdb", "tcp::0", "-S")) {
            visor.stderr.await("(gdb: target remote", 0, START);
            int port = port(visor.stderr.text());
            assertEquals("", visor.stdout.text(), "-S holds the cores before their first instruction");
            try (Gdb gdb = Gdb.batch(ELF, "target remote localhost:" + port, "info threads", "break fib", "continue", "step",
                    "info registers x0", "delete 1", "break tick", "continue", "bt",
                    "stepi", "info registers pc", "x/4xw tick", "set $x9 = 0x1234", "p/x $x9", "set $v3.d.u[1] = 7",
                    "p/x $q3", "watch *(unsigned long *)&ticks", "continue", "delete 2",
                    "continue", "info registers currentel hcr_el2", "monitor info tlb", "maintenance packet qqemu.PhyMemMode",
                    "maintenance packet Qqemu.PhyMemMode:1", "x/1xg &ticks", "maintenance packet Qqemu.PhyMemMode:0",
                    "detach")) {
                String out = gdb.finish(GDB);
                // Threads are the cores: core 0 runs, cores 1-3 wait on the spin table.
                assertTrue(out.contains("Thread 1 (CPU#0 [running])"), gdb.describe());
                assertTrue(out.contains("Thread 4 (CPU#3 [halted])"), gdb.describe());
                // main calls fib(10) first: step (no line information) runs to fib's return, 55 in x0.
                assertTrue(out.matches("(?s).*Thread 1 hit Breakpoint 1, 0x[0-9a-f]+ in fib \\(\\)\\n"
                        + "Single stepping until exit from function fib,.*in main \\(\\)\\nx0\\s+0x37\\s+55\\n.*"), gdb.describe());
                assertTrue(out.matches("(?s).*Thread 1 hit Breakpoint 2, 0x0*800e4 in tick \\(\\).*"), gdb.describe());
                assertTrue(out.matches("(?s).*#1  0x[0-9a-f]+ in main \\(\\).*"), gdb.describe());
                assertTrue(out.matches("(?s).*0x0*800e8 in tick \\(\\)\\npc\\s+0x800e8\\s+0x800e8 <tick\\+4>.*"), gdb.describe());
                // Memory read through the stub is the image gdb reads from the file.
                assertTrue(out.contains("<tick>:\t" + fileWords), "expected " + fileWords + "\n" + gdb.describe());
                // Registers written through P: X9, and V3's upper doubleword as bits 127:64 of Q3.
                assertTrue(out.contains(" = 0x1234\n"), gdb.describe());
                assertTrue(out.contains(" = {u = 0x70000000000000000, s = 0x70000000000000000}"), gdb.describe());
                assertTrue(out.contains("Thread 1 hit Hardware watchpoint 3: *(unsigned long *)&ticks"), gdb.describe());
                assertTrue(out.matches("(?s).*Old value = 0\\nNew value = 1\\n.*Old value = 1\\nNew value = 2\\n.*"), gdb.describe());
                // The guest dropped itself from EL2 to EL1 with HCR_EL2.RW set (picrt/start.S).
                assertTrue(out.matches("(?s).*currentel\\s+0x4\\s.*hcr_el2\\s+0x80000000\\s.*"), gdb.describe());
                // gdb's monitor command reaches the boot monitor.
                assertTrue(out.contains("stage 2: HCR_EL2 0x80000000 (VM 0)"), gdb.describe());
                assertTrue(out.contains("received: \"0\""), gdb.describe());
                assertTrue(out.matches("(?s).*received: \"OK\".*<ticks>:\\s+0x0000000000000002\\n.*"), gdb.describe());
                assertTrue(out.contains("[Inferior 1 (Remote target) detached]"), gdb.describe());
            }
            // Detached, the machine runs on from where gdb left it.
            visor.expect("gdbdemo: fib(10) = 55", 0, START);
        }
    }

    @Test
    void killEndsTheBootRun() {
        Needs.gdbMultiarch();
        try (VisorProcess visor = VisorProcess.start(Repo.root(), "boot", ELF.toString(), "--headless", "--timeout", "300",
                "--gdb", "tcp::0")) {
            visor.stderr.await("(gdb: target remote", 0, START);
            int port = port(visor.stderr.text());
            try (Gdb gdb = Gdb.batch(ELF, "target remote localhost:" + port, "kill")) {
                gdb.finish(GDB);
            }
            assertEquals(0, visor.exitCode(START), visor::describe);
        }
    }

    /** gdb sends 0x03 for Ctrl-C while the target runs; batch gdb cannot wait for that stop, so a raw client does. */
    @Test
    void ctrlCStopsARunningMachineWithSigint() throws IOException {
        try (VisorProcess visor = VisorProcess.start(Repo.root(), "boot", ELF.toString(), "--headless", "--timeout", "300",
                "--gdb", "tcp::0");
             Socket s = new Socket("localhost", waitForPort(visor))) {
            s.setSoTimeout((int) START.toMillis());
            OutputStream out = s.getOutputStream();
            InputStream in = s.getInputStream();
            assertEquals("T05thread:1;", exchange(in, out, "?"));
            assertEquals("OK", exchange(in, out, "QStartNoAckMode"));
            out.write(frame("c"));
            out.flush();
            visor.expect("gdbdemo: fib(10) = 55", 0, START);
            out.write(0x03);
            out.flush();
            assertEquals("T02thread:1;", reply(in));
            // Register 0x20 is the PC (org.gnu.gdb.aarch64.core), little-endian: inside the guest's code.
            String pc = exchange(in, out, "p20");
            long value = Long.reverseBytes(Long.parseUnsignedLong(pc, 16));
            assertTrue(value >= 0x80000 && value < 0x81000, pc);
            assertEquals("OK", exchange(in, out, "D"));
        }
    }

    private static int waitForPort(VisorProcess visor) {
        visor.stderr.await("(gdb: target remote", 0, START);
        return port(visor.stderr.text());
    }

    private static byte[] frame(String payload) {
        int sum = 0;
        for (byte b : payload.getBytes(StandardCharsets.ISO_8859_1)) {
            sum += b & 0xFF;
        }
        return String.format("$%s#%02x", payload, sum & 0xFF).getBytes(StandardCharsets.ISO_8859_1);
    }

    private static String exchange(InputStream in, OutputStream out, String payload) throws IOException {
        out.write(frame(payload));
        out.flush();
        return reply(in);
    }

    /** The next packet's payload (acks skipped); the stub's replies here need no unescaping. */
    private static String reply(InputStream in) throws IOException {
        int b;
        while ((b = in.read()) != '$') {
            if (b < 0) {
                throw new IOException("connection closed");
            }
        }
        StringBuilder sb = new StringBuilder();
        while ((b = in.read()) != '#') {
            sb.append((char) b);
        }
        in.read();
        in.read();
        return sb.toString();
    }

    @Test
    void aVmUnderRunIsDebuggedWhileTheOtherVmRunsOn() throws IOException {
        Needs.gdbMultiarch();
        Path config = dir.resolve("gdb.toml");
        Files.writeString(config, "[[vm]]\nname = \"echo\"\nimage = \"" + Repo.guest("echo/echo.bin")
                + "\"\nload = 0x0\nentry = 0x0\nsp = 0x100000\nmemory = \"16M\"\n\n"
                + "[[vm]]\nname = \"gdbdemo\"\nimage = \"" + ELF + "\"\nmemory = \"16M\"\ngdb = 0\n");
        Path go = dir.resolve("go");
        try (VisorProcess visor = VisorProcess.start(Repo.root(), "run", config.toString())) {
            int ready = visor.expect("visor> ", 0, START);
            int port = port(visor.stdout.text() + visor.stderr.text());
            try (Gdb gdb = Gdb.batch(ELF, "target remote localhost:" + port, "info threads", "break tick", "continue",
                    "info registers pc cpsr sctlr_el1", "stepi", "x/2xw $pc", "delete", "watch *(unsigned long *)&ticks",
                    "continue", "info registers hcr_el2", "monitor info tlb", "maintenance packet Qqemu.PhyMemMode:1", "x/1xg &ticks",
                    "maintenance packet Qqemu.PhyMemMode:0",
                    "shell while [ ! -e " + go + " ]; do sleep 0.1; done", "detach")) {
                // gdb holds gdbdemo at its watchpoint and waits for the file; echo answers meanwhile.
                awaitGdb(gdb, "New value = ");
                visor.send("vml\n");
                int at = visor.expect("gdbdemo  paused", ready, START);
                visor.send("vmc echo\n");
                at = visor.expect("visor echo guest\r\n> ", at, START);
                visor.send("debugged\r");
                at = visor.expect("debugged\r\n> ", at, START);
                visor.send(new byte[] {1, '0'});
                visor.expect("visor> ", at, START);
                Files.createFile(go);
                String out = gdb.finish(GDB);
                assertTrue(out.contains("Thread 1 (CPU#0 [running])"), gdb.describe());
                assertTrue(out.matches("(?s).*Breakpoint 1, 0x0*800e4 in tick \\(\\).*"), gdb.describe());
                // The vCPU's own registers: EL1h with DAIF masked (PSTATE.M 0b0101, bits 9-6 set), MMU off.
                assertTrue(out.matches("(?s).*pc\\s+0x800e4\\s+0x800e4 <tick>\\ncpsr\\s+0x[0-9a-f]*3c5\\s.*"), gdb.describe());
                assertTrue(out.matches("(?s).*sctlr_el1\\s+0x[0-9a-f]*[02468ace]\\s.*"), gdb.describe());
                assertTrue(out.matches("(?s).*0x800e8 <tick\\+4>:\\s+0x[0-9a-f]{8}\\s+0x[0-9a-f]{8}\\n.*"), gdb.describe());
                assertTrue(out.contains("Hardware watchpoint 2: *(unsigned long *)&ticks"), gdb.describe());
                Matcher value = Pattern.compile("New value = (\\d+)").matcher(out);
                assertTrue(value.find(), gdb.describe());
                // IPA mode reads the same RAM through stage 2.
                assertTrue(out.contains(String.format("<ticks>:\t0x%016x", Long.parseLong(value.group(1)))), gdb.describe());
                // A VM's stub offers EL1's registers only: EL2 is the hypervisor's (Java).
                assertTrue(out.contains("Invalid register `hcr_el2'"), gdb.describe());
                // gdb's monitor: the VM's translation, its stage 2 tagged with its VMID.
                assertTrue(out.matches("(?s).*stage 2: HCR_EL2 0x[0-9a-f]+ \\(VM 1\\), .* \\(VMID 2\\)\n.*"), gdb.describe());
                assertTrue(out.contains("[Inferior 1 (Remote target) detached]"), gdb.describe());
            }
            int at = visor.stdout.length();
            visor.send("vml\n");
            visor.expect("gdbdemo  running", at, START);
            visor.send("quit\n");
            assertEquals(0, visor.exitCode(START), visor::describe);
        }
    }

    private static void awaitGdb(Gdb gdb, String text) {
        if (gdb.output.await(text, 0, GDB) < 0) {
            throw new AssertionError("gdb never printed '" + text + "'\n" + gdb.describe());
        }
    }
}
