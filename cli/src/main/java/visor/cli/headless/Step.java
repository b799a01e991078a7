package visor.cli.headless;

import java.nio.charset.StandardCharsets;

/**
 * One resolved headless step.
 *
 * @param console the console key it applies to
 * @param text the decoded bytes to wait for or to type
 * @param spelling the option as given, for messages
 */
public record Step(Kind kind, String console, byte[] text, String spelling) {
    public enum Kind { EXPECT, SEND }

    public static Step of(Kind kind, String console, String decodedText, String spelling) {
        return new Step(kind, console, decodedText.getBytes(StandardCharsets.UTF_8), spelling);
    }
}
