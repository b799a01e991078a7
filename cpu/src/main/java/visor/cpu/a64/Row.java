package visor.cpu.a64;

import visor.cpu.Insn;

/**
 * One row of the A64 decode table: the instruction's ARM ARM name, its 32-bit encoding pattern and the
 * method that executes it. In the pattern {@code 0} and {@code 1} are fixed bits and any other letter
 * (letters, {@code x} or {@code _} as filler) is an operand bit; spaces separate fields and are ignored.
 * Example: {@code new Row("ADD (immediate)", "s 0 0 100010 h iiiiiiiiiiii nnnnn ddddd", ...)}.
 */
public record Row(String name, String pattern, Insn handler, int mask, int value, int fixedBits) {

    public Row(String name, String pattern, Insn handler) {
        this(name, pattern, handler, maskOf(pattern), valueOf(pattern), Integer.bitCount(maskOf(pattern)));
    }

    private static String bits(String pattern) {
        String p = pattern.replace(" ", "");
        if (p.length() != 32) {
            throw new IllegalArgumentException("encoding pattern is not 32 bits: \"" + pattern + "\"");
        }
        return p;
    }

    private static int maskOf(String pattern) {
        String p = bits(pattern);
        int m = 0;
        for (int i = 0; i < 32; i++) {
            char ch = p.charAt(i);
            if (ch == '0' || ch == '1') {
                m |= 1 << (31 - i);
            }
        }
        return m;
    }

    private static int valueOf(String pattern) {
        String p = bits(pattern);
        int v = 0;
        for (int i = 0; i < 32; i++) {
            if (p.charAt(i) == '1') {
                v |= 1 << (31 - i);
            }
        }
        return v;
    }

    public boolean matches(int insn) {
        return (insn & mask) == value;
    }
}
