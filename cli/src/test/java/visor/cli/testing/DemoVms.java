package visor.cli.testing;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The demo set-up of the {@code run} tests: a demo.toml with VMs echo and lrtos, served by a FakeVmHost. */
public abstract class DemoVms {
    @TempDir
    protected Path dir;
    protected Path config;
    protected FakeVmHost host;
    protected FakeVmHost.FakeVm echo;
    protected FakeVmHost.FakeVm lrtos;

    /** Runs before the subclass's own {@code @BeforeEach}, which scripts what the VMs say. */
    @BeforeEach
    void createDemo() throws IOException {
        Files.write(dir.resolve("echo.bin"), new byte[16]);
        config = dir.resolve("demo.toml");
        Files.writeString(config, "[[vm]]\nname = \"echo\"\nimage = \"echo.bin\"\n[[vm]]\nname = \"lrtos\"\nimage = \"echo.bin\"\n");
        host = new FakeVmHost();
        echo = host.add("echo");
        lrtos = host.add("lrtos");
    }
}
