package visor.cli.console;

/** A refused VM operation; the message is meant for the user. */
public class VmHostException extends RuntimeException {
    public VmHostException(String message) {
        super(message);
    }

    public VmHostException(String message, Throwable cause) {
        super(message, cause);
    }
}
