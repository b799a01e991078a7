package visor.cpu.a64;

import java.util.List;

/** Scalar floating point (ARM ARM C4.1.6): data processing, compares, conversions, FMOV. */
public final class FloatingPoint {
    private FloatingPoint() {
    }

    public static final List<Row> ROWS = List.of();
}
