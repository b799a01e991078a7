package visor.cli;

/** The exit codes of the contract (design.md section 4). */
public final class ExitCodes {
    public static final int OK = 0;
    /** A failed run, or a headless expectation not met in time. */
    public static final int FAILED = 1;
    /** Bad command line or configuration; nothing was started. */
    public static final int USAGE = 2;

    private ExitCodes() {
    }
}
