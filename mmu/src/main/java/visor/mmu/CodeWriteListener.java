package visor.mmu;

/** Told when a write lands on a 64-byte line that holds decoded instructions. */
@FunctionalInterface
public interface CodeWriteListener {
    void codeWritten(int pageNumber);
}
