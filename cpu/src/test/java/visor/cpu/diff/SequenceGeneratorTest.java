package visor.cpu.diff;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import visor.cpu.a64.A64Decoder;
import visor.cpu.a64.Branches;
import visor.cpu.a64.DataProcessingImmediate;
import visor.cpu.a64.DataProcessingRegister;
import visor.cpu.a64.Row;

/** The differential test's generator and comparison, without qemu. */
class SequenceGeneratorTest {
    @Test
    void onlyDataProcessingClassesAreEligible() {
        for (Row r : Branches.ROWS) {
            assertFalse(SequenceGenerator.eligible(r), r.name());
        }
        for (Row r : DataProcessingImmediate.ROWS) {
            assertTrue(SequenceGenerator.eligible(r), r.name());
        }
        for (Row r : DataProcessingRegister.ROWS) {
            assertTrue(SequenceGenerator.eligible(r), r.name());
        }
        // A load/store (op0 = x1x0) row shape and a system (op0 = 101x) row shape.
        assertFalse(SequenceGenerator.eligible(new Row("LDR", "1x 111 0 01 01 iiiiiiiiiiii nnnnn ttttt", null)));
        assertFalse(SequenceGenerator.eligible(new Row("NOP", "1101010100 0 00 011 0010 0000 000 11111", null)));
    }

    @Test
    void sequencesAreReproducibleFromTheSeedAndDecodeToEligibleRows() {
        SequenceGenerator gen = new SequenceGenerator(w -> false);
        for (long seed = 0; seed < 200; seed++) {
            Sequence a = gen.generate(seed);
            Sequence b = gen.generate(seed);
            assertArrayEquals(a.words(), b.words());
            assertEquals(a.initial(), b.initial());
            assertTrue(a.words().length >= 1 && a.words().length <= 8);
            for (int w : a.words()) {
                Row r = A64Decoder.row(w);
                assertNotNull(r);
                assertTrue(SequenceGenerator.eligible(r), r.name());
            }
        }
    }

    @Test
    void comparisonReportsOnlyDifferingRegisters() {
        GuestState a = new SequenceGenerator(w -> false).generate(1).initial().copy();
        GuestState b = a.copy();
        assertEquals(a, b);
        assertEquals("", a.diff(b, "ours", "qemu"));
        b.x[7]++;
        b.v[5] ^= 1;
        b.nzcv ^= 1L << 29;
        String d = a.diff(b, "ours", "qemu");
        assertFalse(a.equals(b));
        assertTrue(d.contains("x7 ") && d.contains("v2 ") && d.contains("nzcv"), d);
        assertEquals(3, d.lines().count(), d);
        b = a.copy();
        b.status = GuestState.SIGILL;
        assertTrue(a.diff(b, "ours", "qemu").contains("UNDEFINED at word 0"));
    }
}
