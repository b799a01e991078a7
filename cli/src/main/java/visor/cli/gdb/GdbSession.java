package visor.cli.gdb;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import visor.cli.monitor.DebugMemory;
import visor.cpu.Cpu;
import visor.cpu.debug.DebugStop;
import visor.cpu.debug.Debugger;
import visor.cpu.debug.WatchKind;

/**
 * One gdb connection: the remote serial protocol's packets (gdb manual, "Packets", "General Query
 * Packets", "Stop Reply Packets") answered against a {@link GdbTarget}, in all-stop mode as QEMU's
 * gdbstub: connecting stops the target, {@code c}/{@code s}/{@code vCont} resume it and the next stop
 * (or Ctrl-C) is reported with a {@code T} packet.
 */
final class GdbSession {
    /** Signals in stop replies: SIGTRAP for debug events, SIGINT for an interrupt (gdb's numbering). */
    private static final String SIGTRAP = "05", SIGINT = "02";

    private final GdbTarget target;
    private final PacketCodec codec;
    private final RegisterFile registers;
    private final String targetXml;
    /** True between a resume and the stop reply that ends it. */
    private final AtomicBoolean running = new AtomicBoolean();
    /** Z0 and Z1 addresses, so a stop there names the kind gdb asked for (swbreak/hwbreak). */
    private final Set<Long> softwareBreaks = new HashSet<>(), hardwareBreaks = new HashSet<>();
    private boolean stopReasons;
    private boolean physicalMemory;
    /** Hg: the thread g/p/m/M act on; Hc: the thread c/s act on (-1 all). Numbered from 0. */
    private volatile int gThread;
    private int cThread = -1;
    private String lastStop;
    private boolean killed;
    private boolean detached;
    /** The stop that connecting makes; done before any packet reaches the target. */
    private java.util.concurrent.FutureTask<Void> halted;

    GdbSession(GdbTarget target, PacketCodec codec) {
        this.target = target;
        this.codec = codec;
        this.registers = new RegisterFile(target.guest() ? RegisterFile.EL1
                : java.util.stream.Stream.concat(RegisterFile.EL1.stream(), RegisterFile.EL2.stream()).toList());
        this.targetXml = TargetDescription.xml(registers);
    }

    /** Serves the connection until gdb detaches, kills or goes away. */
    void run() throws IOException {
        // Connecting stops the target, but gdb's first packets (qSupported, ...) need no target and gdb
        // resends what is not answered within its 2 s: the halt runs aside, and every packet that touches
        // the target waits for it first.
        halted = new java.util.concurrent.FutureTask<>(() -> target.onTarget(() -> {
            target.onStop(this::stopped);
            target.halt();
            return null;
        }));
        Thread halter = new Thread(halted, "gdb halt");
        halter.setDaemon(true);
        halter.start();
        lastStop = "T" + SIGTRAP + thread(0);
        try {
            while (true) {
                PacketCodec.Frame frame = codec.read();
                if (frame instanceof PacketCodec.Closed) {
                    return;
                }
                if (frame instanceof PacketCodec.Interrupt) {
                    interrupt();
                    continue;
                }
                String reply = handle(((PacketCodec.Packet) frame).text());
                if (reply != null) {
                    codec.write(reply);
                }
                if (killed || detached) {
                    return;
                }
            }
        } finally {
            onTarget(() -> {
                target.onStop(null);
                if (!killed) {
                    target.detach();
                }
                return null;
            });
        }
    }

    /** Machine thread: thread {@code t}'s debugger stopped the target. */
    private void stopped(int t) {
        String reply = stopReply(t);
        if (running.compareAndSet(true, false)) {
            lastStop = reply;
            gThread = t;
            try {
                codec.write(reply);
            } catch (IOException e) {
                // gdb went away; the reader sees the connection closed
            }
        }
    }

    private void interrupt() throws IOException {
        if (!running.get()) {
            return;
        }
        int t = onTarget(() -> {
            target.halt();
            return gThread;
        });
        if (running.compareAndSet(true, false)) {
            lastStop = "T" + SIGINT + thread(t);
            codec.write(lastStop);
        }
    }

    private String stopReply(int t) {
        DebugStop stop = target.debugger(t).lastStop();
        if (stop == null) {
            return "T" + SIGTRAP + thread(t);
        }
        return switch (stop.kind()) {
            case BREAKPOINT -> "T" + SIGTRAP + (!stopReasons ? "" : hardwareBreaks.contains(stop.pc()) ? "hwbreak:;"
                    : softwareBreaks.contains(stop.pc()) ? "swbreak:;" : "") + thread(t);
            case WATCHPOINT -> "T" + SIGTRAP + switch (stop.watch().kind()) {
                case WRITE -> "watch";
                case READ -> "rwatch";
                case ACCESS -> "awatch";
            } + ":" + Long.toHexString(stop.dataAddress()) + ";" + thread(t);
            case STEP -> "T" + SIGTRAP + thread(t);
            case HALT -> "T" + SIGINT + thread(t);
        };
    }

    private static String thread(int t) {
        return "thread:" + Integer.toHexString(t + 1) + ";";
    }

    /** The reply to one packet, or null when there is none yet (resume: the stop reply comes later). */
    String handle(String p) {
        if (p.isEmpty()) {
            return "";
        }
        try {
            return switch (p.charAt(0)) {
                case '?' -> lastStop;
                case 'g' -> onTarget(() -> RegisterFile.readAll(cpu()));
                case 'G' -> onTarget(() -> RegisterFile.writeAll(cpu(), p.substring(1)) ? "OK" : "E01");
                case 'p' -> readRegister(Integer.parseInt(p.substring(1), 16));
                case 'P' -> writeRegister(p.substring(1));
                case 'm' -> readMemory(p.substring(1));
                case 'M' -> writeMemory(p.substring(1));
                case 'c', 'C' -> resumeAt(p, -1);
                case 's', 'S' -> resumeAt(p, cThread >= 0 ? cThread : gThread);
                case 'H' -> selectThread(p);
                case 'T' -> alive(parseThread(p.substring(1))) ? "OK" : "E01";
                case 'Z', 'z' -> breakpoint(p);
                case 'D' -> {
                    detached = true;
                    yield "OK";
                }
                case 'k' -> {
                    killed = true;
                    onTarget(() -> {
                        target.kill();
                        return null;
                    });
                    yield null;
                }
                case 'q', 'Q' -> query(p);
                case 'v' -> vPacket(p);
                default -> "";
            };
        } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
            // A malformed packet (NumberFormatException among them), or a watchpoint of length 0.
            return "E01";
        }
    }

    /** {@code c [ADDR]}, {@code s [ADDR]}, {@code C sig[;ADDR]}, {@code S sig[;ADDR]}: resume, at ADDR if given. */
    private String resumeAt(String p, int step) {
        boolean signal = p.charAt(0) == 'C' || p.charAt(0) == 'S';
        int semicolon = p.indexOf(';');
        String address = signal ? (semicolon < 0 ? "" : p.substring(semicolon + 1)) : p.substring(1);
        if (!address.isEmpty()) {
            long pc = Long.parseUnsignedLong(address, 16);
            onTarget(() -> {
                target.cpu(step >= 0 ? step : gThread).pc = pc;
                return null;
            });
        }
        return resume(step);
    }

    private <T> T onTarget(java.util.function.Supplier<T> action) {
        awaitHalted();
        return target.onTarget(action);
    }

    private void awaitHalted() {
        if (halted == null) {
            return;
        }
        try {
            halted.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while stopping " + target.name(), e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("stopping " + target.name() + " failed: " + e.getCause(), e.getCause());
        }
    }

    private Cpu cpu() {
        return target.cpu(gThread);
    }

    private String readRegister(int r) {
        return onTarget(() -> {
            StringBuilder sb = new StringBuilder();
            return registers.read(cpu(), r, sb) ? sb.toString() : "E01";
        });
    }

    private String writeRegister(String args) {
        int eq = args.indexOf('=');
        int r = Integer.parseInt(args.substring(0, eq), 16);
        String value = args.substring(eq + 1);
        return onTarget(() -> registers.write(cpu(), r, value) ? "OK" : "E01");
    }

    private String readMemory(String args) {
        int comma = args.indexOf(',');
        long address = Long.parseUnsignedLong(args.substring(0, comma), 16);
        int length = Math.min(Integer.parseInt(args.substring(comma + 1), 16), PacketCodec.MAX_PAYLOAD / 2);
        return onTarget(() -> {
            try {
                byte[] bytes = DebugMemory.read(cpu(), target.guest(), address, length, physicalMemory);
                StringBuilder sb = new StringBuilder(2 * length);
                for (byte b : bytes) {
                    sb.append(Character.forDigit((b >> 4) & 0xF, 16)).append(Character.forDigit(b & 0xF, 16));
                }
                return sb.toString();
            } catch (IllegalArgumentException e) {
                return "E14"; // EFAULT, as gdbserver answers
            }
        });
    }

    private String writeMemory(String args) {
        int comma = args.indexOf(',');
        int colon = args.indexOf(':');
        long address = Long.parseUnsignedLong(args.substring(0, comma), 16);
        int length = Integer.parseInt(args.substring(comma + 1, colon), 16);
        String hex = args.substring(colon + 1);
        if (hex.length() != 2 * length) {
            return "E01";
        }
        byte[] data = new byte[length];
        for (int i = 0; i < length; i++) {
            data[i] = (byte) Integer.parseInt(hex.substring(2 * i, 2 * i + 2), 16);
        }
        return onTarget(() -> {
            try {
                DebugMemory.write(cpu(), target.guest(), address, data, physicalMemory);
                return "OK";
            } catch (IllegalArgumentException e) {
                return "E14";
            }
        });
    }

    /** Continue everything ({@code step} < 0) or step thread {@code step}; the stop reply follows later. */
    private String resume(int step) {
        String refused = onTarget(() -> {
            running.set(true);
            try {
                if (step < 0) {
                    target.resume();
                } else {
                    target.step(step);
                }
                return null;
            } catch (IllegalStateException e) {
                running.set(false);
                return "E01";
            }
        });
        return refused;
    }

    private String selectThread(String p) {
        int t = parseThread(p.substring(2));
        if (t != -1 && !alive(t)) {
            return "E01";
        }
        if (p.charAt(1) == 'g') {
            gThread = t < 0 ? 0 : t;
        } else {
            cThread = t;
        }
        return "OK";
    }

    /** A thread id from the wire: hex from 1, 0 "any" (the first), -1 "all" (returned as -1). */
    private static int parseThread(String id) {
        if (id.startsWith("p")) {
            int dot = id.indexOf('.');
            id = dot < 0 ? "-1" : id.substring(dot + 1);
        }
        if (id.equals("-1")) {
            return -1;
        }
        int n = Integer.parseInt(id, 16);
        return n == 0 ? 0 : n - 1;
    }

    private boolean alive(int t) {
        return t >= 0 && t < target.threads();
    }

    private String breakpoint(String p) {
        boolean insert = p.charAt(0) == 'Z';
        int type = p.charAt(1) - '0';
        String[] f = p.substring(3).split("[,;]");
        long address = Long.parseUnsignedLong(f[0], 16);
        long length = Long.parseLong(f[1], 16);
        if (type < 0 || type > 4) {
            return "";
        }
        return onTarget(() -> {
            for (int t = 0; t < target.threads(); t++) {
                Debugger d = target.debugger(t);
                if (type <= 1) {
                    if (insert) {
                        d.addBreakpoint(address);
                    } else if (!(type == 0 ? hardwareBreaks : softwareBreaks).contains(address)) {
                        d.removeBreakpoint(address);
                    }
                } else {
                    WatchKind kind = type == 2 ? WatchKind.WRITE : type == 3 ? WatchKind.READ : WatchKind.ACCESS;
                    if (insert) {
                        d.addWatchpoint(address, length, kind);
                    } else {
                        d.removeWatchpoint(address, length, kind);
                    }
                }
            }
            if (type <= 1) {
                Set<Long> kind = type == 0 ? softwareBreaks : hardwareBreaks;
                if (insert) {
                    kind.add(address);
                } else {
                    kind.remove(address);
                }
            }
            return "OK";
        });
    }

    private String query(String p) {
        if (p.startsWith("qSupported")) {
            stopReasons = p.contains("swbreak+");
            return "PacketSize=" + Integer.toHexString(PacketCodec.MAX_PAYLOAD)
                    + ";qXfer:features:read+;swbreak+;hwbreak+;QStartNoAckMode+;vContSupported+";
        }
        if (p.equals("QStartNoAckMode")) {
            try {
                codec.write("OK");
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            codec.setNoAck();
            return null;
        }
        if (p.startsWith("qXfer:features:read:")) {
            return features(p.substring("qXfer:features:read:".length()));
        }
        if (p.equals("qfThreadInfo")) {
            StringBuilder sb = new StringBuilder("m");
            for (int t = 0; t < target.threads(); t++) {
                sb.append(t == 0 ? "" : ",").append(Integer.toHexString(t + 1));
            }
            return sb.toString();
        }
        if (p.equals("qsThreadInfo")) {
            return "l";
        }
        if (p.startsWith("qThreadExtraInfo,")) {
            int t = parseThread(p.substring("qThreadExtraInfo,".length()));
            if (!alive(t)) {
                return "E01";
            }
            String text = onTarget(() -> "CPU#" + t + " [" + target.threadState(t) + "]");
            StringBuilder sb = new StringBuilder();
            for (byte b : text.getBytes(StandardCharsets.US_ASCII)) {
                sb.append(String.format("%02x", b));
            }
            return sb.toString();
        }
        if (p.equals("qC")) {
            return "QC" + Integer.toHexString(gThread + 1);
        }
        if (p.startsWith("qAttached")) {
            return "1";
        }
        if (p.startsWith("Qqemu.PhyMemMode:")) {
            physicalMemory = p.endsWith(":1");
            return "OK";
        }
        if (p.equals("qqemu.PhyMemMode")) {
            return physicalMemory ? "1" : "0";
        }
        if (p.startsWith("qRcmd,")) {
            return monitorCommand(p.substring("qRcmd,".length()));
        }
        if (p.startsWith("qSymbol")) {
            return "OK";
        }
        return "";
    }

    /** gdb's {@code monitor COMMAND}: the command hex-encoded in, its output hex-encoded out. */
    private String monitorCommand(String hex) {
        byte[] bytes = new byte[hex.length() / 2];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) Integer.parseInt(hex.substring(2 * i, 2 * i + 2), 16);
        }
        awaitHalted();
        String output = target.monitor(new String(bytes, StandardCharsets.UTF_8));
        if (output == null) {
            return "";
        }
        if (output.isEmpty()) {
            return "OK";
        }
        StringBuilder sb = new StringBuilder();
        for (byte b : output.getBytes(StandardCharsets.UTF_8)) {
            sb.append(Character.forDigit((b >> 4) & 0xF, 16)).append(Character.forDigit(b & 0xF, 16));
        }
        return sb.toString();
    }

    /** {@code target.xml:OFFSET,LENGTH}: a chunk of the description, 'm' if more follows, 'l' if last. */
    private String features(String args) {
        int colon = args.indexOf(':');
        if (colon < 0 || !args.substring(0, colon).equals("target.xml")) {
            return "E00";
        }
        String[] range = args.substring(colon + 1).split(",");
        int offset = Integer.parseInt(range[0], 16);
        int length = Integer.parseInt(range[1], 16);
        if (offset >= targetXml.length()) {
            return "l";
        }
        int end = Math.min(targetXml.length(), offset + Math.min(length, PacketCodec.MAX_PAYLOAD - 1));
        return (end == targetXml.length() ? "l" : "m") + targetXml.substring(offset, end);
    }

    private String vPacket(String p) {
        if (p.equals("vCont?")) {
            return "vCont;c;C;s;S";
        }
        if (p.startsWith("vCont;")) {
            int step = -1;
            for (String action : p.substring("vCont;".length()).split(";")) {
                char a = action.charAt(0);
                if (a == 's' || a == 'S') {
                    int colon = action.indexOf(':');
                    int t = colon < 0 ? -1 : parseThread(action.substring(colon + 1));
                    step = t >= 0 ? t : gThread;
                    break;
                }
            }
            return resume(step);
        }
        return "";
    }
}
