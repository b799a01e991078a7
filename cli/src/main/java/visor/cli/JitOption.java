package visor.cli;

import picocli.CommandLine.Option;

/**
 * {@code --jit=on|off}, shared by {@code boot}, {@code run} and {@code bench}. The CPU's JIT reads its
 * setting from the {@code visor.jit} system property when a machine's code cache is made, so the option
 * sets that property while the command line is parsed, before any machine exists. Its default is the
 * property's own value ({@code -Dvisor.jit=off} or the test suites' {@code -Pinterpreter}), else on.
 */
public final class JitOption {
    public enum Mode { ON, OFF }

    @Option(names = "--jit", paramLabel = "on|off", defaultValue = "${sys:visor.jit:-on}",
            description = "Compile hot guest code to JVM bytecode (default: ${DEFAULT-VALUE}; off interprets every instruction).")
    void setMode(Mode mode) {
        System.setProperty("visor.jit", mode == Mode.ON ? "on" : "off");
    }
}
