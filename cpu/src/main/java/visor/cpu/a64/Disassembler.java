package visor.cpu.a64;

import visor.cpu.sysreg.SysReg;
import visor.cpu.sysreg.SysRegEncoding;
import visor.cpu.sysreg.SystemRegisters;

import java.util.Locale;

/**
 * Text for one A64 instruction, built from the decode table: the row that decodes the word gives the
 * mnemonic (its ARM ARM name) and the operand fields (the pattern's letters). The common integer,
 * branch, load/store and system forms get assembler operands close to GNU objdump's (preferred aliases
 * mov/cmp/cmn/tst/lsl/lsr included); any other row prints its mnemonic and each field as
 * {@code letter=value}, which is still exact. For the trace log and the monitor, never the hot path.
 */
public final class Disassembler {
    private static final String[] COND = {"eq", "ne", "cs", "cc", "mi", "pl", "vs", "vc",
            "hi", "ls", "ge", "lt", "gt", "le", "al", "nv"};
    private static final String[] SHIFT = {"lsl", "lsr", "asr", "ror"};
    private static final String[] EXTEND = {"uxtb", "uxth", "uxtw", "uxtx", "sxtb", "sxth", "sxtw", "sxtx"};

    private Disassembler() {
    }

    /** The instruction {@code insn} at virtual address {@code pc}, e.g. {@code "add x0, x1, #0x10"}. */
    public static String disassemble(long pc, int insn) {
        Row row = A64Decoder.row(insn);
        if (row == null) {
            return String.format(".inst 0x%08x ; undefined", insn);
        }
        Fields f = new Fields(row, insn);
        String text = known(row.name(), f, pc, insn);
        return text != null ? text : generic(row, f);
    }

    /** The mnemonic of a row: its ARM ARM name without the qualifier in parentheses, lower case. */
    static String mnemonic(String name) {
        int paren = name.indexOf(" (");
        return (paren < 0 ? name : name.substring(0, paren)).toLowerCase(Locale.ROOT);
    }

    private static String generic(Row row, Fields f) {
        StringBuilder sb = new StringBuilder(mnemonic(row.name()));
        String sep = " ";
        for (char letter : f.letters()) {
            sb.append(sep).append(letter).append('=').append(hex(f.get(letter)));
            sep = ", ";
        }
        return sb.toString();
    }

    private static String known(String name, Fields f, long pc, int insn) {
        String m = mnemonic(name);
        boolean sf = (insn >>> 31) != 0;
        switch (name) {
            case "B", "BL":
                return m + " " + hex(pc + Bits.signExtend(f.get('i'), 26) * 4);
            case "B.cond":
                return "b." + COND[f.get('c')] + " " + hex(pc + Bits.signExtend(f.get('i'), 19) * 4);
            case "CBZ", "CBNZ":
                return m + " " + reg(sf, f.get('t')) + ", " + hex(pc + Bits.signExtend(f.get('i'), 19) * 4);
            case "TBZ", "TBNZ": {
                int bit = f.get('b');
                return m + " " + reg(bit >= 32, f.get('t')) + ", #" + bit + ", "
                        + hex(pc + Bits.signExtend(f.get('i'), 14) * 4);
            }
            case "BR", "BLR":
                return m + " " + reg(true, f.get('n'));
            case "RET":
                return f.get('n') == 30 ? "ret" : "ret " + reg(true, f.get('n'));
            case "ADR":
                return "adr " + reg(true, f.get('d')) + ", "
                        + hex(pc + Bits.signExtend((f.get('h') << 2) | f.get('l'), 21));
            case "ADRP":
                return "adrp " + reg(true, f.get('d')) + ", "
                        + hex((pc & ~0xFFFL) + (Bits.signExtend((f.get('h') << 2) | f.get('l'), 21) << 12));
            case "SVC", "HVC", "SMC", "BRK", "HLT":
                return m + " #" + hex(f.get('i'));
            case "ERET", "NOP", "YIELD", "WFE", "WFI", "SEV", "SEVL", "DRPS":
                return m;
            case "ISB":
                return f.get('m') == 15 ? "isb" : "isb #" + f.get('m');
            case "DSB", "DMB":
                return m + " " + barrier(f.get('m'));
            case "MRS":
                return "mrs " + reg(true, f.get('t')) + ", " + sysreg(insn);
            case "MSR (immediate)":
                return "msr " + pstateField(f.get('o'), f.get('p')) + ", #" + hex(f.get('m'));
            case "MSR (register)":
                return "msr " + sysreg(insn) + ", " + reg(true, f.get('t'));
            default:
                break;
        }
        if (name.endsWith("(immediate)") && (m.startsWith("add") || m.startsWith("sub"))) {
            return addSubImmediate(m, sf, f);
        }
        if (name.endsWith("(immediate)") && (m.equals("and") || m.equals("orr") || m.equals("eor") || m.equals("ands"))) {
            return logicalImmediate(m, sf, f);
        }
        if (name.endsWith("(shifted register)")) {
            return shiftedRegister(m, sf, f);
        }
        if (name.endsWith("(extended register)")) {
            return extendedRegister(m, sf, f);
        }
        switch (name) {
            case "MOVZ", "MOVN", "MOVK":
                return moveWide(m, sf, f);
            case "UBFM", "SBFM":
                return bitfield(m, sf, f);
            case "CSEL", "CSINC", "CSINV", "CSNEG":
                return m + " " + reg(sf, f.get('d')) + ", " + reg(sf, f.get('n')) + ", " + reg(sf, f.get('m'))
                        + ", " + COND[f.get('c')];
            case "CCMP (immediate)", "CCMN (immediate)":
                return m + " " + reg(sf, f.get('n')) + ", #" + hex(f.get('i')) + ", #" + hex(f.get('f')) + ", " + COND[f.get('c')];
            case "CCMP (register)", "CCMN (register)":
                return m + " " + reg(sf, f.get('n')) + ", " + reg(sf, f.get('m')) + ", #" + hex(f.get('f')) + ", "
                        + COND[f.get('c')];
            default:
                break;
        }
        if (m.startsWith("ld") || m.startsWith("st") || m.startsWith("prf")) {
            return loadStore(name, m, f, pc, insn);
        }
        return null;
    }

    private static String addSubImmediate(String m, boolean sf, Fields f) {
        int d = f.get('d');
        int n = f.get('n');
        long imm = f.get('i');
        String shift = f.get('h') == 1 ? ", lsl #12" : "";
        boolean setFlags = m.endsWith("s");
        if (setFlags && d == 31) {
            return (m.startsWith("add") ? "cmn " : "cmp ") + regSp(sf, n) + ", #" + hex(imm) + shift;
        }
        if (m.equals("add") && imm == 0 && f.get('h') == 0 && (d == 31 || n == 31)) {
            return "mov " + regSp(sf, d) + ", " + regSp(sf, n);
        }
        return m + " " + (setFlags ? reg(sf, d) : regSp(sf, d)) + ", " + regSp(sf, n) + ", #" + hex(imm) + shift;
    }

    private static String logicalImmediate(String m, boolean sf, Fields f) {
        long imm = Bits.decodeBitMasksW(f.get('N'), f.get('s') & 0x3F, f.get('r'), true);
        if (!sf) {
            imm &= 0xFFFF_FFFFL;
        }
        int d = f.get('d');
        if (m.equals("ands") && d == 31) {
            return "tst " + reg(sf, f.get('n')) + ", #" + hex(imm);
        }
        if (m.equals("orr") && f.get('n') == 31) {
            return "mov " + regSp(sf, d) + ", #" + hex(imm);
        }
        return m + " " + (m.equals("ands") ? reg(sf, d) : regSp(sf, d)) + ", " + reg(sf, f.get('n')) + ", #" + hex(imm);
    }

    private static String shiftedRegister(String m, boolean sf, Fields f) {
        int d = f.get('d');
        int n = f.get('n');
        int amount = f.get('i');
        String shift = amount == 0 ? "" : ", " + SHIFT[f.get('t')] + " #" + amount;
        String rm = reg(sf, f.get('m'));
        if (m.equals("orr") && n == 31 && amount == 0) {
            return "mov " + reg(sf, d) + ", " + rm;
        }
        if (m.equals("orn") && n == 31) {
            return "mvn " + reg(sf, d) + ", " + rm + shift;
        }
        if ((m.equals("subs") || m.equals("adds") || m.equals("ands")) && d == 31) {
            String alias = m.equals("subs") ? "cmp" : m.equals("adds") ? "cmn" : "tst";
            return alias + " " + reg(sf, n) + ", " + rm + shift;
        }
        if ((m.equals("sub") || m.equals("subs")) && n == 31) {
            return (m.equals("sub") ? "neg " : "negs ") + reg(sf, d) + ", " + rm + shift;
        }
        return m + " " + reg(sf, d) + ", " + reg(sf, n) + ", " + rm + shift;
    }

    private static String extendedRegister(String m, boolean sf, Fields f) {
        int option = f.get('o');
        int amount = f.get('i');
        boolean mIsX = (option & 3) == 3;
        String ext = EXTEND[option];
        int d = f.get('d');
        int n = f.get('n');
        // LSL is the preferred spelling of UXTX/UXTW when Rd or Rn is SP (C6.2.4).
        if ((d == 31 || n == 31) && option == (sf ? 3 : 2)) {
            ext = amount == 0 ? null : "lsl";
        }
        String tail = ext == null ? "" : ", " + ext + (amount == 0 ? "" : " #" + amount);
        boolean setFlags = m.endsWith("s");
        String rd = setFlags ? reg(sf, d) : regSp(sf, d);
        if (setFlags && d == 31) {
            return (m.startsWith("add") ? "cmn " : "cmp ") + regSp(sf, n) + ", " + reg(mIsX && sf, f.get('m')) + tail;
        }
        return m + " " + rd + ", " + regSp(sf, n) + ", " + reg(mIsX && sf, f.get('m')) + tail;
    }

    private static String moveWide(String m, boolean sf, Fields f) {
        int hw = f.get('h');
        long imm = f.get('i');
        String rd = reg(sf, f.get('d'));
        if (m.equals("movk")) {
            return "movk " + rd + ", #" + hex(imm) + (hw == 0 ? "" : ", lsl #" + hw * 16);
        }
        long value = imm << (hw * 16);
        if (m.equals("movn")) {
            value = ~value;
        }
        if (!sf) {
            value &= 0xFFFF_FFFFL;
        }
        return "mov " + rd + ", #" + hex(value);
    }

    private static String bitfield(String m, boolean sf, Fields f) {
        int r = f.get('r');
        int s = f.get('s') & 0x3F; // the pattern spells sf and imms with the same letter
        int width = sf ? 64 : 32;
        String rd = reg(sf, f.get('d'));
        String rn = reg(sf, f.get('n'));
        if (m.equals("ubfm")) {
            if (s == width - 1) {
                return "lsr " + rd + ", " + rn + ", #" + r;
            }
            if (s + 1 == r) {
                return "lsl " + rd + ", " + rn + ", #" + (width - 1 - s);
            }
            if (r == 0 && s == 7) {
                return "uxtb " + rd + ", " + reg(false, f.get('n'));
            }
            if (r == 0 && s == 15) {
                return "uxth " + rd + ", " + reg(false, f.get('n'));
            }
        } else {
            if (s == width - 1) {
                return "asr " + rd + ", " + rn + ", #" + r;
            }
            if (r == 0 && (s == 7 || s == 15 || s == 31)) {
                return (s == 7 ? "sxtb " : s == 15 ? "sxth " : "sxtw ") + rd + ", " + reg(false, f.get('n'));
            }
        }
        String prefix = m.equals("ubfm") ? "u" : "s";
        if (s < r) {
            return prefix + "bfiz " + rd + ", " + rn + ", #" + (width - r) + ", #" + (s + 1);
        }
        return prefix + "bfx " + rd + ", " + rn + ", #" + r + ", #" + (s - r + 1);
    }

    private static String loadStore(String name, String m, Fields f, long pc, int insn) {
        boolean simd = ((insn >>> 26) & 1) != 0;
        if (simd) {
            return null;
        }
        boolean pair = switch (m) {
            case "ldp", "stp", "ldnp", "stnp", "ldpsw" -> true;
            default -> false;
        };
        int size = insn >>> 30;
        boolean x = targetIsX(name, m, size);
        String rt = m.startsWith("prf") ? "#" + f.get('t') : reg(x, f.get('t'));
        if (name.contains("(literal")) {
            return m + " " + rt + ", " + hex(pc + Bits.signExtend(f.get('i'), 19) * 4);
        }
        if (!f.has('n')) {
            return null;
        }
        String base = regSp(true, f.get('n'));
        if (pair) {
            int scale = m.equals("ldpsw") ? 2 : (insn >>> 31) != 0 ? 3 : 2;
            long imm = Bits.signExtend(f.get('i'), 7) << scale;
            String rt2 = reg(x, f.get('u'));
            return m + " " + rt + ", " + rt2 + ", " + address(name, base, imm);
        }
        if (name.contains("(register")) {
            int option = f.get('x');
            boolean shifted = f.get('S') == 1;
            String rm = reg((option & 1) != 0, f.get('m'));
            String ext = option == 3 ? (shifted ? "lsl" : null) : EXTEND[option];
            String amount = shifted ? " #" + size : "";
            if (ext == null) {
                return m + " " + rt + ", [" + base + ", " + rm + "]";
            }
            return m + " " + rt + ", [" + base + ", " + rm + ", " + ext + amount + "]";
        }
        if (!f.has('i')) {
            return null;
        }
        long imm = name.contains("unsigned offset") ? (long) f.get('i') << size : Bits.signExtend(f.get('i'), 9);
        return m + " " + rt + ", " + address(name, base, imm);
    }

    /** Whether a load/store's Rt is an X register, from the row's name or the size field. */
    private static boolean targetIsX(String name, String m, int size) {
        if (name.contains("64-bit")) {
            return true;
        }
        if (name.contains("32-bit")) {
            return false;
        }
        if (m.equals("ldrsw") || m.equals("ldursw") || m.equals("ldtrsw") || m.equals("ldpsw") || m.startsWith("prf")) {
            return true;
        }
        if (m.endsWith("b") || m.endsWith("h")) {
            return false;
        }
        return size == 3;
    }

    private static String address(String name, String base, long imm) {
        String offset = imm == 0 ? "" : ", #" + imm;
        if (name.contains("pre-index")) {
            return "[" + base + offset + "]!";
        }
        if (name.contains("post-index")) {
            return "[" + base + "]" + (imm == 0 ? ", #0" : ", #" + imm);
        }
        return "[" + base + offset + "]";
    }

    private static String barrier(int crm) {
        return switch (crm) {
            case 15 -> "sy";
            case 14 -> "st";
            case 13 -> "ld";
            case 11 -> "ish";
            case 10 -> "ishst";
            case 9 -> "ishld";
            case 7 -> "nsh";
            case 6 -> "nshst";
            case 5 -> "nshld";
            case 3 -> "osh";
            case 2 -> "oshst";
            case 1 -> "oshld";
            default -> "#" + crm;
        };
    }

    /** The PSTATE field an MSR (immediate) writes, from op1:op2 (C5.2.x). */
    private static String pstateField(int op1, int op2) {
        return switch ((op1 << 3) | op2) {
            case 0x05 -> "spsel";
            case 0x1E -> "daifset";
            case 0x1F -> "daifclr";
            case 0x03 -> "uao";
            case 0x04 -> "pan";
            default -> "pstate_" + op1 + "_" + op2;
        };
    }

    private static String sysreg(int insn) {
        int key = SysRegEncoding.keyOf(insn);
        SysReg r = SystemRegisters.lookup(key);
        return (r != null ? r.name : SysRegEncoding.name(key)).toLowerCase(Locale.ROOT);
    }

    private static String reg(boolean x, int n) {
        return n == 31 ? (x ? "xzr" : "wzr") : (x ? "x" : "w") + n;
    }

    private static String regSp(boolean x, int n) {
        return n == 31 ? (x ? "sp" : "wsp") : (x ? "x" : "w") + n;
    }

    private static String hex(long v) {
        return "0x" + Long.toHexString(v);
    }

    /** The operand fields of one instruction under its row's pattern: each letter's bits, concatenated. */
    private static final class Fields {
        private final String bits;
        private final int insn;

        Fields(Row row, int insn) {
            this.bits = row.pattern().replace(" ", "");
            this.insn = insn;
        }

        boolean has(char letter) {
            return bits.indexOf(letter) >= 0;
        }

        int get(char letter) {
            int v = 0;
            for (int i = 0; i < 32; i++) {
                if (bits.charAt(i) == letter) {
                    v = (v << 1) | ((insn >>> (31 - i)) & 1);
                }
            }
            return v;
        }

        char[] letters() {
            StringBuilder seen = new StringBuilder();
            for (int i = 0; i < 32; i++) {
                char ch = bits.charAt(i);
                if (ch != '0' && ch != '1' && ch != '_' && seen.indexOf(String.valueOf(ch)) < 0) {
                    seen.append(ch);
                }
            }
            return seen.toString().toCharArray();
        }
    }
}
