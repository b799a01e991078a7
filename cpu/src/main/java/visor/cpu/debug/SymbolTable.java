package visor.cpu.debug;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * A guest image's function and object symbols (from an ELF's .symtab), for naming addresses in traces and
 * in the debugger: {@link #describe(long)} gives {@code name+0xoffset}.
 */
public final class SymbolTable {
    /** A symbol covering [{@code address}, {@code address + size}); size 0 means "up to the next symbol". */
    public record Symbol(String name, long address, long size) {
    }

    public static final SymbolTable EMPTY = new SymbolTable(List.of());

    private final Symbol[] byAddress;

    public SymbolTable(List<Symbol> symbols) {
        byAddress = symbols.toArray(new Symbol[0]);
        Arrays.sort(byAddress, Comparator.comparing(Symbol::address, Long::compareUnsigned)
                .thenComparing(Symbol::name));
    }

    public int size() {
        return byAddress.length;
    }

    public List<Symbol> symbols() {
        return List.of(byAddress);
    }

    /** The symbol named {@code name}, or null. */
    public Symbol lookup(String name) {
        for (Symbol s : byAddress) {
            if (s.name().equals(name)) {
                return s;
            }
        }
        return null;
    }

    /** The symbol containing {@code address} (the nearest one at or below it, within its size if known), or null. */
    public Symbol containing(long address) {
        int lo = 0, hi = byAddress.length - 1, found = -1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (Long.compareUnsigned(byAddress[mid].address(), address) <= 0) {
                found = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        if (found < 0) {
            return null;
        }
        Symbol s = byAddress[found];
        if (s.size() != 0 && Long.compareUnsigned(address - s.address(), s.size()) >= 0) {
            return null;
        }
        return s;
    }

    /** {@code name} or {@code name+0xoffset} for {@code address}, or null when no symbol contains it. */
    public String describe(long address) {
        Symbol s = containing(address);
        if (s == null) {
            return null;
        }
        long offset = address - s.address();
        return offset == 0 ? s.name() : s.name() + "+0x" + Long.toHexString(offset);
    }
}
