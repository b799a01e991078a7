package visor.e2e.docs;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.Assumptions;
import visor.e2e.support.Needs;
import visor.e2e.support.Repo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Every documented command runs: in README.md and docs/*.md, a code block right after a
 * {@code <!-- doc-test -->} line holds commands; each {@code java -jar visor.jar ...} command in it
 * (with its {@code \} continuation lines) is run from the repository root with the built jar, stdin at
 * end of input, and must exit 0. Commands of other programs in the block (mvn) are not run.
 */
class DocExamplesTest {
    private static final String MARK = "<!-- doc-test -->";
    private static final long TIMEOUT_SECONDS = 180;

    record Example(String file, int line, String command) {
    }

    static List<Example> examples(Path root) throws IOException {
        List<Path> files = new ArrayList<>();
        files.add(root.resolve("README.md"));
        try (Stream<Path> docs = Files.list(root.resolve("docs"))) {
            docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(files::add);
        }
        List<Example> out = new ArrayList<>();
        for (Path f : files) {
            List<String> lines = Files.readAllLines(f);
            for (int i = 0; i < lines.size(); i++) {
                if (!lines.get(i).trim().equals(MARK)) {
                    continue;
                }
                assertTrue(i + 1 < lines.size() && lines.get(i + 1).startsWith("```"),
                        f.getFileName() + ":" + (i + 1) + ": " + MARK + " must be followed by a code block");
                int j = i + 2;
                while (j < lines.size() && !lines.get(j).startsWith("```")) {
                    int start = j;
                    StringBuilder cmd = new StringBuilder(lines.get(j));
                    while (cmd.toString().endsWith("\\") && j + 1 < lines.size()) {
                        cmd.setLength(cmd.length() - 1);
                        cmd.append(' ').append(lines.get(++j).trim());
                    }
                    String c = cmd.toString().replaceAll("\\s+#.*$", "").trim();
                    if (c.startsWith("java -jar visor.jar")) {
                        out.add(new Example(root.relativize(f).toString(), start + 1, c));
                    }
                    j++;
                }
            }
        }
        return out;
    }

    @TestFactory
    Stream<DynamicTest> everyMarkedCommandExitsZero() throws IOException {
        Path root = Repo.root();
        Path jar = Repo.jar();
        List<Example> all = examples(root);
        assertFalse(all.isEmpty(), "no " + MARK + " examples found");
        return all.stream().map(e -> DynamicTest.dynamicTest(e.file() + ":" + e.line() + " " + e.command(), () -> {
            // Guest files fetched by scripts/fetch-guests.sh and fetch-linux.sh: missing ones skip the example
            // (fail in CI, as Needs does).
            for (String word : e.command().split("\\s+")) {
                if (word.startsWith("guests/") && !Files.exists(root.resolve(word))) {
                    if (Needs.ci()) {
                        fail(e.file() + ":" + e.line() + ": " + word + " is missing");
                    }
                    Assumptions.abort(word + " is missing (scripts/fetch-guests.sh, scripts/fetch-linux.sh)");
                }
            }
            String command = "java -jar '" + jar + "'" + e.command().substring("java -jar visor.jar".length());
            Process p = new ProcessBuilder("bash", "-c", command).directory(root.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .redirectErrorStream(true).redirectOutput(root.resolve("src-test/target/doc-example.log").toFile()).start();
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                fail(e.file() + ":" + e.line() + ": did not end within " + TIMEOUT_SECONDS + " s: " + e.command());
            }
            String output = Files.readString(root.resolve("src-test/target/doc-example.log"));
            assertEquals(0, p.exitValue(), e.file() + ":" + e.line() + ": " + e.command() + "\n"
                    + output.substring(Math.max(0, output.length() - 3000)));
        }));
    }
}
