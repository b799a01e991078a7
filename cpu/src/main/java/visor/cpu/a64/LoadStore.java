package visor.cpu.a64;

import java.util.List;

/** Loads and stores (ARM ARM C4.1.4): every addressing form, pairs, exclusives, acquire/release, unprivileged, PRFM, SIMD&FP registers and structures. */
public final class LoadStore {
    private LoadStore() {
    }

    public static final List<Row> ROWS = List.of();
}
