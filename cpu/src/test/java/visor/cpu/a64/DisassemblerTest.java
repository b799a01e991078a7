package visor.cpu.a64;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The disassembly of our guests' code against GNU objdump's ({@code aarch64-linux-gnu-objdump}): for the
 * forms the disassembler spells as objdump does, mnemonic, registers and immediates must be identical.
 */
class DisassemblerTest {
    /** The mnemonics (objdump's, aliases included) whose text the disassembler matches exactly. */
    private static final Set<String> SPELLED_AS_OBJDUMP = Set.of(
            "b", "bl", "br", "blr", "ret", "cbz", "cbnz", "tbz", "tbnz", "adr", "adrp",
            "add", "adds", "sub", "subs", "cmp", "cmn", "tst", "mov", "movk", "mvn", "neg",
            "and", "orr", "eor", "ands", "bic", "lsl", "lsr", "asr", "ubfx", "sbfx", "ubfiz", "sbfiz",
            "uxtb", "uxth", "sxtb", "sxth", "sxtw", "csel", "csinc", "csinv", "csneg", "ccmp", "ccmn",
            "ldr", "str", "ldrb", "strb", "ldrh", "strh", "ldrsw", "ldrsb", "ldrsh", "ldur", "stur",
            "ldurb", "sturb", "ldp", "stp", "ldpsw",
            "svc", "hvc", "smc", "brk", "eret", "nop", "wfi", "wfe", "sev", "isb", "dsb", "dmb", "mrs", "msr");

    /** SIMD&FP, SVE and SME operands: those forms print as their row's fields. */
    private static final Pattern SIMD_OPERAND = Pattern.compile("[ ,\\[]([bhsdqvzp][0-9]|za)");
    private static final Pattern LINE = Pattern.compile("^\\s*([0-9a-f]+):\\s+([0-9a-f]{8})\\s+(.*)$");

    @Test
    void matchesObjdumpOnTheGuests() throws Exception {
        int compared = 0;
        List<String> wrong = new ArrayList<>();
        for (String guest : List.of("echo/echo.bin", "lrtos/lrtos.bin", "hostile/hostile.bin", "mmio-forms/mmio-forms.bin")) {
            Path bin = guests().resolve(guest);
            for (String line : objdump(bin)) {
                Matcher m = LINE.matcher(line);
                if (!m.matches()) {
                    continue;
                }
                long pc = Long.parseLong(m.group(1), 16);
                int word = (int) Long.parseLong(m.group(2), 16);
                String expected = normalise(m.group(3));
                String mnemonic = expected.split(" ")[0];
                if (!SPELLED_AS_OBJDUMP.contains(mnemonic) || SIMD_OPERAND.matcher(expected).find()) {
                    continue;
                }
                compared++;
                String actual = Disassembler.disassemble(pc, word);
                if (!actual.equals(expected)) {
                    wrong.add(String.format("%s+0x%x %08x: objdump \"%s\", ours \"%s\"", guest, pc, word, expected, actual));
                }
            }
        }
        assertTrue(compared > 1000, "compared only " + compared + " instructions");
        assertEquals(List.of(), wrong, wrong.size() + " of " + compared + " differ");
    }

    @Test
    void aRowWithoutSpelledOperandsPrintsItsFields() {
        // FMADD d1, d2, d3, d4: ftype 01 (double), Rm 3, Ra 4, Rn 2, Rd 1.
        assertEquals("fmadd t=0x1, m=0x3, a=0x4, n=0x2, d=0x1", Disassembler.disassemble(0, 0x1f431041));
    }

    @Test
    void anUnallocatedWordSaysSo() {
        assertEquals(".inst 0x00000000 ; undefined", Disassembler.disassemble(0, 0));
    }

    private static String normalise(String text) {
        String s = text.replaceAll("//.*$", "").replaceAll("<[^>]*>", "").replace('\t', ' ').trim();
        return s.replaceAll("\\s+", " ").replace(", ", ",").replace(",", ", ");
    }

    private static List<String> objdump(Path bin) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("aarch64-linux-gnu-objdump", "-D", "-b", "binary", "-m", "aarch64", bin.toString())
                .redirectErrorStream(true).start();
        List<String> lines = new String(p.getInputStream().readAllBytes()).lines().toList();
        assertEquals(0, p.waitFor(), "objdump failed: " + lines);
        return lines;
    }

    private static Path guests() {
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            if (Files.isDirectory(d.resolve("guests/echo"))) {
                return d.resolve("guests");
            }
        }
        throw new IllegalStateException("guests/ not found above " + Path.of("").toAbsolutePath());
    }
}
