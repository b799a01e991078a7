package visor.cli.testing;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.BooleanSupplier;

/**
 * Stdin that delivers {@code first}, then waits (up to 5 s) for a condition before delivering
 * {@code rest}: lets a test stay in a VM console until the guest has answered.
 */
public final class GatedInput extends InputStream {
    private final byte[] first;
    private final BooleanSupplier gate;
    private final byte[] rest;
    private int pos;

    public GatedInput(String first, BooleanSupplier gate, String rest) {
        this.first = first.getBytes(StandardCharsets.UTF_8);
        this.gate = gate;
        this.rest = rest.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public int read() {
        if (pos < first.length) {
            return first[pos++] & 0xFF;
        }
        if (pos == first.length) {
            long deadline = System.currentTimeMillis() + 5000;
            while (!gate.getAsBoolean() && System.currentTimeMillis() < deadline) {
                try {
                    Thread.sleep(2);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        int i = pos++ - first.length;
        return i < rest.length ? rest[i] & 0xFF : -1;
    }

    @Override
    public int read(byte[] b, int off, int len) {
        int c = read();
        if (c < 0) {
            return -1;
        }
        b[off] = (byte) c;
        return 1;
    }
}
