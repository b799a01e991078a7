package visor.cpu;

/** ESR_ELx.EC values (ARM ARM D13.2.37). */
public final class ExceptionClass {
    public static final int UNKNOWN = 0x00;
    public static final int WFX = 0x01;
    public static final int FP_ACCESS = 0x07;
    public static final int ILLEGAL_STATE = 0x0E;
    public static final int SVC64 = 0x15;
    public static final int HVC64 = 0x16;
    public static final int SMC64 = 0x17;
    public static final int SYSREG = 0x18;
    public static final int INSN_ABORT_LOWER = 0x20;
    public static final int INSN_ABORT_SAME = 0x21;
    public static final int PC_ALIGNMENT = 0x22;
    public static final int DATA_ABORT_LOWER = 0x24;
    public static final int DATA_ABORT_SAME = 0x25;
    public static final int SP_ALIGNMENT = 0x26;
    public static final int FP_EXCEPTION64 = 0x2C;
    public static final int SERROR = 0x2F;
    public static final int BRK64 = 0x3C;

    private ExceptionClass() {
    }
}
