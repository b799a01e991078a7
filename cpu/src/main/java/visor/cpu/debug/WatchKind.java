package visor.cpu.debug;

/** Which data accesses a watchpoint reports (GDB's Z2 write, Z3 read, Z4 access). */
public enum WatchKind {
    WRITE,
    READ,
    ACCESS;

    /** True if an access that writes ({@code write}) or reads triggers this kind. */
    public boolean matches(boolean write) {
        return this == ACCESS || (this == WRITE) == write;
    }
}
