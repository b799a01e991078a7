package visor.cli.testing;

import visor.cli.Environment;
import visor.cli.Main;

/**
 * {@code visor} with two fake echo VMs instead of the hypervisor, to try the console by hand on a real
 * terminal (for example in tmux) until the hypervisor adapter exists. Not used by the tests.
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
        Environment env = new Environment(system.in(), system.out(), system.err(), config -> host, null,
                system.terminal(), system.drainOnEof());
        System.exit(Main.run(env, args));
    }
}
