package visor.cli.console;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * Console over plain streams (stdin a pipe or file). Input is read through one buffer for both modes, so
 * bytes that follow {@code vmc 1} in the same read reach the guest, and bytes after {@code @0} reach the
 * prompt.
 */
public final class PipeConsoleIO implements ConsoleIO {
    private final InputStream in;
    private final PrintStream out;
    private final byte[] buffer = new byte[16384];
    private int pos;
    private int limit;
    private boolean eof;

    public PipeConsoleIO(InputStream in, PrintStream out) {
        this.in = in;
        this.out = out;
    }

    @Override
    public String readLine(String prompt) throws IOException {
        print(prompt);
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        while (true) {
            int b = read();
            if (b < 0) {
                if (line.size() == 0) {
                    return null;
                }
                break;
            }
            if (b == '\n') {
                break;
            }
            line.write(b);
        }
        String text = line.toString(StandardCharsets.UTF_8);
        return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
    }

    @Override
    public void beginPassThrough() {
    }

    @Override
    public void endPassThrough() {
    }

    @Override
    public int read() throws IOException {
        if (pos == limit) {
            if (eof) {
                return -1;
            }
            int n = in.read(buffer);
            if (n < 0) {
                eof = true;
                return -1;
            }
            pos = 0;
            limit = n;
            if (n == 0) {
                return read();
            }
        }
        return buffer[pos++] & 0xFF;
    }

    @Override
    public boolean hasBuffered() {
        return pos < limit;
    }

    @Override
    public void writeGuest(byte[] data, int offset, int length) {
        synchronized (out) {
            out.write(data, offset, length);
            out.flush();
        }
    }

    @Override
    public void print(String text) {
        synchronized (out) {
            out.print(text);
            out.flush();
        }
    }

    @Override
    public void printAsync(String line) {
        print(line);
    }

    @Override
    public void close() {
        out.flush();
    }
}
