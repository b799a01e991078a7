package visor.cli.bench;

/** A benchmark run that did not complete: the guest did not finish in time, or the emulator failed. */
public final class BenchFailure extends Exception {
    public BenchFailure(String message) {
        super(message);
    }
}
