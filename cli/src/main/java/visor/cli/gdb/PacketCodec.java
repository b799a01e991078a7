package visor.cli.gdb;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * GDB remote serial protocol framing (gdb manual, "Overview" of the remote protocol): a packet is
 * {@code $payload#cc}, cc the modulo-256 sum of the payload bytes as two hex digits; the receiver answers
 * {@code +} (ack) or {@code -} (resend). Inside a payload {@code $ # } *} are sent as {@code }} followed by
 * the byte XOR 0x20. A lone 0x03 byte outside a packet is the interrupt (Ctrl-C).
 */
public final class PacketCodec {
    /** The interrupt request gdb sends outside a packet when the user presses Ctrl-C. */
    public static final int INTERRUPT = 0x03;
    /** Largest payload we accept and advertise (qSupported PacketSize, in hex there). */
    public static final int MAX_PAYLOAD = 0x4000;

    private final InputStream in;
    private final OutputStream out;
    /** After QStartNoAckMode: packets are neither acknowledged nor asked again. */
    private volatile boolean noAck;

    public PacketCodec(InputStream in, OutputStream out) {
        this.in = in;
        this.out = out;
    }

    /** Stops sending {@code +}/{@code -} (the reply to QStartNoAckMode is the last acknowledged exchange). */
    public void setNoAck() {
        noAck = true;
    }

    /** What {@link #read()} found next on the wire. */
    public sealed interface Frame permits Packet, Interrupt, Closed {
    }

    /** A packet with a good checksum (already acknowledged), its payload unescaped. */
    public record Packet(byte[] payload) implements Frame {
        public String text() {
            return new String(payload, StandardCharsets.ISO_8859_1);
        }
    }

    public enum Interrupt implements Frame { INSTANCE }

    public enum Closed implements Frame { INSTANCE }

    /**
     * Reads the next packet or interrupt, acknowledging good packets with {@code +} and asking for bad
     * ones again with {@code -}; stray acks and noise between packets are skipped.
     */
    public Frame read() throws IOException {
        while (true) {
            int b = in.read();
            if (b < 0) {
                return Closed.INSTANCE;
            }
            if (b == INTERRUPT) {
                return Interrupt.INSTANCE;
            }
            if (b != '$') {
                continue;
            }
            ByteArrayOutputStream payload = new ByteArrayOutputStream();
            int sum = 0;
            boolean escaped = false;
            boolean tooLong = false;
            while (true) {
                b = in.read();
                if (b < 0) {
                    return Closed.INSTANCE;
                }
                if (b == '#' && !escaped) {
                    break;
                }
                sum += b;
                if (escaped) {
                    payload.write(b ^ 0x20);
                    escaped = false;
                } else if (b == '}') {
                    escaped = true;
                } else {
                    payload.write(b);
                }
                tooLong |= payload.size() > MAX_PAYLOAD;
            }
            int hi = Character.digit(in.read(), 16);
            int lo = Character.digit(in.read(), 16);
            if (noAck) {
                if (tooLong) {
                    continue;
                }
                return new Packet(payload.toByteArray());
            }
            if (hi < 0 || lo < 0 || ((hi << 4) | lo) != (sum & 0xFF) || tooLong) {
                ack('-');
                continue;
            }
            ack('+');
            return new Packet(payload.toByteArray());
        }
    }

    private synchronized void ack(int c) throws IOException {
        out.write(c);
        out.flush();
    }

    /** Sends {@code payload} framed, escaped and checksummed (the reply's ack is read as noise by {@link #read}). */
    public synchronized void write(String payload) throws IOException {
        out.write(frame(payload.getBytes(StandardCharsets.ISO_8859_1)));
        out.flush();
    }

    /** {@code $payload#cc} with the protocol's escapes applied. */
    public static byte[] frame(byte[] payload) {
        ByteArrayOutputStream f = new ByteArrayOutputStream(payload.length + 4);
        f.write('$');
        int sum = 0;
        for (byte p : payload) {
            int b = p & 0xFF;
            if (b == '$' || b == '#' || b == '}' || b == '*') {
                f.write('}');
                f.write(b ^ 0x20);
                sum += '}' + (b ^ 0x20);
            } else {
                f.write(b);
                sum += b;
            }
        }
        f.write('#');
        f.write(Character.forDigit((sum >> 4) & 0xF, 16));
        f.write(Character.forDigit(sum & 0xF, 16));
        return f.toByteArray();
    }
}
