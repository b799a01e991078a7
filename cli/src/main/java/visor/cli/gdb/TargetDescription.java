package visor.cli.gdb;

/**
 * target.xml for {@code qXfer:features:read} (gdb manual, "Target Descriptions"): the AArch64 core and
 * fpu features gdb's aarch64 architecture requires, numbered as {@link RegisterFile} numbers them, and a
 * system-register feature (group "system", so {@code info registers system} lists it) after them.
 */
public final class TargetDescription {
    /** Our system-register feature's name (not one of gdb's: gdb shows it as given). */
    public static final String SYSTEM_FEATURE = "org.visor.gdb.aarch64.sys";

    private TargetDescription() {
    }

    public static String xml(RegisterFile registers) {
        StringBuilder sb = new StringBuilder();
        sb.append("<?xml version=\"1.0\"?>\n<!DOCTYPE target SYSTEM \"gdb-target.dtd\">\n<target version=\"1.0\">\n");
        sb.append("<architecture>aarch64</architecture>\n");
        sb.append("<feature name=\"org.gnu.gdb.aarch64.core\">\n");
        for (int r = 0; r < 31; r++) {
            reg(sb, "x" + r, 64, "int", r, null);
        }
        reg(sb, "sp", 64, "data_ptr", RegisterFile.SP, null);
        reg(sb, "pc", 64, "code_ptr", RegisterFile.PC, null);
        reg(sb, "cpsr", 32, "int", RegisterFile.CPSR, null);
        sb.append("</feature>\n<feature name=\"org.gnu.gdb.aarch64.fpu\">\n");
        // The lane views of a 128-bit V register, named as gdb's own AArch64 description names them, so
        // $v0.d.u[1], $v0.s.f[0] and $v0.b.u[15] mean what they mean against QEMU.
        lanes(sb, "vnd", 2, new String[] {"f", "ieee_double", "u", "uint64", "s", "int64"});
        lanes(sb, "vns", 4, new String[] {"f", "ieee_single", "u", "uint32", "s", "int32"});
        lanes(sb, "vnh", 8, new String[] {"f", "ieee_half", "u", "uint16", "s", "int16"});
        lanes(sb, "vnb", 16, new String[] {"u", "uint8", "s", "int8"});
        sb.append("<union id=\"vnq\"><field name=\"u\" type=\"uint128\"/><field name=\"s\" type=\"int128\"/></union>\n");
        sb.append("<union id=\"aarch64v\"><field name=\"d\" type=\"vnd\"/><field name=\"s\" type=\"vns\"/>")
                .append("<field name=\"h\" type=\"vnh\"/><field name=\"b\" type=\"vnb\"/><field name=\"q\" type=\"vnq\"/></union>\n");
        for (int v = 0; v < 32; v++) {
            reg(sb, "v" + v, 128, "aarch64v", RegisterFile.V0 + v, null);
        }
        reg(sb, "fpsr", 32, "int", RegisterFile.FPSR, null);
        reg(sb, "fpcr", 32, "int", RegisterFile.FPCR, null);
        sb.append("</feature>\n<feature name=\"").append(SYSTEM_FEATURE).append("\">\n");
        for (int i = 0; i < registers.system().size(); i++) {
            reg(sb, registers.system().get(i).name(), 64, "uint64", RegisterFile.COUNT + i, "system");
        }
        return sb.append("</feature>\n</target>\n").toString();
    }

    /** A union {@code id} of vectors of {@code count} lanes, one per (field name, lane type) pair. */
    private static void lanes(StringBuilder sb, String id, int count, String[] fieldsAndTypes) {
        for (int i = 0; i < fieldsAndTypes.length; i += 2) {
            sb.append("<vector id=\"").append(id).append(fieldsAndTypes[i]).append("\" type=\"").append(fieldsAndTypes[i + 1])
                    .append("\" count=\"").append(count).append("\"/>\n");
        }
        sb.append("<union id=\"").append(id).append("\">");
        for (int i = 0; i < fieldsAndTypes.length; i += 2) {
            sb.append("<field name=\"").append(fieldsAndTypes[i]).append("\" type=\"").append(id).append(fieldsAndTypes[i])
                    .append("\"/>");
        }
        sb.append("</union>\n");
    }

    private static void reg(StringBuilder sb, String name, int bits, String type, int regnum, String group) {
        sb.append("<reg name=\"").append(name).append("\" bitsize=\"").append(bits).append("\" type=\"").append(type)
                .append("\" regnum=\"").append(regnum).append('"');
        if (group != null) {
            sb.append(" group=\"").append(group).append('"');
        }
        sb.append("/>\n");
    }
}
