package visor.cpu.a64;

import java.util.List;

/** Exception generation and system instructions (ARM ARM C4.1.3): SVC/HVC/SMC/BRK/HLT, ERET, hints, barriers, MSR/MRS, SYS/SYSL. */
public final class ExceptionsAndSystem {
    private ExceptionsAndSystem() {
    }

    public static final List<Row> ROWS = List.of();
}
