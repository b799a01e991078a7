package visor.cli.testing;

import visor.cli.boot.BareMachine;
import visor.cli.boot.BootSpec;
import visor.soc.console.ConsoleChannel;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;

/**
 * A bare machine whose "kernel" is a Java script: it runs on the machine thread, may write to either
 * UART and read input, and {@link #run()} returns after it and a {@link #stop()}.
 */
public final class FakeMachine implements BareMachine {
    public final BootSpec spec;
    public final ConsoleChannel mini = new ConsoleChannel("mini-uart", 1 << 16);
    public final ConsoleChannel pl011 = new ConsoleChannel("pl011", 1 << 16);
    private final Consumer<FakeMachine> kernel;
    private final CountDownLatch stopped = new CountDownLatch(1);
    public final ByteArrayOutputStream miniInput = new ByteArrayOutputStream();
    public final ByteArrayOutputStream pl011Input = new ByteArrayOutputStream();
    public volatile boolean stopCalled;

    public FakeMachine(BootSpec spec, Consumer<FakeMachine> kernel) {
        this.spec = spec;
        this.kernel = kernel;
    }

    public void print(ConsoleChannel uart, String text) {
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            uart.emit(b & 0xFF);
        }
    }

    /** Reads a line typed on {@code uart} (up to CR or LF), polling like a UART driver; null once stopped. */
    public String readLine(ConsoleChannel uart) {
        StringBuilder line = new StringBuilder();
        while (!stopCalled) {
            int b = uart.pollInput();
            if (b < 0) {
                try {
                    Thread.sleep(1);
                } catch (InterruptedException e) {
                    return null;
                }
                continue;
            }
            (uart == mini ? miniInput : pl011Input).write(b);
            if (b == '\r' || b == '\n') {
                return line.toString();
            }
            line.append((char) b);
        }
        return null;
    }

    /** Blocks until stop(). */
    public void idle() {
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public ConsoleChannel miniUart() {
        return mini;
    }

    @Override
    public ConsoleChannel pl011() {
        return pl011;
    }

    @Override
    public void run() {
        kernel.accept(this);
        idle();
    }

    @Override
    public void stop() {
        stopCalled = true;
        stopped.countDown();
    }

    @Override
    public long instructions() {
        return 0;
    }
}
