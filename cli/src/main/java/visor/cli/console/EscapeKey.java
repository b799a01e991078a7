package visor.cli.console;

import java.util.Locale;

/**
 * The VM console's escape key: the byte that, followed by a digit, leaves or switches VM consoles. Spelled
 * {@code ctrl-a} .. {@code ctrl-z} (QEMU's habit is Ctrl-A) or one printable character such as {@code @}.
 */
public record EscapeKey(int code, String spelling) {
    public static final EscapeKey CTRL_A = new EscapeKey(0x01, "ctrl-a");

    /** The key {@code text} names, or throws {@link IllegalArgumentException} saying what is accepted. */
    public static EscapeKey parse(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        if (t.matches("ctrl-[a-z]")) {
            return new EscapeKey(t.charAt(5) - 'a' + 1, t);
        }
        if (text.length() == 1 && text.charAt(0) > ' ' && text.charAt(0) < 0x7F && !Character.isLetterOrDigit(text.charAt(0))) {
            return new EscapeKey(text.charAt(0), text);
        }
        throw new IllegalArgumentException("\"" + text + "\" is not an escape key: ctrl-a .. ctrl-z, or one punctuation "
                + "character such as \"@\"");
    }

    /** How the key is shown to the user: {@code Ctrl-A} or {@code @}. */
    public String display() {
        return code < 0x20 ? "Ctrl-" + (char) ('A' + code - 1) : String.valueOf((char) code);
    }

    /** The key followed by {@code what}, as typed: {@code Ctrl-A 0} or {@code @0}. */
    public String then(String what) {
        return code < 0x20 ? display() + " " + what : display() + what;
    }
}
