package visor.cli.testing;

import visor.cli.Environment;
import visor.cli.Main;

/**
 * {@code visor} with two fake echo VMs instead of the hypervisor and a fake kernel instead of the
 * Raspberry Pi, to try the console and boot by hand on a real terminal (for example in tmux) until the
 * real ones are linked in. Not used by the tests.
 */
public final class DemoMain {
    private DemoMain() {
    }

    public static void main(String[] args) {
        FakeVmHost host = new FakeVmHost();
        for (String name : new String[] {"echo", "lrtos"}) {
            FakeVmHost.FakeVm vm = host.add(name);
            vm.emit(name + " ready\r\n" + name + "> ");
            vm.responder = line -> "\r\n" + name + " got '" + line + "'\r\n" + name + "> ";
            vm.runGuest();
        }
        host.images.add(new visor.cli.console.VmHost.ImageInfo("echo.bin", 4096));
        Environment system = Environment.system();
        // boot: a "kernel" that greets on both UARTs and answers lines typed on the mini-UART.
        visor.cli.boot.BareMachineFactory machines = spec -> new FakeMachine(spec, m -> {
            m.print(m.mini, "mini-uart: fake kernel, type a line\r\n");
            m.print(m.pl011, "pl011: hello\r\n");
            String line;
            while ((line = m.readLine(m.mini)) != null) {
                m.print(m.mini, "got '" + line + "'\r\n");
            }
        });
        Environment env = new Environment(system.in(), system.out(), system.err(), config -> host, machines,
                system.terminal(), system.drainOnEof());
        System.exit(Main.run(env, args));
    }
}
