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
        // The lane views of a 128-bit V register, as gdb's own AArch64 description offers them.
        sb.append("<vector id=\"v2d\" type=\"ieee_double\" count=\"2\"/>\n<vector id=\"v2u\" type=\"uint64\" count=\"2\"/>\n")
                .append("<vector id=\"v4f\" type=\"ieee_single\" count=\"4\"/>\n<vector id=\"v4u\" type=\"uint32\" count=\"4\"/>\n")
                .append("<vector id=\"v8u\" type=\"uint16\" count=\"8\"/>\n<vector id=\"v16u\" type=\"uint8\" count=\"16\"/>\n")
                .append("<union id=\"vregs\"><field name=\"d\" type=\"v2d\"/><field name=\"ud\" type=\"v2u\"/>")
                .append("<field name=\"s\" type=\"v4f\"/><field name=\"us\" type=\"v4u\"/><field name=\"h\" type=\"v8u\"/>")
                .append("<field name=\"b\" type=\"v16u\"/><field name=\"q\" type=\"uint128\"/></union>\n");
        for (int v = 0; v < 32; v++) {
            reg(sb, "v" + v, 128, "vregs", RegisterFile.V0 + v, null);
        }
        reg(sb, "fpsr", 32, "int", RegisterFile.FPSR, null);
        reg(sb, "fpcr", 32, "int", RegisterFile.FPCR, null);
        sb.append("</feature>\n<feature name=\"").append(SYSTEM_FEATURE).append("\">\n");
        for (int i = 0; i < registers.system().size(); i++) {
            reg(sb, registers.system().get(i).name(), 64, "uint64", RegisterFile.COUNT + i, "system");
        }
        return sb.append("</feature>\n</target>\n").toString();
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
