package visor.cli.console;

import visor.cli.config.GuestMemory;
import visor.cli.console.CommandTable.UsageException;
import visor.cli.display.Screenshot;
import visor.cli.logging.ConsoleLogAppender;
import visor.cli.monitor.BreakpointCommands;
import visor.cli.monitor.MemoryView;
import visor.cli.monitor.MonitorTarget;
import visor.soc.console.ConsoleChannel;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The interactive hypervisor console: a command prompt, and VM consoles that pass every keystroke to
 * the guest. In a VM console the escape key (Ctrl-A by default, as QEMU; {@code @} or another key by
 * configuration) followed by {@code 0} returns to the prompt, followed by a digit N switches to VM N,
 * followed by itself types it once; followed by anything else both bytes pass on unchanged.
 */
public final class HypervisorConsole {
    public static final String PROMPT = "visor> ";
    /** QEMU's -s port. */
    public static final int DEFAULT_GDB_PORT = 1234;

    /** Largest chunk handed to {@link ConsoleChannel#type} at once while a paste streams in. */
    private static final int TYPE_BATCH = 4096;
    private static final int EOF = -1;
    private static final int PROMPT_MODE = 0;

    private final VmHost host;
    private final ConsoleIO io;
    private final String version;
    private final Duration drainOnEof;
    private final EscapeKey escape;
    private final CommandTable commands = new CommandTable();

    private final Object logLock = new Object();
    private boolean attached;
    private final List<String> heldLogLines = new ArrayList<>();

    private boolean quit;
    private int attachNext = PROMPT_MODE;
    /** The VM the monitor commands look at when none is named: the one last attached. */
    private int selected = PROMPT_MODE;

    /**
     * @param drainOnEof how long to wait, when input ends inside a VM console, for the guest to read
     *                   what was typed before shutting down
     */
    public HypervisorConsole(VmHost host, ConsoleIO io, String version, Duration drainOnEof) {
        this(host, io, version, drainOnEof, EscapeKey.CTRL_A);
    }

    public HypervisorConsole(VmHost host, ConsoleIO io, String version, Duration drainOnEof, EscapeKey escape) {
        this.escape = escape;
        this.host = host;
        this.io = io;
        this.version = version;
        this.drainOnEof = drainOnEof;
        command("help", "help", "list the commands", a -> help());
        command("vml", "vml", "list VMs: id, name, state, pages, saved-pc, wfx, hvc, sysreg, pf, mmio", a -> vml());
        command("vmc", "vmc <id|name>", "attach to the VM's console (" + escape.then("0") + " returns, " + escape.then("N")
                + " switches, " + escape.then(escape.display()) + " types " + escape.display() + ")",
                a -> attachNext = resolve(one(a)));
        command("ls", "ls", "list the images vmld can load", a -> ls());
        command("vmld", "vmld <image> <load> <entry>", "create and start a VM from an image", this::vmld);
        command("start", "start <id|name>", "start a stopped VM", a -> lifecycle(a, host::start, "started"));
        command("stop", "stop <id|name>", "stop a VM", a -> lifecycle(a, host::stop, "stopped"));
        command("reset", "reset <id|name>", "reset a VM to its image's entry point", a -> lifecycle(a, host::reset, "reset"));
        command("pause", "pause <id|name>", "pause a running VM", a -> lifecycle(a, host::pause, "paused"));
        command("resume", "resume <id|name>", "resume a paused VM", a -> lifecycle(a, host::resume, "resumed"));
        command("info", "info <id|name> | info mmio|tlb [vm]", "show a VM's registers and statistics; "
                + "mmio: its devices with access counts; tlb: its translation registers and TLB", a -> info(a));
        command("regs", "regs [vm]", "show the VM's registers (default: the VM last attached)",
                a -> io.print(target(a, 0).registers()));
        command("x", "x/Nf ADDR [vm]", "examine N units at guest virtual ADDR; f: b h w g (1, 2, 4, 8 bytes), x hex",
                a -> examine(a, false));
        command("xp", "xp/Nf ADDR [vm]", "examine N units at guest physical ADDR (the IPA)", a -> examine(a, true));
        command("disas", "disas ADDR [N] [vm]", "disassemble N (default 10) instructions at guest virtual ADDR",
                this::disas);
        command("break", "break [ADDR [vm]]", "stop the VM before the instruction at guest virtual ADDR (a number or a symbol "
                + "of its ELF image); without ADDR: list its breakpoints", this::breakpoint);
        command("delete", "delete [N [vm]]", "remove breakpoint N (as 'break' numbers them); without N: all of them",
                a -> io.print(BreakpointCommands.delete(target(a, 1), a.isEmpty() ? null : a.get(0))));
        command("step", "step [vm]", "run one instruction of the paused VM and show the next one",
                a -> io.print(BreakpointCommands.step(target(a, 0))));
        command("cont", "cont <id|name>", "continue a paused VM (resume)", a -> lifecycle(a, host::resume, "resumed"));
        command("system_reset", "system_reset <id|name>", "reset the VM (as reset)", a -> lifecycle(a, host::reset, "reset"));
        command("screendump", "screendump <id|name> <FILE.png>", "save the VM's framebuffer as a PNG", this::screendump);
        command("gdb", "gdb <id|name> [port]", "serve gdb's remote protocol for the VM's vCPU on TCP port (default "
                + DEFAULT_GDB_PORT + ", 0 picks one; gdb: target remote localhost:port); the other VMs run on", this::gdb);
        command("quit", "quit", "stop every VM and exit (also Ctrl-D or end of input)", a -> quit = true);
        commands.alias("exit", "quit");
    }

    /** Command names, as help lists them. */
    public static List<String> commandNames() {
        return List.of("help", "vml", "vmc", "ls", "vmld", "start", "stop", "reset", "pause", "resume", "info", "regs", "x",
                "xp", "disas", "break", "delete", "step", "cont", "system_reset", "screendump", "gdb", "quit");
    }

    private void command(String name, String usage, String help, CommandTable.Handler handler) {
        commands.add(name, usage, help, handler);
    }

    /** Runs until {@code quit} or end of input, then shuts the host down. */
    public int run() throws IOException {
        io.setCompletion(this::complete);
        ConsoleLogAppender.redirect(this::log);
        try {
            io.print(banner());
            while (!quit) {
                if (attachNext != PROMPT_MODE) {
                    int id = attachNext;
                    attachNext = PROMPT_MODE;
                    int next = attach(id);
                    if (next == EOF) {
                        break;
                    }
                    attachNext = next;
                    continue;
                }
                String line = io.readLine(PROMPT);
                if (line == null) {
                    io.print("\n");
                    break;
                }
                execute(line);
            }
        } finally {
            ConsoleLogAppender.redirect(null);
            host.shutdown();
        }
        return 0;
    }

    /** Tab completion: command names, then VM names or image names as the command takes them. */
    List<String> complete(List<String> words, int index) {
        if (index == 0) {
            return List.copyOf(commands.names());
        }
        if (index != 1 || words.isEmpty()) {
            return List.of();
        }
        String command = words.get(0);
        if (command.equals("vmld")) {
            return host.images().stream().map(VmHost.ImageInfo::name).toList();
        }
        if (List.of("vmc", "start", "stop", "reset", "pause", "resume", "info", "gdb").contains(command)) {
            return host.list().stream().map(VmHost.VmInfo::name).toList();
        }
        return List.of();
    }

    private String banner() {
        List<VmHost.VmInfo> vms = host.list();
        StringBuilder sb = new StringBuilder("visor ").append(version).append(" hypervisor console, ")
                .append(vms.size()).append(vms.size() == 1 ? " VM" : " VMs");
        for (VmHost.VmInfo vm : vms) {
            sb.append(vm == vms.get(0) ? ": " : ", ").append(vm.id()).append(' ').append(vm.name());
        }
        return sb.append("\n'help' lists commands; 'vmc <id>' attaches a VM console, '")
                .append(escape.then("0")).append("' there returns here.\n").toString();
    }

    /** Executes one command line. */
    void execute(String line) {
        commands.execute(line, io::print);
    }

    private static String one(List<String> args) {
        if (args.size() != 1) {
            throw new UsageException();
        }
        return args.get(0);
    }

    private void help() {
        StringBuilder sb = new StringBuilder(commands.help());
        sb.append("In a VM console: ").append(escape.then("0")).append(" back to this prompt, ").append(escape.then("1"))
                .append("..").append(escape.then("9")).append(" switch VM, ").append(escape.then(escape.display()))
                .append(" types ").append(escape.display()).append(".\n");
        io.print(sb.toString());
    }

    private void vml() {
        TextTable table = new TextTable(
                new String[] {"id", "name", "state", "pages", "saved-pc", "wfx", "hvc", "sysreg", "pf", "mmio"},
                new boolean[] {true, false, false, true, true, true, true, true, true, true});
        for (VmHost.VmInfo vm : host.list()) {
            table.add(Integer.toString(vm.id()), vm.name(), vm.state(), Long.toString(vm.pages()),
                    GuestMemory.hex(vm.savedPc()), Long.toString(vm.wfx()), Long.toString(vm.hvc()),
                    Long.toString(vm.sysreg()), Long.toString(vm.pf()), Long.toString(vm.mmio()));
        }
        io.print(table.render());
    }

    private void ls() {
        List<VmHost.ImageInfo> images = host.images();
        if (images.isEmpty()) {
            io.print("no images\n");
            return;
        }
        TextTable table = new TextTable(new String[] {"image", "size"}, new boolean[] {false, true});
        for (VmHost.ImageInfo image : images) {
            table.add(image.name(), Long.toString(image.size()));
        }
        io.print(table.render());
    }

    private void vmld(List<String> args) {
        if (args.size() != 3) {
            throw new UsageException();
        }
        long load = GuestMemory.parseNumber(args.get(1));
        long entry = GuestMemory.parseNumber(args.get(2));
        int id = host.load(args.get(0), load, entry);
        io.print("started vm " + id + " (" + name(id) + ")\n");
    }

    private void lifecycle(List<String> args, java.util.function.IntConsumer action, String done) {
        int id = resolve(one(args));
        action.accept(id);
        io.print(done + " vm " + id + " (" + name(id) + ")\n");
    }

    private void info(List<String> args) {
        if (!args.isEmpty() && (args.get(0).equals("mmio") || args.get(0).equals("tlb"))) {
            MonitorTarget t = target(args, 1);
            io.print(args.get(0).equals("mmio") ? MemoryView.mmio(t.mmio()) : t.tlb());
            return;
        }
        String text = host.info(resolve(one(args)));
        io.print(text.endsWith("\n") ? text : text + "\n");
    }

    /** The VM named by {@code args[index]}, if given (nothing may follow it), else the one last attached or the first. */
    private MonitorTarget target(List<String> args, int index) {
        if (args.size() > index + 1) {
            throw new UsageException();
        }
        int id;
        if (args.size() == index + 1) {
            id = resolve(args.get(index));
        } else if (selected != PROMPT_MODE && find(selected).isPresent()) {
            id = selected;
        } else {
            id = host.list().stream().mapToInt(VmHost.VmInfo::id).findFirst()
                    .orElseThrow(() -> new VmHostException("there is no VM"));
        }
        return host.monitor(id);
    }

    private void examine(List<String> args, boolean physical) {
        if (args.isEmpty()) {
            throw new UsageException();
        }
        MemoryView.Format format = MemoryView.Format.parse(commands.unitSpec());
        long address = GuestMemory.parseNumber(args.get(0));
        io.print(MemoryView.dump(target(args, 1), address, format, physical));
    }

    private void disas(List<String> args) {
        if (args.isEmpty()) {
            throw new UsageException();
        }
        long address = GuestMemory.parseNumber(args.get(0));
        int count = 10;
        int vmIndex = 1;
        // One word after ADDR is N when it is a number (name the VM then, or give N too).
        if (args.size() >= 2 && args.get(1).chars().allMatch(Character::isDigit)) {
            count = Integer.parseInt(args.get(1));
            vmIndex = 2;
        }
        io.print(MemoryView.disassemble(target(args, vmIndex), address, count));
    }

    private void breakpoint(List<String> args) {
        if (args.isEmpty()) {
            io.print(BreakpointCommands.list(target(args, 0)));
        } else {
            io.print(BreakpointCommands.add(target(args, 1), args.get(0)));
        }
    }

    private void gdb(List<String> args) {
        if (args.isEmpty() || args.size() > 2) {
            throw new UsageException();
        }
        int id = resolve(args.get(0));
        int port = DEFAULT_GDB_PORT;
        if (args.size() == 2) {
            try {
                port = Integer.parseInt(args.get(1));
            } catch (NumberFormatException e) {
                port = -1;
            }
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port " + args.get(1) + ": not a TCP port (1-65535, 0 for any free one)");
            }
        }
        io.print(host.gdb(id, port) + "\n");
    }

    private void screendump(List<String> args) {
        if (args.size() != 2) {
            throw new UsageException();
        }
        int id = resolve(args.get(0));
        Path file = Path.of(args.get(1));
        try {
            Screenshot.write(host.screen(id), file);
        } catch (IOException e) {
            throw new VmHostException("screendump " + file + ": " + e.getMessage());
        }
        io.print("saved vm " + id + " (" + name(id) + ") screen to " + file + "\n");
    }

    private Optional<VmHost.VmInfo> find(int id) {
        return host.list().stream().filter(v -> v.id() == id).findFirst();
    }

    private String name(int id) {
        return find(id).map(VmHost.VmInfo::name).orElse("?");
    }

    /** A VM id or name, as typed by the user. */
    private int resolve(String idOrName) {
        List<VmHost.VmInfo> vms = host.list();
        if (idOrName.chars().allMatch(Character::isDigit)) {
            int id = Integer.parseInt(idOrName);
            if (vms.stream().anyMatch(v -> v.id() == id)) {
                return id;
            }
        } else {
            for (VmHost.VmInfo vm : vms) {
                if (vm.name().equals(idOrName)) {
                    return vm.id();
                }
            }
            for (VmHost.VmInfo vm : vms) {
                if (vm.name().equalsIgnoreCase(idOrName)) {
                    return vm.id();
                }
            }
        }
        throw new VmHostException("no VM '" + idOrName + "' ('vml' lists them)");
    }

    /**
     * Runs a VM console until an escape leaves it.
     *
     * @return {@link #PROMPT_MODE}, another VM's id, or {@link #EOF}
     */
    private int attach(int id) throws IOException {
        ConsoleChannel channel;
        try {
            channel = host.console(id);
        } catch (VmHostException e) {
            io.print("error: " + e.getMessage() + "\n");
            return PROMPT_MODE;
        }
        selected = id;
        io.print("[vm " + id + " " + name(id) + ": " + escape.then("0") + " returns to visor]\n");
        synchronized (logLock) {
            attached = true;
        }
        ConsoleTap tap = ConsoleTap.open(channel, io::writeGuest);
        io.beginPassThrough();
        ByteArrayOutputStream batch = new ByteArrayOutputStream();
        try {
            boolean escaped = false;
            while (true) {
                int b = io.read();
                if (b < 0) {
                    type(channel, batch);
                    drain(channel);
                    return EOF;
                }
                if (escaped) {
                    escaped = false;
                    if (b == escape.code()) {
                        batch.write(escape.code());
                    } else if (b >= '0' && b <= '9') {
                        int target = b - '0';
                        if (target == PROMPT_MODE || target != id && find(target).isPresent()) {
                            type(channel, batch);
                            return target;
                        }
                        if (target != id) {
                            // Said inside the VM's stream: this is where the user is looking.
                            byte[] msg = ("\r\n[visor: no VM " + target + "]\r\n").getBytes(StandardCharsets.US_ASCII);
                            io.writeGuest(msg, 0, msg.length);
                        }
                    } else {
                        batch.write(escape.code());
                        batch.write(b);
                    }
                } else if (b == escape.code()) {
                    escaped = true;
                } else {
                    batch.write(b);
                }
                if (!io.hasBuffered() || batch.size() >= TYPE_BATCH) {
                    type(channel, batch);
                }
            }
        } finally {
            tap.close();
            io.endPassThrough();
            io.print("\n");
            List<String> held;
            synchronized (logLock) {
                attached = false;
                held = new ArrayList<>(heldLogLines);
                heldLogLines.clear();
            }
            held.forEach(io::printAsync);
        }
    }

    private static void type(ConsoleChannel channel, ByteArrayOutputStream batch) {
        if (batch.size() > 0) {
            channel.type(batch.toByteArray());
            batch.reset();
        }
    }

    /** Gives the guest time to read piped input, and to answer it, before the host is shut down. */
    private void drain(ConsoleChannel channel) {
        try {
            InputDrain.await(channel, channel::written, drainOnEof);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Log lines wait while a VM console is attached rather than tearing into the guest's output. */
    private void log(String line) {
        synchronized (logLock) {
            if (attached) {
                heldLogLines.add(line);
                return;
            }
        }
        io.printAsync(line);
    }
}
