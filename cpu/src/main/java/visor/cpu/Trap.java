package visor.cpu;

/**
 * Unwinds the current instruction after it took an exception. The architectural state is already
 * updated (ELR, SPSR, ESR, PC at the vector) when this is thrown; the run loop catches it and goes on.
 * One shared instance, no stack trace: taking a guest exception allocates nothing.
 */
public final class Trap extends RuntimeException {
    public static final Trap INSTANCE = new Trap();

    private Trap() {
        super("guest exception", null, false, false);
    }
}
