package visor.cli.gdb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntConsumer;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import visor.cpu.CodeCache;
import visor.cpu.Cpu;
import visor.cpu.debug.Debugger;
import visor.cpu.debug.WatchKind;
import visor.mmu.PhysicalMemory;

/** Packets against one core that is never run: what gdb reads, writes and sets up there. */
class GdbSessionTest {
    private final PhysicalMemory memory = new PhysicalMemory(1L << 20);
    private final Cpu cpu = new Cpu(0, memory, new CodeCache(memory), () -> 0);
    private final List<String> calls = new ArrayList<>();
    private final ByteArrayOutputStream wire = new ByteArrayOutputStream();

    private final GdbTarget target = new GdbTarget() {
        @Override
        public String name() {
            return "the test core";
        }

        @Override
        public int threads() {
            return 2;
        }

        @Override
        public Cpu cpu(int t) {
            return cpu;
        }

        @Override
        public boolean guest() {
            return false;
        }

        @Override
        public <T> T onTarget(Supplier<T> action) {
            return action.get();
        }

        @Override
        public Debugger debugger(int t) {
            if (cpu.debugger() == null) {
                cpu.attachDebugger(new Debugger(cpu));
            }
            return cpu.debugger();
        }

        @Override
        public void onStop(IntConsumer listener) {
        }

        @Override
        public void halt() {
            calls.add("halt");
        }

        @Override
        public boolean halted() {
            return true;
        }

        @Override
        public void resume() {
            calls.add("resume");
        }

        @Override
        public void step(int t) {
            calls.add("step " + t);
        }

        @Override
        public String threadState(int t) {
            return t == 0 ? "running" : "halted";
        }

        @Override
        public void detach() {
            calls.add("detach");
        }

        @Override
        public void kill() {
            calls.add("kill");
        }
    };

    private final GdbSession session = new GdbSession(target, new PacketCodec(new ByteArrayInputStream(new byte[0]), wire));

    @Test
    void qSupportedOffersWhatGdbNeedsAndTargetXmlComesInChunks() {
        String supported = session.handle("qSupported:multiprocess+;swbreak+;hwbreak+;xmlRegisters=i386");
        assertTrue(supported.startsWith("PacketSize=4000;qXfer:features:read+;swbreak+;hwbreak+"), supported);
        String first = session.handle("qXfer:features:read:target.xml:0,100");
        assertEquals('m', first.charAt(0));
        assertEquals(0x100, first.length() - 1);
        StringBuilder xml = new StringBuilder(first.substring(1));
        String chunk;
        do {
            chunk = session.handle("qXfer:features:read:target.xml:" + Integer.toHexString(xml.length()) + ",100");
            xml.append(chunk.substring(1));
        } while (chunk.charAt(0) == 'm');
        assertTrue(xml.toString().contains("<feature name=\"org.gnu.gdb.aarch64.core\">"), xml.toString());
        assertTrue(xml.toString().contains("<reg name=\"hcr_el2\" bitsize=\"64\" type=\"uint64\" regnum=\"84\" group=\"system\"/>"),
                xml.toString());
        assertTrue(xml.toString().endsWith("</target>\n"));
        assertEquals("E00", session.handle("qXfer:features:read:other.xml:0,100"));
    }

    @Test
    void threadsAreCoresNumberedFromOne() {
        assertEquals("m1,2", session.handle("qfThreadInfo"));
        assertEquals("l", session.handle("qsThreadInfo"));
        assertEquals(hex("CPU#1 [halted]"), session.handle("qThreadExtraInfo,2"));
        assertEquals("OK", session.handle("T2"));
        assertEquals("E01", session.handle("T3"));
        assertEquals("OK", session.handle("Hg2"));
        assertEquals("QC2", session.handle("qC"));
        assertEquals("1", session.handle("qAttached"));
    }

    @Test
    void registersReadAndWriteLittleEndian() {
        assertEquals("OK", session.handle("P0=8877665544332211"));
        assertEquals(0x1122_3344_5566_7788L, cpu.x[0]);
        assertEquals("8877665544332211", session.handle("p0"));
        assertEquals("OK", session.handle("P20=0000080000000000"));
        assertEquals(0x8_0000, cpu.pc);
        // CPSR: NZCV and mode EL1h written back into PSTATE.
        assertEquals("OK", session.handle("P21=c5030060"));
        assertEquals(1, cpu.el);
        assertTrue(cpu.z && cpu.c && !cpu.n);
        String g = session.handle("g");
        assertEquals("OK", session.handle("G" + g));
        assertEquals(g, session.handle("g"));
        // A system register reads, but is not written.
        cpu.mmu.sctlrEl1 = 0x30d0_0801L;
        assertEquals("0108d03000000000", session.handle("p44"));
        assertEquals("E01", session.handle("P44=0000000000000000"));
        assertEquals("E01", session.handle("p99"));
    }

    @Test
    void memoryOutsideRamIsEfault() {
        assertEquals("OK", session.handle("M1000,4:deadbeef"));
        assertEquals("deadbeef", session.handle("m1000,4"));
        assertEquals(0xefbe_addeL, memory.read(0x1000, 4));
        assertEquals("E14", session.handle("m3f201000,4"), "a device register is never read");
        assertEquals("E14", session.handle("M200000,1:00"), "beyond RAM");
        assertEquals("0", session.handle("qqemu.PhyMemMode"));
        assertEquals("OK", session.handle("Qqemu.PhyMemMode:1"));
        assertEquals("1", session.handle("qqemu.PhyMemMode"));
    }

    @Test
    void breakpointsAndWatchpointsReachTheDebugger() {
        assertEquals("OK", session.handle("Z0,80000,4"));
        assertEquals("OK", session.handle("Z1,80010,4"));
        assertEquals("OK", session.handle("Z2,1000,8"));
        assertEquals("OK", session.handle("Z4,2000,4"));
        assertEquals(List.of(0x80000L, 0x80010L), java.util.Arrays.stream(cpu.debugger().breakpoints()).boxed().toList());
        assertEquals(2, cpu.debugger().watchpoints().size());
        assertEquals(WatchKind.ACCESS, cpu.debugger().watchpoints().get(1).kind());
        assertEquals("OK", session.handle("z0,80000,4"));
        assertEquals("OK", session.handle("z2,1000,8"));
        assertEquals(List.of(0x80010L), java.util.Arrays.stream(cpu.debugger().breakpoints()).boxed().toList());
        assertEquals(1, cpu.debugger().watchpoints().size());
    }

    @Test
    void resumeAndStepReplyLaterWithTheStop() {
        assertEquals("vCont;c;C;s;S", session.handle("vCont?"));
        assertEquals(null, session.handle("vCont;s:2;c"));
        assertEquals(null, session.handle("c"));
        assertEquals("OK", session.handle("Hc1"));
        assertEquals(null, session.handle("s"));
        assertEquals(List.of("step 1", "resume", "step 0"), calls);
        assertEquals("", session.handle("vMustReplyEmpty"));
        assertEquals(null, session.handle("c80100"));
        assertEquals(0x80100, cpu.pc, "c ADDR resumes at ADDR");
        assertEquals(null, session.handle("S05;80200"));
        assertEquals(0x80200, cpu.pc);
    }

    @Test
    void malformedPacketsAreErrorsNotTheEndOfTheSession() {
        assertEquals("E01", session.handle("Z2,1000,0"), "a watchpoint of no bytes");
        assertEquals("E01", session.handle("mzz,4"));
        assertEquals("E01", session.handle("P"));
        assertEquals("OK", session.handle("Hg1"), "the session goes on");
    }

    private static String hex(String s) {
        StringBuilder sb = new StringBuilder();
        for (char c : s.toCharArray()) {
            sb.append(String.format("%02x", (int) c));
        }
        return sb.toString();
    }
}
