package visor.cpu.a64;

import java.util.List;

/** Data processing -- immediate (ARM ARM C4.1.2): add/sub, logical, move wide, bitfield, extract, PC-relative addressing. */
public final class DataProcessingImmediate {
    private DataProcessingImmediate() {
    }

    public static final List<Row> ROWS = List.of();
}
