package visor.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import visor.cli.config.ConfigException;
import visor.cli.config.ConfigLoader;
import visor.cli.config.RunConfig;
import visor.cli.console.ConsoleIO;
import visor.cli.console.HypervisorConsole;
import visor.cli.console.PipeConsoleIO;
import visor.cli.console.TerminalConsoleIO;
import visor.cli.console.VmHost;
import visor.cli.console.VmHostException;
import visor.cli.console.VmHostFactory;
import visor.cli.display.DisplayWindow;
import visor.cli.display.Screenshot;
import visor.cli.trace.TraceLog;
import visor.cli.trace.TraceOptions;
import visor.cli.headless.ConsoleLogs;
import visor.cli.headless.HeadlessConsole;
import visor.cli.headless.HeadlessOptions;
import visor.cli.headless.HeadlessRunner;
import visor.cli.headless.Step;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

/** {@code visor run CONFIG.toml}: the hypervisor with its VMs, and its console or a headless script. */
@Command(name = "run",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = {"Start the hypervisor with the VMs of CONFIG.toml (autostart ones run at once) and open "
                + "the hypervisor console (prompt 'visor> ', 'help' lists commands).",
                "In a VM console (vmc ID) every keystroke goes to the guest; Ctrl-A 0 returns to the prompt, Ctrl-A N "
                        + "switches to VM N, Ctrl-A Ctrl-A types Ctrl-A (--escape or [hypervisor] escape choose another key)."},
        footer = {"", "Exit codes: 0 quit or all expectations met, 1 run failed or an expectation unmet, "
                + "2 usage or configuration error (nothing started)."})
public final class RunCommand implements Callable<Integer> {
    private final Environment env;

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "CONFIG.toml", description = "Configuration: a [hypervisor] table and [[vm]] tables "
            + "(see docs/config.md).")
    Path config;

    @Option(names = "--escape", paramLabel = "KEY", description = "The VM console's escape key: ctrl-a .. ctrl-z or "
            + "one punctuation character such as @ (default: [hypervisor] escape, else ctrl-a).")
    String escapeKey;

    private visor.cli.console.EscapeKey escape;

    public enum Display { WINDOW, NONE }

    @Option(names = "--display", paramLabel = "KIND", description = "window: a window per VM showing its framebuffer, "
            + "keys typed in it go to that VM's console; none: no window at all (default: each [[vm]]'s display key).")
    Display display;

    @Option(names = "--screenshot", paramLabel = "[VM=]FILE.png", description = "Headless: save the VM's framebuffer "
            + "(VM a name or id, default the first VM) as a PNG when the run ends: when the last --expect matched, or "
            + "at the timeout. Repeatable.")
    List<String> screenshots = new java.util.ArrayList<>();

    /** A --screenshot resolved against the VMs: the VM's name and the file. */
    private record Shot(String vm, Path file) {
    }

    @Mixin
    HeadlessOptions headless;

    @Mixin
    TraceOptions tracing;

    @Mixin
    JitOption jit;

    RunCommand(Environment env) {
        this.env = env;
    }

    @Override
    public Integer call() throws Exception {
        headless.requireHeadlessForScript();
        RunConfig runConfig;
        try {
            runConfig = ConfigLoader.load(config);
        } catch (ConfigException e) {
            e.errors().forEach(env.err()::println);
            env.err().flush();
            return ExitCodes.USAGE;
        }
        runConfig.notes().forEach(env.err()::println);
        if (headless.headless && runConfig.vms().isEmpty()) {
            env.err().println("visor: " + config + ": no VM to run headless: the configuration has no [[vm]] table"
                    + " (without --headless the console starts empty and 'vmld' loads VMs)");
            return ExitCodes.USAGE;
        }
        if (headless.headless) {
            // The script is checked against the configured VMs (ids in config order) before any VM starts.
            List<VmHost.VmInfo> planned = new java.util.ArrayList<>();
            for (int i = 0; i < runConfig.vms().size(); i++) {
                planned.add(new VmHost.VmInfo(i + 1, runConfig.vms().get(i).name(), "", 0, 0, 0, 0, 0, 0, 0));
            }
            headless.script((raw, spelling) -> target(planned, null, raw, spelling));
        }
        escape = escape(runConfig);
        if (!screenshots.isEmpty() && !headless.headless) {
            throw new ParameterException(spec.commandLine(), "--screenshot needs --headless (the console has screendump)");
        }
        List<VmHost.VmInfo> configured = new java.util.ArrayList<>();
        for (int i = 0; i < runConfig.vms().size(); i++) {
            configured.add(new VmHost.VmInfo(i + 1, runConfig.vms().get(i).name(), "", 0, 0, 0, 0, 0, 0, 0));
        }
        List<Shot> shots = shots(configured);

        TraceLog trace = tracing.open(env.err());
        try {
            return run(runConfig, trace, shots);
        } finally {
            if (trace != null) {
                trace.close();
            }
        }
    }

    /** Each --screenshot's VM and file, checked before anything starts: the file's directory must exist. */
    private List<Shot> shots(List<VmHost.VmInfo> vms) {
        List<Shot> shots = new java.util.ArrayList<>();
        for (String raw : screenshots) {
            HeadlessOptions.Target t = target(vms, null, raw, "--screenshot " + raw);
            if (t.text().isEmpty()) {
                throw new ParameterException(spec.commandLine(), "--screenshot " + raw + ": no file name");
            }
            Path file = Path.of(t.text());
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null && !java.nio.file.Files.isDirectory(parent)) {
                throw new ParameterException(spec.commandLine(), "--screenshot " + raw + ": " + parent + " is not a directory");
            }
            if (java.nio.file.Files.isDirectory(file)) {
                throw new ParameterException(spec.commandLine(), "--screenshot " + raw + ": " + file + " is a directory");
            }
            shots.add(new Shot(t.console(), file));
        }
        return shots;
    }

    /** Opens a display window for each VM that asks for one (its [[vm]] display key, or --display window). */
    private List<DisplayWindow> windows(RunConfig runConfig, VmHost host) {
        List<DisplayWindow> windows = new java.util.ArrayList<>();
        if (display == Display.NONE) {
            return windows;
        }
        for (VmHost.VmInfo vm : host.list()) {
            boolean wanted = display == Display.WINDOW || runConfig.vms().stream()
                    .anyMatch(c -> c.name().equals(vm.name()) && c.window());
            if (!wanted) {
                continue;
            }
            String[] why = new String[1];
            DisplayWindow w = DisplayWindow.open("visor: vm " + vm.id() + " " + vm.name(), () -> host.screen(vm.id()),
                    host.console(vm.id()), why);
            if (w == null) {
                env.err().println("visor: display window for vm " + vm.id() + " (" + vm.name() + "): " + why[0]);
                break;
            }
            windows.add(w);
        }
        return windows;
    }

    private int run(RunConfig runConfig, TraceLog trace, List<Shot> shots) throws Exception {
        Optional<VmHostFactory> factory = env.hostFactory();
        if (factory.isEmpty()) {
            env.err().println("visor: this build has no hypervisor (no visor.cli.console.VmHostFactory registered)");
            return ExitCodes.FAILED;
        }
        VmHost host;
        try {
            host = factory.get().start(runConfig, trace);
        } catch (IllegalArgumentException e) {
            // A file the configuration names is refused once read (a malformed device tree, a kernel too big).
            env.err().println("visor: " + config + ": " + e.getMessage());
            return ExitCodes.USAGE;
        } catch (Exception e) {
            env.err().println("visor: cannot start the hypervisor: " + (e.getMessage() != null ? e.getMessage() : e));
            return ExitCodes.FAILED;
        }
        ConsoleLogs logs = headless.logDir == null ? null : new ConsoleLogs(headless.logDir);
        List<DisplayWindow> windows = List.of();
        // Killed by a signal, the VMs are still stopped and the logs flushed.
        Thread hook = new Thread(() -> close(host, logs), "visor-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            if (logs != null) {
                for (VmHost.VmInfo vm : host.list()) {
                    logs.add(vm.name(), List.of(host.console(vm.id())));
                }
            }
            windows = windows(runConfig, host);
            return headless.headless ? saveScreenshots(host, shots, headless(host)) : interactive(host, escape);
        } finally {
            windows.forEach(DisplayWindow::close);
            close(host, logs);
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // Already shutting down: the hook runs anyway and close() is idempotent.
            }
        }
    }

    private visor.cli.console.EscapeKey escape(RunConfig runConfig) {
        if (escapeKey == null) {
            return runConfig.hypervisor().escape();
        }
        try {
            return visor.cli.console.EscapeKey.parse(escapeKey);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--escape " + e.getMessage());
        }
    }

    private void close(VmHost host, ConsoleLogs logs) {
        host.shutdown();
        if (logs != null) {
            try {
                logs.close();
            } catch (java.io.IOException e) {
                env.err().println("visor: writing console logs: " + e.getMessage());
            }
        }
    }

    private int interactive(VmHost host, visor.cli.console.EscapeKey escape) throws Exception {
        try (ConsoleIO io = env.terminal() ? new TerminalConsoleIO()
                : new PipeConsoleIO(env.in(), env.out())) {
            return new HypervisorConsole(host, io, VersionProvider.version(), env.drainOnEof(), escape).run();
        }
    }

    /** Saves each --screenshot once the headless run ended with {@code code}; 1 if one cannot be saved. */
    private int saveScreenshots(VmHost host, List<Shot> shots, int code) {
        for (Shot shot : shots) {
            Optional<VmHost.VmInfo> vm = find(host.list(), shot.vm());
            try {
                visor.soc.device.Framebuffer.Snapshot picture = vm.isPresent() ? host.screen(vm.get().id()) : null;
                Screenshot.write(picture, shot.file());
            } catch (java.io.IOException | VmHostException e) {
                env.err().println("visor: --screenshot " + shot.vm() + "=" + shot.file() + ": " + e.getMessage());
                code = ExitCodes.FAILED;
            }
        }
        return code;
    }

    private int headless(VmHost host) {
        List<VmHost.VmInfo> vms = host.list();
        Map<String, HeadlessConsole> consoles = new LinkedHashMap<>();
        for (VmHost.VmInfo vm : vms) {
            try {
                consoles.put(vm.name(), HeadlessConsole.of(vm.name(), host.console(vm.id())));
            } catch (VmHostException e) {
                env.err().println("visor: vm " + vm.id() + " (" + vm.name() + "): no console: " + e.getMessage());
            }
        }
        List<Step> steps = headless.script((raw, spelling) -> target(vms, consoles, raw, spelling));
        return new HeadlessRunner(consoles, steps, headless.timeout(), host::failure, env.err()).run();
    }

    /** {@code VM=TEXT} names a VM by name or id; without it the text goes to the first VM. */
    private HeadlessOptions.Target target(List<VmHost.VmInfo> vms, Map<String, HeadlessConsole> consoles,
            String raw, String spelling) {
        String target = null;
        String text = raw;
        int eq = raw.indexOf('=');
        if (eq > 0) {
            Optional<VmHost.VmInfo> vm = find(vms, raw.substring(0, eq));
            if (vm.isPresent()) {
                target = vm.get().name();
                text = raw.substring(eq + 1);
            } else if (eq == raw.length() - 1) {
                // "NAME=" with nothing after it can only have meant a VM.
                throw new ParameterException(spec.commandLine(), spelling + ": no VM named '" + raw.substring(0, eq)
                        + "' (VMs: " + String.join(", ", vms.stream().map(VmHost.VmInfo::name).toList()) + ")");
            }
        }
        if (target == null) {
            if (vms.isEmpty()) {
                throw new ParameterException(spec.commandLine(), spelling + ": there is no VM");
            }
            target = vms.get(0).name();
        }
        if (consoles != null && !consoles.containsKey(target)) {
            throw new ParameterException(spec.commandLine(), spelling + ": VM " + target + " has no console");
        }
        return new HeadlessOptions.Target(target, text);
    }

    private static Optional<VmHost.VmInfo> find(List<VmHost.VmInfo> vms, String idOrName) {
        return vms.stream().filter(v -> v.name().equals(idOrName) || Integer.toString(v.id()).equals(idOrName)).findFirst();
    }
}
