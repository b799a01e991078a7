package visor.cli;

import picocli.CommandLine;

import java.io.PrintWriter;

/** Entry point of visor.jar. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(Environment.system(), args));
    }

    /** Runs one command line and returns its exit code; the JVM is left running. */
    public static int run(Environment env, String... args) {
        return commandLine(env).execute(args);
    }

    static CommandLine commandLine(Environment env) {
        CommandLine cl = new CommandLine(new VisorCommand(), new Factory(env));
        cl.setOut(new PrintWriter(env.out(), true));
        cl.setErr(new PrintWriter(env.err(), true));
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setParameterExceptionHandler((e, args) -> {
            // The message and a pointer to --help; the full usage would bury the message.
            CommandLine command = e.getCommandLine();
            command.getErr().println("visor: " + e.getMessage());
            command.getErr().println("Try '" + command.getCommandSpec().qualifiedName() + " --help' for more information.");
            return command.getCommandSpec().exitCodeOnInvalidInput();
        });
        cl.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            // An unexpected failure is a failed run (1), reported in one line; usage errors never get here.
            commandLine.getErr().println("visor: " + (e.getMessage() != null ? e.getMessage() : e.toString()));
            return 1;
        });
        return cl;
    }

    /** Gives the subcommands the environment; everything else picocli builds itself. */
    private record Factory(Environment env) implements CommandLine.IFactory {
        @Override
        public <K> K create(Class<K> cls) throws Exception {
            if (cls == RunCommand.class) {
                return cls.cast(new RunCommand(env));
            }
            if (cls == BootCommand.class) {
                return cls.cast(new BootCommand(env));
            }
            if (cls == BenchCommand.class) {
                return cls.cast(new BenchCommand(env));
            }
            return CommandLine.defaultFactory().create(cls);
        }
    }
}
