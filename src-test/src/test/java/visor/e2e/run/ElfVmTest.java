package visor.e2e.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import visor.e2e.support.Repo;
import visor.e2e.support.VisorProcess;

/** A [[vm]] whose image is an ELF file: no load or entry keys, the segments and entry come from the ELF. */
class ElfVmTest {
    private static final Duration EXIT = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    @Test
    void echoVmBootsFromItsElf() throws IOException {
        Path config = dir.resolve("elf.toml");
        Files.writeString(config, "[[vm]]\nname = \"echo\"\nimage = \"" + Repo.root().resolve("guests/echo/echo.elf")
                + "\"\nsp = 0x100000\nmemory = \"16M\"\n");
        try (VisorProcess visor = VisorProcess.start(Repo.root(), "run", config.toString(), "--headless",
                "--timeout", "40", "--expect", "echo=visor echo guest\r\n> ", "--send", "echo=elf\\r",
                "--expect", "echo=elf\r\n> ")) {
            assertEquals(0, visor.exitCode(EXIT), visor::describe);
        }
    }

    @Test
    void loadKeyOnAnElfImageIsAConfigurationError() throws IOException {
        Path config = dir.resolve("elf.toml");
        Files.writeString(config, "[[vm]]\nname = \"echo\"\nimage = \"" + Repo.root().resolve("guests/echo/echo.elf")
                + "\"\nload = 0x80000\n");
        try (VisorProcess visor = VisorProcess.start(Repo.root(), "run", config.toString(), "--headless", "--timeout", "10")) {
            assertEquals(2, visor.exitCode(EXIT), visor::describe);
            assertTrue(visor.describe().contains("elf.toml:4"), visor::describe);
            assertTrue(visor.describe().contains("is an ELF image, loaded at its segments' physical addresses"), visor::describe);
        }
    }
}
