package visor.cli.console;

import java.io.IOException;
import java.util.List;

/**
 * The user's side of the console: lines at the hypervisor prompt, bytes in a VM console. Implemented
 * for a terminal (jline) and for a pipe; both read the same input stream in both modes so that nothing
 * typed or piped between a mode switch is lost.
 */
public interface ConsoleIO extends AutoCloseable {
    /**
     * Reads one command line.
     *
     * @return the line without its terminator; {@code ""} when the user cancelled it (Ctrl-C);
     *         null at end of input
     */
    String readLine(String prompt) throws IOException;

    /** Switches to keystroke pass-through: no echo, no line editing, no signals from control keys. */
    void beginPassThrough();

    void endPassThrough();

    /** Next input byte in pass-through mode, blocking; -1 at end of input. */
    int read() throws IOException;

    /** Whether {@link #read()} would return without blocking; lets callers batch a paste. */
    boolean hasBuffered();

    /** Guest output, passed through unchanged; may be called from any thread. */
    void writeGuest(byte[] data, int offset, int length);

    /** Text from the console itself, written by the console thread. */
    void print(String text);

    /** A complete line (with its terminator) from another thread, such as a log line; kept off the edited line. */
    void printAsync(String line);

    /**
     * Offers completion at the prompt: given the words of the line and the index of the word being
     * completed, the candidates. Only a terminal uses it.
     */
    default void setCompletion(java.util.function.BiFunction<List<String>, Integer, List<String>> candidates) {
    }

    @Override
    void close();
}
