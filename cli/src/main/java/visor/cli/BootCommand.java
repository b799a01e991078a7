package visor.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import visor.cli.boot.BareMachine;
import visor.cpu.AlignmentPolicy;
import visor.cli.boot.BareMachineFactory;
import visor.cli.boot.BootMonitor;
import visor.cli.boot.BootSpec;
import visor.cli.boot.FirmwareFiles;
import visor.cli.boot.SerialPassThrough;
import visor.cli.config.InputFile;
import visor.cli.console.ConsoleTap;
import visor.cli.display.DisplayWindow;
import visor.cli.display.Screenshot;
import visor.soc.boot.LinuxBoot;
import visor.cli.headless.ConsoleLogs;
import visor.cli.headless.HeadlessConsole;
import visor.cli.headless.HeadlessOptions;
import visor.cli.headless.HeadlessRunner;
import visor.cli.headless.Step;
import visor.cli.trace.TraceLog;
import visor.cli.trace.TraceOptions;
import visor.soc.boot.ConfigTxt;
import visor.soc.console.ConsoleChannel;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code visor boot IMAGE}: the bare Raspberry Pi 3, no hypervisor; the image starts at 0x80000 on EL2, or
 * where the firmware's config.txt ({@code --config}, or on the {@code --sd} card's FAT partition) says.
 */
@Command(name = "boot",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = {"Run IMAGE on the bare Raspberry Pi 3 as the firmware would: loaded at 0x80000, core 0 "
                + "starts there at EL2, the other cores wait on the spin table.",
                "A config.txt (--config, or config.txt on the FAT partition of --sd) changes that as the firmware "
                        + "does: kernel_old=1 loads at 0 and starts every core there at EL3; kernel_address, "
                        + "kernel, initramfs, device_tree, cmdline, enable_uart, core_freq, arm_64bit are honoured.",
                "Both UARTs print to stdout; stdin goes to the UART chosen with --serial. On a terminal, "
                        + "Ctrl-A x quits, Ctrl-A c switches to the monitor and back, Ctrl-A h lists the escapes "
                        + "and Ctrl-A Ctrl-A types Ctrl-A."},
        footer = {"", "Exit codes: 0 machine stopped or all expectations met, 1 run failed or an expectation unmet, "
                + "2 usage error."})
public final class BootCommand implements Callable<Integer> {
    public enum Serial { MINI, PL011 }

    /** A machine that does not stop within this time after being asked is abandoned. */
    private static final Duration STOP_GRACE = Duration.ofSeconds(5);
    /** Devicetree Specification 5.2: the header's first big-endian word. */
    private static final int FDT_MAGIC = 0xD00DFEED;

    private final Environment env;

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "IMAGE", arity = "0..1", description = "Kernel image: a raw binary, loaded at 0x80000, or a Linux "
            + "arm64 Image (with --dtb). Without it, config.txt's kernel= (default kernel8.img) beside --config or on --sd.")
    Path image;

    @Option(names = "--config", paramLabel = "config.txt", description = "The firmware's config.txt; the files it names "
            + "(kernel, initramfs, device_tree) are next to it. Without it, config.txt on the --sd card's FAT partition is read.")
    Path configTxt;

    @Option(names = "--sd", paramLabel = "CARD.img", description = "Raw SD card image in the SD slot (on the SDHOST or EMMC controller, as GPIO 48-53 select; the firmware leaves it on SDHOST).")
    Path sdCard;

    @Option(names = "--dtb", paramLabel = "FILE", description = "Device tree blob for a Linux kernel: loaded as QEMU's "
            + "-dtb does (after the initrd, 2 MiB aligned), /memory and /chosen patched, its address in x0; "
            + "an arm64 Image then loads at 0x200000 + text_offset.")
    Path dtb;

    @Option(names = "--append", paramLabel = "CMDLINE", description = "Kernel command line, written to the device tree's /chosen/bootargs (needs --dtb).")
    String append;
    /** The kernel command line: --append, or cmdline.txt beside config.txt. */
    private String bootargs;

    @Option(names = "--initrd", paramLabel = "FILE", description = "Initial ramdisk, loaded at 128 MiB, its bounds in /chosen (needs --dtb).")
    Path initrd;

    @Option(names = "--cores", paramLabel = "N", defaultValue = "4", description = "Cores, 1-4 (default: ${DEFAULT-VALUE}).")
    int cores;

    @Option(names = "--serial", paramLabel = "UART", defaultValue = "mini",
            description = "UART that stdin feeds and --send types into: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    Serial serial;

    @Option(names = "--clock", paramLabel = "MODE", defaultValue = "realtime",
            description = "realtime: timers follow the wall clock; virtual: time advances with executed "
                    + "instructions, so runs are reproducible (default: ${DEFAULT-VALUE}).")
    BootSpec.Clock clock;

    @Option(names = "--alignment", paramLabel = "RULE", defaultValue = "warn",
            description = "SP and Device-memory alignment checks a Cortex-A53 makes and QEMU does not: warn (run on, "
                    + "warn once per PC), strict (fault), lenient (run on silently) (default: ${DEFAULT-VALUE}).")
    String alignment;
    private AlignmentPolicy alignmentPolicy;

    public enum Display { WINDOW, NONE }

    @Option(names = "--display", paramLabel = "KIND", defaultValue = "none",
            description = "window: show the framebuffer in a window whose keys type into the --serial UART; "
                    + "none (default): no window.")
    Display display;

    @Option(names = "--screenshot", paramLabel = "FILE.png",
            description = "Headless: save the framebuffer as a PNG when the run ends (after the last --expect "
                    + "matched, or at the timeout or power-off).")
    Path screenshot;

    @Option(names = "--gdb", paramLabel = "DEV",
            description = "Serve gdb's remote protocol on DEV: tcp::PORT (loopback), tcp:HOST:PORT or PORT, as QEMU's "
                    + "-gdb; threads are the cores. Connecting stops the machine.")
    String gdb;

    @Option(names = "-s", description = "Shorthand for --gdb tcp::1234 (QEMU's -s).")
    boolean gdbDefault;

    @Option(names = {"--gdb-wait", "-S"},
            description = "Hold the cores before their first instruction until gdb (or the monitor's cont) continues "
                    + "them (QEMU's -S).")
    boolean startHalted;

    @Mixin
    HeadlessOptions headless;

    @Mixin
    TraceOptions tracing;

    @Mixin
    JitOption jit;

    private visor.cli.gdb.GdbServer.Address gdbAddress;

    BootCommand(Environment env) {
        this.env = env;
    }

    /** A missing, empty or non-regular input is a usage error that says which option and what the path is. */
    private void requireFile(String option, Path p) {
        String problem = p == null ? null : InputFile.problem(p);
        if (problem != null) {
            throw new ParameterException(spec.commandLine(), option + p + ": " + problem);
        }
    }

    @Override
    public Integer call() throws Exception {
        headless.requireHeadlessForScript();
        alignmentPolicy = switch (alignment) {
            case "warn" -> AlignmentPolicy.WARN;
            case "strict" -> AlignmentPolicy.STRICT;
            case "lenient" -> AlignmentPolicy.LENIENT;
            default -> throw new ParameterException(spec.commandLine(),
                    "--alignment " + alignment + ": not one of warn, strict, lenient");
        };
        if (screenshot != null && !headless.headless) {
            throw new ParameterException(spec.commandLine(), "--screenshot needs --headless (the console has screendump)");
        }
        if (cores < 1 || cores > 4) {
            throw new ParameterException(spec.commandLine(), "--cores " + cores + ": the BCM2837 has 1 to 4 cores");
        }
        requireFile("", image);
        requireFile("--sd ", sdCard);
        requireFile("--config ", configTxt);
        requireFile("--dtb ", dtb);
        requireFile("--initrd ", initrd);
        FirmwareFiles files = configTxt != null ? FirmwareFiles.directory(configTxt)
                : sdCard != null ? FirmwareFiles.card(sdCard) : null;
        ConfigTxt txt = ConfigTxt.defaults();
        byte[] kernel;
        byte[] dtbBytes;
        byte[] initrdBytes;
        try {
            if (files != null) {
                txt = files.config(w -> env.err().println("visor: warning: " + w));
            }
            kernel = image != null ? Files.readAllBytes(image) : firmwareFile(files, "kernel", txt.kernelFile());
            dtbBytes = dtb != null ? Files.readAllBytes(dtb)
                    : txt.deviceTree() == null ? null : firmwareFile(files, "device_tree", txt.deviceTree());
            initrdBytes = initrd != null ? Files.readAllBytes(initrd)
                    : txt.initramfs() == null ? null : firmwareFile(files, "initramfs", txt.initramfs());
            // As the firmware does for a device-tree kernel: the command line from cmdline.txt, first line.
            byte[] cmdline = append == null && dtbBytes != null && files != null ? files.read(txt.cmdlineFile()) : null;
            if (cmdline != null) {
                bootargs = new String(cmdline, StandardCharsets.ISO_8859_1).lines().findFirst().orElse("").strip();
            }
        } catch (ConfigTxt.Error e) {
            env.err().println("visor: " + e.getMessage());
            return ExitCodes.USAGE;
        }
        if (bootargs == null) {
            bootargs = append;
        }
        if ((append != null || initrd != null) && dtbBytes == null) {
            throw new ParameterException(spec.commandLine(), (append != null ? "--append" : "--initrd")
                    + " reaches the kernel through the device tree: give --dtb too");
        }
        String dtbName = dtb != null ? "--dtb " + dtb : "device_tree=" + txt.deviceTree();
        if (dtbBytes != null && (dtbBytes.length < 4 || ByteBuffer.wrap(dtbBytes).getInt() != FDT_MAGIC)) {
            throw new ParameterException(spec.commandLine(), dtbName + ": not a device tree blob (no magic 0xD00DFEED at offset 0)");
        }
        if (gdb != null && gdbDefault) {
            throw new ParameterException(spec.commandLine(), "-s is --gdb tcp::1234: give one of -s and --gdb");
        }
        if (gdbDefault) {
            gdb = "tcp::1234";
        }
        if (gdb != null) {
            try {
                gdbAddress = visor.cli.gdb.GdbServer.Address.parse(gdb);
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), "--gdb " + e.getMessage());
            }
        }
        // For boot there is one console, so the whole argument is the text (no VM=).
        List<Step> steps = headless.script((raw, spelling) -> new HeadlessOptions.Target("console", raw));

        TraceLog trace = tracing.open(env.err());
        try {
            return boot(steps, kernel, dtbBytes, initrdBytes, txt, trace);
        } finally {
            if (trace != null) {
                trace.close();
            }
        }
    }

    /**
     * A file config.txt names (or kernel8.img by default), beside it; without IMAGE, --config or a card
     * with config.txt there is nothing to boot.
     */
    private byte[] firmwareFile(FirmwareFiles files, String key, String name) throws IOException {
        if (files == null) {
            throw new ParameterException(spec.commandLine(), "no IMAGE: give one, or --config config.txt, or --sd with "
                    + "config.txt on its FAT partition");
        }
        byte[] bytes = files.read(name);
        if (bytes == null) {
            throw new ConfigTxt.Error(files.configName() + ": " + key + "=" + name + ": " + files.describe(name) + " not found");
        }
        return bytes;
    }

    /** IMAGE, or the kernel config.txt named. */
    private String kernelName(ConfigTxt txt) {
        return image != null ? image.toString() : txt.kernelFile();
    }

    private int boot(List<Step> steps, byte[] kernel, byte[] dtbBytes, byte[] initrdBytes, ConfigTxt txt, TraceLog trace)
            throws Exception {
        Optional<BareMachineFactory> factory = env.machineFactory();
        if (factory.isEmpty()) {
            env.err().println("visor: this build has no Raspberry Pi machine (no visor.cli.boot.BareMachineFactory registered)");
            return ExitCodes.FAILED;
        }
        BareMachine machine;
        try {
            machine = factory.get().create(new BootSpec(image, kernel, sdCard, cores, clock,
                    BootSpec.DEFAULT_RAM, 0, dtbBytes, bootargs, initrdBytes, alignmentPolicy, txt));
        } catch (IOException e) {
            env.err().println("visor: cannot create the machine: " + e.getMessage());
            return ExitCodes.FAILED;
        } catch (LinuxBoot.RefusedException e) {
            // The model refuses one of the Linux boot files (kernel too large for RAM, malformed DTB): name it.
            String file = switch (e.part()) {
                case KERNEL -> kernelName(txt);
                case INITRD -> initrd != null ? "--initrd " + initrd : "initramfs=" + txt.initramfs();
                case DTB -> dtb != null ? "--dtb " + dtb : "device_tree=" + txt.deviceTree();
            };
            env.err().println("visor: " + file + ": " + e.getMessage());
            return ExitCodes.USAGE;
        } catch (IllegalArgumentException e) {
            // The model refuses the image itself (an ELF it cannot place).
            env.err().println("visor: " + kernelName(txt) + ": " + e.getMessage());
            return ExitCodes.USAGE;
        }
        if (trace != null) {
            machine.trace(trace);
        }
        if (startHalted) {
            machine.haltAtStart();
            env.err().println("visor: -S: the cores wait before their first instruction; gdb's continue"
                    + (headless.headless ? "" : " or the monitor's cont (Ctrl-A c)") + " starts them");
        }
        visor.cli.gdb.GdbServer gdbServer = null;
        if (gdbAddress != null) {
            try {
                gdbServer = new visor.cli.gdb.GdbServer(machine.debugTarget(), gdbAddress);
            } catch (IOException e) {
                env.err().println("visor: --gdb " + gdb + ": cannot listen: " + e.getMessage());
                machine.close();
                return ExitCodes.USAGE;
            }
            gdbServer.announce(env.err(), "the machine (" + image.getFileName() + ")");
        }
        ConsoleChannel input = serial == Serial.PL011 ? machine.pl011() : machine.miniUart();
        List<ConsoleChannel> outputs = List.of(machine.miniUart(), machine.pl011());

        List<ConsoleTap> stdout = new ArrayList<>();
        // On a terminal the pass-through places the guest's output around the monitor's prompt line.
        AtomicReference<SerialPassThrough> terminalConsole = new AtomicReference<>();
        for (ConsoleChannel channel : outputs) {
            stdout.add(ConsoleTap.open(channel, (data, offset, length) -> {
                SerialPassThrough console = terminalConsole.get();
                if (console != null) {
                    console.guestOutput(data, offset, length);
                    return;
                }
                synchronized (env.out()) {
                    env.out().write(data, offset, length);
                    env.out().flush();
                }
            }));
        }
        ConsoleLogs logs = null;
        if (headless.logDir != null) {
            logs = new ConsoleLogs(headless.logDir);
            logs.add("console", outputs);
        }

        DisplayWindow window = null;
        if (display == Display.WINDOW) {
            String[] why = new String[1];
            window = DisplayWindow.open("visor: " + (image != null ? image.getFileName() : txt.kernelFile()), machine::screen, input, why);
            if (window == null) {
                env.err().println("visor: --display window: " + why[0]);
            }
        }

        AtomicReference<Throwable> failure = new AtomicReference<>();
        AtomicReference<String> ended = new AtomicReference<>();
        Thread runner = new Thread(() -> {
            try {
                machine.run();
                String halted = machine.halted();
                ended.compareAndSet(null, halted != null ? halted : "the machine stopped");
            } catch (Throwable t) {
                failure.set(t);
                ended.compareAndSet(null, "the machine failed: " + t);
            }
        }, "machine");
        runner.start();
        try {
            if (headless.headless) {
                int code = new HeadlessRunner(Map.of("console", new HeadlessConsole("console", outputs, input)), steps,
                        headless.timeout(), ended::get, env.err()).run();
                return screenshot == null ? code : saveScreenshot(machine, code);
            }
            SerialPassThrough console = new SerialPassThrough(env, input,
                    () -> outputs.stream().mapToLong(ConsoleChannel::written).sum(), ended::get);
            BootMonitor monitor = new BootMonitor(machine, cores, console::show, console::quit);
            console.withMonitor(monitor, env.out());
            terminalConsole.set(console);
            machine.onDebugStop((core, text) -> console.announce("\n[visor: core " + core + " stopped: " + text
                    + "; Ctrl-A c opens the monitor]\n"));
            console.run();
            machine.stop();
            runner.join(STOP_GRACE.toMillis());
            Throwable t = failure.get();
            if (t != null) {
                env.err().println("visor: the machine failed: " + t);
                return ExitCodes.FAILED;
            }
            return ExitCodes.OK;
        } finally {
            if (gdbServer != null) {
                gdbServer.close();
            }
            if (window != null) {
                window.close();
            }
            machine.stop();
            runner.join(STOP_GRACE.toMillis());
            if (!runner.isAlive()) {
                machine.close();
            }
            stdout.forEach(ConsoleTap::close);
            if (logs != null) {
                logs.close();
            }
            env.out().flush();
        }
    }

    private int saveScreenshot(BareMachine machine, int code) {
        try {
            Screenshot.write(machine.screen(), screenshot);
            return code;
        } catch (IOException e) {
            env.err().println("visor: --screenshot " + screenshot + ": " + e.getMessage());
            return ExitCodes.FAILED;
        }
    }
}
