package visor.cpu.a64;

import java.util.List;

/** Data processing -- register (ARM ARM C4.1.5): shifted/extended add/sub, logical, with carry, conditional compare/select, 1- and 2-source, 3-source multiply, CRC32. */
public final class DataProcessingRegister {
    private DataProcessingRegister() {
    }

    public static final List<Row> ROWS = List.of();
}
