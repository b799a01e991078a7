package visor.cli.headless;

import visor.soc.console.ConsoleChannel;

import java.util.List;

/**
 * A console as the headless script sees it: output gathered from one or more channels (boot merges both
 * UARTs, as on stdout), input going to one.
 *
 * @param name used in messages and as the log file's base name
 */
public record HeadlessConsole(String name, List<ConsoleChannel> outputs, ConsoleChannel input) {
    public static HeadlessConsole of(String name, ConsoleChannel channel) {
        return new HeadlessConsole(name, List.of(channel), channel);
    }
}
