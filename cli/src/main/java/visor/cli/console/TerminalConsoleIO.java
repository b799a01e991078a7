package visor.cli.console;

import org.jline.keymap.KeyMap;
import org.jline.reader.Candidate;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.Reference;
import org.jline.reader.UserInterruptException;
import org.jline.terminal.Attributes;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.BiFunction;

/** Console on a real terminal: jline line editing and history at the prompt, raw keystrokes in a VM console. */
public final class TerminalConsoleIO implements ConsoleIO {
    private static final String INTERRUPT_WIDGET = "visor-interrupt";

    private final Terminal terminal;
    private final LineReader reader;
    private Attributes saved;
    private final byte[] pending = new byte[4];
    private int pendingPos;
    private int pendingLimit;

    private volatile BiFunction<List<String>, Integer, List<String>> completion = (words, index) -> List.of();

    public TerminalConsoleIO() throws IOException {
        // Signals are ignored, so a stray Ctrl-C never takes the running VMs down with the JVM.
        this.terminal = TerminalBuilder.builder().system(true).signalHandler(Terminal.SignalHandler.SIG_IGN).build();
        // Ctrl-C arrives as a byte, not as SIGINT: a signal reaches the reading thread asynchronously (jline
        // interrupts it from the JVM's signal thread), so under load it could land on a later line and
        // discard what the user typed after it, and the tty driver flushes typed-ahead input on ISIG.
        Attributes attributes = terminal.getAttributes();
        attributes.setLocalFlag(Attributes.LocalFlag.ISIG, false);
        terminal.setAttributes(attributes);
        this.reader = LineReaderBuilder.builder()
                .terminal(terminal)
                .appName("visor")
                .completer((r, line, candidates) -> completion.apply(line.words(), line.wordIndex())
                        .forEach(c -> candidates.add(new Candidate(c))))
                .build();
        reader.getWidgets().put(INTERRUPT_WIDGET, () -> {
            throw new UserInterruptException(reader.getBuffer().toString());
        });
        for (String keyMap : List.of(LineReader.EMACS, LineReader.VIINS, LineReader.VICMD)) {
            reader.getKeyMaps().get(keyMap).bind(new Reference(INTERRUPT_WIDGET), KeyMap.ctrl('C'));
        }
    }

    @Override
    public void setCompletion(BiFunction<List<String>, Integer, List<String>> candidates) {
        this.completion = candidates;
    }

    @Override
    public String readLine(String prompt) {
        try {
            return reader.readLine(prompt);
        } catch (UserInterruptException e) {
            return "";
        } catch (EndOfFileException e) {
            return null;
        }
    }

    @Override
    public void beginPassThrough() {
        saved = terminal.enterRawMode();
        Attributes raw = terminal.getAttributes();
        // enterRawMode keeps ISIG and polls with VTIME; a serial console wants Ctrl-C/Ctrl-Z as bytes for
        // the guest and a plain blocking read.
        raw.setLocalFlag(Attributes.LocalFlag.ISIG, false);
        raw.setControlChar(Attributes.ControlChar.VMIN, 1);
        raw.setControlChar(Attributes.ControlChar.VTIME, 0);
        terminal.setAttributes(raw);
        terminal.flush();
    }

    @Override
    public void endPassThrough() {
        if (saved != null) {
            terminal.setAttributes(saved);
            saved = null;
        }
    }

    @Override
    public int read() throws IOException {
        if (pendingPos < pendingLimit) {
            return pending[pendingPos++] & 0xFF;
        }
        // The reader, not terminal.input(), because the line reader may already hold read-ahead characters.
        int c = terminal.reader().read();
        if (c < 0) {
            return -1;
        }
        String s;
        if (Character.isHighSurrogate((char) c)) {
            int low = terminal.reader().read();
            s = low < 0 ? "?" : new String(new char[] {(char) c, (char) low});
        } else {
            s = String.valueOf((char) c);
        }
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        System.arraycopy(bytes, 0, pending, 0, bytes.length);
        pendingPos = 1;
        pendingLimit = bytes.length;
        return bytes[0] & 0xFF;
    }

    @Override
    public boolean hasBuffered() {
        return pendingPos < pendingLimit;
    }

    @Override
    public void writeGuest(byte[] data, int offset, int length) {
        try {
            synchronized (terminal) {
                terminal.output().write(data, offset, length);
                terminal.output().flush();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void print(String text) {
        synchronized (terminal) {
            terminal.writer().print(text);
            terminal.writer().flush();
        }
    }

    @Override
    public void printAsync(String line) {
        reader.printAbove(line.endsWith("\n") ? line.substring(0, line.length() - 1) : line);
    }

    @Override
    public void close() {
        endPassThrough();
        try {
            terminal.close();
        } catch (IOException e) {
            // Nothing useful to do about a terminal that fails to restore while exiting.
        }
    }
}
