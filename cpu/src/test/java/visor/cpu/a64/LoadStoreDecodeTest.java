package visor.cpu.a64;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The load/store decode rows: unambiguous and each reachable through the decoder. */
class LoadStoreDecodeTest {
    private static List<Row> rows() {
        List<Row> all = new ArrayList<>();
        all.addAll(LoadStore.ROWS);
        all.addAll(LoadStoreExclusive.ROWS);
        all.addAll(LoadStoreSimd.ROWS);
        all.addAll(LoadStoreStructures.ROWS);
        return all;
    }

    @Test
    void noTwoRowsOfEqualSpecificityOverlap() {
        List<Row> all = rows();
        List<String> clashes = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            for (int j = i + 1; j < all.size(); j++) {
                Row a = all.get(i), b = all.get(j);
                int common = a.mask() & b.mask();
                if ((a.value() & common) == (b.value() & common) && a.fixedBits() == b.fixedBits()) {
                    clashes.add(a.name() + " / " + b.name());
                }
            }
        }
        assertEquals(List.of(), clashes);
    }

    @Test
    void everyRowDecodesItsOwnEncoding() {
        for (Row r : rows()) {
            assertSame(r, A64Decoder.row(r.value()), r.name());
        }
    }

    @Test
    void rowCount() {
        // 13 single-register variants x 6 forms, 4 literal, 3 PRFM, 19 pairs; 22 exclusive/ordered;
        // 21 SIMD&FP register; 14 multiple + 24 single-lane + 4 replicate structure rows.
        assertEquals(78 + 4 + 3 + 19, LoadStore.ROWS.size());
        assertEquals(22, LoadStoreExclusive.ROWS.size());
        assertEquals(21, LoadStoreSimd.ROWS.size());
        assertEquals(42, LoadStoreStructures.ROWS.size());
    }
}
