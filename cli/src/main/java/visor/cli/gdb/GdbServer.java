package visor.cli.gdb;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A TCP listener for gdb's {@code target remote HOST:PORT}: one connection at a time (a second one waits
 * in the backlog until the first ends), each served by a {@link GdbSession} on this server's thread. When gdb
 * detaches or disconnects the target runs on and the server waits for the next connection.
 */
public final class GdbServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(GdbServer.class);

    /** Where to listen: QEMU's {@code -gdb tcp::PORT} / {@code tcp:HOST:PORT} spellings, or a bare port. */
    public record Address(String host, int port) {
        /**
         * @throws IllegalArgumentException saying what a good spelling is
         */
        public static Address parse(String spec) {
            String s = spec.startsWith("tcp:") ? spec.substring(4) : spec;
            int colon = s.lastIndexOf(':');
            String host = colon < 0 ? "" : s.substring(0, colon);
            String port = colon < 0 ? s : s.substring(colon + 1);
            int n;
            try {
                n = Integer.parseInt(port);
            } catch (NumberFormatException e) {
                n = -1;
            }
            if (n < 0 || n > 65535 || (!spec.startsWith("tcp:") && colon >= 0 && !host.isEmpty())) {
                throw new IllegalArgumentException("'" + spec + "' is not tcp::PORT, tcp:HOST:PORT or PORT (0-65535)");
            }
            return new Address(host, n);
        }

        /** QEMU's spelling of this address. */
        @Override
        public String toString() {
            return "tcp:" + host + ":" + port;
        }
    }

    private final GdbTarget target;
    private final ServerSocket socket;
    private final Thread thread;
    private volatile boolean closed;

    /**
     * Binds {@code address} (an empty host is the loopback interface: the stub can read and write all guest
     * memory, so it is not offered to the network unless a host is named) and starts accepting.
     *
     * @throws IOException if the port cannot be bound
     */
    public GdbServer(GdbTarget target, Address address) throws IOException {
        this.target = target;
        InetAddress host = address.host().isEmpty() ? InetAddress.getLoopbackAddress() : InetAddress.getByName(address.host());
        socket = new ServerSocket();
        socket.setReuseAddress(true);
        socket.bind(new InetSocketAddress(host, address.port()));
        thread = new Thread(this::serve, "gdb " + port());
        thread.setDaemon(true);
        thread.start();
    }

    /** The bound port (the chosen one when the address said 0). */
    public int port() {
        return socket.getLocalPort();
    }

    /** The line that tells the user how to connect. */
    public void announce(PrintStream out, String what) {
        out.println("visor: gdb server for " + what + " on tcp::" + port() + " (gdb: target remote localhost:" + port() + ")");
        out.flush();
    }

    private void serve() {
        while (!closed) {
            try (Socket client = socket.accept()) {
                client.setTcpNoDelay(true);
                log.info("gdb connected from {} to {}", client.getRemoteSocketAddress(), target.name());
                PacketCodec codec = new PacketCodec(new BufferedInputStream(client.getInputStream()),
                        new BufferedOutputStream(client.getOutputStream()));
                new GdbSession(target, codec).run();
                log.info("gdb disconnected from {}", target.name());
            } catch (IOException | RuntimeException e) {
                if (!closed) {
                    log.warn("gdb session on port {} ended: {}", port(), e.toString());
                }
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        target.close();
        try {
            socket.close();
        } catch (IOException e) {
            // closing anyway
        }
    }
}
