package visor.cpu.a64;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import visor.cpu.Cpu;
import visor.cpu.TestMachine;

/**
 * Offline differential check against a recorded qemu-aarch64 run of random SIMD&FP words (see
 * oracle/drv2.c), for long campaigns: {@code mvn -pl mmu,cpu test -Dtest=FpSimdQemuDiff
 * -Dvisor.qemuDiff=<file>}. Not part of the default suite (its name is outside Surefire's patterns):
 * every build already runs {@code visor.cpu.diff.DifferentialTest}, which drives qemu-aarch64 live over
 * the same rows. Each line is the word followed by "UNDEF" or V0-V31,
 * X0-X7, NZCV and FPSR after executing it from registers filled by xorshift64 from the line's seed
 * (given in the input file {@code <file>.in} as "word fpcr nzcv seed"). Words that qemu executes but
 * ARMv8.0 does not define (FP16, dot product, ...) are reported separately and are not failures.
 */
@EnabledIfSystemProperty(named = "visor.qemuDiff", matches = ".+")
class FpSimdQemuDiff {

    private static long xs(long[] s) {
        long x = s[0];
        x ^= x << 13;
        x ^= x >>> 7;
        x ^= x << 17;
        s[0] = x;
        return x;
    }

    private static final long[] SPEC_S = {0, 0x80000000L, 0x7f800000L, 0xff800000L, 0x7fc00000L, 0x7f800001L, 1,
        0x807fffffL, 0x00800000L, 0x7f7fffffL, 0x3f800000L, 0xbf800000L, 0x4f000000L, 0xcf000000L, 0x5f000000L,
        0x3f000000L};
    private static final long[] SPEC_D = {0, 0x8000000000000000L, 0x7ff0000000000000L, 0xfff0000000000000L,
        0x7ff8000000000000L, 0x7ff0000000000001L, 1, 0x800fffffffffffffL, 0x0010000000000000L, 0x7fefffffffffffffL,
        0x3ff0000000000000L, 0xbff0000000000000L, 0x43e0000000000000L, 0xc3e0000000000000L, 0x41e0000000000000L,
        0x3fe0000000000000L};

    /** One value in eight is replaced by special single or double patterns, as drv2.c does. */
    private static long val(long[] s) {
        long v = xs(s);
        if ((v >>> 60) == 0) {
            return SPEC_S[(int) (v >>> 36) & 15] << 32 | SPEC_S[(int) (v >>> 32) & 15];
        } else if ((v >>> 60) == 1) {
            return SPEC_D[(int) (v >>> 32) & 15];
        }
        return v;
    }

    @Test
    void matchesQemuOnRandomWords() throws IOException {
        Path out = Path.of(System.getProperty("visor.qemuDiff"));
        List<String> inputs = Files.readAllLines(Path.of(out + ".in"));
        List<String> failures = new ArrayList<>();
        List<String> undefinedHere = new ArrayList<>();
        TestMachine m = new TestMachine();
        Cpu cpu = m.cpu;
        int index = 0;
        try (BufferedReader r = Files.newBufferedReader(out)) {
            for (String line; (line = r.readLine()) != null; index++) {
                String[] in = inputs.get(index).split(" ");
                String[] f = line.split(" ");
                int insn = (int) Long.parseLong(in[0], 16);
                m.restartWith(insn);
                cpu.fpcr = (int) Long.parseLong(in[1], 16);
                cpu.setNzcv(Long.parseLong(in[2], 16));
                long[] s = {Long.parseUnsignedLong(in[3], 16) | 1};
                for (int i = 0; i < 64; i++) {
                    cpu.vreg[i] = val(s);
                }
                for (int i = 0; i < 8; i++) {
                    cpu.x[i] = val(s);
                }
                cpu.run(1);
                boolean undef = cpu.pc != TestMachine.CODE + 4;
                if (f[1].equals("UNDEF")) {
                    if (!undef) {
                        failures.add(in[0] + ": executes here, UNDEFINED in qemu");
                    }
                    continue;
                }
                if (undef) {
                    undefinedHere.add(in[0]);
                    continue;
                }
                StringBuilder diff = new StringBuilder();
                for (int i = 0; i < 64; i++) {
                    if (cpu.vreg[i] != Long.parseUnsignedLong(f[1 + i], 16)) {
                        diff.append(" v").append(i / 2).append(i % 2 == 0 ? "lo" : "hi");
                    }
                }
                for (int i = 0; i < 8; i++) {
                    if (cpu.x[i] != Long.parseUnsignedLong(f[65 + i], 16)) {
                        diff.append(" x").append(i);
                    }
                }
                if (cpu.nzcv() != Long.parseUnsignedLong(f[73], 16)) {
                    diff.append(" nzcv");
                }
                if ((cpu.fpsr & 0xFFFF_FFFFL) != Long.parseUnsignedLong(f[74], 16)) {
                    diff.append(" fpsr ").append(f[74]).append("/").append(Integer.toHexString(cpu.fpsr));
                }
                if (diff.length() > 0) {
                    failures.add(inputs.get(index) + ":" + diff);
                }
            }
        }
        Files.write(Path.of(out + ".undef-here"), undefinedHere);
        Files.write(Path.of(out + ".failures"), failures);
        assertEquals(0, failures.size(), failures.size() + " mismatches; first: "
                + failures.subList(0, Math.min(20, failures.size())));
    }
}
