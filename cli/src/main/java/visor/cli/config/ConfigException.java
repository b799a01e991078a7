package visor.cli.config;

import java.util.List;

/** Every problem found in a configuration file, each formatted as {@code FILE:LINE: where: what}. */
public final class ConfigException extends Exception {
    private final List<String> errors;

    public ConfigException(List<String> errors) {
        super(String.join(System.lineSeparator(), errors));
        this.errors = List.copyOf(errors);
    }

    public List<String> errors() {
        return errors;
    }
}
