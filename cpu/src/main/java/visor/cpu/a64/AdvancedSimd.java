package visor.cpu.a64;

import java.util.List;

/** Advanced SIMD data processing (ARM ARM C4.1.6). */
public final class AdvancedSimd {
    private AdvancedSimd() {
    }

    public static final List<Row> ROWS = List.of();
}
