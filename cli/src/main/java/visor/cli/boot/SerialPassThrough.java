package visor.cli.boot;

import org.jline.terminal.Attributes;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import visor.cli.Environment;
import visor.cli.console.InputDrain;
import visor.soc.console.ConsoleChannel;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Feeds stdin to a UART for {@code boot} until the user quits, input ends or the machine stops by itself.
 * On a terminal, keystrokes pass raw and Ctrl-A is the escape (x quits, Ctrl-A types Ctrl-A), as in
 * QEMU's {@code -nographic}. From a pipe, end of input waits for the guest to read what was queued and
 * for its output to go quiet, then ends the run.
 */
public final class SerialPassThrough {
    public static final int CTRL_A = 0x01;

    private final Environment env;
    private final ConsoleChannel input;
    private final LongSupplier outputCount;
    private final Supplier<String> ended;
    private final CountDownLatch quit = new CountDownLatch(1);

    /**
     * @param outputCount bytes the guest has written so far on any UART, to tell when it has gone quiet
     * @param ended non-null once the machine stopped by itself
     */
    public SerialPassThrough(Environment env, ConsoleChannel input, LongSupplier outputCount, Supplier<String> ended) {
        this.env = env;
        this.input = input;
        this.outputCount = outputCount;
        this.ended = ended;
    }

    /** Blocks until the run should end. */
    public void run() throws IOException, InterruptedException {
        Terminal terminal = env.terminal() ? TerminalBuilder.builder().system(true).build() : null;
        Attributes saved = null;
        if (terminal != null) {
            saved = terminal.enterRawMode();
            Attributes raw = terminal.getAttributes();
            raw.setLocalFlag(Attributes.LocalFlag.ISIG, false);
            raw.setControlChar(Attributes.ControlChar.VMIN, 1);
            raw.setControlChar(Attributes.ControlChar.VTIME, 0);
            terminal.setAttributes(raw);
        }
        // stdin reads cannot be interrupted, so they run on a daemon thread that may be left blocked.
        Thread pump = new Thread(terminal != null ? () -> fromTerminal(terminal) : this::fromPipe, "stdin");
        pump.setDaemon(true);
        pump.start();
        try {
            while (!quit.await(50, TimeUnit.MILLISECONDS)) {
                if (ended.get() != null) {
                    break;
                }
            }
        } finally {
            if (terminal != null) {
                terminal.setAttributes(saved);
                terminal.close();
            }
        }
    }

    private void fromTerminal(Terminal terminal) {
        try {
            boolean escape = false;
            while (true) {
                int c = terminal.reader().read();
                if (c < 0) {
                    break;
                }
                if (escape) {
                    escape = false;
                    if (c == 'x' || c == 'X') {
                        break;
                    }
                    if (c != CTRL_A) {
                        input.type(new byte[] {CTRL_A});
                    }
                } else if (c == CTRL_A) {
                    escape = true;
                    continue;
                }
                input.type(String.valueOf((char) c).getBytes(StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            // The terminal went away: same as quitting.
        } finally {
            quit.countDown();
        }
    }

    private void fromPipe() {
        try {
            InputStream in = env.in();
            byte[] buffer = new byte[16384];
            int n;
            while ((n = in.read(buffer)) >= 0) {
                if (n > 0) {
                    input.type(buffer, 0, n);
                }
            }
            settle();
        } catch (IOException e) {
            // Unreadable stdin ends the run like end of input.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            quit.countDown();
        }
    }

    /** Waits, within drainOnEof, until the guest read its input and its output paused. */
    private void settle() throws InterruptedException {
        InputDrain.await(input, outputCount, env.drainOnEof());
    }
}
