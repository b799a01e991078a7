package visor.cli.headless;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class EscapesTest {
    @Test
    void decodesTheFourEscapes() {
        assertEquals("a\r\nb\tc\\d", Escapes.decode("a\\r\\nb\\tc\\\\d"));
        assertEquals("plain", Escapes.decode("plain"));
    }

    @Test
    void rejectsOthers() {
        assertThrows(IllegalArgumentException.class, () -> Escapes.decode("\\x41"));
        assertThrows(IllegalArgumentException.class, () -> Escapes.decode("end\\"));
    }
}
