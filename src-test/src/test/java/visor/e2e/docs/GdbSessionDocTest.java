package visor.e2e.docs;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import visor.e2e.support.Gdb;
import visor.e2e.support.Needs;
import visor.e2e.support.Repo;
import visor.e2e.support.VisorProcess;

/**
 * Every documented gdb session is what gdb shows: a code block after {@code <!-- gdb-session ARGS -->} in
 * docs/*.md holds {@code (gdb) COMMAND} lines and gdb's answers. The test starts {@code visor ARGS} with a
 * gdb server on a free port, runs the commands in gdb-multiarch (the documented port replaced) against
 * the ELF named in ARGS, and finds every documented answer line, in order, in gdb's output.
 */
class GdbSessionDocTest {
    private static final Pattern MARK = Pattern.compile("<!-- gdb-session (.+) -->");
    private static final Pattern PORT = Pattern.compile("on tcp::(\\d+) ");
    private static final Duration WAIT = Duration.ofSeconds(120);

    record Session(String file, int line, List<String> visorArgs, List<String> commands, List<String> answers) {
    }

    static List<Session> sessions(Path root) throws IOException {
        List<Session> out = new ArrayList<>();
        try (Stream<Path> docs = Files.list(root.resolve("docs"))) {
            for (Path f : docs.filter(p -> p.toString().endsWith(".md")).sorted().toList()) {
                List<String> lines = Files.readAllLines(f);
                for (int i = 0; i < lines.size(); i++) {
                    Matcher m = MARK.matcher(lines.get(i).trim());
                    if (!m.matches()) {
                        continue;
                    }
                    assertTrue(i + 1 < lines.size() && lines.get(i + 1).startsWith("```"),
                            f.getFileName() + ":" + (i + 1) + ": the mark must be followed by a code block");
                    List<String> commands = new ArrayList<>();
                    List<String> answers = new ArrayList<>();
                    for (int j = i + 2; j < lines.size() && !lines.get(j).startsWith("```"); j++) {
                        String l = lines.get(j).stripTrailing();
                        if (l.startsWith("(gdb) ")) {
                            commands.add(l.substring("(gdb) ".length()));
                        } else if (!l.isEmpty()) {
                            answers.add(l);
                        }
                    }
                    out.add(new Session(root.relativize(f).toString(), i + 1, List.of(m.group(1).split("\\s+")), commands,
                            answers));
                }
            }
        }
        return out;
    }

    @TestFactory
    Stream<DynamicTest> everyDocumentedSessionIsWhatGdbShows() throws IOException {
        List<Session> all = sessions(Repo.root());
        assertFalse(all.isEmpty(), "no gdb-session examples found");
        return all.stream().map(s -> DynamicTest.dynamicTest(s.file() + ":" + s.line(), () -> run(s)));
    }

    private static void run(Session s) {
        Needs.gdbMultiarch();
        List<String> args = new ArrayList<>(s.visorArgs());
        args.addAll(List.of("--gdb", "tcp::0", "--headless", "--timeout", "300"));
        Path elf = Repo.root().resolve(s.visorArgs().stream().filter(a -> a.endsWith(".elf")).findFirst()
                .orElseThrow(() -> new AssertionError(s.file() + ":" + s.line() + ": no .elf in the mark's arguments")));
        try (VisorProcess visor = VisorProcess.start(Repo.root(), args.toArray(new String[0]))) {
            if (visor.stderr.await("(gdb: target remote", 0, WAIT) < 0) {
                fail("no gdb server announced" + visor.describe());
            }
            Matcher m = PORT.matcher(visor.stderr.text());
            assertTrue(m.find(), visor.describe());
            String[] commands = s.commands().stream().map(c -> c.replace("localhost:1234", "localhost:" + m.group(1)))
                    .toArray(String[]::new);
            try (Gdb gdb = Gdb.batch(elf, commands)) {
                List<String> shown = gdb.finish(WAIT).lines().map(String::stripTrailing).toList();
                int at = 0;
                for (String answer : s.answers()) {
                    while (at < shown.size() && !shown.get(at).equals(answer)) {
                        at++;
                    }
                    if (at == shown.size()) {
                        fail(s.file() + ":" + s.line() + ": gdb did not show '" + answer + "' (in order)\n" + gdb.describe());
                    }
                    at++;
                }
            }
        }
    }
}
