package visor.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Random 32-bit words executed at EL0, EL1 and EL3 (a core reset into EL3, with a random SCR_EL3 for each
 * word): each must either run or take an architectural exception.
 * A Java exception escaping {@link Cpu#run} or caught as an internal error (a bug in some instruction's
 * semantics, turned into UNDEFINED by the run loop) fails the test with the offending word.
 */
class RandomInstructionRobustnessTest {
    static final int WORDS_PER_EL = Integer.getInteger("visor.fuzz.count", 500_000);

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 3})
    void randomWordsNeverThrowOutOfTheCpuLoop(int el) {
        SplittableRandom random = new SplittableRandom(0x5EED_0000L + el);
        int resetEl = el == 3 ? 3 : 1;
        TestMachine m = new TestMachine(resetEl);
        Cpu cpu = m.cpu;
        for (int i = 0; i < WORDS_PER_EL; i++) {
            int word = random.nextInt();
            if ((i & 1023) == 0) {
                m = new TestMachine(resetEl); // fresh memory now and then: random stores wander everywhere
                cpu = m.cpu;
            }
            m.code(word);
            for (int r = 0; r < 31; r++) {
                // Mostly addresses inside RAM, sometimes anything: both must be handled.
                cpu.x[r] = random.nextInt(8) == 0 ? random.nextLong() : random.nextLong(64L << 20);
            }
            cpu.setSpEl(0, random.nextLong(64L << 20) & ~15L);
            cpu.setSpEl(1, 0x80_0000);
            if (el == 3) {
                // SCR_EL3's writable bits (NS, IRQ/FIQ/EA routing, SMD, HCE, RW, ST, TWI/TWE) at random.
                cpu.setScrEl3(random.nextLong() & 0x3F8F);
                cpu.setSpEl(3, 0xA0_0000);
            }
            cpu.setElAndSpSel(el, el != 0);
            cpu.daif = 0xF << 6;
            cpu.pc = TestMachine.CODE;
            long errorsBefore = cpu.internalErrors;
            try {
                cpu.run(2);
                cpu.wake();
            } catch (RuntimeException e) {
                throw new AssertionError(String.format("word %08x at EL%d threw %s", word, el, e), e);
            }
            assertEquals(errorsBefore, cpu.internalErrors,
                    () -> String.format("word %08x at EL%d raised an internal error", word, el));
        }
    }
}
