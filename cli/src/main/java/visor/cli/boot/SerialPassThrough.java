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
 * On a terminal, keystrokes pass raw and Ctrl-A is the escape, as in QEMU's {@code -nographic}: x quits,
 * c switches between the console and the {@link BootMonitor}, h lists the escapes, Ctrl-A types Ctrl-A.
 * From a pipe, bytes pass unchanged; end of input waits for the guest to read what was queued and for its
 * output to go quiet, then ends the run.
 */
public final class SerialPassThrough {
    public static final int CTRL_A = 0x01;
    /** Ctrl-A h, and the end of the monitor's help. */
    public static final String ESCAPE_HELP = "Ctrl-A h    print this help\nCtrl-A x    exit visor\n"
            + "Ctrl-A c    switch between the console and the monitor\nCtrl-A C-a  type Ctrl-A\n";

    private final Environment env;
    private final ConsoleChannel input;
    private final LongSupplier outputCount;
    private final Supplier<String> ended;
    private final CountDownLatch quit = new CountDownLatch(1);
    private BootMonitor monitor;
    private java.io.PrintStream screen;

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

    /**
     * Offers {@code monitor} on Ctrl-A c (terminal only), its output and the escape help written to
     * {@code screen} with the guest's output.
     */
    public SerialPassThrough withMonitor(BootMonitor monitor, java.io.PrintStream screen) {
        this.monitor = monitor;
        this.screen = screen;
        return this;
    }

    /** Ends {@link #run()} (the monitor's quit). Thread-safe. */
    public void quit() {
        quit.countDown();
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
            StringBuilder line = new StringBuilder();
            while (quit.getCount() > 0) {
                int c = terminal.reader().read();
                if (c < 0) {
                    break;
                }
                if (escape) {
                    escape = false;
                    if (c == 'x' || c == 'X') {
                        break;
                    }
                    if ((c == 'c' || c == 'C') && monitor != null) {
                        synchronized (screen) {
                            inMonitor = !inMonitor;
                            line.setLength(0);
                            typed = "";
                            show(inMonitor ? "\n" + monitor.banner() + BootMonitor.PROMPT : "\n");
                            if (!inMonitor) {
                                releaseHeld();
                            }
                        }
                        continue;
                    }
                    if ((c == 'h' || c == 'H') && screen != null) {
                        show("\n" + ESCAPE_HELP + (inMonitor ? BootMonitor.PROMPT + line : ""));
                        continue;
                    }
                    if (c != CTRL_A && !inMonitor) {
                        input.type(new byte[] {CTRL_A});
                    }
                } else if (c == CTRL_A) {
                    escape = true;
                    continue;
                }
                if (inMonitor) {
                    monitorKey(c, line);
                } else {
                    input.type(String.valueOf((char) c).getBytes(StandardCharsets.UTF_8));
                }
            }
        } catch (IOException e) {
            // The terminal went away: same as quitting.
        } finally {
            quit.countDown();
        }
    }

    /** Inside a terminal's escape sequence (cursor and function keys), which the monitor's line ignores. */
    private boolean inSequence;
    /** The monitor has the keyboard; {@link #typed} is its line so far. */
    private volatile boolean inMonitor;
    private volatile String typed = "";
    /** A monitor command is running: its prompt follows when it returns. Guarded by {@code screen}. */
    private boolean executing;

    /** Line editing in the monitor: echo, backspace, Enter runs the line; cursor and function keys are ignored. */
    private void monitorKey(int c, StringBuilder line) {
        if (inSequence) {
            // ECMA-48: ESC [ parameters, then a final byte 0x40-0x7E; ESC O x for SS3 keys.
            inSequence = c == '[' || c == 'O' || c < 0x40 || c > 0x7E;
            return;
        }
        if (c == 0x1b) {
            inSequence = true;
        } else if (c == '\r' || c == '\n') {
            show("\n");
            String command = line.toString();
            line.setLength(0);
            typed = "";
            synchronized (screen) {
                executing = true;
                releaseHeld();
            }
            monitor.execute(command);
            synchronized (screen) {
                executing = false;
                if (quit.getCount() > 0) {
                    show(BootMonitor.PROMPT);
                }
            }
        } else if (c == 0x7f || c == 0x08) {
            // The line and its echo change together: guestOutput redraws the line from typed.
            synchronized (screen) {
                if (line.length() > 0) {
                    line.setLength(line.length() - 1);
                    typed = line.toString();
                    show("\b \b");
                }
            }
        } else if (c >= 0x20) {
            synchronized (screen) {
                line.append((char) c);
                typed = line.toString();
                show(String.valueOf((char) c));
            }
        }
    }

    /**
     * Text from another thread (a breakpoint hit): shown, and then the monitor's prompt and the line typed
     * so far again if the monitor is open and waiting for a command, so the prompt stays the last line.
     */
    public void announce(String text) {
        synchronized (screen) {
            show(text + (inMonitor && !executing ? BootMonitor.PROMPT + typed : ""));
        }
    }

    /** The guest's unfinished line while the monitor waits for a command (see {@link #guestOutput}). */
    private final java.io.ByteArrayOutputStream held = new java.io.ByteArrayOutputStream();
    /** A guest line longer than this is shown above the prompt unfinished. */
    private static final int HELD_LINE_LIMIT = 4096;

    /**
     * The guest's output on the terminal. While the monitor waits for a command its prompt stays the last
     * line: the guest's complete lines are written above it (prompt line erased, then drawn again with what
     * was typed so far) and an unfinished line waits for its end, or for the monitor to close or run a command.
     */
    public void guestOutput(byte[] data, int offset, int length) {
        if (screen == null) {
            return;
        }
        synchronized (screen) {
            if (!inMonitor || executing) {
                screen.write(data, offset, length);
                screen.flush();
                return;
            }
            held.write(data, offset, length);
            byte[] pending = held.toByteArray();
            int end = pending.length;
            while (end > 0 && pending[end - 1] != '\n') {
                end--;
            }
            if (end == 0 && pending.length < HELD_LINE_LIMIT) {
                return;
            }
            if (end == 0) {
                end = pending.length;
            }
            screen.print("\r\033[K");
            screen.write(pending, 0, end);
            if (pending[end - 1] != '\n') {
                screen.print("\r\n");
            }
            screen.print(BootMonitor.PROMPT + typed);
            screen.flush();
            held.reset();
            held.write(pending, end, pending.length - end);
        }
    }

    /** Writes the guest's unfinished line held for the monitor. Guarded by {@code screen}. */
    private void releaseHeld() {
        if (held.size() > 0) {
            screen.write(held.toByteArray(), 0, held.size());
            screen.flush();
            held.reset();
        }
    }

    /** Monitor text on the terminal, between the guest's writes (raw mode: CR LF line ends). */
    public void show(String text) {
        synchronized (screen) {
            screen.print(text.replace("\n", "\r\n"));
            screen.flush();
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
