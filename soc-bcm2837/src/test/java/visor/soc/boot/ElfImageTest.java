package visor.soc.boot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import visor.cpu.debug.SymbolTable;

/** ELF images, on the committed echo guest's ELF (built with its .bin by scripts/build-guests.sh). */
class ElfImageTest {
    private static final Path ELF = Path.of("../guests/echo/echo.elf");
    private static final Path BIN = Path.of("../guests/echo/echo.bin");

    @Test
    void echoElfLoadsWhatObjcopyPutsInTheRawImage() throws IOException {
        ElfImage elf = ElfImage.parse(Files.readAllBytes(ELF));
        byte[] bin = Files.readAllBytes(BIN);
        assertEquals(0, elf.entry(), "pic.ld links the guest at 0 with _start first");
        ElfImage.Segment text = elf.segments().get(0);
        assertEquals(0, text.address());
        assertArrayEquals(bin, Arrays.copyOf(text.bytes(), bin.length), "objcopy -O binary writes the same bytes");
    }

    @Test
    void symbolsNameAddressesWithOffsets() throws IOException {
        SymbolTable symbols = ElfImage.parse(Files.readAllBytes(ELF)).symbols();
        SymbolTable.Symbol puts = symbols.lookup("uart_puts");
        assertTrue(puts != null && puts.size() > 4, "uart_puts is a FUNC symbol with a size");
        assertEquals("uart_puts", symbols.describe(puts.address()));
        assertEquals("uart_puts+0x4", symbols.describe(puts.address() + 4));
    }

    @Test
    void otherMachinesAndElf32AreRefusedByName() throws IOException {
        byte[] x86 = Files.readAllBytes(ELF);
        x86[18] = 62;
        x86[19] = 0;
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ElfImage.parse(x86));
        assertEquals("ELF for machine 62 (x86-64), not AArch64 (183)", e.getMessage());
        byte[] elf32 = Files.readAllBytes(ELF);
        elf32[4] = 1;
        e = assertThrows(IllegalArgumentException.class, () -> ElfImage.parse(elf32));
        assertEquals("ELF32 image: the machine runs AArch64 (ELF64) only", e.getMessage());
    }

    @Test
    void truncatedSegmentIsRefused() throws IOException {
        byte[] whole = Files.readAllBytes(ELF);
        byte[] cut = Arrays.copyOf(whole, 0x10100);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ElfImage.parse(cut));
        assertTrue(e.getMessage().contains("outside the file"), e.getMessage());
    }
}
